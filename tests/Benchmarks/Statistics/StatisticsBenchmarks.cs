using BenchmarkDotNet.Attributes;
using NoOneLeftBehind.Domain.Statistics;
using NoOneLeftBehind.Domain.Statistics.Generation;
using NoOneLeftBehind.Domain.Units;
using NoOneLeftBehind.Infrastructure.Statistics.Import;

namespace NoOneLeftBehind.Benchmarks.Statistics;

/// <summary>
/// Issue #5: parse + validate 55,000 review rows (≈ 11,000 communes × 5 years) from CSV and XLSX;
/// aggregate every commune × 11 years nationally, in each year's boundaries and in today's.
/// </summary>
[MemoryDiagnoser]
public class StatisticsBenchmarks
{
    private const int ImportRows = 55_000;
    private static readonly DateOnly ReformDay = new(2025, 7, 1);

    private UnitRegistry _registry = null!;
    private ReviewFileImporter _importer = null!;
    private IReadOnlyList<UnitYearFigures> _allYears = null!;
    private byte[] _csv = null!;
    private byte[] _xlsx = null!;

    [GlobalSetup]
    public void Setup()
    {
        _registry = UnitRegistry.Embedded;
        _importer = new ReviewFileImporter(_registry);
        _allYears = new PovertyFigureGenerator(_registry).Generate(2015, 2025, seed: 20250701);
        var rows = _allYears.Where(f => f.Year >= 2019).Take(ImportRows).ToArray(); // 2019–2024 in the old communes
        _csv = ReviewFileWriter.Csv(rows);
        _xlsx = ReviewFileWriter.Xlsx(rows);
        if (_importer.Import("check.csv", _csv).Batch?.Rows.Count != ImportRows || _importer.Import("check.xlsx", _xlsx).Batch?.Rows.Count != ImportRows)
            throw new InvalidOperationException("The benchmark files do not import cleanly.");
    }

    [Benchmark(Description = "Import CSV 55,000 rows (parse + validate)")]
    public int ImportCsv() => _importer.Import("rows.csv", _csv).Batch!.Rows.Count;

    [Benchmark(Description = "Import XLSX 55,000 rows (parse + validate)")]
    public int ImportXlsx() => _importer.Import("rows.xlsx", _xlsx).Batch!.Rows.Count;

    [Benchmark(Description = "Aggregate all communes × 11 years, historical boundaries")]
    public long AggregateHistorical() => PovertyAggregation.ByHistoricalBoundaries(_allYears, _registry).National(2024)!.Counts.Poor;

    [Benchmark(Description = "Aggregate all communes × 11 years, 2025 boundaries")]
    public long AggregateToday() => PovertyAggregation.ByBoundariesOf(ReformDay, _allYears, _registry).National(2024)!.Counts.Poor;

    [Benchmark(Description = "Generate all communes × 11 years")]
    public int Generate() => new PovertyFigureGenerator(_registry).Generate(2015, 2025, seed: 1).Count;
}
