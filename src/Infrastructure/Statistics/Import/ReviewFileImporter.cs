using NoOneLeftBehind.Domain.Archives;
using NoOneLeftBehind.Domain.Statistics.Import;
using NoOneLeftBehind.Domain.Units;

namespace NoOneLeftBehind.Infrastructure.Statistics.Import;

/// <summary>
/// Imports a review-result file (CSV or XLSX, recognised by its content, not its name): reads it,
/// validates it against the unit registry and returns a batch or every problem. Pure apart from
/// parsing: nothing is stored here.
/// </summary>
/// <param name="registry">The unit registry.</param>
/// <param name="xlsxLimits">What an XLSX package may inflate to (default: <see cref="ArchiveLimits"/>' defaults).</param>
public sealed class ReviewFileImporter(UnitRegistry registry, ArchiveLimits? xlsxLimits = null)
{
    private readonly ArchiveLimits _xlsxLimits = xlsxLimits ?? new ArchiveLimits();

    private readonly ReviewImportValidator _validator = new(registry);

    /// <summary>Reads and validates a file.</summary>
    /// <param name="fileName">The file's name as uploaded, for messages.</param>
    /// <param name="content">The file's bytes (the batch's content hash is their SHA-256).</param>
    /// <returns>The batch, or the problems with file, sheet, row, column and reason.</returns>
    public ReviewImportResult Import(string fileName, byte[] content)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        ArgumentNullException.ThrowIfNull(content);
        if (content.Length == 0)
        {
            return new ReviewImportResult(null,
            [
                new ImportProblem(fileName, null, null, null, null, ImportProblemKind.EmptyFile,
                    "Tệp rỗng (0 byte).", "The file is empty (0 bytes)."),
            ]);
        }

        var (table, problem) = ReviewFileReader.LooksLikeXlsx(content)
            ? ReviewFileReader.ReadXlsx(fileName, content, _xlsxLimits)
            : ReviewFileReader.ReadCsv(fileName, content);
        return table is null ? new ReviewImportResult(null, [problem!]) : _validator.Validate(table);
    }
}
