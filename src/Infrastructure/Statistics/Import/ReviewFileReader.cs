using System.Globalization;
using CsvHelper;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using System.Text;
using System.Xml;
using NoOneLeftBehind.Domain.Archives;
using NoOneLeftBehind.Domain.Statistics.Import;
using NoOneLeftBehind.Infrastructure.Archives;

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
    /// formulas give their cached values. The package is first inflated once through
    /// <see cref="ZipPackageScanner"/> against <paramref name="limits"/>: a decompression bomb is refused
    /// before DocumentFormat.OpenXml loads any part.
    /// </summary>
    /// <param name="fileName">The file's name, for messages.</param>
    /// <param name="content">The file's bytes.</param>
    /// <param name="limits">What the package may inflate to (default: <see cref="ArchiveLimits"/>' defaults).</param>
    /// <returns>The table, or a problem when the bytes are not a readable workbook or break a limit.</returns>
    public static (RawReviewTable? Table, ImportProblem? Problem) ReadXlsx(string fileName, byte[] content, ArchiveLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        var hash = ContentHash.Of(content);
        try
        {
            if (ZipPackageScanner.Scan(content, limits ?? new ArchiveLimits()) is { } exceeded)
                return (null, Bomb(fileName, exceeded));
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

    /// <summary>
    /// The shared strings, streamed with a plain XmlReader (not loaded as an OpenXml DOM, which takes
    /// many times the part's size). An item's text is its &lt;t&gt;, or its runs' &lt;t&gt;s; phonetic
    /// runs (rPh) are readings, not text.
    /// </summary>
    private static string[] SharedStrings(WorkbookPart workbook)
    {
        if (workbook.SharedStringTablePart is not { } part)
            return [];
        var strings = new List<string>();
        using var stream = part.GetStream(FileMode.Open, FileAccess.Read);
        using var xml = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
        var text = new StringBuilder();
        var inItem = false;
        var inPhonetic = false;
        xml.Read();
        while (!xml.EOF)
        {
            if (xml.NamespaceURI == SpreadsheetNs)
            {
                var element = xml.NodeType == XmlNodeType.Element;
                var end = xml.NodeType == XmlNodeType.EndElement;
                switch (xml.LocalName)
                {
                    case "si" when element && xml.IsEmptyElement:
                        strings.Add(string.Empty);
                        break;
                    case "si" when element:
                        inItem = true;
                        text.Clear();
                        break;
                    case "si" when end:
                        strings.Add(text.ToString());
                        inItem = false;
                        break;
                    case "rPh" when element && !xml.IsEmptyElement:
                        inPhonetic = true;
                        break;
                    case "rPh" when end:
                        inPhonetic = false;
                        break;
                    case "t" when element && inItem && !inPhonetic && !xml.IsEmptyElement:
                        text.Append(xml.ReadElementContentAsString()); // moves past the end tag
                        continue;
                    default:
                        break;
                }
            }
            xml.Read();
        }

        return [.. strings];
    }

    private const string SpreadsheetNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    /// <summary>
    /// Streams the sheet XML with a plain XmlReader: much faster than materialising OpenXml elements
    /// per row, which matters for 50,000-row files.
    /// </summary>
    private static (RawRow? Header, List<RawRow> Rows) ReadRows(WorksheetPart part, string[] strings)
    {
        RawRow? header = null;
        var rows = new List<RawRow>();
        var previousRow = 0;
        using var stream = part.GetStream(FileMode.Open, FileAccess.Read);
        using var xml = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
        List<RawCell>? cells = null;
        var number = 0;
        var nextColumn = 0;
        while (xml.Read())
        {
            if (xml.NamespaceURI != SpreadsheetNs)
                continue;
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "row")
            {
                number = int.TryParse(xml.GetAttribute("r"), NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : previousRow + 1;
                previousRow = number;
                cells = [];
                nextColumn = 0;
                if (xml.IsEmptyElement)
                {
                    AddRow(ref header, rows, new RawRow(number, cells));
                    cells = null;
                }
            }
            else if (xml.NodeType == XmlNodeType.EndElement && xml.LocalName == "row" && cells is not null)
            {
                AddRow(ref header, rows, new RawRow(number, cells));
                cells = null;
            }
            else if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "c" && cells is not null)
            {
                var column = xml.GetAttribute("r") is { } reference ? ColumnIndex(reference) : nextColumn;
                nextColumn = column + 1;
                var type = xml.GetAttribute("t");
                var cell = xml.IsEmptyElement ? default : ReadCell(xml, type, strings);
                while (cells.Count < column)
                    cells.Add(default);
                cells.Add(cell);
            }
        }

        return (header, rows);
    }

    private static void AddRow(ref RawRow? header, List<RawRow> rows, RawRow row)
    {
        if (header is null)
        {
            if (!row.IsBlank)
                header = row;
        }
        else
        {
            rows.Add(row);
        }
    }

    /// <summary>Reads a &lt;c&gt; element's content, leaving the reader on its end tag.</summary>
    private static RawCell ReadCell(XmlReader xml, string? type, string[] strings)
    {
        string? value = null;
        var inline = new StringBuilder();
        var depth = xml.Depth;
        var inPhonetic = false;
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth)
                break;
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "rPh")
            {
                inPhonetic = !xml.IsEmptyElement;
            }
            else if (xml.NodeType == XmlNodeType.EndElement && xml.LocalName == "rPh")
            {
                inPhonetic = false;
            }
            else if (xml.NodeType == XmlNodeType.Element && !xml.IsEmptyElement && (xml.LocalName == "v" || (xml.LocalName == "t" && !inPhonetic)))
            {
                var isValue = xml.LocalName == "v";
                var text = xml.ReadElementContentAsString(); // moves past the end tag
                if (isValue)
                    value = text;
                else
                    inline.Append(text);
                if (xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth)
                    break;
            }
        }

        switch (type)
        {
            case "inlineStr":
                return Text(inline.ToString());
            case "s":
                return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < strings.Length
                    ? Text(strings[i])
                    : throw new InvalidDataException($"A cell refers to shared string {value}, which does not exist.");
            case null or "n":
                return value is null ? default : new RawCell(value, IsNumber: true);
            default:
                return Text(value); // str (formula result), b, e, d: as text
        }
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

    private static ImportProblem Bomb(string fileName, ArchiveLimitExceeded exceeded) =>
        new(fileName, null, null, null, null, ImportProblemKind.ArchiveLimitExceeded,
            $"Tệp XLSX bị từ chối vì có dấu hiệu bom nén: {exceeded.MessageVi}. Không nhập gì.",
            $"The XLSX file was refused as a likely decompression bomb: {exceeded.MessageEn}. Nothing was imported.");

    private static ImportProblem Unreadable(string fileName, string? sheet, string format, string detail) =>
        new(fileName, sheet, null, null, null, ImportProblemKind.UnreadableFile,
            $"Không đọc được tệp dạng {format}: {detail}",
            $"The file cannot be read as {format}: {detail}");
}
