using System.Text.Json;
using NoOneLeftBehind.Domain.Dossiers;
using NoOneLeftBehind.Domain.Identity;
using NoOneLeftBehind.Infrastructure.Dossiers;
using Azure.Storage.Queues;
using Dossier = NoOneLeftBehind.Domain.Dossiers.Dossier;

namespace NoOneLeftBehind.Functions.Dossiers;

/// <summary>The evaluation request put on the queue; <c>idempotencyKey</c> is dossier + revision.</summary>
public sealed record EvaluationMessage(string DossierId, int Revision, string IdempotencyKey)
{
    /// <summary>The message for one revision.</summary>
    public static EvaluationMessage For(string dossierId, int revision) =>
        new(dossierId, revision, dossierId + ":r" + revision.ToString(System.Globalization.CultureInfo.InvariantCulture));
}

/// <summary>
/// Submitting a dossier (<see cref="Dossier.Submit"/>): the plan's components, deadline and quota are looked up, the
/// nominating body's quota slots read, the nominee's other proposals of the same stage read where the plan's award forms
/// exclude one another (checked on this read: two submissions of the same nominee at the same instant by different
/// units are not serialised, since a Table transaction holds one partition), and the decision written with the slot it takes and its <c>dossier.submitted</c> event;
/// then the evaluation is queued.
/// </summary>
internal sealed class DossierSubmission(
    DossierWriter writer, DossierViews views, DossierRuleBook rules, IUnitHierarchy units, NominatingBodies bodies, EvaluationQueue queue, DossierClock clock)
{
    public async Task<IResult> SubmitAsync(DossierId id, string? ifMatch, Caller caller, CancellationToken ct)
    {
        if (ifMatch is null) return DossierProblems.IfMatchRequired();
        var result = await writer.ApplyAsync(id, ifMatch, caller, async (a, token) =>
        {
            var d = a.Dossier;
            var plan = views.PlanOf(d);
            var body = await bodies.OfAsync(d, token);
            var quota = rules.QuotaFor(plan, d.AwardFormId, d.Nominee.Kind, body, d.Nominee.Level, Domain.Plans.PlanUnits.WithinDuring(plan, Domain.Units.UnitRegistry.Embedded, units.IsWithin));
            var holders = quota is null ? [] : await a.QuotaHoldersAsync(token);
            // The nominee's other proposals are read only where the plan makes award forms exclude one another.
            var sameStage = DossierChecks.ExcludedWith(plan, d.AwardFormId, d.Nominee.Kind).Count > 0 ? await a.SameStageAsync(token) : [];
            return d.Submit(rules.ComponentsOf(plan, d, body), rules.SubmissionDeadline(plan, d, body), quota, holders, clock.UtcNow, plan, sameStage);
        }, ct);
        if (result.Error is not null) return result.Error;
        await queue.EnqueueAsync(result.Stored!.Dossier, ct);
        return await views.ViewAsync(result.Stored, ct, StatusCodes.Status202Accepted);
    }
}

/// <summary>Puts evaluation requests on the queue (<c>evaluation-requests</c>).</summary>
internal sealed partial class EvaluationQueue(QueueServiceClient queues, ILogger<EvaluationQueue> logger)
{
    /// <summary>Queues the evaluation of the dossier's revision; a failure is logged (the reminder timer queues it again).</summary>
    public async Task EnqueueAsync(Dossier d, CancellationToken ct)
    {
        try
        {
            // The service client encodes messages base64, as the Functions host's queue trigger reads them.
            var queue = queues.GetQueueClient(DossierStorageNames.EvaluationQueue);
            await queue.CreateIfNotExistsAsync(cancellationToken: ct);
            await queue.SendMessageAsync(JsonSerializer.Serialize(EvaluationMessage.For(d.Id.Value, d.Revision), DossierStorageNames.Json), ct);
        }
#pragma warning disable CA1031 // the submission is committed; the reminder timer re-enqueues a dossier left without a message
        catch (Exception ex) when (!ct.IsCancellationRequested)
#pragma warning restore CA1031
        {
            LogEnqueueFailed(logger, ex, d.Id.Value, d.Revision);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dossier {DossierId} r{Revision} was submitted but its evaluation request could not be queued; the reminder timer will queue it again")]
    private static partial void LogEnqueueFailed(ILogger logger, Exception exception, string dossierId, int revision);
}
