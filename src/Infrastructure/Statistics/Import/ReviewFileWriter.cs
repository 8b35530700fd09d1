using System.Globalization;
using CsvHelper;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using NoOneLeftBehind.Domain.Statistics;
using NoOneLeftBehind.Domain.Statistics.Import;

namespace NoOneLeftBehind.Infrastructure.Statistics.Import;

/// <summary>
/// Writes review-result files in the import layout: the downloadable templates (Vietnamese headers,
/// an instructions sheet) and files of figures (exports, test and benchmark data).
/// </summary>
public static class ReviewFileWriter
{
    /// <summary>The instructions sheet's name.</summary>
    public const string InstructionsSheetName = "Hướng dẫn";

    private const uint BoldStyle = 1;
    private const uint TextStyle = 2;

    /// <summary>The headers of the template, in order.</summary>
    public static IReadOnlyList<string> Headers { get; } = [.. ReviewColumns.All.Select(c => c.Header)];

    /// <summary>The CSV template: UTF-8 with BOM (so Excel shows the Vietnamese headers), the header row only.</summary>
    /// <returns>The file's bytes.</returns>
    public static byte[] CsvTemplate() => Csv([]);

    /// <summary>The XLSX template: sheet "Số liệu" with the header row and the code column formatted as text, and sheet "Hướng dẫn".</summary>
    /// <returns>The file's bytes.</returns>
    public static byte[] XlsxTemplate() => Xlsx([]);

    /// <summary>Writes figures as CSV in the import layout.</summary>
    /// <param name="figures">The figures.</param>
    /// <param name="names">Optional unit names per code, for the informative name column.</param>
    /// <returns>The file's bytes.</returns>
    public static byte[] Csv(IEnumerable<UnitYearFigures> figures, Func<UnitYearFigures, string?>? names = null) =>
        CsvRows(Headers, (figures ?? []).Select(f => Cells(f, names)));

    /// <summary>Writes any rows as CSV (UTF-8 with BOM, comma, CRLF) under <paramref name="headers"/>.</summary>
    /// <param name="headers">The header row.</param>
    /// <param name="rows">The rows: each value is written with its invariant-culture text.</param>
    /// <returns>The file's bytes.</returns>
    public static byte[] CsvRows(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<object?>> rows)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(rows);
        using var stream = new MemoryStream();
        using (var writer = CsvWriter.Create(stream, new CsvWriterOptions { WriteByteOrderMark = true }, leaveOpen: true))
        {
            foreach (var header in headers)
                writer.WriteField(header);
            writer.EndRecord();
            foreach (var row in rows)
            {
                foreach (var value in row)
                    writer.WriteField(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty);
                writer.EndRecord();
            }
        }

        return stream.ToArray();
    }

    /// <summary>Writes figures as an XLSX workbook in the import layout.</summary>
    /// <param name="figures">The figures.</param>
    /// <param name="names">Optional unit names per figure, for the informative name column.</param>
    /// <returns>The file's bytes.</returns>
    public static byte[] Xlsx(IEnumerable<UnitYearFigures> figures, Func<UnitYearFigures, string?>? names = null) =>
        XlsxRows(Headers, (figures ?? []).Select(f => Cells(f, names)));

    /// <summary>
    /// Writes any rows as an XLSX workbook (sheet "Số liệu" plus the instructions sheet): strings become
    /// text cells, integers and decimals numeric cells, <see langword="null"/> an empty cell.
    /// </summary>
    /// <param name="headers">The header row.</param>
    /// <param name="rows">The rows.</param>
    /// <returns>The file's bytes.</returns>
    public static byte[] XlsxRows(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<object?>> rows)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(rows);
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var styles = workbook.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = Stylesheet();
            var strings = new SharedStrings();

            var data = workbook.AddNewPart<WorksheetPart>();
            WriteSheet(data, strings, [headers.Cast<object?>().ToArray(), .. rows], boldFirstRow: true, textFirstColumn: true);
            var help = workbook.AddNewPart<WorksheetPart>();
            WriteSheet(help, strings, Instructions(), boldFirstRow: true, textFirstColumn: false);

            var sst = workbook.AddNewPart<SharedStringTablePart>();
            sst.SharedStringTable = new SharedStringTable(strings.All.Select(s => new SharedStringItem(new Text(s) { Space = SpaceProcessingModeValues.Preserve })))
            {
                Count = (uint)strings.All.Count,
                UniqueCount = (uint)strings.All.Count,
            };
            workbook.Workbook.AppendChild(new Sheets(
                new Sheet { Name = ReviewFileReader.DataSheetName, SheetId = 1, Id = workbook.GetIdOfPart(data) },
                new Sheet { Name = InstructionsSheetName, SheetId = 2, Id = workbook.GetIdOfPart(help) }));
        }

        return stream.ToArray();
    }

    private static object?[] Cells(UnitYearFigures f, Func<UnitYearFigures, string?>? names)
    {
        var m = f.Counts.Minority;
        return [f.Unit.Value, names?.Invoke(f), (long)f.Year, f.Counts.Households, f.Counts.Poor, f.Counts.NearPoor, m?.Households, m?.Poor, m?.NearPoor];
    }

    private static List<object?[]> Instructions()
    {
        var rows = new List<object?[]>
        {
            new object?[] { "Cột", "Bắt buộc", "Nội dung", "Column (English)" },
        };
        rows.AddRange(ReviewColumns.All.Select(c => new object?[] { c.Header, c.Required ? "Có" : "Không", c.HelpVi, $"{c.Key}: {c.HelpEn}" }));
        rows.Add([]);
        rows.Add(["Lưu ý", null, "Mỗi dòng là kết quả rà soát cuối năm của một đơn vị trong một năm. Mã đơn vị đọc theo đơn vị hành chính tại ngày 31/12 của năm đó (năm 2025 trở đi: đơn vị sau sắp xếp 01/07/2025).",
            "One row per unit and year (end-of-year review). Codes are read as at 31/12 of the year (2025 on: units after the 01/07/2025 reform)."]);
        rows.Add([null, null, "Không nhập cùng năm cả số liệu của một đơn vị và của đơn vị cấp dưới của nó (số hộ sẽ bị tính hai lần).",
            "Do not give a unit and a unit inside it for the same year (households would be counted twice)."]);
        rows.Add([null, null, "Có thể lưu tệp dạng CSV (UTF-8, dấu phẩy hoặc chấm phẩy) với cùng dòng tiêu đề.",
            "The same layout can be saved as CSV (UTF-8, comma or semicolon)."]);
        return rows;
    }

    private static void WriteSheet(WorksheetPart part, SharedStrings strings, IEnumerable<IReadOnlyList<object?>> rows, bool boldFirstRow, bool textFirstColumn)
    {
        using var writer = OpenXmlWriter.Create(part);
        writer.WriteStartElement(new Worksheet());
        writer.WriteStartElement(new Columns());
        writer.WriteElement(new Column { Min = 1, Max = 1, Width = 14, CustomWidth = true, Style = textFirstColumn ? TextStyle : 0U });
        writer.WriteElement(new Column { Min = 2, Max = 2, Width = 26, CustomWidth = true });
        writer.WriteElement(new Column { Min = 3, Max = 9, Width = 18, CustomWidth = true });
        writer.WriteEndElement();
        writer.WriteStartElement(new SheetData());
        var rowNumber = 0U;
        foreach (var row in rows)
        {
            rowNumber++;
            writer.WriteStartElement(new Row { RowIndex = rowNumber });
            for (var i = 0; i < row.Count; i++)
            {
                var value = row[i];
                if (value is null)
                    continue;
                var reference = ImportProblem.Letters(i + 1) + rowNumber.ToString(CultureInfo.InvariantCulture);
                var style = rowNumber == 1 && boldFirstRow ? BoldStyle : (i == 0 && textFirstColumn ? TextStyle : 0U);
                var cell = value switch
                {
                    string s => new Cell { CellReference = reference, DataType = CellValues.SharedString, CellValue = new CellValue(strings.IndexOf(s)) },
                    long or int or decimal or double => new Cell { CellReference = reference, CellValue = new CellValue(Convert.ToString(value, CultureInfo.InvariantCulture)!) },
                    _ => throw new ArgumentException($"Cannot write a {value.GetType().Name} to a cell.", nameof(rows)),
                };
                if (style != 0)
                    cell.StyleIndex = style;
                writer.WriteElement(cell);
            }

            writer.WriteEndElement();
        }

        writer.WriteEndElement();
        writer.WriteEndElement();
    }

    private static Stylesheet Stylesheet() => new(
        new Fonts(new Font(), new Font(new Bold())) { Count = 2 },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
        new Borders(new Border()) { Count = 1 },
        new CellStyleFormats(new CellFormat()) { Count = 1 },
        new CellFormats(
            new CellFormat(),
            new CellFormat { FontId = 1, ApplyFont = true },
            new CellFormat { NumberFormatId = 49, ApplyNumberFormat = true }) // 49 = "@", text
        { Count = 3 });

    private sealed class SharedStrings
    {
        private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

        public List<string> All { get; } = [];

        public int IndexOf(string text)
        {
            if (!_index.TryGetValue(text, out var index))
            {
                index = All.Count;
                _index[text] = index;
                All.Add(text);
            }

            return index;
        }
    }
}
