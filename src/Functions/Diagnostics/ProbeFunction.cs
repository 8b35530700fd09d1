using System.Text.Json;
using NoOneLeftBehind.Functions.Hosting;
using Azure.Storage.Queues;

namespace NoOneLeftBehind.Functions.Diagnostics;

/// <summary>
/// A queue function that exists only to prove the trigger plumbing end to end (tests, and an
/// operator checking a fresh install): it can be told to be slow or to fail its first attempts,
/// and it reports each completed message on the queue <c>&lt;probe queue&gt;-done</c>. Development only (<see cref="DevelopmentOnly"/>).
/// </summary>
internal sealed class ProbeFunction(QueueServiceClient queues, ProbeFunction.ProbeSettings settings) : ITriggerFunction
{
    public const string FunctionName = "DiagnosticsProbe";
    public const string DefaultQueueName = "diagnostics-probe";

    public string Name => FunctionName;

    public static void RegisterIfEnabled(IServiceCollection services, IConfiguration configuration)
    {
        if (!configuration.GetValue("Diagnostics:ProbeFunction", false)) return;
        var queueName = configuration["Diagnostics:ProbeQueue"] ?? DefaultQueueName;
        services.AddTriggerFunction<ProbeFunction>(FunctionName);
        services.AddSingleton(new ProbeSettings(queueName));
        services.AddSingleton(new FunctionManifest(FunctionName, "(registered in code)",
        [
            new FunctionBinding("queueTrigger", "in", "message", queueName, "DataStorage", null, null, [], false),
        ]));
    }

    public async Task InvokeAsync(TriggerContext context, CancellationToken cancellationToken)
    {
        var order = context.ReadMessage<ProbeOrder>() ?? throw new InvalidDataException("Empty probe message.");
        if (order.DelayMs > 0) await Task.Delay(order.DelayMs, cancellationToken);
        if (order.SlowFirstAttemptMs > 0 && context.DequeueCount == 1) await Task.Delay(order.SlowFirstAttemptMs, cancellationToken);
        if (context.DequeueCount <= order.FailTimes)
            throw new InvalidOperationException($"Probe {order.Id}: failing attempt {context.DequeueCount} of {order.FailTimes} as asked.");
        var done = queues.GetQueueClient(settings.DoneQueue);
        await done.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await done.SendMessageAsync(JsonSerializer.Serialize(new ProbeDone(order.Id, context.DequeueCount, Environment.ProcessId), JsonSerializerOptions.Web), cancellationToken: cancellationToken);
        context.Logs.Add($"Probe {order.Id} done on attempt {context.DequeueCount}.");
    }

    internal sealed record ProbeOrder(string Id, int FailTimes = 0, int DelayMs = 0, int SlowFirstAttemptMs = 0);

    internal sealed record ProbeSettings(string QueueName)
    {
        public string DoneQueue => QueueName + "-done";
    }

    internal sealed record ProbeDone(string Id, long DequeueCount, int ProcessId);
}
