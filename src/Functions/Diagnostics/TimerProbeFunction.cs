using System.Text.Json;
using NoOneLeftBehind.Functions.Hosting;
using Azure.Storage.Queues;

namespace NoOneLeftBehind.Functions.Diagnostics;

/// <summary>
/// A timer function that exists only to prove timer triggers end to end: on each tick it reports the
/// timer payload it received (schedule status, past-due flag) on the queue <c>&lt;probe queue&gt;-ticks</c>.
/// Registered only when <c>Diagnostics:ProbeTimerSchedule</c> is set, and only in Development (<see cref="DevelopmentOnly"/>).
/// </summary>
internal sealed class TimerProbeFunction(QueueServiceClient queues, TimerProbeFunction.Settings settings) : ITriggerFunction
{
    public const string FunctionName = "DiagnosticsTimerProbe";

    public string Name => FunctionName;

    public static void RegisterIfEnabled(IServiceCollection services, IConfiguration configuration)
    {
        var schedule = configuration["Diagnostics:ProbeTimerSchedule"];
        if (string.IsNullOrWhiteSpace(schedule)) return;
        var queueName = (configuration["Diagnostics:ProbeQueue"] ?? ProbeFunction.DefaultQueueName) + "-ticks";
        services.AddTriggerFunction<TimerProbeFunction>(FunctionName);
        services.AddSingleton(new Settings(queueName));
        services.AddSingleton(new FunctionManifest(FunctionName, "(registered in code)",
        [
            new FunctionBinding("timerTrigger", "in", "timer", null, null, schedule, null, [], false),
        ]));
    }

    public async Task InvokeAsync(TriggerContext context, CancellationToken cancellationToken)
    {
        var ticks = queues.GetQueueClient(settings.TicksQueue);
        await ticks.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await ticks.SendMessageAsync(context.Trigger.ValueKind == JsonValueKind.Undefined ? "{}" : context.Trigger.GetRawText(), cancellationToken: cancellationToken);
    }

    internal sealed record Settings(string TicksQueue);
}
