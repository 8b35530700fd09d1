using NoOneLeftBehind.Domain.Criteria;
using NoOneLeftBehind.Domain.Plans;
using static NoOneLeftBehind.Domain.Tests.Criteria.Nominations;

namespace NoOneLeftBehind.Domain.Tests.Criteria;

public class RequestValidationTests
{
    [Fact]
    public void Validate_UnknownPlan_ListsKnownPlans()
    {
        var errors = Engine.Validate(Request("ha-noi-2021-2025", SubjectKind.District, 2024));

        var error = errors.ShouldHaveSingleItem();
        error.Field.ShouldBe("planId");
        foreach (var id in new[] { ChuPuh, TuyenQuang, BinhDinh, BacGiang, KhanhVinh })
            error.MessageEn.ShouldContain(id);
        error.MessageVi.ShouldContain("Không có kế hoạch");
    }

    [Fact]
    public void Validate_ValidRequest_NoErrors()
    {
        Engine.Validate(Request(ChuPuh, SubjectKind.District, 2024, Series(2021, 10_000, 3_000, 2000, 1600))).ShouldBeEmpty();
    }

    [Theory]
    [InlineData(2020, "nominationYear")] // before the period 2021–2025
    [InlineData(2026, "nominationYear")] // after it
    public void Validate_NominationYearOutsidePeriod_NamesField(int year, string field)
    {
        Engine.Validate(Request(BinhDinh, SubjectKind.Village, year)).ShouldContain(e => e.Field == field);
    }

    [Fact]
    public void Validate_BadFigures_NamesEachField()
    {
        YearFigures[] figures =
        [
            new(2021, 0, 10, 10), // households must be > 0
            new(2022, 100, -1, 10), // negative poor
            new(2023, 100, 10, -5), // negative near-poor
            new(2024, 100, 60, 50), // poor + near-poor above households
            new(2024, 100, 10, 10), // duplicate year
            new(2019, 100, 10, 10), // before the baseline 2021
        ];

        var fields = Engine.Validate(Request(ChuPuh, SubjectKind.Village, 2024, figures)).Select(e => e.Field).ToList();

        fields.ShouldBe(
            ["statistics[0].households", "statistics[1].poor", "statistics[2].nearPoor", "statistics[3]", "statistics[4].year", "statistics[5].year"],
            ignoreOrder: true);
    }

    [Fact]
    public void Validate_BadFacts_NamesEachField()
    {
        var request = Request(TuyenQuang, SubjectKind.Household, 2019, facts: new(-1, 2020, -2, -3m));

        Engine.Validate(request).Select(e => e.Field).ShouldBe(
            ["facts.policyHouseholdsPoor", "facts.escapedPovertyYear", "facts.consecutiveYearsInPovertyWork", "facts.contribution"], ignoreOrder: true);
    }

    [Fact]
    public void Validate_SubjectKindNotInPlan_IsNotABadRequest()
    {
        Engine.Validate(Request(KhanhVinh, SubjectKind.Village, 2023)).ShouldBeEmpty(
            customMessage: "domain.md “More decisions”: a subject the plan gives no rule for is evaluated, 400 stays for malformed input");
    }

    [Fact]
    public void Validate_UndefinedSubjectKind_IsMalformed()
    {
        var error = Engine.Validate(Request(KhanhVinh, (SubjectKind)42, 2023)).ShouldHaveSingleItem();

        error.Field.ShouldBe("subject.kind");
        error.MessageEn.ShouldContain("agency, collective, commune");
    }

    [Fact]
    public void Validate_AttestationForASubjectThePlanDoesNotCover_IsRefused()
    {
        var request = Request(KhanhVinh, SubjectKind.Village, 2023, attestations: new Attestation("collective.annual-targets", true, null));

        Engine.Validate(request).ShouldHaveSingleItem().Field.ShouldBe("attestations[0].criterionId");
    }

    [Fact]
    public void Validate_Attestations_UnknownNumericAndDuplicate()
    {
        var request = Request(ChuPuh, SubjectKind.District, 2024, attestations:
        [
            new Attestation("district.1", true),
            new Attestation("village.1", true), // another subject's criterion
            new Attestation("district.rate-fall-or-halving", true), // decided from the figures
            new Attestation("district.1", false), // twice
        ]);

        Engine.Validate(request).Select(e => e.Field).ShouldBe(
            ["attestations[1].criterionId", "attestations[2].criterionId", "attestations[3].criterionId"]);
    }

    [Fact]
    public void Evaluate_InvalidRequest_ThrowsWithErrors()
    {
        var ex = Should.Throw<InvalidEvaluationRequestException>(() => Engine.EvaluateVerdict(Request(ChuPuh, SubjectKind.District, 1999)));

        ex.Errors.ShouldContain(e => e.Field == "nominationYear");
    }

    [Theory]
    [InlineData("binh-dinh-2021-2025", true)]
    [InlineData("Binh-Dinh", false)] // upper case
    [InlineData("binh--dinh", false)] // double hyphen
    [InlineData("-binh", false)]
    [InlineData("", false)]
    public void PlanId_TryParse_AcceptsOnlyWellFormedIds(string text, bool ok)
    {
        PlanId.TryParse(text, out _).ShouldBe(ok);
    }
}
