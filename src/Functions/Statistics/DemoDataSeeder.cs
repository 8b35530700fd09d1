using System.Diagnostics;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using NoOneLeftBehind.Domain.Statistics;
using NoOneLeftBehind.Domain.Statistics.Generation;
using NoOneLeftBehind.Domain.Units;
using NoOneLeftBehind.Functions.Hosting;
using NoOneLeftBehind.Infrastructure.Statistics;
using NoOneLeftBehind.Infrastructure.Statistics.Import;
using NoOneLeftBehind.Infrastructure.Statistics.Storage;

namespace NoOneLeftBehind.Functions.Statistics;

/// <summary>
/// With <c>Statistics:SeedDemoData</c> (on in appsettings.Development.json), loads generated review figures
/// for every unit of the registry, 2015–2025, on first start, so that a newcomer's dashboards have data at
/// once. It runs in the background (startup is not held up), logs its progress, and goes through the same
/// import path as an upload (a generated CSV: one version, idempotent). A marker entity says it is done;
/// a run killed half-way is simply repeated on the next start.
/// </summary>
internal sealed partial class DemoDataSeeder(
    IServiceProvider services, IOptions<StatisticsApiOptions> options, TableServiceClient tables, IOptions<StatisticsStorageOptions> storage,
    ILogger<DemoDataSeeder> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.SeedDemoData) return;
        await Task.Yield();
        await StartupRetry.RunAsync(SeedAsync, (ex, attempt) => LogRetry(logger, ex, attempt), ex => LogGaveUp(logger, ex), stoppingToken);
    }

    private async Task SeedAsync(CancellationToken ct)
    {
        var seed = options.Value.DemoSeed;
        var table = tables.GetTableClient(storage.Value.StatisticsTable);
        await table.CreateIfNotExistsAsync(ct);
        var markerRow = "demo-" + seed.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (await table.GetEntityIfExistsAsync<TableEntity>("seed", markerRow, cancellationToken: ct) is { HasValue: true } marker)
        {
            var version = marker.Value!.GetString("VersionId") ?? "";
            LogAlreadyLoaded(logger, version);
            return;
        }

        var clock = Stopwatch.StartNew();
        LogGenerating(logger, seed);
        var registry = UnitRegistry.Embedded;
        var figures = new PovertyFigureGenerator(registry).Generate(2015, 2025, seed);
        var csv = ReviewFileWriter.Csv(figures, f => registry.Find(f.Unit, ReviewCalendar.ReferenceDate(f.Year))?.Name);
        LogGenerated(logger, figures.Count, csv.Length / 1024, clock.ElapsedMilliseconds);

        var processor = services.GetRequiredService<ReviewImportProcessor>();
        var job = await processor.ImportDirectAsync("du-lieu-mau-2015-2025.csv", csv,
            new Uploader("demo-generator", "Dữ liệu mẫu (sinh tự động) / generated demo data", ProjectionKeysNational),
            (written, total) =>
            {
                LogProgress(logger, written, total, clock.ElapsedMilliseconds / 1000);
                return Task.CompletedTask;
            }, ct);
        await table.UpsertEntityAsync(new TableEntity("seed", markerRow) { ["VersionId"] = job.VersionId, ["Rows"] = figures.Count }, TableUpdateMode.Replace, ct);
        LogDone(logger, figures.Count, job.VersionId, clock.ElapsedMilliseconds / 1000);
    }

    private const string ProjectionKeysNational = ProjectionKeys.National;

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo statistics already loaded ({VersionId}); nothing to do")]
    private static partial void LogAlreadyLoaded(ILogger logger, string versionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo statistics: generating figures 2015–2025 for every unit (seed {Seed}); this runs in the background")]
    private static partial void LogGenerating(ILogger logger, ulong seed);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo statistics: {Rows} rows generated ({Kb} KB CSV) in {ElapsedMs} ms; validating and writing")]
    private static partial void LogGenerated(ILogger logger, int rows, int kb, long elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo statistics: {Written}/{Total} rows written ({Seconds} s)")]
    private static partial void LogProgress(ILogger logger, int written, int total, long seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo statistics loaded: {Rows} rows as {VersionId}, dashboards projected, in {Seconds} s")]
    private static partial void LogDone(ILogger logger, int rows, string versionId, long seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Loading demo statistics failed (attempt {Attempt}); retrying")]
    private static partial void LogRetry(ILogger logger, Exception exception, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Loading demo statistics failed; dashboards stay empty until the next start")]
    private static partial void LogGaveUp(ILogger logger, Exception exception);
}
