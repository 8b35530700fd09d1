namespace NoOneLeftBehind.Domain.Statistics.Import;

/// <summary>One cell as read from a file, before interpretation.</summary>
/// <param name="Text">The text (for a numeric spreadsheet cell, its invariant-culture number text); <see langword="null"/> when empty.</param>
/// <param name="IsNumber">Whether the file typed the cell as a number (XLSX), rather than text.</param>
public readonly record struct RawCell(string? Text, bool IsNumber = false)
{
    /// <summary>Whether the cell has no text (or only whitespace).</summary>
    public bool IsBlank => string.IsNullOrWhiteSpace(Text);
}

/// <summary>A row as read from a file.</summary>
/// <param name="Number">The row's number in the file as a user sees it (1-based; the header is row 1 in the template).</param>
/// <param name="Cells">The cells, by 0-based column index (shorter rows have fewer cells).</param>
public sealed record RawRow(int Number, IReadOnlyList<RawCell> Cells)
{
    /// <summary>The cell at <paramref name="index"/>, or a blank cell past the end of the row.</summary>
    /// <param name="index">The 0-based column index.</param>
    /// <returns>The cell.</returns>
    public RawCell this[int index] => index < Cells.Count ? Cells[index] : default;

    /// <summary>Whether every cell is blank.</summary>
    public bool IsBlank => Cells.All(c => c.IsBlank);
}

/// <summary>The content of a CSV file or spreadsheet, as read by a file parser: a header row and data rows.</summary>
/// <param name="FileName">The file's name, for messages.</param>
/// <param name="Sheet">The sheet's name for a workbook; <see langword="null"/> for CSV.</param>
/// <param name="Header">The header row; <see langword="null"/> when the file has no rows at all.</param>
/// <param name="Rows">The data rows after the header, in file order.</param>
/// <param name="ContentHash">The SHA-256 of the file's bytes.</param>
public sealed record RawReviewTable(string FileName, string? Sheet, RawRow? Header, IReadOnlyList<RawRow> Rows, ContentHash ContentHash);
