using Microsoft.Azure.Functions.Worker;

namespace NoOneLeftBehind.FunctionsHost.SampleWorker;

/// <summary>Timers: one on a six-field schedule (every two seconds), one that only runs on startup (its schedule is yearly).</summary>
public sealed class TimerFunctions
{
    [Function("Tick")]
    public static void Tick([TimerTrigger("*/2 * * * * *")] TimerInfo timer)
    {
        ArgumentNullException.ThrowIfNull(timer);
        Effects.Record("tick", "Tick", timer.ScheduleStatus?.Next.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture) ?? "none");
    }

    [Function("Startup")]
    public static void Startup([TimerTrigger("0 0 0 1 1 *", RunOnStartup = true)] TimerInfo timer)
    {
        ArgumentNullException.ThrowIfNull(timer);
        Effects.Record("startup", "Startup", timer.IsPastDue ? "pastdue" : "ontime");
    }
}
