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
}
