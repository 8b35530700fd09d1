using NoOneLeftBehind.Domain.Criteria;
using NoOneLeftBehind.Domain.Plans;
using static NoOneLeftBehind.Domain.Tests.Criteria.Nominations;

namespace NoOneLeftBehind.Domain.Tests.Criteria;

/// <summary>Tuyên Quang 2016–2020 (seed 001), clause III.1.2–1.7; baseline 2015.</summary>
public class TuyenQuangCriteriaTests
{
    [Theory]
    [InlineData(new long[] { 4000, 3500, 3000, 2500, 2000, 1500 }, CriterionStatus.Met)] // exactly 5 points, 2016–2020
    [InlineData(new long[] { 4000, 3499, 2999, 2499, 1999, 1499 }, CriterionStatus.Met)] // 5,01 then exactly 5
    [InlineData(new long[] { 4000, 3500, 3000, 2501, 2000, 1500 }, CriterionStatus.NotMet)] // 4,99 in 2018
    [InlineData(new long[] { 4000, 3500, 3000, 2500, 2000, 1501 }, CriterionStatus.NotMet)] // 4,99 in 2020
    public void District_NotPoor_FiveYearsOfFivePoints(long[] poor, CriterionStatus expected)
    {
        var request = Request(TuyenQuang, SubjectKind.District, 2020, Series(2015, 10_000, 0, poor), facts: new(PolicyHouseholdsPoor: 0));

        StatusOf(request, "district.rate-fall-5").ShouldBe(expected);
    }

    [Theory]
    [InlineData(new long[] { 6000, 5300, 4600, 3900, 3200, 2500 }, CriterionStatus.Met)] // exactly 7 points
    [InlineData(new long[] { 6000, 5300, 4600, 3901, 3200, 2500 }, CriterionStatus.NotMet)] // 6,99 in 2018
    [InlineData(new long[] { 4000, 3500, 3000, 2500, 2000, 1500 }, CriterionStatus.NotMet)] // 5 points suffice only for a district that is not poor
    public void District_Poor_FiveYearsOfSevenPoints(long[] poor, CriterionStatus expected)
    {
        var request = Request(TuyenQuang, SubjectKind.District, 2020, Series(2015, 10_000, 0, poor), SubjectTags.PoorDistrict);

        var result = Engine.Evaluate(request);

        result.Category.ShouldBe("poor-district");
        result.Criteria.ShouldNotContain(c => c.Id == "district.rate-fall-5");
        result.Criteria.Single(c => c.Id == "district.rate-fall-7").Status.ShouldBe(expected);
    }

    [Fact]
    public void District_MissingYear2017_IsInsufficient()
    {
        var figures = Series(2015, 10_000, 0, 4000, 3500, 3000, 2500, 2000, 1500).Where(f => f.Year != 2017).ToArray();

        StatusOf(Request(TuyenQuang, SubjectKind.District, 2020, figures), "district.rate-fall-5").ShouldBe(CriterionStatus.InsufficientData);
    }

    [Theory]
    [InlineData(new[] { 2015, 2016, 2017 }, new long[] { 4000, 3500, 3100 }, CriterionStatus.NotMet)] // 2017 falls 4 points; 2018–2020 missing
    [InlineData(new[] { 2015, 2016, 2019, 2020 }, new long[] { 4000, 3600, 2500, 2000 }, CriterionStatus.NotMet)] // 2016 falls 4 points; 2017–2018 missing
    [InlineData(new[] { 2016, 2017, 2018 }, new long[] { 3500, 3000, 2600 }, CriterionStatus.NotMet)] // 2018 falls 4 points; 2015 missing
    [InlineData(new[] { 2015, 2016, 2017 }, new long[] { 4000, 3500, 3000 }, CriterionStatus.InsufficientData)] // good so far; 2018–2020 could still fail or hold
    [InlineData(new[] { 2015, 2016, 2018 }, new long[] { 4000, 3500, 2500 }, CriterionStatus.InsufficientData)] // no pair fails; 2017 is missing
    public void District_KnownFailingYear_DecidesWhateverTheMissingYears(int[] years, long[] poor, CriterionStatus expected)
    {
        var figures = years.Select((y, i) => new YearFigures(y, 10_000, poor[i], 0)).ToArray();

        StatusOf(Request(TuyenQuang, SubjectKind.District, 2020, figures), "district.rate-fall-5").ShouldBe(expected,
            customMessage: "Tuyên Quang III.1.2: “trong giai đoạn 2016-2020 … giảm tỷ lệ hộ nghèo từ 5%/năm trở lên trong 5 năm liên tục”: a supplied year that falls less decides");
    }

    [Fact]
    public void Commune_KnownFailingYear_IsNotMetAndNamesIt()
    {
        YearFigures[] figures = [new(2015, 10_000, 6_000, 0), new(2016, 10_000, 5_400, 0)];

        var result = Criterion(Request(TuyenQuang, SubjectKind.Commune, 2020, figures), "commune.rate-fall-7");

        result.Status.ShouldBe(CriterionStatus.NotMet,
            customMessage: "Tuyên Quang III.1.3: “giảm tỷ lệ hộ nghèo từ 7%/năm trở lên trong 5 năm liên tục”: 2016 fell 6 points, so 2017–2020 cannot save it");
        result.Explanation.ShouldContain("(2016–2020): ✗ không đạt");
        result.Explanation.ShouldContain("2016: 60,00 % → 54,00 % (giảm 6,00 điểm) ✗ không đạt ≥ 7");
        result.Explanation.ShouldContain("2017: thiếu số liệu năm 2017 ? chưa đủ số liệu");
    }

    [Theory]
    [InlineData(0L, CriterionStatus.Met)] // no policy household poor at the end of 2020
    [InlineData(1L, CriterionStatus.NotMet)] // one is enough to fail
    [InlineData(null, CriterionStatus.InsufficientData)] // not stated
    public void District_PolicyHouseholdsPoor_AtMostZero(long? count, CriterionStatus expected)
    {
        var request = Request(TuyenQuang, SubjectKind.District, 2020, [], facts: new(PolicyHouseholdsPoor: count));

        var result = Criterion(request, "district.policy-households");

        result.Status.ShouldBe(expected);
        result.Explanation.ShouldContain("đến hết năm 2020");
    }

    [Theory]
    [InlineData(999, 1_000, CriterionStatus.Met)] // poor 9,99 %, poor + near-poor 19,99 %
    [InlineData(1_000, 900, CriterionStatus.NotMet)] // poor exactly 10 % is not "dưới 10 %"
    [InlineData(900, 1_100, CriterionStatus.NotMet)] // poor + near-poor exactly 20 %
    [InlineData(500, 1_000, CriterionStatus.Met)] // well below both
    public void Commune_PoorRegionIII_EndStateBelowTwentyAndTen(long poor, long nearPoor, CriterionStatus expected)
    {
        YearFigures[] figures = [new(2015, 10_000, 4_000, 2_000), new(2020, 10_000, poor, nearPoor)];
        var request = Request(TuyenQuang, SubjectKind.Commune, 2020, figures, SubjectTags.PoorCommune | SubjectTags.Region3);

        StatusOf(request, "commune.region-3-end-state").ShouldBe(expected);
    }

    [Theory]
    [InlineData(799, 700, CriterionStatus.Met)] // 7,99 % and 14,99 %
    [InlineData(800, 600, CriterionStatus.NotMet)] // poor exactly 8 %
    [InlineData(700, 800, CriterionStatus.NotMet)] // poor + near-poor exactly 15 %
    public void Commune_PoorRegionII_EndStateBelowFifteenAndEight(long poor, long nearPoor, CriterionStatus expected)
    {
        YearFigures[] figures = [new(2020, 10_000, poor, nearPoor)];
        var request = Request(TuyenQuang, SubjectKind.Commune, 2020, figures, SubjectTags.PoorCommune | SubjectTags.Region2);

        StatusOf(request, "commune.region-2-end-state").ShouldBe(expected);
    }

    [Fact]
    public void Commune_PoorRegionIII_NominatedBeforeFiveYears_IsNotMetUntil2020()
    {
        YearFigures[] figures = [new(2019, 10_000, 100, 100)];
        var request = Request(TuyenQuang, SubjectKind.Commune, 2019, figures, SubjectTags.PoorCommune | SubjectTags.Region3);

        var result = Criterion(request, "commune.region-3-end-state");

        result.Status.ShouldBe(CriterionStatus.NotMet, customMessage: "Tuyên Quang III.1.3: “dưới 20%; … dưới 10% sau 5 năm” cannot be judged before 2020");
        result.Explanation.ShouldContain("sau 5 năm (năm 2020): ✗ không đạt ở lần đề nghị năm 2019");
        result.Explanation.ShouldContain("có thể xét từ năm 2020 (khen thưởng hằng năm 2020, tổng kết 2020)");
    }

    [Fact]
    public void Commune_PoorRegionIII_In2020WithoutThe2020Figures_IsInsufficient()
    {
        YearFigures[] figures = [new(2019, 10_000, 100, 100)];
        var request = Request(TuyenQuang, SubjectKind.Commune, 2020, figures, SubjectTags.PoorCommune | SubjectTags.Region3);

        StatusOf(request, "commune.region-3-end-state").ShouldBe(CriterionStatus.InsufficientData,
            customMessage: "Tuyên Quang III.1.3: the end state of 2020 fits in a 2020 nomination, only its figures are missing");
    }

    [Theory]
    [InlineData(2016)]
    [InlineData(2018)]
    [InlineData(2019)]
    public void District_FiveFallsCannotFitBefore2020_IsNotMet(int nominationYear)
    {
        var figures = Series(2015, 10_000, 0, 6000, 5000, 4000, 3000, 2000).Where(f => f.Year <= nominationYear).ToArray();

        var result = Criterion(Request(TuyenQuang, SubjectKind.District, nominationYear, figures), "district.rate-fall-5");

        result.Status.ShouldBe(CriterionStatus.NotMet, customMessage: "Tuyên Quang III.1.2: five yearly falls inside 2016–2020 fit only in 2020");
        result.Explanation.ShouldContain("có thể xét từ năm 2020 (khen thưởng hằng năm 2020, tổng kết 2020)");
    }

    [Theory]
    [InlineData(new long[] { 6000, 5300, 4600, 3900, 3200, 2500 }, CriterionStatus.Met)] // exactly 7 points
    [InlineData(new long[] { 6000, 5301, 4600, 3900, 3200, 2500 }, CriterionStatus.NotMet)] // 6,99 in 2016
    public void Commune_Other_FiveYearsOfSevenPoints(long[] poor, CriterionStatus expected)
    {
        var request = Request(TuyenQuang, SubjectKind.Commune, 2020, Series(2015, 10_000, 0, poor), SubjectTags.PoorCommune);

        var result = Engine.Evaluate(request);

        result.Category.ShouldBe("other-commune");
        result.Criteria.Single(c => c.Id == "commune.rate-fall-7").Status.ShouldBe(expected);
    }

    [Theory]
    [InlineData(0L, CriterionStatus.Met)]
    [InlineData(2L, CriterionStatus.NotMet)]
    public void Commune_PolicyHouseholdsPoorByEnd2019(long count, CriterionStatus expected)
    {
        var result = Criterion(Request(TuyenQuang, SubjectKind.Commune, 2020, [], facts: new(PolicyHouseholdsPoor: count)), "commune.policy-households");

        result.Status.ShouldBe(expected);
        result.Explanation.ShouldContain("đến hết năm 2019");
    }

    [Theory]
    [InlineData(2017, CriterionStatus.NeedsReview)] // 3 years: the number holds, the rest of the clause is judgement
    [InlineData(2016, CriterionStatus.NeedsReview)] // 4 years
    [InlineData(2018, CriterionStatus.NotMet)] // 2 years
    public void Household_NewlyEscaped_AtLeastThreeYears(int escapedYear, CriterionStatus expected)
    {
        var request = Request(TuyenQuang, SubjectKind.Household, 2020, [], SubjectTags.NewlyEscaped, new(EscapedPovertyYear: escapedYear));

        StatusOf(request, "household.escaped.3-years").ShouldBe(expected);
    }

    [Fact]
    public void Household_NewlyEscapedThreeYearsAndAttested_IsMet()
    {
        var request = Request(TuyenQuang, SubjectKind.Household, 2020, [], SubjectTags.NewlyEscaped, new(EscapedPovertyYear: 2017),
            new Attestation("household.escaped.3-years", true, "Biên bản bình xét của thôn"));

        var result = Criterion(request, "household.escaped.3-years");

        result.Status.ShouldBe(CriterionStatus.Met);
        result.Explanation.ShouldContain("thoát nghèo năm 2017, đề nghị năm 2020): 3 ✓ đạt ≥ 3");
        result.Explanation.ShouldContain("Biên bản bình xét của thôn");
    }

    [Fact]
    public void Household_EscapeYearMissing_IsInsufficient()
    {
        var request = Request(TuyenQuang, SubjectKind.Household, 2020, [], SubjectTags.NewlyEscaped);

        StatusOf(request, "household.escaped.3-years").ShouldBe(CriterionStatus.InsufficientData);
    }

    [Fact]
    public void Household_PoorOrNearPoor_OnlyJudgementCriteria()
    {
        var result = Engine.Evaluate(Request(TuyenQuang, SubjectKind.Household, 2020));

        result.Category.ShouldBe("poor-or-near-poor");
        result.Criteria.Select(c => c.Id).ShouldBe(["household.poor.1", "household.poor.2", "household.poor.3", "household.poor.4"]);
        result.Verdict.ShouldBe(Verdict.NeedsReview);
    }

    [Theory]
    [InlineData(3, CriterionStatus.NeedsReview)] // at the threshold; the effort part is judgement
    [InlineData(5, CriterionStatus.NeedsReview)]
    [InlineData(2, CriterionStatus.NotMet)]
    public void Official_ConsecutiveYearsInPovertyWork_AtLeastThree(int years, CriterionStatus expected)
    {
        var request = Request(TuyenQuang, SubjectKind.Official, 2020, [], facts: new(ConsecutiveYearsInPovertyWork: years));

        StatusOf(request, "official.3-years").ShouldBe(expected);
    }

    [Theory]
    [InlineData(2017, 5, CriterionStatus.NotMet)] // nominated in 2017: at most 2016–2017 lie inside the period, whatever is declared
    [InlineData(2017, 2, CriterionStatus.NotMet)] // the same two years
    [InlineData(2018, 3, CriterionStatus.NeedsReview)] // 2016–2018: three years inside; the effort part is judgement
    [InlineData(2018, 12, CriterionStatus.NeedsReview)] // twelve declared, three of them inside the period count
    [InlineData(2020, 2, CriterionStatus.NotMet)] // two years are two years
    public void Official_ThreeConsecutiveYears_OnlyInsideThePeriod(int nominationYear, int declared, CriterionStatus expected)
    {
        var request = Request(TuyenQuang, SubjectKind.Official, nominationYear, [], facts: new(ConsecutiveYearsInPovertyWork: declared));

        StatusOf(request, "official.3-years").ShouldBe(expected,
            customMessage: "Tuyên Quang III.1.7: “3 năm liên tục trở lên trong giai đoạn 2016-2020”, so years outside 2016–2020 do not count");
    }

    [Fact]
    public void Official_NominatedIn2017_SaysWhenThreeYearsCanBeJudged()
    {
        var result = Criterion(Request(TuyenQuang, SubjectKind.Official, 2017, [], facts: new(ConsecutiveYearsInPovertyWork: 6)), "official.3-years");

        result.Status.ShouldBe(CriterionStatus.NotMet, customMessage: "Tuyên Quang III.1.7: 2016–2017 hold two years of the period, not three");
        result.Explanation.ShouldContain("mới có 2 năm, chưa đủ 3 năm liên tục");
        result.Explanation.ShouldContain("có thể xét từ năm 2018 (khen thưởng hằng năm 2018)");
        result.Values["consecutiveYearsInPovertyWork.judgeableFromYear"].ShouldBe(2018m);
    }

    [Fact]
    public void Official_MoreYearsThanThePeriodHolds_CountsOnlyThoseInside()
    {
        var result = Criterion(Request(TuyenQuang, SubjectKind.Official, 2019, [], facts: new(ConsecutiveYearsInPovertyWork: 9)), "official.3-years");

        result.Explanation.ShouldContain("9 năm khai báo, tính 4 năm (2016–2019)", customMessage: "Tuyên Quang III.1.7: only 2016–2019 lie inside the period by 2019");
        result.Values["consecutiveYearsInPovertyWork"].ShouldBe(4m);
    }

    private const string SupportersClause = "Tuyên Quang III.2.1: “Các tổ chức, cá nhân, hộ gia đình, doanh nghiệp … hỗ trợ xây dựng nhà ở, … ủng hộ quỹ “Vì người nghèo”” are rewarded yearly";

    [Theory]
    [InlineData(SubjectKind.Collective)] // tổ chức
    [InlineData(SubjectKind.Individual)] // cá nhân
    public void Supporter_OrganisationOrIndividual_IsASubjectOfThePlan(SubjectKind kind)
    {
        var request = Request(TuyenQuang, kind, 2018);

        var result = Engine.Evaluate(request);

        result.Gaps.ShouldBeEmpty(customMessage: SupportersClause);
        var criterion = result.Criteria.ShouldHaveSingleItem();
        criterion.Clause.ShouldBe("III.2.1");
        criterion.Status.ShouldBe(CriterionStatus.NeedsReview);
        Engine.Evaluate(request with { Attestations = AttestAll(request) }).Verdict.ShouldBe(Verdict.Eligible, customMessage: SupportersClause);
    }

    [Theory]
    [InlineData(SubjectKind.Household, "household.support")]
    [InlineData(SubjectKind.Enterprise, "enterprise.support")]
    public void Supporter_HouseholdOrBusiness_IsJudgedOnItsSupport(SubjectKind kind, string criterionId)
    {
        var result = Engine.Evaluate(Request(TuyenQuang, kind, 2018, tags: SubjectTags.Supporter));

        result.Category.ShouldBe("supporter", customMessage: SupportersClause);
        result.Criteria.Select(c => c.Id).ShouldBe([criterionId], customMessage: SupportersClause);
    }

    [Fact]
    public void Enterprise_WithoutTheSupporterTag_KeepsItsOwnCriteria()
    {
        var result = Engine.Evaluate(Request(TuyenQuang, SubjectKind.Enterprise, 2018));

        result.Category.ShouldBe("enterprise");
        result.Criteria.Select(c => c.Id).ShouldBe(["enterprise.1", "enterprise.2", "enterprise.3"], customMessage: "Tuyên Quang III.1.6");
    }

    [Fact]
    public void District_NonPoorEverythingMetAndAttested_IsEligible()
    {
        var request = Request(TuyenQuang, SubjectKind.District, 2020, Series(2015, 10_000, 0, 4000, 3500, 3000, 2500, 2000, 1500),
            facts: new(PolicyHouseholdsPoor: 0));

        Engine.Evaluate(request with { Attestations = AttestAll(request) }).Verdict.ShouldBe(Verdict.Eligible);
        Engine.EvaluateVerdict(request with { Attestations = AttestAll(request) }).ShouldBe(Verdict.Eligible);
    }
}
