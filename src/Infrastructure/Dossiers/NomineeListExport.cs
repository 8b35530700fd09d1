using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace NoOneLeftBehind.Infrastructure.Dossiers;

/// <summary>One nominee of the consolidated list.</summary>
/// <param name="Name">Name of the collective, household or person.</param>
/// <param name="Unit">Unit (nominating unit's name and code).</param>
/// <param name="Achievements">Summary of achievements.</param>
/// <param name="AwardForm">Award form's name.</param>
/// <param name="DossierId">Dossier id (CSV only, for reconciliation).</param>
public sealed record NomineeListRow(string Name, string Unit, string Achievements, string AwardForm, string DossierId);

/// <summary>
/// The consolidated list of approved nominees (danh sách kèm tờ trình) as XLSX — title lines, then
/// STT, name, unit, achievements summary, award form — and as CSV (UTF-8 with BOM, RFC 4180).
/// </summary>
public static class NomineeListExport
{
    /// <summary>Column headers, in order.</summary>
    public static IReadOnlyList<string> Headers { get; } = ["STT", "Tên tập thể, hộ gia đình, cá nhân", "Đơn vị", "Tóm tắt thành tích", "Hình thức khen thưởng"];

    /// <summary>Writes the XLSX workbook.</summary>
    public static byte[] Xlsx(string title, string subtitle, IReadOnlyList<NomineeListRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var styles = workbook.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = new Stylesheet(
                new Fonts(new Font(), new Font(new Bold())) { Count = 2 },
                new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
                new Borders(new Border()) { Count = 1 },
                new CellStyleFormats(new CellFormat()) { Count = 1 },
                new CellFormats(new CellFormat(), new CellFormat { FontId = 1, ApplyFont = true },
                    new CellFormat(new Alignment { WrapText = true, Vertical = VerticalAlignmentValues.Top }) { ApplyAlignment = true }) { Count = 3 });
            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            using (var writer = OpenXmlWriter.Create(sheetPart))
            {
                writer.WriteStartElement(new Worksheet());
                writer.WriteStartElement(new Columns());
                writer.WriteElement(new Column { Min = 1, Max = 1, Width = 6, CustomWidth = true });
                writer.WriteElement(new Column { Min = 2, Max = 2, Width = 36, CustomWidth = true });
                writer.WriteElement(new Column { Min = 3, Max = 3, Width = 30, CustomWidth = true });
                writer.WriteElement(new Column { Min = 4, Max = 4, Width = 60, CustomWidth = true });
                writer.WriteElement(new Column { Min = 5, Max = 5, Width = 32, CustomWidth = true });
                writer.WriteEndElement();
                writer.WriteStartElement(new SheetData());
                uint r = 0;
                WriteRow(writer, ++r, [title], 1);
                WriteRow(writer, ++r, [subtitle], 0);
                WriteRow(writer, ++r, Headers.Cast<object>().ToArray(), 1);
                var stt = 0;
                foreach (var row in rows)
                    WriteRow(writer, ++r, [(long)++stt, row.Name, row.Unit, row.Achievements, row.AwardForm], 2);
                writer.WriteEndElement();
                writer.WriteEndElement();
            }
            workbook.Workbook.AppendChild(new Sheets(new Sheet { Name = "Danh sách", SheetId = 1, Id = workbook.GetIdOfPart(sheetPart) }));
        }
        return stream.ToArray();
    }

    /// <summary>Writes the CSV file.</summary>
    public static byte[] Csv(IReadOnlyList<NomineeListRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var sb = new StringBuilder();
        sb.AppendJoin(',', Headers.Append("Mã hồ sơ").Select(Quote)).Append("\r\n");
        var stt = 0;
        foreach (var row in rows)
        {
            sb.AppendJoin(',', new[] { (++stt).ToString(CultureInfo.InvariantCulture), row.Name, row.Unit, row.Achievements, row.AwardForm, row.DossierId }.Select(Quote)).Append("\r\n");
        }
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(sb.ToString())];
    }

    // Quotes every field; a leading = + - @ is prefixed with ' so spreadsheet apps do not run it as a formula.
    private static string Quote(string value)
    {
        var v = value ?? "";
        if (v.Length > 0 && v[0] is '=' or '+' or '-' or '@' or '\t' or '\r') v = "'" + v;
        return "\"" + v.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    private static void WriteRow(OpenXmlWriter writer, uint rowIndex, object[] values, uint style)
    {
        writer.WriteStartElement(new Row { RowIndex = rowIndex });
        for (var i = 0; i < values.Length; i++)
        {
            var reference = (char)('A' + i) + rowIndex.ToString(CultureInfo.InvariantCulture);
            var cell = values[i] switch
            {
                long n => new Cell { CellReference = reference, CellValue = new CellValue(n.ToString(CultureInfo.InvariantCulture)) },
                var v => new Cell { CellReference = reference, DataType = CellValues.InlineString, InlineString = new InlineString(new Text(Convert.ToString(v, CultureInfo.InvariantCulture) ?? "") { Space = SpaceProcessingModeValues.Preserve }) },
            };
            if (style != 0) cell.StyleIndex = style;
            writer.WriteElement(cell);
        }
        writer.WriteEndElement();
    }
}
