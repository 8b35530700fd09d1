using Microsoft.Extensions.Options;
using NoOneLeftBehind.Domain.Criteria;
using NoOneLeftBehind.Domain.Dossiers;
using NoOneLeftBehind.Domain.Plans;
using Dossier = NoOneLeftBehind.Domain.Dossiers.Dossier;
using NoOneLeftBehind.Functions.Hosting;
using NoOneLeftBehind.Infrastructure.Dossiers;

namespace NoOneLeftBehind.Functions.Dossiers.EvaluateDossier;

/// <summary>
/// Queue-triggered (<c>evaluation-requests</c>): evaluates one submitted revision of a dossier with
/// the plan version in force and stores the result once. Every step is idempotent, so at-least-once
/// delivery gives exactly one result per (dossier, revision): the result row is inserted only if
/// absent (a redelivery reuses it), the dossier moves to <c>evaluated</c> only from
/// <c>submitted</c> at that revision (ETag-conditional), a message for an older revision is
/// dropped. On the last attempt the host allows (host.json <c>maxDequeueCount</c>) a failure is
/// first recorded on the dossier as <c>evaluation-failed</c> with its reason, then rethrown so the
/// message lands in <c>evaluation-requests-poison</c>: never silently stuck.
/// </summary>
internal sealed partial class EvaluateDossierFunction(
    DossierStore store,
    DossierWriter writer,
    EvaluationResultStore evaluations,
    DossierProjection projection,
    CriteriaEngine engine,
    PlanCatalogue catalogue,
    DossierClock clock,
    QueueHostSettings hostSettings,
    IOptions<DossierOptions> options,
    IServiceProvider services,
    ILogger<EvaluateDossierFunction> logger) : ITriggerFunction
{
    public const string FunctionName = "EvaluateDossier";

    public string Name => FunctionName;

    private int MaxDequeueCount => hostSettings.MaxDequeueCount;

    public async Task InvokeAsync(TriggerContext context, CancellationToken cancellationToken)
    {
        var message = context.ReadMessage<EvaluationMessage>(DossierStorageNames.Json);
        if (message is null || !DossierId.TryParse(message.DossierId, out var id) || message.Revision < 1)
        {
            context.Logs.Add($"Dropped malformed evaluation request: {context.MessageText}");
            return;
        }
        try
        {
            await EvaluateAsync(id, message.Revision, context, cancellationToken);
        }
        catch (Exception ex) when (context.DequeueCount >= MaxDequeueCount && !cancellationToken.IsCancellationRequested)
        {
            await RecordFailureAsync(id, message.Revision, $"{ex.GetType().Name}: {ex.Message}", cancellationToken);
            throw;
        }
    }

    private async Task EvaluateAsync(DossierId id, int revision, TriggerContext context, CancellationToken ct)
    {
        var stored = await store.GetAsync(id, ct);
        if (stored is null || stored.Dossier.Revision > revision)
        {
            context.Logs.Add($"{id} r{revision}: no longer current; nothing to do.");
            return;
        }
        if (stored.Dossier.Revision < revision)
            throw new InvalidOperationException($"{id}: revision {revision} is not stored yet (dossier has r{stored.Dossier.Revision}).");

        var existing = await evaluations.GetAsync(id.Value, revision, ct);
        StoredEvaluation evaluation;
        if (existing is not null)
        {
            evaluation = existing;
        }
        else
        {
            var d = stored.Dossier;
            var faults = options.Value.TestFaults;
            if (faults.FailEvaluationWhenNomineeContains is { Length: > 0 } marker && d.Nominee.Name.Contains(marker, StringComparison.Ordinal))
                throw new InvalidOperationException($"Lỗi giả lập khi chấm hồ sơ (fault injection: '{marker}') / simulated evaluation failure");
            if (faults.FirstAttemptDelayMs > 0 && context.DequeueCount == 1)
            {
                LogFaultDelay(logger, id.Value, revision, faults.FirstAttemptDelayMs);
                await Task.Delay(faults.FirstAttemptDelayMs, ct);
            }

            // Figures typed in the dossier; a dossier without figures whose nominee is a unit takes the
            // stored review results of that unit (statistics feature, IReviewFigures) from the plan's baseline.
            IReadOnlyList<YearFigures>? figures = null;
            if (d.Statistics.Count == 0 && d.Nominee.UnitCode is { } unit && services.GetService<Domain.Statistics.IReviewFigures>() is { } reviews
                && Domain.Units.UnitCode.TryParse(unit, out var code) && catalogue.TryGet(d.PlanId, out var plan))
            {
                var series = await reviews.GetSeriesAsync(code, plan.BaselineYear, d.NominationYear, ct);
                figures = [.. series.Select(f => new YearFigures(f.Year, f.Counts.Households, f.Counts.Poor, f.Counts.NearPoor,
                    f.Counts.Minority?.Households, f.Counts.Minority?.Poor, f.Counts.Minority?.NearPoor))];
            }
            EvaluationResult result;
            try
            {
                result = engine.Evaluate(d.ToEvaluationRequest(figures));
            }
            catch (InvalidEvaluationRequestException ex)
            {
                // Bad data never becomes good by retrying: fail the dossier now, visibly.
                await RecordFailureAsync(id, revision, string.Join("; ", ex.Errors.Select(e => e.MessageVi)), ct);
                return;
            }
            (evaluation, var inserted) = await evaluations.InsertOnceAsync(
                new StoredEvaluation(id.Value, revision, result, clock.UtcNow, context.MessageId, context.DequeueCount), ct);
            if (!inserted) LogDuplicate(logger, id.Value, revision, context.DequeueCount);
        }
        await MoveAsync(id, revision, DossierAction.Evaluate,
            _ => new EvaluationSummary(revision, evaluation.Result.Verdict, evaluation.Result.PlanVersion, evaluation.EvaluatedAt, null),
            $"Kết luận: {VerdictWords(evaluation.Result.Verdict)}; phiên bản kế hoạch {evaluation.Result.PlanVersion}", ct);
        context.Logs.Add($"{id} r{revision}: {evaluation.Result.Verdict}.");
    }

    // The history is written in Vietnamese, as the rest of the audit trail (issue 17, item 7); the page shows it whole.
    private static string VerdictWords(Verdict verdict) => verdict switch
    {
        Verdict.Eligible => "đủ điều kiện",
        Verdict.NeedsReview => "chờ thẩm định",
        Verdict.Incomplete => "chưa đủ số liệu",
        Verdict.NotEligible => "không đủ điều kiện",
        _ => verdict.ToString(),
    };

    private Task RecordFailureAsync(DossierId id, int revision, string reason, CancellationToken ct) =>
        MoveAsync(id, revision, DossierAction.FailEvaluation,
            d => new EvaluationSummary(revision, null, catalogue.TryGet(d.PlanId, out var p) ? p.Version : null, clock.UtcNow, reason), reason, ct);

    // Moves the dossier from submitted (at this revision) through the one writer, which re-reads and retries a concurrent change.
    private async Task MoveAsync(DossierId id, int revision, DossierAction action, Func<Dossier, EvaluationSummary> summary, string note, CancellationToken ct)
    {
        var result = await writer.ApplyAsync(id, null, Caller.System(FunctionName),
            a => a.Dossier.RecordEvaluation(revision, action, summary(a.Dossier), note, clock.UtcNow), ct);
        switch (result.Outcome)
        {
            case DossierApplied.Unchanged:
                // Already moved (a redelivery after a crash between the dossier write and the read model), or at another
                // revision: project the current state again; the projection skips it if a later change is there.
                await projection.UpsertAsync(result.Stored!.Dossier, ct);
                return;
            case DossierApplied.Failed when result.Found:
                throw new InvalidOperationException($"{id} r{revision}: the dossier kept changing; retrying the message.");
            default:
                return;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dossier {DossierId} r{Revision}: test fault, first attempt waits {DelayMs} ms before storing anything")]
    private static partial void LogFaultDelay(ILogger logger, string dossierId, int revision, int delayMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dossier {DossierId} r{Revision}: result already stored by an earlier delivery (attempt {DequeueCount})")]
    private static partial void LogDuplicate(ILogger logger, string dossierId, int revision, long dequeueCount);
}
