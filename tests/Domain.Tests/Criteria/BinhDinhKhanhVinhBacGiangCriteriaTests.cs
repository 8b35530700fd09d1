using NoOneLeftBehind.Domain.Criteria;
using NoOneLeftBehind.Domain.Plans;
using static NoOneLeftBehind.Domain.Tests.Criteria.Nominations;

namespace NoOneLeftBehind.Domain.Tests.Criteria;

/// <summary>Bình Định 2021–2025 (seed 002), clause III.1.2–1.4.</summary>
public class BinhDinhCriteriaTests
{
    [Theory]
    [InlineData(new long[] { 3000, 2400, 1800, 1200 }, CriterionStatus.Met)] // exactly 6 points, 2022–2024
    [InlineData(new long[] { 3000, 2399, 1799, 1199 }, CriterionStatus.Met)] // 6,01 then exactly 6 and 6
    [InlineData(new long[] { 3000, 2401, 1800, 1200 }, CriterionStatus.NotMet)] // 5,99 in 2022
    public void PoorDistrict_SixPointsThreeYears(long[] poor, CriterionStatus expected)
    {
        var figures = Series(2021, 10_000, 2_000, poor);
        var request = Request(BinhDinh, SubjectKind.District, 2024, figures, SubjectTags.PoorDistrict);

        StatusOf(request, "district.poor-rate-fall-6").ShouldBe(expected);
    }

    [Fact]
    public void PoorDistrict_HalvingDoesNotReplaceTheYearlyFall()
    {
        // Near-poor 3.000 → 0: poor + near-poor halves, but a poor district must fall 6 points a year.
        YearFigures[] figures = [new(2021, 10_000, 3000, 3000), new(2022, 10_000, 2500, 1000), new(2023, 10_000, 2000, 500), new(2024, 10_000, 1500, 0)];

        StatusOf(Request(BinhDinh, SubjectKind.District, 2024, figures, SubjectTags.PoorDistrict), "district.poor-rate-fall-6").ShouldBe(CriterionStatus.NotMet);
        StatusOf(Request(BinhDinh, SubjectKind.District, 2024, figures), "district.rate-fall-4-or-halving").ShouldBe(CriterionStatus.Met);
    }

    [Theory]
    [InlineData(new long[] { 2000, 1600, 1200, 800 }, CriterionStatus.Met)] // exactly 4 points
    [InlineData(new long[] { 2000, 1599, 1199, 799 }, CriterionStatus.Met)] // 4,01 then exactly 4 and 4
    [InlineData(new long[] { 2000, 1600, 1201, 800 }, CriterionStatus.NotMet)] // 3,99 in 2023
    public void OtherDistrict_FourPointsOrHalving(long[] poor, CriterionStatus expected)
    {
        var result = Engine.Evaluate(Request(BinhDinh, SubjectKind.District, 2024, Series(2021, 10_000, 3_000, poor)));

        result.Category.ShouldBe("other-district");
        result.Criteria.ShouldNotContain(c => c.Id == "district.poor-rate-fall-6");
        result.Criteria.Single(c => c.Id == "district.rate-fall-4-or-halving").Status.ShouldBe(expected);
    }

    [Theory]
    [InlineData(999, CriterionStatus.Met)] // 2.000 → 999
    [InlineData(1000, CriterionStatus.NotMet)] // exactly half
    [InlineData(1001, CriterionStatus.NotMet)] // just short of half
    public void CommuneRegionIII_HalvingByTheEndOfThePeriod(long atEnd, CriterionStatus expected)
    {
        YearFigures[] figures = [new(2021, 5_000, 1_200, 800), new(2025, 5_000, atEnd, 0)];

        StatusOf(Request(BinhDinh, SubjectKind.Commune, 2025, figures, SubjectTags.Region3), "commune.region-3-halving").ShouldBe(expected);
    }

    private const string ByTwentyTwentyFive = "Bình Định III.1.3: “đến năm 2025 quy mô hộ nghèo và hộ cận nghèo đa chiều giảm trên 50% so với đầu kỳ”";

    [Theory]
    [InlineData(1200L, CriterionStatus.NeedsReview)] // 2.000 → 1.200: 40 % so far; the target is for 2025
    [InlineData(500L, CriterionStatus.NeedsReview)] // 75 % already: the figures still do not decide before 2025
    [InlineData(2400L, CriterionStatus.NeedsReview)] // rising: shown, the reviewer decides
    public void CommuneRegionIII_Before2025_ShowsProgressAndNeedsReview(long in2023, CriterionStatus expected)
    {
        YearFigures[] figures = [new(2021, 5_000, 1_200, 800), new(2023, 5_000, in2023, 0)];

        var result = Criterion(Request(BinhDinh, SubjectKind.Commune, 2023, figures, SubjectTags.Region3), "commune.region-3-halving");

        result.Status.ShouldBe(expected, customMessage: ByTwentyTwentyFive + ": before 2025 the reviewer judges the progress");
        result.Explanation.ShouldContain("Tiến độ đến năm 2023: 2.000 hộ (2021) → " + in2023.ToString("#,0", System.Globalization.CultureInfo.InvariantCulture).Replace(",", ".", StringComparison.Ordinal) + " hộ (2023)");
        result.Explanation.ShouldContain("mục tiêu giảm trên 50 % đến năm 2025");
        result.Values["poorAndNearPoor.byYear"].ShouldBe(2025m);
    }

    [Fact]
    public void CommuneRegionIII_Before2025_ProgressInTheExplanation()
    {
        YearFigures[] figures = [new(2021, 5_000, 1_200, 800), new(2023, 5_000, 1_200, 0)];

        var result = Criterion(Request(BinhDinh, SubjectKind.Commune, 2023, figures, SubjectTags.Region3), "commune.region-3-halving");

        result.Explanation.ShouldContain("2.000 hộ (2021) → 1.200 hộ (2023): giảm 40,00 %; mục tiêu giảm trên 50 % đến năm 2025.", customMessage: ByTwentyTwentyFive);
        result.Values["poorAndNearPoor.reductionPercent"].ShouldBe(40m);
        Engine.Evaluate(Request(BinhDinh, SubjectKind.Commune, 2023, figures, SubjectTags.Region3)).Verdict.ShouldBe(Verdict.NeedsReview);
    }

    [Theory]
    [InlineData(true, CriterionStatus.Met)] // the reviewer finds the progress on track
    [InlineData(false, CriterionStatus.NotMet)]
    public void CommuneRegionIII_Before2025_TheReviewerDecides(bool met, CriterionStatus expected)
    {
        YearFigures[] figures = [new(2021, 5_000, 1_200, 800), new(2024, 5_000, 1_100, 0)];
        var request = Request(BinhDinh, SubjectKind.Commune, 2024, figures, SubjectTags.Region3,
            attestations: new Attestation("commune.region-3-halving", met, "Biên bản Hội đồng"));

        Engine.Validate(request).ShouldBeEmpty(customMessage: ByTwentyTwentyFive + ": before 2025 the criterion can be attested");
        StatusOf(request, "commune.region-3-halving").ShouldBe(expected, customMessage: ByTwentyTwentyFive);
    }

    [Fact]
    public void CommuneRegionIII_Before2025_NoFigures_IsInsufficient()
    {
        StatusOf(Request(BinhDinh, SubjectKind.Commune, 2023, [], SubjectTags.Region3), "commune.region-3-halving")
            .ShouldBe(CriterionStatus.InsufficientData, customMessage: ByTwentyTwentyFive + ": without figures there is no progress to show");
    }

    [Fact]
    public void CommuneRegionIII_From2025_TheNumbersDecideEvenIfAttested()
    {
        YearFigures[] figures = [new(2021, 5_000, 1_200, 800), new(2025, 5_000, 1_200, 0)];
        var request = Request(BinhDinh, SubjectKind.Commune, 2025, figures, SubjectTags.Region3,
            attestations: new Attestation("commune.region-3-halving", true, null));

        StatusOf(request, "commune.region-3-halving").ShouldBe(CriterionStatus.NotMet, customMessage: ByTwentyTwentyFive + ": from 2025 the figures decide (40 % is not > 50 %)");
    }

    [Fact]
    public void CommuneRegionIII_In2025WithoutThe2025Figures_IsInsufficient()
    {
        YearFigures[] figures = [new(2021, 5_000, 1_200, 800), new(2024, 5_000, 900, 0)];

        var result = Criterion(Request(BinhDinh, SubjectKind.Commune, 2025, figures, SubjectTags.Region3), "commune.region-3-halving");

        result.Status.ShouldBe(CriterionStatus.InsufficientData, customMessage: ByTwentyTwentyFive + ": the 2025 figures decide, 2024 is not “đến năm 2025”");
        result.Explanation.ShouldContain("cần số liệu năm 2025 (số liệu mới nhất là năm 2024)");
    }

    [Fact]
    public void CommuneNotInRegionIII_HasNoNumericCriterion()
    {
        var result = Engine.Evaluate(Request(BinhDinh, SubjectKind.Commune, 2025, [], SubjectTags.Region1));

        result.Category.ShouldBe("other-commune");
        result.Criteria.ShouldAllBe(c => c.Kind == CriterionKind.Judgement);
        result.Verdict.ShouldBe(Verdict.NeedsReview);
    }

    [Theory]
    [InlineData(1_499, CriterionStatus.Met)]
    [InlineData(1_500, CriterionStatus.NotMet)] // exactly half
    [InlineData(1_501, CriterionStatus.NotMet)]
    public void Village_Halving(long atEnd, CriterionStatus expected)
    {
        YearFigures[] figures = [new(2021, 4_000, 1_000, 2_000), new(2023, 4_000, atEnd, 0)];

        StatusOf(Request(BinhDinh, SubjectKind.Village, 2023, figures), "village.halving").ShouldBe(expected);
    }

    [Theory]
    [InlineData(new long[] { 3000, 2400, 1900 }, CriterionStatus.NotMet)] // 2023 falls 5 points: in 2022–2024 and in 2023–2025 alike
    [InlineData(new long[] { 3000, 2500, 1900 }, CriterionStatus.InsufficientData)] // only 2022 fails: 2023–2025 could still hold
    [InlineData(new long[] { 3000, 2400, 1800 }, CriterionStatus.InsufficientData)] // good so far
    public void PoorDistrict_FiguresEndTooEarly_AFailureInEveryPossibleWindowDecides(long[] poor, CriterionStatus expected)
    {
        var request = Request(BinhDinh, SubjectKind.District, 2025, Series(2021, 10_000, 1_000, poor), SubjectTags.PoorDistrict);

        StatusOf(request, "district.poor-rate-fall-6").ShouldBe(expected,
            customMessage: "Bình Định III.1.2: “3 năm liên tục trước khi trình khen thưởng”, nominated in 2025 with figures to 2023: known failure decides");
    }

    [Fact]
    public void PoorDistrict_MidTerm2023_CannotHoldThreeFallsSince2021()
    {
        var figures = Series(2021, 10_000, 1_000, 3000, 2000, 1000);

        var result = Engine.Evaluate(Request(BinhDinh, SubjectKind.District, 2023, figures, SubjectTags.PoorDistrict));

        result.Criteria.Single(c => c.Id == "district.poor-rate-fall-6").Status.ShouldBe(CriterionStatus.NotMet,
            customMessage: "Bình Định III.1.2: “từ 6%/năm trở lên trong 3 năm liên tục trước khi trình khen thưởng”: 2022 and 2023 are two falls, not three");
        result.Criteria.Single(c => c.Id == "district.poor-rate-fall-6").Explanation.ShouldContain("có thể xét từ năm 2024 (khen thưởng hằng năm 2024)");
        result.Verdict.ShouldBe(Verdict.NotEligible);
    }

    [Fact]
    public void Village_NominatedInTheBaselineYear_HalvingCannotBeJudgedYet()
    {
        var result = Criterion(Request(BinhDinh, SubjectKind.Village, 2021, [new(2021, 10_000, 2_000, 1_000)]), "village.halving");

        result.Status.ShouldBe(CriterionStatus.NotMet, customMessage: "Bình Định III.1.4: “giảm trên 50% so với đầu kỳ” needs a year after the 2021 baseline");
        result.Explanation.ShouldContain("có thể xét từ năm 2022 (phát động 2022, khen thưởng hằng năm 2022)");
    }

    [Fact]
    public void Village_NoFigures_VerdictIncomplete()
    {
        Engine.EvaluateVerdict(Request(BinhDinh, SubjectKind.Village, 2023)).ShouldBe(Verdict.Incomplete);
    }
}

/// <summary>Khánh Vĩnh school 2021–2025 (seed 004), clause III.3.</summary>
public class KhanhVinhCriteriaTests
{
    [Theory]
    [InlineData(5_000_000, CriterionStatus.Met)] // money contributed
    [InlineData(1, CriterionStatus.Met)] // just above zero
    [InlineData(0, CriterionStatus.NeedsReview)] // no money: facilities may still count, a reviewer decides
    public void Contribution_GreaterThanZeroOrFacilitiesJudged(int contribution, CriterionStatus expected)
    {
        var request = Request(KhanhVinh, SubjectKind.Collective, 2023, facts: new(Contribution: contribution));

        StatusOf(request, "collective.contribution").ShouldBe(expected);
    }

    [Fact]
    public void Contribution_NoMoneyAndReviewerFindsNoFacilities_IsNotMet()
    {
        var request = Request(KhanhVinh, SubjectKind.Individual, 2023, facts: new(Contribution: 0),
            attestations: new Attestation("individual.contribution", false, "Không có đóng góp cơ sở vật chất"));

        StatusOf(request, "individual.contribution").ShouldBe(CriterionStatus.NotMet);
    }

    [Fact]
    public void Contribution_Missing_NeedsReview()
    {
        var result = Criterion(Request(KhanhVinh, SubjectKind.Individual, 2023), "individual.contribution");

        result.Status.ShouldBe(CriterionStatus.NeedsReview);
        result.Explanation.ShouldContain("chưa khai báo facts.contribution");
    }

    [Fact]
    public void Contribution_Explanation_FormatsMoneyVietnamese()
    {
        var result = Criterion(Request(KhanhVinh, SubjectKind.Collective, 2023, facts: new(Contribution: 5_000_000)), "collective.contribution");

        result.Explanation.ShouldContain("Kinh phí đóng góp: 5.000.000 đồng ✓ đạt > 0 đồng");
    }

    [Fact]
    public void District_IsNotASubjectOfTheSchoolPlan_TheAnswerSaysSo()
    {
        var result = Engine.Evaluate(Request(KhanhVinh, SubjectKind.District, 2023));

        result.Criteria.ShouldBeEmpty();
        result.Verdict.ShouldBe(Verdict.NeedsReview, customMessage: "Khánh Vĩnh III.1 names only the school's departments and individuals: no rule, so a reviewer judges");
        var gap = result.Gaps.ShouldHaveSingleItem();
        gap.Clause.ShouldBeNull();
        gap.En.ShouldContain("defines no criteria for subject kind 'district' (kinds it defines: collective, individual)");
    }
}

/// <summary>Bắc Giang mid-term review 2023 (seed 003): criteria only by reference to Plan 3976/KH-UBND.</summary>
public class BacGiangCriteriaTests
{
    [Theory]
    [InlineData(SubjectKind.District, "điểm b")]
    [InlineData(SubjectKind.Commune, "điểm c")]
    [InlineData(SubjectKind.Village, "điểm d")]
    [InlineData(SubjectKind.Household, "điểm e")]
    [InlineData(SubjectKind.Official, "điểm g")]
    [InlineData(SubjectKind.Enterprise, "điểm đ")]
    [InlineData(SubjectKind.Collective, "điểm a")]
    [InlineData(SubjectKind.Agency, "điểm a")]
    [InlineData(SubjectKind.Individual, "điểm g")]
    public void EverySubject_ReferencedCriteria_NeedReviewerJudgement(SubjectKind kind, string clause)
    {
        var result = Engine.Evaluate(Request(BacGiang, kind, 2023));

        result.Verdict.ShouldBe(Verdict.NeedsReview);
        result.Criteria.ShouldAllBe(c => c.Kind == CriterionKind.Judgement && c.Status == CriterionStatus.NeedsReview);
        var referenced = result.Criteria.Single(c => c.Id.EndsWith(".plan-3976", StringComparison.Ordinal));
        referenced.Text.ShouldContain(clause + " mục 3 phần II Kế hoạch số 3976/KH-UBND");
        referenced.Explanation.ShouldContain("Nội dung tiêu chí không có trong kế hoạch này");
    }

    [Fact]
    public void District_Attested_IsEligible()
    {
        var request = Request(BacGiang, SubjectKind.District, 2023);

        Engine.Evaluate(request with { Attestations = AttestAll(request) }).Verdict.ShouldBe(Verdict.Eligible);
    }
}
