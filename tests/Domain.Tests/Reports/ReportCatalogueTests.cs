using NoOneLeftBehind.Domain.Plans;
using NoOneLeftBehind.Domain.Reports;
using NoOneLeftBehind.TestSupport.Reports;

namespace NoOneLeftBehind.Domain.Tests.Reports;

public class ReportCatalogueTests
{
    private static ReportCatalogue Catalogue => ReportTestData.Reports.Value;

    [Fact]
    public void Outline_BacGiang_HasTheSeedsSectionsInOrder_EachWithItsClause()
    {
        var outline = Catalogue.Outlines["de-cuong-bac-giang-2023"];
        outline.Plan.ShouldBe("bac-giang-so-ket-2023");
        outline.Clause.ShouldContain("có đề cương báo cáo kèm theo");
        var walked = outline.Walk().Select(w => w.Path).ToList();
        walked.ShouldBe(
        [
            "I", "I.1", "I.2", "I.3",
            "II", "II.1", "II.2", "II.3", "II.4", "II.4.a", "II.4.b", "II.5", "II.6",
            "III", "III.1", "III.1.a", "III.1.b", "III.2", "III.2.a", "III.2.b", "III.3", "III.4",
            "IV",
        ]);
        foreach (var (path, section, _) in outline.Walk())
            section.Clause.ShouldStartWith("Đề cương, mục " + path, customMessage: path);
        outline.Sections.Select(s => s.Title).ShouldBe(["KHÁI QUÁT ĐẶC ĐIỂM TÌNH HÌNH", "KẾT QUẢ TRIỂN KHAI THỰC HIỆN PHONG TRÀO THI ĐUA", "ĐÁNH GIÁ CHUNG", "KIẾN NGHỊ, ĐỀ XUẤT"]);
    }

    [Fact]
    public void Outline_ThePromptsInItalicInTheSeed_AreThePrompts_AndTheFiguresGoUnderII3AndII6()
    {
        var sections = Catalogue.Outlines["de-cuong-bac-giang-2023"].Walk().ToDictionary(w => w.Path, w => w.Section);
        sections["II.4.b"].Prompts.ShouldBe(["nêu tên, nội dung, cách làm cụ thể, hiệu quả của các mô hình, điển hình tiêu biểu"]);
        sections["II.6"].Prompts.ShouldBe(["nêu cụ thể số liệu tập thể, hộ gia đình, cá nhân đã được nhận các hình thức khen thưởng thông qua Phong trào thi đua"]);
        sections["II.3"].Figures.ShouldBe([ReportFigures.Poverty, ReportFigures.Targets, ReportFigures.UnitsBelow]);
        sections["II.6"].Figures.ShouldBe([ReportFigures.Awards, ReportFigures.Quotas, ReportFigures.Dossiers]);
        sections.Where(s => s.Key is not ("II.3" or "II.6")).ShouldAllBe(s => s.Value.Figures == null);
    }

    [Fact]
    public void Schedule_BacGiang_UnitsToHomeAffairsBy30_11_ProvinceToCentralBy15_12_FromTheCatalogueDeadlines()
    {
        var report = Catalogue.Find("bac-giang-so-ket-2023", new ReportStage(StageKind.MidTerm, 2023)).ShouldNotBeNull();
        report.OutlineNote.ShouldBeNull();
        report.OutlineClause.ShouldNotBeNull();
        var unit = Catalogue.RouteFor("bac-giang-so-ket-2023", report, "district").ShouldNotBeNull();
        (unit.DeadlineId, unit.Clause, unit.To, unit.Date).ShouldBe(("review-reports-to-home-affairs", "V.1", "Sở Nội vụ", new DateOnly(2023, 11, 30)));
        var province = Catalogue.RouteFor("bac-giang-so-ket-2023", report, "province").ShouldNotBeNull();
        (province.DeadlineId, province.Clause, province.Date).ShouldBe(("province-report-to-central", "V.2", new DateOnly(2023, 12, 15)));
        province.To.ShouldContain("Ban Thi đua - Khen thưởng Trung ương");
        Catalogue.Find("bac-giang-so-ket-2023", new ReportStage(StageKind.Final, 2025)).ShouldBeNull();
    }

    [Theory]
    [InlineData("binh-dinh-2021-2025", 2024, "V", "2024-11-15")]
    [InlineData("binh-dinh-2021-2025", 2022, "V", "2022-11-15")]
    [InlineData("chu-puh-2021-2025", 2024, "IV.1", "2024-11-10")]
    public void Schedule_YearlyReport_IsDueOnTheYearlyDayOfTheCatalogue(string plan, int year, string clause, string due)
    {
        var report = Catalogue.Find(plan, new ReportStage(StageKind.Annual, year)).ShouldNotBeNull();
        var route = Catalogue.RouteFor(plan, report, "district").ShouldNotBeNull();
        route.Clause.ShouldBe(clause);
        route.DueIn(year).ShouldBe(DateOnly.Parse(due, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData(StageKind.MidTerm, 2023)]
    [InlineData(StageKind.Final, 2025)]
    public void Schedule_ChuPuh_SoKet2023_TongKet2025_UnderII4_WithoutADate(StageKind kind, int year)
    {
        var report = Catalogue.Find("chu-puh-2021-2025", new ReportStage(kind, year)).ShouldNotBeNull();
        var route = Catalogue.RouteFor("chu-puh-2021-2025", report, "district").ShouldNotBeNull();
        route.Clause.ShouldBe("II.4");
        route.Text.ShouldContain($"Năm {year}");
        route.DueIn(year).ShouldBeNull();
        route.NoDate.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public void Schedules_EveryPlanWithoutAnOutline_UsesTheMovementsDefault_AndSaysSo()
    {
        Catalogue.Schedules.Keys.Order().ShouldBe(ReportTestData.Plans.Value.PlanIds.Order());
        foreach (var (plan, schedule) in Catalogue.Schedules.Where(s => s.Key != "bac-giang-so-ket-2023"))
        {
            foreach (var report in schedule.Reports)
            {
                report.Outline.ShouldBe("de-cuong-bac-giang-2023", plan);
                report.OutlineNote.ShouldNotBeNull(plan).ShouldContain("đề cương mặc định của Phong trào");
            }
        }
    }

    [Fact]
    public void Load_BadOutline_NamesEachProblemByPath_InBothLanguages_AndLoadsNothing()
    {
        var outline = """
            { "id": "x", "plan": "bac-giang-so-ket-2023", "clause": "II", "title": "T",
              "sections": [ { "number": "I", "title": "A", "clause": "Đề cương, mục I",
                "subsections": [ { "number": "1", "title": "B", "clause": "" }, { "number": "1", "title": "C", "clause": "Đề cương" } ] } ] }
            """;
        var ex = Should.Throw<ReportDataException>(() => ReportCatalogue.Load([("x.json", outline)], [], ReportTestData.Plans.Value));
        ex.Errors.Select(e => e.Path).ShouldBe(["$.sections[0].subsections[0].clause", "$.sections[0].subsections[1].number"]);
        ex.Errors[0].Vi.ShouldContain("điều khoản");
        ex.Errors[0].En.ShouldContain("cite its clause");
    }

    [Fact]
    public void Load_UnknownField_GivesItsJsonPath()
    {
        var outline = """{ "id": "x", "plan": "bac-giang-so-ket-2023", "clause": "II", "title": "T", "sections": [ { "number": "I", "title": "A", "clause": "c", "promt": [] } ] }""";
        var ex = Should.Throw<ReportDataException>(() => ReportCatalogue.Load([("x.json", outline)], [], ReportTestData.Plans.Value));
        ex.Errors.ShouldHaveSingleItem().Path.ShouldBe("$.sections[0].promt");
    }

    [Fact]
    public void Load_ScheduleNamingAnUnknownDeadline_OrAnotherPlansOutlineWithoutANote_IsRefused()
    {
        var outlines = Catalogue.Outlines.Values.Select(o => (o.Id + ".json", System.Text.Json.JsonSerializer.Serialize(o, ReportJson.Default.ReportOutline))).ToList();
        var schedule = """
            { "plan": "chu-puh-2021-2025", "reports": [ { "stage": { "kind": "annual" }, "outline": "de-cuong-bac-giang-2023",
              "routes": [ { "level": "unit", "deadline": "report-by-10-11" } ] } ] }
            """;
        var ex = Should.Throw<ReportDataException>(() => ReportCatalogue.Load(outlines, [("chu-puh-2021-2025.json", schedule)], ReportTestData.Plans.Value));
        ex.Errors.Select(e => e.Path).ShouldBe(["$.reports[0].outlineNote", "$.reports[0].routes[0].deadline"]);
        ex.Errors[1].En.ShouldContain("annual-report");
    }

    [Fact]
    public void Load_ScheduleNamingUnknownReporters_OrReportersWithoutANote_IsRefused()
    {
        var outlines = Catalogue.Outlines.Values.Select(o => (o.Id + ".json", System.Text.Json.JsonSerializer.Serialize(o, ReportJson.Default.ReportOutline))).ToList();
        var schedule = """
            { "plan": "chu-puh-2021-2025", "reports": [ { "stage": { "kind": "annual" }, "outline": "de-cuong-bac-giang-2023", "outlineNote": "mặc định",
              "routes": [ { "level": "unit", "deadline": "annual-report", "reporters": ["bodies", "communes"] } ] } ] }
            """;
        var ex = Should.Throw<ReportDataException>(() => ReportCatalogue.Load(outlines, [("chu-puh-2021-2025.json", schedule)], ReportTestData.Plans.Value));
        ex.Errors.Select(e => e.Path).ShouldBe(["$.reports[0].routes[0].reporters[1]", "$.reports[0].routes[0].reportersNote"]);
        ex.Errors[0].Vi.ShouldContain("communes");
        ex.Errors[0].En.ShouldContain("units-below, bodies, self");
    }
}
