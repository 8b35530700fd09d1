using System.Diagnostics;
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
    private const int Attempts = 5;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (!await projector.HasLegacyLayoutAsync(stoppingToken)) return;
                LogStarting(logger);
                var clock = Stopwatch.StartNew();
                var written = await projector.UpgradeLayoutAsync(stoppingToken);
                LogDone(logger, written, clock.ElapsedMilliseconds / 1000);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // the app serves (from layout 1) without it; the next start tries again
            catch (Exception ex) when (attempt < Attempts)
            {
                LogRetry(logger, ex, attempt);
                await Task.Delay(TimeSpan.FromSeconds(3 * attempt), stoppingToken);
            }
            catch (Exception ex)
            {
                LogGaveUp(logger, ex);
                return;
            }
#pragma warning restore CA1031
        }
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
