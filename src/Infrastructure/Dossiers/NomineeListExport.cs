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

    /// <summary>Writes the XLSX workbook with a plain heading (title and subtitle only).</summary>
    public static byte[] Xlsx(string title, string subtitle, IReadOnlyList<NomineeListRow> rows) =>
        Xlsx(new NomineeListHeading("", "", new DateOnly(2000, 1, 1), title, subtitle, ""), rows);

    /// <summary>
    /// Writes the danh sách as an office attaches it to a tờ trình, following the conventions of Nghị định
    /// 30/2020/NĐ-CP (issue 17, item 6): the issuing body and the Quốc hiệu, Tiêu ngữ side by side, the number left to
    /// fill ("Số: …/DS-…"), place and date, the title and what it accompanies, the table with borders and its header
    /// row repeated on every printed page, then the signer's block; A4 landscape, fitted to the page's width.
    /// </summary>
    public static byte[] Xlsx(NomineeListHeading heading, IReadOnlyList<NomineeListRow> rows)
    {
        ArgumentNullException.ThrowIfNull(heading);
        ArgumentNullException.ThrowIfNull(rows);
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var styles = workbook.AddNewPart<WorkbookStylesPart>();
            var thin = new Border(
                new LeftBorder { Style = BorderStyleValues.Thin }, new RightBorder { Style = BorderStyleValues.Thin },
                new TopBorder { Style = BorderStyleValues.Thin }, new BottomBorder { Style = BorderStyleValues.Thin }, new DiagonalBorder());
            static Font Times(bool bold = false, bool italic = false, double size = 13)
            {
                var font = new Font();
                if (bold) font.Append(new Bold());
                if (italic) font.Append(new Italic());
                font.Append(new FontSize { Val = size }, new FontName { Val = "Times New Roman" });
                return font;
            }
            static Alignment Align(HorizontalAlignmentValues h, bool wrap = true) => new() { Horizontal = h, Vertical = VerticalAlignmentValues.Top, WrapText = wrap };
            styles.Stylesheet = new Stylesheet(
                new Fonts(Times(), Times(bold: true), Times(italic: true), Times(bold: true, size: 14)) { Count = 4 },
                new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
                new Borders(new Border(), thin) { Count = 2 },
                new CellStyleFormats(new CellFormat()) { Count = 1 },
                new CellFormats(
                    new CellFormat(),                                                                                              // 0 plain
                    new CellFormat(Align(HorizontalAlignmentValues.Center)) { FontId = 1, ApplyFont = true, ApplyAlignment = true }, // 1 bold centred
                    new CellFormat(Align(HorizontalAlignmentValues.Left)) { FontId = 0, BorderId = 1, ApplyBorder = true, ApplyAlignment = true }, // 2 table cell
                    new CellFormat(Align(HorizontalAlignmentValues.Center)) { FontId = 2, ApplyFont = true, ApplyAlignment = true }, // 3 italic centred
                    new CellFormat(Align(HorizontalAlignmentValues.Center)) { FontId = 1, BorderId = 1, ApplyFont = true, ApplyBorder = true, ApplyAlignment = true }, // 4 header cell
                    new CellFormat(Align(HorizontalAlignmentValues.Center)) { FontId = 0, BorderId = 1, ApplyBorder = true, ApplyAlignment = true }, // 5 table number
                    new CellFormat(Align(HorizontalAlignmentValues.Center)) { FontId = 3, ApplyFont = true, ApplyAlignment = true }, // 6 title
                    new CellFormat(Align(HorizontalAlignmentValues.Center)) { FontId = 0, ApplyAlignment = true }) { Count = 8 }); // 7 plain centred
            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            var merges = new List<string>();
            uint headerRow;
            using (var writer = OpenXmlWriter.Create(sheetPart))
            {
                writer.WriteStartElement(new Worksheet());
                writer.WriteElement(new SheetProperties(new PageSetupProperties { FitToPage = true }));
                writer.WriteStartElement(new Columns());
                writer.WriteElement(new Column { Min = 1, Max = 1, Width = 6, CustomWidth = true });
                writer.WriteElement(new Column { Min = 2, Max = 2, Width = 34, CustomWidth = true });
                writer.WriteElement(new Column { Min = 3, Max = 3, Width = 26, CustomWidth = true });
                writer.WriteElement(new Column { Min = 4, Max = 4, Width = 58, CustomWidth = true });
                writer.WriteElement(new Column { Min = 5, Max = 5, Width = 30, CustomWidth = true });
                writer.WriteEndElement();
                writer.WriteStartElement(new SheetData());
                uint r = 0;
                void Line(object left, uint leftStyle, object right, uint rightStyle)
                {
                    ++r;
                    WriteCells(writer, r, [(0, left, leftStyle), (3, right, rightStyle)]);
                    merges.Add($"A{r}:C{r}");
                    merges.Add($"D{r}:E{r}");
                }
                void Whole(object text, uint style)
                {
                    ++r;
                    WriteCells(writer, r, [(0, text, style)]);
                    merges.Add($"A{r}:E{r}");
                }
                var dated = heading.Place.Length > 0
                    ? $"{heading.Place}, ngày {heading.Date.Day:00} tháng {heading.Date.Month:00} năm {heading.Date.Year}"
                    : "";
                if (heading.Issuer.Length > 0)
                {
                    Line(heading.Issuer.ToUpper(Vietnamese), 1, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 1);
                    Line("", 0, "Độc lập - Tự do - Hạnh phúc", 1);
                    Line("Số: ……/DS-……", 7, dated, 3);
                    ++r;
                }
                Whole(heading.Title, 6);
                Whole(heading.Subtitle, 3);
                ++r;
                headerRow = ++r;
                WriteCells(writer, r, [.. Headers.Select((h, i) => (i, (object)h, 4u))]);
                var stt = 0;
                foreach (var row in rows)
                {
                    ++r;
                    WriteCells(writer, r, [(0, (long)++stt, 5u), (1, row.Name, 2u), (2, row.Unit, 2u), (3, row.Achievements, 2u), (4, row.AwardForm, 2u)]);
                }
                if (heading.Signer.Length > 0)
                {
                    ++r;
                    ++r;
                    WriteCells(writer, r, [(3, heading.Signer.ToUpper(Vietnamese), 1u)]);
                    merges.Add($"D{r}:E{r}");
                    ++r;
                    WriteCells(writer, r, [(3, "(Ký tên, đóng dấu)", 3u)]);
                    merges.Add($"D{r}:E{r}");
                }
                writer.WriteEndElement(); // sheetData
                writer.WriteStartElement(new MergeCells { Count = (uint)merges.Count });
                foreach (var m in merges) writer.WriteElement(new MergeCell { Reference = m });
                writer.WriteEndElement();
                writer.WriteElement(new PageMargins { Left = 0.6, Right = 0.4, Top = 0.6, Bottom = 0.6, Header = 0.3, Footer = 0.3 });
                writer.WriteElement(new PageSetup { PaperSize = 9, Orientation = OrientationValues.Landscape, FitToWidth = 1, FitToHeight = 0 });
                writer.WriteEndElement(); // worksheet
            }
            workbook.Workbook.AppendChild(new Sheets(new Sheet { Name = SheetName, SheetId = 1, Id = workbook.GetIdOfPart(sheetPart) }));
            // The table's header row printed again at the top of every page.
            workbook.Workbook.AppendChild(new DefinedNames(new DefinedName($"'{SheetName}'!${headerRow}:${headerRow}") { Name = "_xlnm.Print_Titles", LocalSheetId = 0 }));
        }
        return stream.ToArray();
    }

    /// <summary>The worksheet's name.</summary>
    public const string SheetName = "Danh sách";

    private static readonly CultureInfo Vietnamese = CultureInfo.GetCultureInfo("vi-VN");

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

    private static void WriteCells(OpenXmlWriter writer, uint rowIndex, IEnumerable<(int Column, object Value, uint Style)> cells)
    {
        writer.WriteStartElement(new Row { RowIndex = rowIndex });
        foreach (var (column, value, style) in cells)
        {
            var reference = (char)('A' + column) + rowIndex.ToString(CultureInfo.InvariantCulture);
            var cell = value switch
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

/// <summary>The heading and the signer of a danh sách (Nghị định 30/2020/NĐ-CP).</summary>
/// <param name="Issuer">The issuing body ("UBND huyện Chư Pưh"), written in capitals; empty: no administrative heading.</param>
/// <param name="Place">The place name of the date line ("Chư Pưh").</param>
/// <param name="Date">The date of the list.</param>
/// <param name="Title">"DANH SÁCH ĐỀ NGHỊ …".</param>
/// <param name="Subtitle">What the list accompanies.</param>
/// <param name="Signer">The signer's title ("Thủ trưởng cơ quan, đơn vị"); empty: no signer block.</param>
public sealed record NomineeListHeading(string Issuer, string Place, DateOnly Date, string Title, string Subtitle, string Signer);
