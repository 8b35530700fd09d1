using NoOneLeftBehind.Domain.Statistics;

namespace NoOneLeftBehind.Domain.Statistics.Import;

/// <summary>A validated row of a batch, with the row it came from.</summary>
/// <param name="Row">The row number in the file.</param>
/// <param name="Figures">The unit's figures for the year.</param>
public sealed record ReviewBatchRow(int Row, UnitYearFigures Figures);

/// <summary>
/// A validated import: an immutable set of unit-year figures named by the SHA-256 of the file it came
/// from. Persistence writes it under <see cref="VersionId"/> and only then makes it current
/// (docs/adr/0004-statistics-versions.md); importing the same bytes again gives the same id.
/// </summary>
public sealed class ReviewBatch
{
    internal ReviewBatch(string fileName, string? sheet, ContentHash contentHash, ReviewBatchRow[] rows)
    {
        FileName = fileName;
        Sheet = sheet;
        ContentHash = contentHash;
        Rows = Array.AsReadOnly(rows);
        Years = Array.AsReadOnly(rows.Select(r => r.Figures.Year).Distinct().Order().ToArray());
    }

    /// <summary>The imported file's name.</summary>
    public string FileName { get; }

    /// <summary>The sheet read, for a workbook.</summary>
    public string? Sheet { get; }

    /// <summary>The SHA-256 of the file's bytes.</summary>
    public ContentHash ContentHash { get; }

    /// <summary>The id the batch is stored under: its content hash.</summary>
    public string VersionId => ContentHash.ToString();

    /// <summary>The figures, in file order, one per unit and year.</summary>
    public IReadOnlyList<ReviewBatchRow> Rows { get; }

    /// <summary>The review years present, ascending.</summary>
    public IReadOnlyList<int> Years { get; }

    /// <summary>The figures without their row numbers.</summary>
    public IEnumerable<UnitYearFigures> Figures => Rows.Select(r => r.Figures);

    /// <summary>
    /// The current figures given batches in the order they were made current: for each unit and year,
    /// the figure of the latest batch that has one.
    /// </summary>
    /// <param name="batchesInOrder">The batches, oldest first.</param>
    /// <returns>One figure per unit and year.</returns>
    public static IReadOnlyList<UnitYearFigures> Current(IEnumerable<ReviewBatch> batchesInOrder)
    {
        ArgumentNullException.ThrowIfNull(batchesInOrder);
        var latest = new Dictionary<(Units.UnitCode, int), UnitYearFigures>();
        foreach (var batch in batchesInOrder)
        {
            foreach (var row in batch.Rows)
                latest[(row.Figures.Unit, row.Figures.Year)] = row.Figures;
        }

        return [.. latest.Values];
    }
}

/// <summary>The outcome of validating an import: a batch, or every problem found.</summary>
/// <param name="Batch">The batch when the file has no problem.</param>
/// <param name="Problems">Every problem, in file order; empty when <paramref name="Batch"/> is set.</param>
public sealed record ReviewImportResult(ReviewBatch? Batch, IReadOnlyList<ImportProblem> Problems)
{
    /// <summary>Whether the file was accepted.</summary>
    public bool IsValid => Batch is not null;
}
