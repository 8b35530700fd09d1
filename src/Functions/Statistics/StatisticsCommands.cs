using System.Diagnostics;
using NoOneLeftBehind.Infrastructure.Statistics;

namespace NoOneLeftBehind.Functions.Statistics;

/// <summary>
/// One-off commands run with the app's configuration instead of serving:
/// <c>dotnet run --project src/Functions -- rebuild-projections</c> recomputes every dashboard read model from the current figures.
/// </summary>
public static class StatisticsCommands
{
    /// <summary>Runs the command named by the first argument, if it is one of ours; true when it ran (the app should then exit).</summary>
    public static async Task<bool> RunStatisticsCommandAsync(this IHost app, string[] args)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (args is not ["rebuild-projections", ..]) return false;
        var clock = Stopwatch.StartNew();
        var projector = app.Services.GetRequiredService<DashboardProjector>();
        var written = await projector.ProjectAsync(null, app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
        await Console.Out.WriteLineAsync(FormattableString.Invariant($"rebuild-projections: {written} entities written in {clock.Elapsed.TotalSeconds:0.0} s"));
        return true;
    }
}
