using Microsoft.Azure.Functions.Worker;
using NoOneLeftBehind.Functions.Hosting;
using NoOneLeftBehind.Functions.Messaging.DispatchIntegrationEvents;

namespace NoOneLeftBehind.Functions.Messaging;

/// <summary>The outbox's timer function.</summary>
public static class MessagingTriggers
{
    /// <summary>Publishes pending integration events every minute and at start (<see cref="DispatchIntegrationEventsFunction"/>).</summary>
    [Function(DispatchIntegrationEventsFunction.FunctionName)]
    public static Task DispatchIntegrationEvents([TimerTrigger("0 * * * * *", RunOnStartup = true)] TimerInfo timer, FunctionContext context) =>
        TriggerFunctions.RunAsync(context, null);
}
