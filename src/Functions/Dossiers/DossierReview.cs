using System.Text.Json;
using NoOneLeftBehind.Domain.Dossiers;
using NoOneLeftBehind.Infrastructure.Dossiers;
using Dossier = NoOneLeftBehind.Domain.Dossiers.Dossier;

namespace NoOneLeftBehind.Functions.Dossiers;

/// <summary>
/// A reviewer's action on a dossier (<see cref="Dossier.Review"/>): take it, return it for supplement, approve, reject
/// (freeing its quota slot), forward, record the decision, or ask for the evaluation again.
/// </summary>
internal sealed class DossierReview(DossierWriter writer, DossierViews views, EvaluationQueue queue, DossierClock clock)
{
    private static readonly DossierAction[] ReviewerActions =
        [DossierAction.StartReview, DossierAction.Return, DossierAction.Approve, DossierAction.Reject, DossierAction.Forward, DossierAction.Decide, DossierAction.RetryEvaluation];

    public async Task<IResult> ReviewAsync(DossierId id, string? ifMatch, ReviewInput input, Caller caller, CancellationToken ct)
    {
        if (ifMatch is null) return DossierProblems.IfMatchRequired();
        if (ParseAction(input.Action) is not { } action)
        {
            var known = string.Join(", ", ReviewerActions.Select(DossierProblems.Word));
            return DossierProblems.Invalid([new("invalid-action", "action", $"Thao tác '{input.Action}' không có. Dùng: {known}.", $"Unknown action '{input.Action}'. Use: {known}.")]);
        }
        var items = input.Items?.Select(i => new ReturnItem(i.ComponentId, i.Field, i.Reason)).ToList();
        var result = await writer.ApplyAsync(id, ifMatch, caller, async (a, token) =>
        {
            // Only a rejection touches the quota: it frees the slot this dossier holds.
            var holders = action == DossierAction.Reject ? await a.QuotaHoldersAsync(token) : null;
            return a.Dossier.Review(action, caller.Actor, input.Note, items, await views.ComponentsOfAsync(a.Dossier, token), holders, clock.UtcNow);
        }, ct);
        if (result.Error is not null) return result.Error;
        if (action == DossierAction.RetryEvaluation) await queue.EnqueueAsync(result.Stored!.Dossier, ct);
        return await views.ViewAsync(result.Stored!, ct);
    }

    private static DossierAction? ParseAction(string? word)
    {
        try
        {
            var action = JsonSerializer.Deserialize<DossierAction>("\"" + (word ?? "") + "\"", DossierStorageNames.Json);
            return ReviewerActions.Contains(action) ? action : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
