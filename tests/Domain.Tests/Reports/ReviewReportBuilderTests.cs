using NoOneLeftBehind.Domain.Dossiers;
using NoOneLeftBehind.Domain.Plans;
using NoOneLeftBehind.Domain.Reports;
using NoOneLeftBehind.Domain.Statistics;
using NoOneLeftBehind.Domain.Units;
using NoOneLeftBehind.TestSupport.Reports;

namespace NoOneLeftBehind.Domain.Tests.Reports;

public class ReviewReportBuilderTests
{
    private static readonly UnitRegistry Registry = UnitRegistry.Embedded;
    private static readonly ReportTestData Data = new(Registry, ReportTestData.Figures, ReportTestData.BacGiangNominations());
    private static readonly ReportStage SoKet2023 = new(StageKind.MidTerm, 2023);

    // The sums of the generated commune figures inside a unit, added here by hand, not by the aggregation.
    private static (long Households, long Poor, long NearPoor) Sum(string unit, int year)
    {
        var date = ReviewCalendar.ReferenceDate(year);
        var inside = ReportTestData.Figures.Where(f => f.Year == year && IsInside(f.Unit, UnitCode.Parse(unit), date)).ToList();
        return (inside.Sum(f => f.Counts.Households), inside.Sum(f => f.Counts.Poor), inside.Sum(f => f.Counts.NearPoor));
    }

    private static bool IsInside(UnitCode code, UnitCode ancestor, DateOnly date)
    {
        for (var u = Registry.Find(code, date); u is not null; u = u.ParentCode is { } p ? Registry.Find(p, date) : null)
            if (u.Code == ancestor) return true;
        return false;
    }

    [Theory]
    [InlineData("24")]   // province: consolidates its districts' communes
    [InlineData("218")]  // district
    [InlineData("07201")] // a ward of TP Bắc Giang
    public async Task Build_BacGiang2023_PovertyRows_AreTheSumsOfTheCommunesInside_FromTheBaseline(string unit)
    {
        var report = await Data.Builder().BuildAsync(new ReportRequest("bac-giang-so-ket-2023", SoKet2023, UnitCode.Parse(unit)));
        report.FromYear.ShouldBe(2021);
        report.Poverty.Select(p => p.Year).ShouldBe([2021, 2022, 2023]);
        foreach (var row in report.Poverty)
        {
            var (households, poor, nearPoor) = Sum(unit, row.Year);
            (row.Counts.Households, row.Counts.Poor, row.Counts.NearPoor).ShouldBe((households, poor, nearPoor), $"{unit} {row.Year}");
            row.PoorRate.ShouldBe(poor * 100m / households);
        }
        var (h22, p22, _) = Sum(unit, 2022);
        var (h23, p23, _) = Sum(unit, 2023);
        report.Poverty[2].PoorRateFall.ShouldBe((p22 * 100m / h22) - (p23 * 100m / h23));
        report.Poverty[0].PoorRateFall.ShouldBeNull();
    }

    [Fact]
    public async Task Build_Province_ListsItsDistricts_WithTheirOwnSums_AndRoutesToCentral()
    {
        var report = await Data.Builder().BuildAsync(new ReportRequest("bac-giang-so-ket-2023", SoKet2023, UnitCode.Parse("24")));
        report.UnitsBelow.Select(u => u.Unit.Code.Value).ShouldBe(Registry.ChildrenOf(UnitCode.Parse("24"), new DateOnly(2023, 12, 31)).Select(c => c.Code.Value));
        report.UnitsBelow.Count.ShouldBe(10);
        foreach (var row in report.UnitsBelow)
        {
            var (h, p, _) = Sum(row.Unit.Code.Value, 2023);
            (row.LastCounts.Households, row.LastCounts.Poor, row.LastYear, row.FirstYear).ShouldBe((h, p, 2023, 2021));
        }
        report.UnitsBelow.Sum(u => u.LastCounts.Households).ShouldBe(report.Poverty[^1].Counts.Households);
        report.Route.ShouldNotBeNull().DeadlineId.ShouldBe("province-report-to-central");
        report.Targets.ShouldBeEmpty(); // Bắc Giang's review plan states no numeric target
    }

    [Fact]
    public async Task Build_District_RoutesToHomeAffairs_AndCountsItsOwnNominations()
    {
        var report = await Data.Builder().BuildAsync(new ReportRequest("bac-giang-so-ket-2023", SoKet2023, UnitCode.Parse("213")));
        report.Route.ShouldNotBeNull().DeadlineId.ShouldBe("review-reports-to-home-affairs");
        var bk = report.Awards.Single(a => a.AwardForm.Id == "bang-khen-chu-tich-tinh");
        bk.ByStatus.ShouldBe(new Dictionary<DossierStatus, int>
        {
            [DossierStatus.Draft] = 1, [DossierStatus.UnderReview] = 1, [DossierStatus.Approved] = 1, [DossierStatus.Rejected] = 1, [DossierStatus.Decided] = 1,
        });
        report.Awards.Single(a => a.AwardForm.Id == "giay-khen").Total.ShouldBe(1); // the ward inside the city
        // Quotas held (not drafts, not rejected): 2 households (of 2), 1 commune (of 1). The official was rejected.
        report.Quotas.Select(q => (q.Kind, q.Limit.Count, q.Used)).ShouldBe([(SubjectKind.Commune, 1, 1), (SubjectKind.Household, 2, 2)]);
        report.Quotas.ShouldAllBe(q => q.Limit.Clause == "IV.2.a" && q.NominatorName == "UBND Thành phố Bắc Giang");
        // On time: 3 submitted by 23:59 on 30/11/2023 in Vietnam; late: the official (00:01 on 01/12); the Giấy khen has no provincial deadline.
        report.Dossiers.ShouldBe(new DossierTimeliness(3, 1, 1, 1, report.Dossiers.Deadline));
        report.Dossiers.Deadline.ShouldNotBeNull().Clause.ShouldBe("IV.3.a");
    }

    [Fact]
    public async Task Build_Body_OnlyItsNominations_ItsOwnQuota_NoAreaFigures()
    {
        var body = ReportTestData.SoKhdtBacGiang;
        var report = await Data.Builder().BuildAsync(new ReportRequest("bac-giang-so-ket-2023", SoKet2023, UnitCode.Parse("24"), body.Id, body.Name));
        report.Poverty.ShouldBeEmpty();
        report.UnitsBelow.ShouldBeEmpty();
        report.Awards.Sum(a => a.Total).ShouldBe(2);
        report.Quotas.Select(q => (q.Kind, q.Limit.Count, q.Used, q.Limit.Nominator)).ShouldBe(
            [(SubjectKind.Collective, 1, 1, "Sở Kế hoạch và Đầu tư"), (SubjectKind.Individual, 1, 1, "Sở Kế hoạch và Đầu tư")]);
        report.Quotas.ShouldAllBe(q => q.NominatorName == body.Name);
        report.Route.ShouldNotBeNull().DeadlineId.ShouldBe("review-reports-to-home-affairs");
    }

    [Theory]
    [InlineData("639", true)]    // Chư Pưh: the plan governs it
    [InlineData("23971", true)]  // a commune of Chư Pưh: governed through its district
    [InlineData("64", false)]    // old Gia Lai: concerned (its district is governed) but not held to Chư Pưh's targets
    public async Task Build_ChuPuh_TargetsOnlyWhereThePlanGoverns(string unit, bool hasTargets)
    {
        var report = await Data.Builder().BuildAsync(new ReportRequest("chu-puh-2021-2025", new ReportStage(StageKind.MidTerm, 2023), UnitCode.Parse(unit)));
        if (!hasTargets)
        {
            report.Targets.ShouldBeEmpty();
            return;
        }
        report.Targets.Select(t => t.Target.Id).ShouldBe(["chu-puh-2021-2025/poor-rate", "chu-puh-2021-2025/minority-poor-rate"]);
        var poor = report.Targets[0];
        poor.Years.Select(y => y.Year).ShouldBe([2022, 2023]);
        var (h21, p21, _) = Sum(unit, 2021);
        var (h23, p23, _) = Sum(unit, 2023);
        poor.Years[1].Actual.ShouldBe(p23 * 100m / h23);
        poor.Years[1].Expected.ShouldBe((p21 * 100m / h21) - 4m); // more than 2 points a year on average, two years in
        if (unit == "639") report.Route.ShouldNotBeNull().Clause.ShouldBe("II.4");
        else report.Route.ShouldBeNull(); // II.4 names the district's sơ kết only
    }

    [Fact]
    public async Task Build_ChuPuhTongKet2025_DistrictAbolishedOn1July2025_FiguresUpTo2024()
    {
        var report = await Data.Builder().BuildAsync(new ReportRequest("chu-puh-2021-2025", new ReportStage(StageKind.Final, 2025), UnitCode.Parse("639")));
        (report.Year, report.FiguresToYear).ShouldBe((2025, 2024));
        report.Poverty.Select(p => p.Year).ShouldBe([2021, 2022, 2023, 2024]);
        report.Poverty[^1].Counts.Households.ShouldBe(Sum("639", 2024).Households);
        report.Targets[0].LatestYear.ShouldBe(2024);
        report.Route.ShouldNotBeNull().Text.ShouldStartWith("Năm 2025: Tổ chức tổng kết");
        report.UnitsBelow.Count.ShouldBe(Registry.ChildrenOf(UnitCode.Parse("639"), new DateOnly(2024, 12, 31)).Count);
    }

    [Fact]
    public async Task Build_BadRequests_AreRefusedInBothLanguages()
    {
        var builder = Data.Builder();
        var outside = await Should.ThrowAsync<ReportRequestException>(() => builder.BuildAsync(new ReportRequest("bac-giang-so-ket-2023", SoKet2023, UnitCode.Parse("639"))));
        outside.Vi.ShouldContain("không áp dụng");
        outside.En.ShouldContain("does not apply");
        var stage = await Should.ThrowAsync<ReportRequestException>(() => builder.BuildAsync(new ReportRequest("bac-giang-so-ket-2023", new ReportStage(StageKind.Final, 2025), UnitCode.Parse("24"))));
        stage.En.ShouldContain("no report at this stage");
        var year = await Should.ThrowAsync<ReportRequestException>(() => builder.BuildAsync(new ReportRequest("chu-puh-2021-2025", new ReportStage(StageKind.Annual, 2030), UnitCode.Parse("639"))));
        year.Vi.ShouldContain("ngoài giai đoạn");
        await Should.ThrowAsync<ReportRequestException>(() => builder.BuildAsync(new ReportRequest("nope", SoKet2023, UnitCode.Parse("24"))));
        var unknown = await Should.ThrowAsync<ReportRequestException>(() => builder.BuildAsync(new ReportRequest("chu-puh-2021-2025", new ReportStage(StageKind.Annual, 2024), UnitCode.Parse("99999"))));
        unknown.Vi.ShouldBe("Không có đơn vị mã 99999 vào ngày 31/12/2024.");
    }
}
