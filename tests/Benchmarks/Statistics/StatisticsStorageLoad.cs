using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NoOneLeftBehind.Domain.Statistics;
using NoOneLeftBehind.Domain.Statistics.Generation;
using NoOneLeftBehind.Domain.Units;
using NoOneLeftBehind.Functions.Statistics;
using NoOneLeftBehind.Infrastructure.Statistics;
using NoOneLeftBehind.Infrastructure.Statistics.Import;
using NoOneLeftBehind.Infrastructure.Statistics.Storage;
using NoOneLeftBehind.Infrastructure.Storage;
using NoOneLeftBehind.TestSupport;

namespace NoOneLeftBehind.Benchmarks.Statistics;

/// <summary>
/// Load script (fixed budget) for statistics storage on a fresh in-memory Azurite:
/// 55,000 rows written with entity-group transactions vs one by one, the whole import path,
/// the national dashboard read (p50/p95 over N reads, entities per read) and the incremental
/// rebuild after one province's year is re-imported.
/// Usage: dotnet run -c Release --project tests/Benchmarks -- statistics-storage [rows] [oneByOneRows] [reads]
/// </summary>
internal static class StatisticsStorageLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 55_000;
        var oneByOneRows = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000;
        var reads = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 200;

        using var azurite = new AzuriteFixture();
        await azurite.InitializeAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(azurite.ConfigurationValues).Build();
        var collection = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration).AddDataStorage(configuration);
        collection.AddStatistics(configuration);
        await using var services = collection.BuildServiceProvider();
        var importer = services.GetRequiredService<ReviewFileImporter>();
        var store = services.GetRequiredService<StatisticsStore>();
        var processor = services.GetRequiredService<ReviewImportProcessor>();
        var projector = services.GetRequiredService<DashboardProjector>();
        var reader = services.GetRequiredService<ProjectionReader>();
        var uploader = new Uploader("benchmark", "benchmark", "VN");

        var registry = UnitRegistry.Embedded;
        var figures = new PovertyFigureGenerator(registry).Generate(2019, 2024, 11).Take(rows).ToList();
        var csv = ReviewFileWriter.Csv(figures);
        var clock = Stopwatch.StartNew();
        var batch = importer.Import("bench.csv", csv).Batch ?? throw new InvalidOperationException("generated file invalid");
        Report("validate (read + check) ", figures.Count, clock.Elapsed);

        // 1. Rows only, transactions of 100 (8 in flight), then one by one (8 in flight) on a smaller file.
        await store.EnsureCreatedAsync(default);
        clock.Restart();
        await store.WriteRowsAsync(batch, null, default);
        var transactional = Report("rows, transactions       ", batch.Rows.Count, clock.Elapsed);
        var small = importer.Import("small.csv", ReviewFileWriter.Csv(figures.Take(oneByOneRows))).Batch!;
        clock.Restart();
        await store.WriteRowsOneByOneAsync(small, default);
        var single = Report("rows, one by one         ", small.Rows.Count, clock.Elapsed);
        Console.WriteLine(FormattableString.Invariant($"ratio transactions / one-by-one: {transactional / single:0.0}×"));

        // 2. The whole import path (rows again: idempotent upserts; batch record; flip; full projections).
        clock.Restart();
        await processor.ImportDirectAsync("bench.csv", csv, uploader, null, default);
        Report("import end to end        ", batch.Rows.Count, clock.Elapsed);

        // 3. National dashboard read (what GET /api/statistics/national reads): national series + provinces × years, both bases.
        foreach (var basis in new[] { ProjectionBasis.Historical, ProjectionBasis.Reform2025 })
        {
            var timings = new List<double>();
            var entities = 0;
            var queries = 0;
            for (var i = 0; i < reads + 10; i++)
            {
                clock.Restart();
                var view = await reader.UnitWithChildrenAsync(ProjectionKeys.National, basis, 2015, 2025, includeSelf: true, default);
                if (i >= 10) timings.Add(clock.Elapsed.TotalMilliseconds); // first 10: warm-up
                if (view.Self.Count == 0 || view.Children.Count == 0) throw new InvalidOperationException("The national read came back empty.");
                entities = view.EntitiesRead;
                queries = view.Queries;
            }
            timings.Sort();
            Console.WriteLine(FormattableString.Invariant(
                $"national dashboard ({basis.Key()}): p50 {timings[timings.Count / 2]:0.0} ms, p95 {timings[(int)(timings.Count * 0.95)]:0.0} ms, {entities} entities in {queries} query per read"));
        }

        // 4. One province's year re-imported (Gia Lai 64, 2023: every poor count −1 where possible): import and incremental rebuild.
        var giaLai = figures.Where(f => f.Year == 2023 && registry.IsWithin(f.Unit, UnitCode.Parse("64"), ReviewCalendar.ReferenceDate(2023)))
            .Select(f => f with { Counts = new HouseholdCounts(f.Counts.Households, Math.Max(0, f.Counts.Poor - 1), f.Counts.NearPoor, f.Counts.Minority is { } m ? new MinorityCounts(m.Households, Math.Min(m.Poor, Math.Max(0, f.Counts.Poor - 1)), m.NearPoor) : null) })
            .ToList();
        clock.Restart();
        await processor.ImportDirectAsync("gia-lai-2023.csv", ReviewFileWriter.Csv(giaLai), uploader, null, default);
        Report("one province-year import ", giaLai.Count, clock.Elapsed);
        clock.Restart();
        var written = await projector.ProjectAsync([new SourceKey(2023, "64")], default);
        Console.WriteLine(FormattableString.Invariant($"incremental rebuild (2023, province 64 → new 52 with old 52): {clock.Elapsed.TotalMilliseconds:0} ms, {written} entities written"));
        clock.Restart();
        written = await projector.ProjectAsync(null, default);
        Console.WriteLine(FormattableString.Invariant($"full rebuild: {clock.Elapsed.TotalSeconds:0.0} s, {written} entities written"));
        return 0;
    }

    private static double Report(string what, int count, TimeSpan elapsed)
    {
        var rate = count / elapsed.TotalSeconds;
        Console.WriteLine(FormattableString.Invariant($"{what}: {count} rows in {elapsed.TotalSeconds:0.00} s = {rate:0} rows/s"));
        return rate;
    }
}
