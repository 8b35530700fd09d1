using Microsoft.Azure.Functions.Worker;
using NoOneLeftBehind.Functions.Dossiers.DossierDeadlineReminders;
using NoOneLeftBehind.Functions.Dossiers.DossierStagingSweep;
using NoOneLeftBehind.Functions.Dossiers.EvaluateDossier;
using NoOneLeftBehind.Functions.Hosting;
using NoOneLeftBehind.Infrastructure.Dossiers;

namespace NoOneLeftBehind.Functions.Dossiers;

/// <summary>The dossiers' queue and timer functions; each runs its handler (host.json <c>extensions.queues</c> applies).</summary>
public static class DossierTriggers
{
    /// <summary>Evaluates one submitted revision (<see cref="EvaluateDossierFunction"/>).</summary>
    [Function(EvaluateDossierFunction.FunctionName)]
    public static Task EvaluateDossier([QueueTrigger(DossierStorageNames.EvaluationQueue, Connection = "DataStorage")] string message, FunctionContext context) =>
        TriggerFunctions.RunAsync(context, message);

    /// <summary>Deadline reminders, hourly at minute 5 (<see cref="DeadlineRemindersFunction"/>).</summary>
    [Function(DeadlineRemindersFunction.FunctionName)]
    public static Task DeadlineReminders([TimerTrigger("0 5 * * * *")] TimerInfo timer, FunctionContext context) =>
        TriggerFunctions.RunAsync(context, null);

    /// <summary>Staged uploads nobody confirmed, swept hourly at minute 35 (<see cref="StagingSweepFunction"/>).</summary>
    [Function(StagingSweepFunction.FunctionName)]
    public static Task StagingSweep([TimerTrigger("0 35 * * * *")] TimerInfo timer, FunctionContext context) =>
        TriggerFunctions.RunAsync(context, null);
}
