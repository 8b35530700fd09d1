using System.Text;
using DocumentFormat.OpenXml.Packaging;
using NoOneLeftBehind.Infrastructure.Dossiers;

namespace NoOneLeftBehind.Infrastructure.Tests.Dossiers;

/// <summary>The approved list as CSV and XLSX: text a user typed never becomes a formula in a spreadsheet (CWE-1236).</summary>
public sealed class NomineeListExportTests
{
    private static readonly NomineeListRow[] Rows =
    [
        new("=HYPERLINK(\"http://x.example\",\"Xã Ia Hrú\")", "Xã Ia Hrú", "+1 hộ thoát nghèo", "@giay-khen", "23971-a"),
        new("Xã Ia Le", "-Huyện Chư Pưh", "Giảm 120 hộ nghèo", "Giấy khen", "23974-b"),
    ];

    [Fact]
    public void Csv_CellsStartingLikeAFormula_AreNeutralised()
    {
        var csv = Encoding.UTF8.GetString(NomineeListExport.Csv(Rows));

        csv.ShouldContain("\"'=HYPERLINK(");
        csv.ShouldContain("\"'+1 hộ thoát nghèo\"");
        csv.ShouldContain("\"'@giay-khen\"");
        csv.ShouldContain("\"'-Huyện Chư Pưh\"");
        csv.ShouldNotContain(",\"=");
    }

    [Fact]
    public void Xlsx_CellsStartingLikeAFormula_AreTextNotFormulas()
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(NomineeListExport.Xlsx("Danh sách", "Sơ kết 2023", Rows)), false);
        var sheet = document.WorkbookPart!.WorksheetParts.Single().Worksheet;

        sheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.CellFormula>().ShouldBeEmpty();
        sheet.InnerText.ShouldContain("=HYPERLINK("); // kept as the text typed, in a string cell
    }

    [Fact]
    public void Xlsx_IsTheDanhSachOfNghiDinh30_HeadingTableSignerAndPrintSetup()
    {
        // Issue 17, item 6: what an office attaches to a tờ trình as it is.
        var heading = new NomineeListHeading("UBND huyện Chư Pưh", "Chư Pưh", new DateOnly(2023, 11, 28),
            "DANH SÁCH ĐỀ NGHỊ GIẤY KHEN", "(Kèm theo Tờ trình đề nghị khen thưởng – Kế hoạch …; đợt sơ kết năm 2023)", "Thủ trưởng cơ quan, đơn vị");
        using var document = SpreadsheetDocument.Open(new MemoryStream(NomineeListExport.Xlsx(heading, Rows)), false);
        var sheet = document.WorkbookPart!.WorksheetParts.Single().Worksheet;
        var text = sheet.InnerText;

        text.ShouldContain("UBND HUYỆN CHƯ PƯH");
        text.ShouldContain("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
        text.ShouldContain("Độc lập - Tự do - Hạnh phúc");
        text.ShouldContain("Số: ……/DS-……");
        text.ShouldContain("Chư Pưh, ngày 28 tháng 11 năm 2023");
        text.ShouldContain("THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ");
        text.ShouldContain("(Ký tên, đóng dấu)");
        sheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.MergeCell>().Select(m => m.Reference!.Value).ShouldContain("A1:C1");

        var setup = sheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.PageSetup>().Single();
        (setup.PaperSize!.Value, setup.Orientation!.Value).ShouldBe((9u, DocumentFormat.OpenXml.Spreadsheet.OrientationValues.Landscape)); // A4 landscape
        var titles = document.WorkbookPart.Workbook.Descendants<DocumentFormat.OpenXml.Spreadsheet.DefinedName>().Single(d => d.Name == "_xlnm.Print_Titles");
        var headerRow = sheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Row>().Single(r => r.InnerText.StartsWith("STT", StringComparison.Ordinal)).RowIndex!.Value;
        titles.Text.ShouldBe($"'Danh sách'!${headerRow}:${headerRow}", "the header row repeats on every page");

        // Every table cell (header and rows) has a border; the heading has none.
        var stylesheet = document.WorkbookPart.WorkbookStylesPart!.Stylesheet;
        var formats = stylesheet.CellFormats!.Elements<DocumentFormat.OpenXml.Spreadsheet.CellFormat>().ToList();
        var tableCells = sheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Cell>().Where(c => ReferenceRow(c.CellReference!.Value!) >= headerRow && ReferenceRow(c.CellReference!.Value!) < headerRow + 1 + (uint)Rows.Length).ToList();
        tableCells.Count.ShouldBe(5 * (1 + Rows.Length));
        tableCells.Select(c => formats[(int)StyleOf(c)].BorderId!.Value).ShouldAllBe(border => border == 1u);
    }

    private static uint StyleOf(DocumentFormat.OpenXml.Spreadsheet.Cell cell) => cell.StyleIndex is { } index ? index.Value : 0u;

    private static uint ReferenceRow(string reference) => uint.Parse(reference[1..], System.Globalization.CultureInfo.InvariantCulture);
}
