using System.Globalization;
using System.Text;

namespace NoOneLeftBehind.Domain.Statistics.Import;

/// <summary>The kinds of problem an import can report.</summary>
public enum ImportProblemKind
{
    /// <summary>The file has no header or no data rows.</summary>
    EmptyFile,

    /// <summary>The file cannot be read as CSV or XLSX.</summary>
    UnreadableFile,

    /// <summary>A header cell names no known column, a column appears twice, or a required column is missing.</summary>
    WrongHeader,

    /// <summary>A required value is empty.</summary>
    MissingValue,

    /// <summary>A value is not a number.</summary>
    NotANumber,

    /// <summary>A count or year has a fractional part.</summary>
    NotAWholeNumber,

    /// <summary>A count is negative.</summary>
    Negative,

    /// <summary>The year is outside 2000–2100.</summary>
    YearOutOfRange,

    /// <summary>The unit code is not 2–12 digits.</summary>
    InvalidUnitCode,

    /// <summary>No unit ever had this code.</summary>
    UnknownUnit,

    /// <summary>The code names no unit on the year's reference date (31 December).</summary>
    UnitNotValidInYear,

    /// <summary>Households is zero.</summary>
    NoHouseholds,

    /// <summary>Poor households exceed all households.</summary>
    PoorExceedsHouseholds,

    /// <summary>Poor + near-poor exceed all households.</summary>
    PoorAndNearPoorExceedHouseholds,

    /// <summary>Ethnic-minority counts are inconsistent with each other or with the totals.</summary>
    InconsistentMinorityCounts,

    /// <summary>The same unit and year appear twice.</summary>
    DuplicateUnitYear,

    /// <summary>A unit and a unit containing it are given for the same year (households would be counted twice).</summary>
    UnitAndAncestorBothGiven,

    /// <summary>An XLSX package inflates past a limit (total, per part, ratio, entry count): a likely decompression bomb.</summary>
    ArchiveLimitExceeded,
}

/// <summary>
/// One problem found in an imported file, located precisely (file, sheet, row, column) and
/// explained in Vietnamese and English.
/// </summary>
/// <param name="File">The file's name.</param>
/// <param name="Sheet">The sheet's name for a workbook; <see langword="null"/> for CSV.</param>
/// <param name="Row">The row number as the user sees it (the header is row 1); <see langword="null"/> for the whole file.</param>
/// <param name="Column">The 1-based column number; <see langword="null"/> for the whole row or file.</param>
/// <param name="ColumnName">The column's header as written in the template (or in the file for an unknown column).</param>
/// <param name="Kind">The kind of problem.</param>
/// <param name="MessageVi">The explanation in Vietnamese.</param>
/// <param name="MessageEn">The explanation in English.</param>
public sealed record ImportProblem(
    string File,
    string? Sheet,
    int? Row,
    int? Column,
    string? ColumnName,
    ImportProblemKind Kind,
    string MessageVi,
    string MessageEn)
{
    /// <summary>The longest cell text a problem quotes; longer text is cut with "…".</summary>
    public const int MaxQuoted = 60;

    /// <summary>
    /// A cell's text as a problem quotes it: at most <see cref="MaxQuoted"/> characters (then "…"), control characters
    /// shown as "�". A file's text is untrusted: a 32 MB cell of zero bytes quoted whole, and escaped as JSON, made an
    /// answer 18 times the upload; quoted this way, a problem stays a line whatever the file holds.
    /// </summary>
    /// <param name="text">The cell's text.</param>
    /// <returns>The text to put in a message or a column name.</returns>
    public static string Quote(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var cut = text.Length > MaxQuoted;
        var length = cut ? MaxQuoted : text.Length;
        if (cut && char.IsHighSurrogate(text[length - 1])) length--; // never split a character
        var quoted = new StringBuilder(length + 1);
        foreach (var c in text.AsSpan(0, length)) quoted.Append(char.IsControl(c) ? '\uFFFD' : c);
        return cut ? quoted.Append('…').ToString() : quoted.ToString();
    }

    /// <summary>The spreadsheet letter of <see cref="Column"/> ("A", "B", … "AA").</summary>
    public string? ColumnLetter => Column is { } c ? Letters(c) : null;

    /// <summary>The location and both messages on one line, for logs and tests.</summary>
    /// <returns>E.g. "tinh.xlsx [Số liệu] row 5, column E (Số hộ nghèo): … / …".</returns>
    public override string ToString()
    {
        var text = new StringBuilder(File);
        if (Sheet is not null)
            text.Append(" [").Append(Sheet).Append(']');
        if (Row is { } row)
            text.Append(CultureInfo.InvariantCulture, $" row {row}");
        if (Column is not null)
            text.Append(CultureInfo.InvariantCulture, $", column {ColumnLetter} ({ColumnName})");
        return text.Append(": ").Append(MessageVi).Append(" / ").Append(MessageEn).ToString();
    }

    /// <summary>Converts a 1-based column number to its spreadsheet letters.</summary>
    /// <param name="column">The 1-based column number.</param>
    /// <returns>The letters.</returns>
    public static string Letters(int column)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(column);
        var letters = new StringBuilder();
        for (var n = column; n > 0; n = (n - 1) / 26)
            letters.Insert(0, (char)('A' + ((n - 1) % 26)));
        return letters.ToString();
    }
}
