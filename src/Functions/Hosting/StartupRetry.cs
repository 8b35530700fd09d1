namespace NoOneLeftBehind.Functions.Hosting;

/// <summary>
/// Best-effort start-up work of the background services (identity and demo seeding, read-model upgrades): up to
/// <see cref="Attempts"/> tries, 3·n seconds apart (storage may still be starting); stops quietly when the app stops.
/// The app serves without the work; the next start tries again.
/// </summary>
internal static class StartupRetry
{
    /// <summary>Tries before giving up.</summary>
    public const int Attempts = 5;

    /// <summary>Runs <paramref name="work"/>; <paramref name="retrying"/> hears of a failed try, <paramref name="gaveUp"/> of the last.</summary>
    public static async Task RunAsync(
        Func<CancellationToken, Task> work, Action<Exception, int> retrying, Action<Exception> gaveUp, CancellationToken stoppingToken, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(retrying);
        ArgumentNullException.ThrowIfNull(gaveUp);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await work(stoppingToken);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // best effort: the app serves without it
            catch (Exception ex) when (attempt < Attempts)
            {
                retrying(ex, attempt);
            }
            catch (Exception ex)
            {
                gaveUp(ex);
                return;
            }
#pragma warning restore CA1031
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(3 * attempt), time ?? TimeProvider.System, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
