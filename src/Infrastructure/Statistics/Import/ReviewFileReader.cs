using System.Globalization;
using CsvHelper;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using NoOneLeftBehind.Domain.Statistics.Import;

namespace NoOneLeftBehind.Infrastructure.Statistics.Import;

/// <summary>
/// Reads review-result files into <see cref="RawReviewTable"/>s: the cells as text, with the row
/// numbers a user sees, nothing interpreted yet (the domain validator does that).
/// </summary>
public static class ReviewFileReader
{
    /// <summary>The sheet read from a workbook when present; otherwise the first sheet.</summary>
    public const string DataSheetName = "Số liệu";

    /// <summary>Whether <paramref name="content"/> is a ZIP package (XLSX), whatever the file name says.</summary>
    /// <param name="content">The file's bytes.</param>
    /// <returns><see langword="true"/> for a ZIP signature.</returns>
    public static bool LooksLikeXlsx(ReadOnlySpan<byte> content) =>
        content.Length >= 4 && content[0] == 0x50 && content[1] == 0x4B && content[2] == 0x03 && content[3] == 0x04;

    /// <summary>
    /// Reads a CSV file: UTF-8 (with or without BOM; UTF-16 with BOM is transcoded); the separator
    /// (',' ';' tab or '|') is detected, so files saved by a Vietnamese-locale Excel (';') work too.
    /// </summary>
    /// <param name="fileName">The file's name, for messages.</param>
    /// <param name="content">The file's bytes.</param>
    /// <returns>The table, or a problem when the bytes cannot be read as CSV.</returns>
    public static (RawReviewTable? Table, ImportProblem? Problem) ReadCsv(string fileName, byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var hash = ContentHash.Of(content);
        var rows = new List<RawRow>();
        RawRow? header = null;
        try
        {
            using var reader = CsvReader.Create(content, new CsvReaderOptions { HasHeader = false, TrackLineNumbers = true });
            while (reader.Read())
            {
                var cells = new RawCell[reader.FieldCount];
                for (var i = 0; i < cells.Length; i++)
                {
                    var text = reader.GetString(i);
                    cells[i] = new RawCell(text.Length == 0 ? null : text);
                }

                var row = new RawRow(checked((int)reader.LineNumber), cells);
                if (header is null)
                    header = row;
                else
                    rows.Add(row);
            }
        }
        catch (Exception e) when (e is CsvFormatException or System.Text.DecoderFallbackException or InvalidDataException)
        {
            return (null, Unreadable(fileName, null, "CSV", e.Message));
        }

        return (new RawReviewTable(fileName, null, header, rows, hash), null);
    }

    /// <summary>
    /// Reads the sheet "Số liệu" (or else the first sheet) of an XLSX workbook, streaming it. Numbers
    /// keep their type (<see cref="RawCell.IsNumber"/>), shared and inline strings are resolved, and
    /// formulas give their cached values.
    /// </summary>
    /// <param name="fileName">The file's name, for messages.</param>
    /// <param name="content">The file's bytes.</param>
    /// <returns>The table, or a problem when the bytes are not a readable workbook.</returns>
    public static (RawReviewTable? Table, ImportProblem? Problem) ReadXlsx(string fileName, byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var hash = ContentHash.Of(content);
        try
        {
            using var stream = new MemoryStream(content, writable: false);
            using var document = SpreadsheetDocument.Open(stream, isEditable: false);
            var workbook = document.WorkbookPart
                ?? throw new InvalidDataException("The package has no workbook part.");
            var sheets = workbook.Workbook.Sheets?.Elements<Sheet>().ToList() ?? [];
            var sheet = sheets.Find(s => string.Equals(s.Name?.Value?.Trim(), DataSheetName, StringComparison.OrdinalIgnoreCase))
                ?? sheets.FirstOrDefault()
                ?? throw new InvalidDataException("The workbook has no sheet.");
            var part = (WorksheetPart)workbook.GetPartById(sheet.Id!.Value!);
            var strings = SharedStrings(workbook);
            var (header, rows) = ReadRows(part, strings);
            return (new RawReviewTable(fileName, sheet.Name?.Value, header, rows, hash), null);
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or FileFormatException
            or System.Xml.XmlException or InvalidOperationException or ArgumentException or FormatException)
        {
            return (null, Unreadable(fileName, null, "XLSX", e.Message));
        }
    }

    private static string[] SharedStrings(WorkbookPart workbook)
    {
        var table = workbook.SharedStringTablePart?.SharedStringTable;
        if (table is null)
            return [];
        return [.. table.Elements<SharedStringItem>().Select(TextOf)];
    }

    private static string TextOf(OpenXmlElement item)
    {
        // A rich-text item has runs; phonetic runs (rPh) are readings, not text.
        if (item.GetFirstChild<Text>() is { } plain)
            return plain.Text;
        return string.Concat(item.Elements<Run>().Select(r => r.Text?.Text ?? string.Empty));
    }

    private static (RawRow? Header, List<RawRow> Rows) ReadRows(WorksheetPart part, string[] strings)
    {
        RawRow? header = null;
        var rows = new List<RawRow>();
        var previousRow = 0;
        using var reader = OpenXmlReader.Create(part);
        while (reader.Read())
        {
            if (reader.ElementType != typeof(Row) || !reader.IsStartElement)
                continue;
            var row = (Row)reader.LoadCurrentElement()!;
            var number = row.RowIndex?.Value is { } index ? checked((int)index) : previousRow + 1;
            previousRow = number;
            var cells = new List<RawCell>();
            var nextColumn = 0;
            foreach (var cell in row.Elements<Cell>())
            {
                var column = cell.CellReference?.Value is { } reference ? ColumnIndex(reference) : nextColumn;
                nextColumn = column + 1;
                while (cells.Count < column)
                    cells.Add(default);
                cells.Add(ValueOf(cell, strings));
            }

            var raw = new RawRow(number, cells);
            if (header is null)
            {
                if (!raw.IsBlank)
                    header = raw;
            }
            else
            {
                rows.Add(raw);
            }
        }

        return (header, rows);
    }

    private static RawCell ValueOf(Cell cell, string[] strings)
    {
        var type = cell.DataType?.Value;
        if (type == CellValues.InlineString)
            return Text(cell.InlineString is { } inline ? TextOf(inline) : null);
        var value = cell.CellValue?.Text;
        if (value is null)
            return default;
        if (type == CellValues.SharedString)
        {
            return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < strings.Length
                ? Text(strings[i])
                : throw new InvalidDataException($"Cell {cell.CellReference}: shared string {value} does not exist.");
        }

        if (type is null || type == CellValues.Number)
            return new RawCell(value, IsNumber: true);
        return Text(value); // string (formula result), boolean, error: as text
    }

    private static RawCell Text(string? text) => new(string.IsNullOrEmpty(text) ? null : text);

    private static int ColumnIndex(string reference)
    {
        var index = 0;
        foreach (var c in reference)
        {
            if (c is < 'A' or > 'Z')
                break;
            index = (index * 26) + (c - 'A' + 1);
        }

        return index - 1;
    }

    private static ImportProblem Unreadable(string fileName, string? sheet, string format, string detail) =>
        new(fileName, sheet, null, null, null, ImportProblemKind.UnreadableFile,
            $"Không đọc được tệp dạng {format}: {detail}",
            $"The file cannot be read as {format}: {detail}");
}
