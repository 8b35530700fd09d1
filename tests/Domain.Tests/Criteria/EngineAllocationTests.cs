using NoOneLeftBehind.Domain.Criteria;
using NoOneLeftBehind.Domain.Plans;
using static NoOneLeftBehind.Domain.Tests.Criteria.Nominations;

namespace NoOneLeftBehind.Domain.Tests.Criteria;

public class EngineAllocationTests
{
    [Theory]
    [InlineData(ChuPuh, SubjectKind.District, SubjectTags.None)]
    [InlineData(TuyenQuang, SubjectKind.Commune, SubjectTags.PoorCommune | SubjectTags.Region3)]
    [InlineData(BinhDinh, SubjectKind.District, SubjectTags.PoorDistrict)]
    public void EvaluateVerdict_ValidRequest_AllocatesNothing(string planId, SubjectKind kind, SubjectTags tags)
    {
        // Tuyên Quang gets 2015–2019 only: the end state "sau 5 năm" then lacks data, a path that must not allocate either.
        var figures = Series(planId == TuyenQuang ? 2015 : 2021, 10_000, 1_000, 3000, 2500, 2000, 1500, 1000);
        var request = Request(planId, kind, planId == TuyenQuang ? 2020 : 2025, figures, tags, new EvaluationFacts(PolicyHouseholdsPoor: 0));
        request = request with { Attestations = AttestAll(request) };
        Engine.EvaluateVerdict(request);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
            Engine.EvaluateVerdict(request);

        (GC.GetAllocatedBytesForCurrentThread() - before).ShouldBe(0);
    }

    [Theory]
    [InlineData(TuyenQuang, SubjectKind.District, SubjectTags.None, 2020)] // windows inside 2016–2020, one year missing
    [InlineData(TuyenQuang, SubjectKind.District, SubjectTags.None, 2018)] // the window cannot fit yet
    [InlineData(TuyenQuang, SubjectKind.Official, SubjectTags.None, 2017)] // 3 years of work cannot fit in 2016–2017
    [InlineData(BinhDinh, SubjectKind.Commune, SubjectTags.Region3, 2023)] // "đến năm 2025": progress for the reviewer
    [InlineData(BinhDinh, SubjectKind.District, SubjectTags.PoorDistrict, 2025)] // figures end too early: every window that can hold
    [InlineData(ChuPuh, SubjectKind.Commune, SubjectTags.None, 2024)] // no rule for a thị trấn outside khu vực I–III
    [InlineData(KhanhVinh, SubjectKind.District, SubjectTags.None, 2024)] // a kind the plan does not name
    public void EvaluateVerdict_Issue16Paths_AllocateNothing(string planId, SubjectKind kind, SubjectTags tags, int nominationYear)
    {
        var first = planId == TuyenQuang ? 2015 : 2021;
        var figures = Series(first, 10_000, 1_000, 3000, 2500, 2000).Where(f => f.Year <= nominationYear).ToArray();
        var request = Request(planId, kind, nominationYear, figures, tags, new EvaluationFacts(PolicyHouseholdsPoor: 0, ConsecutiveYearsInPovertyWork: 5));
        Engine.EvaluateVerdict(request);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
            Engine.EvaluateVerdict(request);

        (GC.GetAllocatedBytesForCurrentThread() - before).ShouldBe(0);
    }
}
