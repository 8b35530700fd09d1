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
}
