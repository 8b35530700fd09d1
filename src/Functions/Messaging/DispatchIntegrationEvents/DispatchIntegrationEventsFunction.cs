using NoOneLeftBehind.Functions.Hosting;
using NoOneLeftBehind.Infrastructure.Messaging;

namespace NoOneLeftBehind.Functions.Messaging.DispatchIntegrationEvents;

/// <summary>
/// Timer-triggered, every minute (and on start): publishes the outbox rows to the Service Bus topic
/// (<see cref="OutboxDispatcher"/>). Does nothing when no Service Bus namespace is configured.
/// </summary>
internal sealed class DispatchIntegrationEventsFunction(IServiceProvider services) : ITriggerFunction
{
    public const string FunctionName = "DispatchIntegrationEvents";

    public string Name => FunctionName;

    public async Task InvokeAsync(TriggerContext context, CancellationToken cancellationToken)
    {
        if (services.GetService<OutboxDispatcher>() is not { } dispatcher) return;
        var sent = await dispatcher.DispatchAsync(cancellationToken);
        context.Logs.Add($"{sent} integration event(s) published.");
    }
}
