using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using NoOneLeftBehind.Domain.Statistics;
using NoOneLeftBehind.Domain.Units;
using NoOneLeftBehind.Infrastructure.Statistics;
using NoOneLeftBehind.Infrastructure.Statistics.Storage;
using NoOneLeftBehind.TestSupport;
using static NoOneLeftBehind.Integration.Tests.Statistics.StatisticsTestData;

namespace NoOneLeftBehind.Integration.Tests.Statistics;

/// <summary>
/// A large import whose process is killed (SIGKILL) while it writes rows: nothing becomes visible, and
/// the redelivered message finishes the same import in a second process, once.
/// </summary>
public sealed class StatisticsImportKillTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Process_KilledWhileWritingRows_NothingVisible_RerunCompletesOnce()
    {
        using var services = Services(azurite, isolated: false); // the app processes use the default names
        var processor = services.GetRequiredService<ReviewImportProcessor>();
        var jobs = services.GetRequiredService<ImportJobStore>();
        var store = services.GetRequiredService<StatisticsStore>();
        var figures = Years(2020, 2024); // ~50,000 communes × years
        var job = await processor.SubmitAsync("ca-nuoc-2020-2024.csv", Csv(figures), new Uploader("kill-test", "Kill test", "VN"), default);

        using (var first = StartAppProcess())
        {
            var deadline = DateTime.UtcNow.AddSeconds(120);
            ImportJob? seen = null;
            while (DateTime.UtcNow < deadline)
            {
                seen = await jobs.GetAsync(job.ImportId, default);
                if (seen is { Status: ImportStatus.Writing, RowsProcessed: > 0 }) break;
                await Task.Delay(50);
            }
            seen.ShouldNotBeNull().Status.ShouldBe(ImportStatus.Writing);
            seen.RowsProcessed.ShouldBeLessThan(figures.Count);
            first.Kill(entireProcessTree: true); // SIGKILL: no shutdown, no cleanup
            await first.WaitForExitAsync();
        }

        // Half of the rows may be in the table, but nothing is visible.
        (await store.GetHeadAsync(default)).Manifest.ShouldBeEmpty();
        (await store.GetBatchAsync(job.VersionId, default)).ShouldBeNull();
        (await services.GetRequiredService<IReviewFigures>().GetSeriesAsync(UnitCode.Parse("64"), 2020, 2024)).ShouldBeEmpty();

        using var second = StartAppProcess();
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(240);
            ImportJob? done = null;
            while (DateTime.UtcNow < deadline)
            {
                done = await jobs.GetAsync(job.ImportId, default);
                if (done?.Status is ImportStatus.Done or ImportStatus.Failed) break;
                await Task.Delay(250);
            }
            done.ShouldNotBeNull().Status.ShouldBe(ImportStatus.Done, done.Error);
            done.RowsProcessed.ShouldBe(figures.Count);
        }
        finally
        {
            second.Kill(entireProcessTree: true);
            await second.WaitForExitAsync();
        }

        (await store.GetHeadAsync(default)).Manifest.ShouldBe([job.VersionId]);
        (await store.GetBatchAsync(job.VersionId, default)).ShouldNotBeNull().RowCount.ShouldBe(figures.Count);
        var series = await services.GetRequiredService<IReviewFigures>().GetSeriesAsync(UnitCode.Parse("64"), 2020, 2024);
        series.Select(s => s.Year).ShouldBe([2020, 2021, 2022, 2023, 2024]);
        series[^1].Counts.ShouldBe(Sum(figures.Where(f => f.Year == 2024 && Registry.IsWithin(f.Unit, UnitCode.Parse("64"), ReviewCalendar.ReferenceDate(2024)))));
    }

    private Process StartAppProcess() => AppProcess.Start(new Dictionary<string, string>
    {
        ["DataStorage__ConnectionString"] = azurite.ConnectionString,
        ["Statistics__SeedDemoData"] = "false",
        ["Dossiers__SeedDemoData"] = "false",
    }, queueLease: TimeSpan.FromSeconds(3)).Process;
}
