using NoOneLeftBehind.Domain.Criteria;
using NoOneLeftBehind.Domain.Plans;
using static NoOneLeftBehind.Domain.Tests.Criteria.Nominations;

namespace NoOneLeftBehind.Domain.Tests.Criteria;

/// <summary>Chư Pưh 2021–2025 (seed 000), clause III.1.b–d.</summary>
public class ChuPuhCriteriaTests
{
    private const string DistrictRule = "district.rate-fall-or-halving";

    // 10.000 households: one poor household is 0,01 points. 3.000 near-poor every year keep the halving alternative
    // out of reach (5.000 → 3.800 is a fall of 24 %), so these rows test the yearly fall alone.
    [Theory]
    [InlineData(new long[] { 2000, 1600, 1200, 800 }, CriterionStatus.Met)] // exactly 4 points every year
    [InlineData(new long[] { 2000, 1599, 1199, 799 }, CriterionStatus.Met)] // 4,01 then 4 and 4
    [InlineData(new long[] { 2000, 1601, 1200, 800 }, CriterionStatus.NotMet)] // 3,99 in 2022, the first year of the window
    [InlineData(new long[] { 2000, 1600, 1200, 801 }, CriterionStatus.NotMet)] // 3,99 in 2024, the last year of the window
    [InlineData(new long[] { 2000, 1000, 1000, 200 }, CriterionStatus.NotMet)] // large falls do not make up for a flat year
    public void District_YearlyFallAtThreshold_IsDecidedExactly(long[] poor, CriterionStatus expected)
    {
        var request = Request(ChuPuh, SubjectKind.District, 2024, Series(2021, 10_000, 3_000, poor));

        StatusOf(request, DistrictRule).ShouldBe(expected);
    }

    [Fact]
    public void District_RatesWithDifferentHouseholds_FallExactlyFourPoints()
    {
        // 15 % → 11 % → 7 % → 3 % with households that change every year; 0.15 − 0.11 in binary floating point is 0.0399…
        YearFigures[] figures =
        [
            new(2021, 700, 105, 200), new(2022, 300, 33, 200), new(2023, 1300, 91, 200), new(2024, 900, 27, 200),
        ];

        var result = Criterion(Request(ChuPuh, SubjectKind.District, 2024, figures), DistrictRule);

        result.Status.ShouldBe(CriterionStatus.Met);
        result.Explanation.ShouldContain("2022: 15,00 % → 11,00 % (giảm 4,00 điểm) ✓ đạt ≥ 4");
        result.Values["poorRate.fall.2022"].ShouldBe(4m);
    }

    [Fact]
    public void District_ExplanationLine_ShowsRatesFallAndThreshold()
    {
        YearFigures[] figures =
        [
            new(2021, 10_000, 2000, 3000), new(2022, 10_000, 1550, 3000), new(2023, 10_000, 1100, 3000), new(2024, 10_000, 650, 3000),
        ];

        var result = Criterion(Request(ChuPuh, SubjectKind.District, 2024, figures), DistrictRule);

        result.Explanation.ShouldContain("2022: 20,00 % → 15,50 % (giảm 4,50 điểm) ✓ đạt ≥ 4");
        result.Explanation.ShouldContain("Một trong các điều kiện sau: ✓ đạt");
        result.Values["poorRate.2021"].ShouldBe(20m);
        result.Values["poorAndNearPoor.2021"].ShouldBe(5000m);
    }

    [Fact]
    public void District_NationalExample_FallsOnePointSixtyFive()
    {
        // Published national figures: 5,71 % → 4,06 %, "giảm 1,65 %".
        YearFigures[] figures =
        [
            new(2021, 100_000, 5_710, 4_000), new(2022, 100_000, 4_060, 4_000), new(2023, 100_000, 3_000, 4_000), new(2024, 100_000, 2_000, 4_000),
        ];

        var result = Criterion(Request(ChuPuh, SubjectKind.District, 2024, figures), DistrictRule);

        result.Explanation.ShouldContain("2022: 5,71 % → 4,06 % (giảm 1,65 điểm) ✗ không đạt ≥ 4");
        result.Values["poorRate.fall.2022"].ShouldBe(1.65m);
        result.Status.ShouldBe(CriterionStatus.NotMet);
    }

    [Fact]
    public void District_FallFailsButHalvingHolds_AlternativeMakesItMet()
    {
        // Poor 2.000 → 1.900 (fall 1 point a year at most) but near-poor 3.000 → 500: 5.000 → 2.400 is −52 %.
        YearFigures[] figures =
        [
            new(2021, 10_000, 2000, 3000), new(2022, 10_000, 1950, 2000), new(2023, 10_000, 1920, 1000), new(2024, 10_000, 1900, 500),
        ];

        var result = Criterion(Request(ChuPuh, SubjectKind.District, 2024, figures), DistrictRule);

        result.Status.ShouldBe(CriterionStatus.Met);
        result.Explanation.ShouldContain("5.000 hộ (2021) → 2.400 hộ (2024): giảm 52,00 % ✓ đạt > 50 %");
    }

    [Fact]
    public void District_MissingYearInsideWindowAndHalvingFails_IsInsufficientNeverMet()
    {
        YearFigures[] figures = [new(2021, 10_000, 2000, 3000), new(2022, 10_000, 1600, 3000), new(2024, 10_000, 800, 3000)];

        var result = Criterion(Request(ChuPuh, SubjectKind.District, 2024, figures), DistrictRule);

        result.Status.ShouldBe(CriterionStatus.InsufficientData);
        result.Explanation.ShouldContain("thiếu số liệu năm 2023");
        Engine.EvaluateVerdict(Request(ChuPuh, SubjectKind.District, 2024, figures)).ShouldBe(Verdict.Incomplete);
    }

    [Fact]
    public void District_MissingYearButHalvingHolds_IsMet()
    {
        YearFigures[] figures = [new(2021, 10_000, 2000, 3000), new(2022, 10_000, 1600, 3000), new(2024, 10_000, 800, 1000)];

        StatusOf(Request(ChuPuh, SubjectKind.District, 2024, figures), DistrictRule).ShouldBe(CriterionStatus.Met);
    }

    [Fact]
    public void District_MissingYearButAnotherYearFails_IsNotMet()
    {
        // 2022 falls 1 point: no value of the missing 2023 could make the window pass.
        YearFigures[] figures = [new(2021, 10_000, 2000, 3000), new(2022, 10_000, 1900, 3000), new(2024, 10_000, 800, 3000)];

        StatusOf(Request(ChuPuh, SubjectKind.District, 2024, figures), DistrictRule).ShouldBe(CriterionStatus.NotMet);
    }

    [Fact]
    public void District_WindowEndsAtNominationYear_LaterFiguresIgnored()
    {
        // 2025 rises, but a nomination in 2024 looks at 2022–2024 only.
        var figures = Series(2021, 10_000, 3_000, 2000, 1600, 1200, 800, 900);

        StatusOf(Request(ChuPuh, SubjectKind.District, 2024, figures), DistrictRule).ShouldBe(CriterionStatus.Met);
        StatusOf(Request(ChuPuh, SubjectKind.District, 2025, figures), DistrictRule).ShouldBe(CriterionStatus.NotMet);
    }

    [Fact]
    public void District_WindowEndsAtLatestYearSupplied_WhenNominationYearHasNoFigures()
    {
        var figures = Series(2021, 10_000, 3_000, 2000, 1600, 1200, 800);

        var result = Criterion(Request(ChuPuh, SubjectKind.District, 2025, figures), DistrictRule);

        result.Status.ShouldBe(CriterionStatus.Met);
        result.Explanation.ShouldContain("(2022–2024)");
    }

    [Fact]
    public void District_MidTermNomination_ThreeFallsCannotFitSince2021_IsNotMetAndNamesTheStage()
    {
        // In 2023 only two yearly falls (2022, 2023) exist since the 2021 baseline; poor + near-poor falls 40 %.
        var figures = Series(2021, 10_000, 3_000, 2000, 1500, 1000);

        var result = Criterion(Request(ChuPuh, SubjectKind.District, 2023, figures), DistrictRule);

        result.Status.ShouldBe(CriterionStatus.NotMet,
            customMessage: "Chư Pưh III.1.b: “từ 4%/năm trở lên, trong 3 năm liên tục trước khi trình khen thưởng” cannot fit in the 2023 sơ kết, and the halving alternative fails");
        result.Explanation.ShouldContain("chỉ có 2 năm giảm tính từ năm 2022 (năm đầu kỳ của kế hoạch là 2021)");
        result.Explanation.ShouldContain("có thể xét từ năm 2024 (khen thưởng hằng năm 2024)");
        result.Values["poorRate.judgeableFromYear"].ShouldBe(2024m);
    }

    [Fact]
    public void District_MidTermNomination_HalvingStillDecides()
    {
        // 5.000 → 2.400 poor + near-poor by 2023: the alternative that fits in 2023 holds.
        var figures = Series(2021, 10_000, 1_000, 4000, 3000, 1400);

        StatusOf(Request(ChuPuh, SubjectKind.District, 2023, figures), DistrictRule).ShouldBe(CriterionStatus.Met,
            customMessage: "Chư Pưh III.1.b: “hoặc quy mô hộ nghèo và hộ cận nghèo đa chiều giảm trên 50% so với đầu kỳ” can be met in 2023");
    }

    [Theory]
    [InlineData(4_999, CriterionStatus.Met)] // 10.000 → 4.999: 50,01 %
    [InlineData(5_000, CriterionStatus.NotMet)] // exactly 50 % is not "trên 50 %"
    [InlineData(5_001, CriterionStatus.NotMet)] // 49,99 %
    public void Commune_HalvingAtThreshold_IsStrict(long poorAndNearPoorAtEnd, CriterionStatus expected)
    {
        YearFigures[] figures = [new(2021, 20_000, 4_000, 6_000), new(2024, 20_000, 2_000, poorAndNearPoorAtEnd - 2_000)];

        StatusOf(Request(ChuPuh, SubjectKind.Commune, 2024, figures, SubjectTags.Region1), "commune.halving").ShouldBe(expected);
    }

    [Fact]
    public void Commune_NoBaselineFigures_IsInsufficient()
    {
        YearFigures[] figures = [new(2022, 20_000, 4_000, 6_000), new(2024, 20_000, 1_000, 1_000)];

        var result = Criterion(Request(ChuPuh, SubjectKind.Commune, 2024, figures, SubjectTags.Region3), "commune.halving");

        result.Status.ShouldBe(CriterionStatus.InsufficientData);
        result.Explanation.ShouldContain("thiếu số liệu năm đầu kỳ 2021");
    }

    [Fact]
    public void Commune_OnlyBaselineFigures_IsInsufficient()
    {
        YearFigures[] figures = [new(2021, 20_000, 4_000, 6_000)];

        StatusOf(Request(ChuPuh, SubjectKind.Commune, 2024, figures, SubjectTags.Region2), "commune.halving").ShouldBe(CriterionStatus.InsufficientData);
    }

    [Fact]
    public void Commune_ThiTranOutsideRegionsOneToThree_IsEvaluatedAndTheGapNamed()
    {
        var request = Request(ChuPuh, SubjectKind.Commune, 2024, Series(2021, 100, 0, 10));

        Engine.Validate(request).ShouldBeEmpty(customMessage: "Chư Pưh III.1.c names only xã khu vực I–III: a thị trấn outside them is not a bad request");
        var result = Engine.Evaluate(request);

        result.Criteria.ShouldBeEmpty(customMessage: "Chư Pưh III.1.c: the halving applies only to communes in khu vực I–III");
        result.Category.ShouldBeNull();
        result.Verdict.ShouldBe(Verdict.NeedsReview, customMessage: "Chư Pưh III.1.c: what the plan lacks is left to the reviewer, never eligible by default");
        var gap = result.Gaps.ShouldHaveSingleItem();
        gap.Clause.ShouldBe("III.1.c");
        gap.Vi.ShouldContain("commune.halving");
        gap.En.ShouldContain("region-1, region-2, region-3");
        Engine.EvaluateVerdict(request).ShouldBe(Verdict.NeedsReview);
    }

    [Fact]
    public void Commune_InRegionIII_HasNoGap()
    {
        Engine.Evaluate(Request(ChuPuh, SubjectKind.Commune, 2024, Series(2021, 100, 0, 10, 4), SubjectTags.Region3)).Gaps.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(2_499, CriterionStatus.Met)] // 5.000 → 2.499
    [InlineData(2_500, CriterionStatus.NotMet)] // exactly half
    [InlineData(2_501, CriterionStatus.NotMet)] // just short of half
    public void Village_HalvingAtThreshold_IsStrict(long atEnd, CriterionStatus expected)
    {
        YearFigures[] figures = [new(2021, 8_000, 2_000, 3_000), new(2025, 8_000, atEnd, 0)];

        StatusOf(Request(ChuPuh, SubjectKind.Village, 2025, figures), "village.halving").ShouldBe(expected);
    }

    [Fact]
    public void District_AllNumericMetJudgementsOpen_VerdictNeedsReview()
    {
        var request = Request(ChuPuh, SubjectKind.District, 2024, Series(2021, 10_000, 3_000, 2000, 1600, 1200, 800));

        var result = Engine.Evaluate(request);

        result.Verdict.ShouldBe(Verdict.NeedsReview);
        result.Criteria.Where(c => c.Kind == CriterionKind.Judgement).ShouldAllBe(c => c.Status == CriterionStatus.NeedsReview);
        Engine.Evaluate(request with { Attestations = AttestAll(request) }).Verdict.ShouldBe(Verdict.Eligible);
    }

    [Fact]
    public void District_JudgementAttestedNotMet_VerdictNotEligible()
    {
        var request = Request(ChuPuh, SubjectKind.District, 2024, Series(2021, 10_000, 3_000, 2000, 1600, 1200, 800));
        var attestations = AttestAll(request).Select(a => a.CriterionId == "district.1" ? a with { Met = false } : a).ToArray();

        var result = Engine.Evaluate(request with { Attestations = attestations });

        result.Verdict.ShouldBe(Verdict.NotEligible);
        result.Criteria.Single(c => c.Id == "district.1").Explanation.ShouldContain("không đạt");
    }
}
