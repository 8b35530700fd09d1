using System.Diagnostics;
using NoOneLeftBehind.Functions.Hosting;
using NoOneLeftBehind.Infrastructure.Statistics;

namespace NoOneLeftBehind.Functions.Statistics;

/// <summary>
/// On start, moves dashboard read models written in layout 1 (national totals in <c>{basis}-root</c>, no copy of a
/// unit beside its children) to the current layout with a full rebuild, in the background. Nothing to do — one
/// small query — on a store that is already current or empty. Reads stay right while it runs (the reader falls back
/// to layout 1); a run stopped half-way is repeated on the next start, since layout 1's rows go last.
/// </summary>
internal sealed partial class ProjectionLayoutUpgrade(DashboardProjector projector, ILogger<ProjectionLayoutUpgrade> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        await StartupRetry.RunAsync(UpgradeAsync, (ex, attempt) => LogRetry(logger, ex, attempt), ex => LogGaveUp(logger, ex), stoppingToken);
    }

    private async Task UpgradeAsync(CancellationToken ct)
    {
        if (!await projector.HasLegacyLayoutAsync(ct)) return;
        LogStarting(logger);
        var clock = Stopwatch.StartNew();
        var written = await projector.UpgradeLayoutAsync(ct);
        LogDone(logger, written, clock.ElapsedMilliseconds / 1000);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Dashboard read models are in layout 1: rebuilding them in the current layout in the background")]
    private static partial void LogStarting(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dashboard read models upgraded: {Written} entities written in {Seconds} s")]
    private static partial void LogDone(ILogger logger, int written, long seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upgrading the dashboard read models failed (attempt {Attempt}); retrying")]
    private static partial void LogRetry(ILogger logger, Exception exception, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Upgrading the dashboard read models failed; reads use layout 1 until the next start")]
    private static partial void LogGaveUp(ILogger logger, Exception exception);
}
