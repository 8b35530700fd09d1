using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;
using NoOneLeftBehind.Domain.Plans;
using NoOneLeftBehind.Domain.Reports;
using NoOneLeftBehind.Domain.Statistics;
using NoOneLeftBehind.Domain.Units;
using NoOneLeftBehind.Infrastructure.Reports;
using NoOneLeftBehind.TestSupport.Reports;
using C = DocumentFormat.OpenXml.Drawing.Charts;

namespace NoOneLeftBehind.Infrastructure.Tests.Reports;

public class ReviewReportDocxTests
{
    private static readonly UnitRegistry Registry = UnitRegistry.Embedded;
    private static readonly ReportTestData Data = new(Registry, ReportTestData.Figures, ReportTestData.BacGiangNominations());
    private static readonly ReportStage SoKet2023 = new(StageKind.MidTerm, 2023);

    private static async Task<(ReviewReport Report, byte[] Docx)> Generate(string plan, ReportStage stage, string unit, string? bodyId = null, string? bodyName = null)
    {
        var report = await Data.Builder().BuildAsync(new ReportRequest(plan, stage, UnitCode.Parse(unit), bodyId, bodyName));
        using var stream = new MemoryStream();
        ReviewReportDocx.Write(report, stream);
        return (report, stream.ToArray());
    }

    private static WordprocessingDocument Open(byte[] docx) => WordprocessingDocument.Open(new MemoryStream(docx), false);

    // Households and poor of the communes inside a unit, added here from the source figures.
    private static (long Households, long Poor) Sum(string unit, int year) =>
        ReportTestData.Figures.Where(f => f.Year == year && Registry.IsWithin(f.Unit, UnitCode.Parse(unit), ReviewCalendar.ReferenceDate(year)))
            .Aggregate((0L, 0L), (a, f) => (a.Item1 + f.Counts.Households, a.Item2 + f.Counts.Poor));

    private static string Vn(long n) => n.ToString("#,0", System.Globalization.CultureInfo.InvariantCulture).Replace(',', '.');

    private static string Vn2(decimal d) => Math.Round(d, 2, MidpointRounding.AwayFromZero).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture).Replace('.', ',');

    private static Table TableAfter(Body body, string caption)
    {
        var p = body.Elements<Paragraph>().First(p => p.InnerText.StartsWith(caption, StringComparison.Ordinal));
        return p.ElementsAfter().OfType<Table>().First();
    }

    private static List<string[]> Rows(Table table) =>
        [.. table.Elements<TableRow>().Select(r => r.Elements<TableCell>().Select(c => c.InnerText).ToArray())];

    [Theory]
    [InlineData("24")]
    [InlineData("218")]
    [InlineData("07201")]
    public async Task Write_IsValidOpenXml_WithTheFormatOfDecree30(string unit)
    {
        var (_, docx) = await Generate("bac-giang-so-ket-2023", SoKet2023, unit);
        using var doc = Open(docx);
        new OpenXmlValidator(DocumentFormat.OpenXml.FileFormatVersions.Office2019).Validate(doc).Select(e => $"{e.Path?.XPath}: {e.Description}").ShouldBeEmpty();

        var section = doc.MainDocumentPart!.Document!.Body!.Elements<SectionProperties>().Single();
        var margin = section.GetFirstChild<PageMargin>()!;
        ((int)margin.Top!).ShouldBeInRange(1134, 1417);     // 20–25 mm
        ((int)margin.Bottom!).ShouldBeInRange(1134, 1417);
        ((int)(uint)margin.Left!).ShouldBeInRange(1701, 1984);   // 30–35 mm
        ((int)(uint)margin.Right!).ShouldBeInRange(851, 1134);   // 15–20 mm
        var size = section.GetFirstChild<PageSize>()!;
        ((uint)size.Width!, (uint)size.Height!).ShouldBe((11906U, 16838U)); // A4
        section.GetFirstChild<TitlePage>().ShouldNotBeNull(); // no number on page 1

        var runs = doc.MainDocumentPart.Document.Body!.Descendants<Run>().Where(r => r.GetFirstChild<Text>() != null).ToList();
        runs.ShouldNotBeEmpty();
        runs.ShouldAllBe(r => r.RunProperties!.RunFonts!.Ascii == "Times New Roman");
        var bodyRuns = doc.MainDocumentPart.Document.Body.Elements<Paragraph>().SelectMany(p => p.Elements<Run>()).Where(r => r.RunProperties?.FontSize != null).ToList();
        bodyRuns.ShouldAllBe(r => r.RunProperties!.FontSize!.Val == "26" || r.RunProperties.FontSize.Val == "28"); // 13–14 pt outside tables

        var pageHeader = doc.MainDocumentPart.HeaderParts.Single(h => h.Header!.Descendants<SimpleField>().Any());
        pageHeader.Header!.Descendants<SimpleField>().Single().Instruction!.Value!.Trim().ShouldBe("PAGE");
    }

    [Fact]
    public async Task Write_Province_HeaderBlock_Title_SectionsInOutlineOrder_PromptsMarked_Signer()
    {
        var (report, docx) = await Generate("bac-giang-so-ket-2023", SoKet2023, "24");
        using var doc = Open(docx);
        var body = doc.MainDocumentPart!.Document!.Body!;
        var header = body.Elements<Table>().First();
        var left = header.Descendants<TableCell>().First().Elements<Paragraph>().Select(p => p.InnerText).ToList();
        left.ShouldContain("ỦY BAN NHÂN DÂN TỈNH BẮC GIANG");
        left.ShouldContain(t => t.StartsWith("Số:", StringComparison.Ordinal) && t.EndsWith("/BC-UBND", StringComparison.Ordinal));
        var right = header.Descendants<TableCell>().Last().Elements<Paragraph>().Select(p => p.InnerText).ToList();
        right[0].ShouldBe("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
        right[1].ShouldBe("Độc lập - Tự do - Hạnh phúc");
        right[2].ShouldStartWith("Bắc Giang, ngày");
        right[2].ShouldEndWith("năm 2023");
        body.Elements<Paragraph>().ShouldContain(p => p.InnerText == "BÁO CÁO");
        body.Elements<Paragraph>().ShouldContain(p => p.InnerText.StartsWith("Sơ kết Phong trào thi đua “Vì người nghèo", StringComparison.Ordinal));

        var headings = body.Elements<Paragraph>().Where(p => p.ParagraphProperties?.ParagraphStyleId?.Val?.Value?.StartsWith("Heading", StringComparison.Ordinal) == true).Select(p => p.InnerText).ToList();
        headings.ShouldBe(report.Outline.Walk().Select(w => w.Section.Number + (w.Depth < 2 ? ". " : ") ") + w.Section.Title));

        var prompts = body.Elements<Paragraph>().Where(p => p.ParagraphProperties?.ParagraphStyleId?.Val == "Prompt").Select(p => p.InnerText).ToList();
        prompts.ShouldAllBe(t => t.StartsWith(ReviewReportDocx.PromptMark, StringComparison.Ordinal));
        foreach (var (path, section, _) in report.Outline.Walk().Where(w => w.Section.IsLeaf))
            prompts.ShouldContain(t => t.Contains($"Nội dung mục {path}: {section.Title} (theo {section.Clause})", StringComparison.Ordinal), path);
        prompts.ShouldContain(t => t.EndsWith("nêu tên, nội dung, cách làm cụ thể, hiệu quả của các mô hình, điển hình tiêu biểu", StringComparison.Ordinal));

        var basis = body.Elements<Paragraph>().First(p => p.InnerText.StartsWith("Thực hiện", StringComparison.Ordinal)).InnerText;
        basis.ShouldContain("Ban Thi đua - Khen thưởng Trung ương");
        basis.ShouldContain("15/12/2023");
        basis.ShouldContain("mục V.2");

        var signature = body.Elements<Table>().Last().InnerText;
        signature.ShouldContain("Nơi nhận:");
        signature.ShouldContain("TM. ỦY BAN NHÂN DÂN");
        signature.ShouldContain("CHỦ TỊCH");
    }

    [Fact]
    public async Task Write_Province_FiguresAndChart_AreTheCommunesSums_InVietnameseNumbers()
    {
        var (_, docx) = await Generate("bac-giang-so-ket-2023", SoKet2023, "24");
        using var doc = Open(docx);
        var body = doc.MainDocumentPart!.Document!.Body!;
        var rows = Rows(TableAfter(body, "Bảng 1."));
        rows[0][0].ShouldBe("Năm");
        rows.Skip(1).Select(r => r[0]).ShouldBe(["2021", "2022", "2023"]);
        foreach (var row in rows.Skip(1))
        {
            var (households, poor) = Sum("24", int.Parse(row[0], System.Globalization.CultureInfo.InvariantCulture));
            (row[1], row[2], row[3]).ShouldBe((Vn(households), Vn(poor), Vn2(poor * 100m / households)));
        }
        rows[1][1].ShouldContain("."); // thousands with a dot

        var districts = Rows(TableAfter(body, "Bảng 3."));
        districts.Count.ShouldBe(1 + 10);
        var lucNam = districts.Single(r => r[0] == "Huyện Lục Nam");
        lucNam[2].ShouldBe(Vn(Sum("218", 2023).Households));

        var chart = doc.MainDocumentPart.ChartParts.ShouldHaveSingleItem().ChartSpace!;
        chart.Descendants<C.CategoryAxisData>().Single().Descendants<C.NumericValue>().Select(v => v.Text).ShouldBe(["2021", "2022", "2023"]);
        var values = chart.Descendants<C.Values>().Single().Descendants<C.NumericValue>().Select(v => decimal.Parse(v.Text, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        values.ShouldBe(new[] { 2021, 2022, 2023 }.Select(y => Sum("24", y)).Select(s => Math.Round(s.Poor * 100m / s.Households, 2, MidpointRounding.AwayFromZero)));
    }

    [Fact]
    public async Task Write_District_AwardsQuotasAndDossiers_AsTheNominationsSay()
    {
        var (_, docx) = await Generate("bac-giang-so-ket-2023", SoKet2023, "213");
        using var doc = Open(docx);
        var body = doc.MainDocumentPart!.Document!.Body!;
        var awards = Rows(TableAfter(body, "Bảng 4."));
        awards[0].ShouldBe(["Hình thức khen thưởng", "Bản nháp", "Đang thẩm định", "Đạt", "Không đạt", "Đã có quyết định", "Tổng số"]);
        awards[1].ShouldBe(["Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", "1", "1", "1", "1", "1", "5"]);
        awards[2].ShouldBe(["Giấy khen", "0", "0", "0", "0", "1", "1"]);
        var quotas = Rows(TableAfter(body, "Bảng 5."));
        quotas.Skip(1).Select(r => (r[2], r[3], r[4])).ShouldBe([("xã", "1 (IV.2.a)", "1"), ("hộ gia đình", "2 (IV.2.a)", "2")]);
        quotas[1][0].ShouldBe("UBND Thành phố Bắc Giang (Mỗi huyện và thành phố Bắc Giang)");
        var dossiers = Rows(TableAfter(body, "Bảng 6."));
        dossiers[1].ShouldBe(["3", "1", "1", "1", "30/11/2023 (mục IV.3.a)"]);
        var communes = Rows(TableAfter(body, "Bảng 3."));
        communes.Count.ShouldBe(1 + Registry.ChildrenOf(UnitCode.Parse("213"), new DateOnly(2023, 12, 31)).Count);
        body.Elements<Paragraph>().First(p => p.InnerText.StartsWith("Thực hiện", StringComparison.Ordinal)).InnerText.ShouldContain("gửi Sở Nội vụ, xong trước ngày 30/11/2023 (mục V.1");
        body.Elements<Table>().First().InnerText.ShouldContain("UBND TỈNH BẮC GIANG");
    }

    [Fact]
    public async Task Write_Commune_NoUnitsBelow_ParentAbove()
    {
        var (_, docx) = await Generate("bac-giang-so-ket-2023", SoKet2023, "07201");
        using var doc = Open(docx);
        var body = doc.MainDocumentPart!.Document!.Body!;
        body.Elements<Paragraph>().ShouldNotContain(p => p.InnerText.StartsWith("Bảng 3.", StringComparison.Ordinal));
        var left = body.Elements<Table>().First().Descendants<TableCell>().First().InnerText;
        left.ShouldContain("UBND THÀNH PHỐ BẮC GIANG");
        left.ShouldContain("ỦY BAN NHÂN DÂN PHƯỜNG THỌ XƯƠNG");
        Rows(TableAfter(body, "Bảng 1.")).Skip(1).Select(r => r[1]).ShouldBe(new[] { 2021, 2022, 2023 }.Select(y => Vn(Sum("07201", y).Households)));
    }

    [Fact]
    public async Task Write_Body_ItsNominationsOnly_NoAreaFigures_HeadOfBodySigns()
    {
        var body = ReportTestData.SoKhdtBacGiang;
        var (_, docx) = await Generate("bac-giang-so-ket-2023", SoKet2023, "24", body.Id, body.Name);
        using var doc = Open(docx);
        var main = doc.MainDocumentPart!.Document!.Body!;
        main.Elements<Paragraph>().ShouldNotContain(p => p.InnerText.StartsWith("Bảng 1.", StringComparison.Ordinal));
        doc.MainDocumentPart.ChartParts.ShouldBeEmpty();
        Rows(TableAfter(main, "Bảng 4."))[1][^1].ShouldBe("2");
        main.Elements<Table>().First().InnerText.ShouldContain("SỞ KẾ HOẠCH VÀ ĐẦU TƯ TỈNH BẮC GIANG");
        main.Elements<Table>().Last().InnerText.ShouldContain("THỦ TRƯỞNG CƠ QUAN");
    }

    [Fact]
    public async Task Write_ChuPuhYearlyReport_SaysTheOutlineIsTheMovementsDefault_AndShowsTheTargets()
    {
        var (_, docx) = await Generate("chu-puh-2021-2025", new ReportStage(StageKind.Annual, 2024), "639");
        using var doc = Open(docx);
        var body = doc.MainDocumentPart!.Document!.Body!;
        body.Elements<Paragraph>().ShouldContain(p => p.InnerText.Contains("đề cương mặc định của Phong trào", StringComparison.Ordinal));
        body.Elements<Paragraph>().ShouldContain(p => p.InnerText.StartsWith("Kết quả thực hiện năm 2024 của Phong trào", StringComparison.Ordinal));
        var targets = Rows(TableAfter(body, "Bảng 2."));
        targets.Skip(1).Select(r => r[1]).ShouldBe(["2022", "2023", "2024", "2022", "2023", "2024"]);
        targets[1][0].ShouldContain("(mục II.1.2)");
        body.Elements<Paragraph>().First(p => p.InnerText.StartsWith("Thực hiện", StringComparison.Ordinal)).InnerText.ShouldContain("10/11/2024 (mục IV.1");
    }

    [Fact]
    public async Task Write_ChuPuhTongKet2025_SaysTheFiguresStopIn2024()
    {
        var (_, docx) = await Generate("chu-puh-2021-2025", new ReportStage(StageKind.Final, 2025), "639");
        using var doc = Open(docx);
        var body = doc.MainDocumentPart!.Document!.Body!;
        body.Elements<Paragraph>().ShouldContain(p => p.InnerText.StartsWith("Tổng kết Phong trào thi đua", StringComparison.Ordinal));
        body.Elements<Paragraph>().ShouldContain(p => p.InnerText.Contains("Số liệu đến năm 2024: Huyện Chư Pưh không còn là đơn vị hành chính vào ngày 31/12/2025", StringComparison.Ordinal));
        Rows(TableAfter(body, "Bảng 1.")).Skip(1).Select(r => r[0]).ShouldBe(["2021", "2022", "2023", "2024"]);
        body.Elements<Table>().First().InnerText.ShouldContain("năm 2025");
    }

    [Theory]
    [InlineData(1234567L, "1.234.567")]
    [InlineData(999L, "999")]
    [InlineData(0L, "0")]
    public void Count_VietnameseThousands(long value, string expected) => ReviewReportDocx.Count(value).ShouldBe(expected);

    [Theory]
    [InlineData("4.035", "4,04")]
    [InlineData("12345.5", "12.345,50")]
    [InlineData("-0.5", "-0,50")]
    public void Fixed_VietnameseDecimals(string value, string expected) =>
        ReviewReportDocx.Fixed(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(expected);
}
