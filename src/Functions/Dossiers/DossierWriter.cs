using NoOneLeftBehind.Domain.Dossiers;
using NoOneLeftBehind.Functions.Hosting;
using NoOneLeftBehind.Functions.Identity;
using NoOneLeftBehind.Infrastructure.Dossiers;
using NoOneLeftBehind.Infrastructure.Messaging;
using Dossier = NoOneLeftBehind.Domain.Dossiers.Dossier;

namespace NoOneLeftBehind.Functions.Dossiers;

/// <summary>How an <see cref="DossierWriter.ApplyAsync(DossierId, string?, Caller, Func{DossierAttempt, CancellationToken, ValueTask{DossierDecision}}, CancellationToken)"/> went.</summary>
internal enum DossierApplied
{
    /// <summary>The decision's dossier was written (with its audit entry, quota slots and event).</summary>
    Written,
    /// <summary>The decision changed nothing; <see cref="DossierWriteResult.Stored"/> is the dossier as read.</summary>
    Unchanged,
    /// <summary>The decision refused, or the dossier is gone or changed: <see cref="DossierWriteResult.Error"/> says so.</summary>
    Failed,
}

/// <summary>The outcome of applying a decision: the dossier now (written or as read), or the answer of a failure.</summary>
internal sealed record DossierWriteResult(DossierApplied Outcome, StoredDossier? Stored, IResult? Error, bool Found = true);

/// <summary>One read of a dossier that a decision is made on; reads the quota slots when the decision needs them.</summary>
internal sealed class DossierAttempt(DossierStore store, StoredDossier current)
{
    /// <summary>The dossier as read.</summary>
    public Dossier Dossier => current.Dossier;

    /// <summary>The slots read by <see cref="QuotaHoldersAsync"/> (their ETag makes the slot write conditional).</summary>
    public (string Key, QuotaSlots Slots)? Quota { get; private set; }

    /// <summary>The dossiers holding the quota slots of this dossier's (plan, stage, award form, nominee kind).</summary>
    public async Task<IReadOnlyList<string>> QuotaHoldersAsync(CancellationToken ct)
    {
        var key = DossierStore.QuotaKey(Dossier);
        var slots = await store.GetQuotaAsync(Dossier.NominatingUnitCode.Value, key, ct);
        Quota = (key, slots);
        return slots.Holders;
    }

    /// <summary>The other dossiers of this dossier's plan and stage, from every nominating unit (award exclusions).</summary>
    public async Task<IReadOnlyList<Dossier>> SameStageAsync(CancellationToken ct)
    {
        var found = new List<Dossier>();
        await foreach (var s in store.ListStageAsync(Dossier.PlanId.Value, Dossier.Stage, ct))
        {
            if (s.Dossier.Id != Dossier.Id) found.Add(s.Dossier);
        }
        return found;
    }
}

/// <summary>
/// The one writer of dossiers. It reads the dossier, lets the domain decide on it, and writes the decision in one
/// transaction (the dossier conditional on its ETag, the audit entry, the quota slots conditional on theirs, the outbox
/// row of the integration event), then the read model when what it shows changed. One retry policy: with the
/// caller's <c>If-Match</c> a dossier changed by someone else is a 409, never overwritten; without it (system and
/// file-confirmation writes) the decision is made again on a fresh read; quota slots changed concurrently are
/// always read again and the decision made again. At most <see cref="MaxAttempts"/> attempts.
/// </summary>
internal sealed class DossierWriter(DossierStore store, DossierProjection projection, IntegrationEventsOptions events)
{
    /// <summary>Attempts of one write before it answers 409 (or, for the system, fails so its message is retried).</summary>
    public const int MaxAttempts = 5;

    /// <summary>Inserts a new dossier with its first audit entry, and projects it; null when the id exists already.</summary>
    public async Task<StoredDossier?> CreateAsync(Dossier dossier, Caller caller, string? note, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(dossier);
        var write = await store.CreateAsync(dossier, Audit(dossier, caller, DossierAction.Create, null, [], note), ct);
        if (write.Outcome != DossierWriteOutcome.Succeeded) return null;
        await projection.UpsertAsync(dossier, ct);
        return new StoredDossier(dossier, write.ETag!);
    }

    /// <summary>Applies a decision that needs nothing but the dossier.</summary>
    public Task<DossierWriteResult> ApplyAsync(DossierId id, string? ifMatch, Caller caller, Func<DossierAttempt, DossierDecision> decide, CancellationToken ct) =>
        ApplyAsync(id, ifMatch, caller, (a, _) => ValueTask.FromResult(decide(a)), ct);

    /// <summary>Reads, decides and writes, with the retry policy above.</summary>
    public async Task<DossierWriteResult> ApplyAsync(DossierId id, string? ifMatch, Caller caller,
        Func<DossierAttempt, CancellationToken, ValueTask<DossierDecision>> decide, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(decide);
        for (var attempt = 1; ; attempt++)
        {
            var current = await store.GetAsync(id, ct);
            if (current is null) return new(DossierApplied.Failed, null, DossierProblems.DossierNotFound(), Found: false);
            if (ifMatch is not null && current.ETag != ifMatch) return Failed(DossierProblems.Stale(current));
            var read = new DossierAttempt(store, current);
            var decision = await decide(read, ct);
            if (decision.Refusal != DossierRefusal.None) return Failed(Answer(decision, current));
            if (!decision.Writes) return new(DossierApplied.Unchanged, current, null);
            var next = decision.Next!;
            QuotaSlotChange? slots = null;
            if (decision.Quota is { } quota)
            {
                var (key, held) = read.Quota ?? throw new InvalidOperationException($"A decision on {id} changed quota slots it had not read.");
                slots = new QuotaSlotChange(key, quota.Holders, held.ETag);
            }
            var write = await store.UpdateAsync(next, current.ETag, Audit(next, caller, decision.Action, current.Dossier.Status, decision.Changes, decision.Note),
                slots, events.Enabled ? DossierEvents.Of(next, decision.Action) : null, ct);
            if (write.Outcome == DossierWriteOutcome.Succeeded)
            {
                if (ReadModelChanges(current.Dossier, next)) await projection.UpsertAsync(next, ct);
                return new(DossierApplied.Written, new StoredDossier(next, write.ETag!), null);
            }
            var again = write.Outcome == DossierWriteOutcome.QuotaChanged || ifMatch is null;
            if (!again || attempt >= MaxAttempts) return Failed(DossierProblems.Stale(await store.GetAsync(id, ct)));
        }
    }

    /// <summary>The answer to a refused decision on <paramref name="current"/>.</summary>
    public static IResult Answer(DossierDecision decision, StoredDossier current)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(current);
        return decision.Refusal switch
        {
            DossierRefusal.Invalid => DossierProblems.Invalid(decision.Problems),
            DossierRefusal.Refused => DossierProblems.Refused(decision.Problems),
            DossierRefusal.NotAllowed => DossierProblems.InvalidTransition(current.Dossier.Status, decision.Action),
            DossierRefusal.NotFound => DossierProblems.FileNotFound(),
            DossierRefusal.HeldByAnother => DossierProblems.Stale(current),
            _ => throw new ArgumentException("The decision was not refused.", nameof(decision)),
        };
    }

    private static DossierWriteResult Failed(IResult error) => new(DossierApplied.Failed, null, error);

    // The read model shows status, revision, verdict, award form, nominee kind and stage: a change of files or
    // wording leaves its row (and the dashboards' "updated at") as it is.
    private static bool ReadModelChanges(Dossier before, Dossier after) =>
        before.Status != after.Status || before.Revision != after.Revision || before.Evaluation?.Verdict != after.Evaluation?.Verdict
        || before.AwardFormId != after.AwardFormId || before.Nominee.Kind != after.Nominee.Kind || before.Stage != after.Stage;

    private static DossierAuditEntry Audit(Dossier d, Caller caller, DossierAction action, DossierStatus? from, IReadOnlyList<FieldChange> changes, string? note) =>
        new(d.Id.Value, d.UpdatedAt, caller.Actor, action, from, d.Status, d.Revision, changes, note, caller.Ip, caller.App);
}

/// <summary>Who calls, from where: for the audit trail.</summary>
/// <param name="Actor">Display name and user key.</param>
/// <param name="Ip">Client IP.</param>
/// <param name="App">User-Agent (shortened).</param>
internal sealed record Caller(string Actor, string? Ip, string? App)
{
    public static Caller From(HttpContext http, ICurrentUser user)
    {
        // The address Hosting/ClientAddress trusts: X-Forwarded-For counts only when a configured proxy appended it.
        var ip = http.TrustedClientAddress();
        var agent = http.Request.Headers.UserAgent.ToString();
        return new Caller($"{user.Name ?? "?"} ({user.Key})", ip, agent.Length > 200 ? agent[..200] : agent);
    }

    public static Caller System(string function) => new("system", null, function);
}

/// <summary>Adds the ETag header to a result.</summary>
internal sealed class EtagResult(IResult inner, string etag) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.Headers.ETag = etag;
        return inner.ExecuteAsync(httpContext);
    }
}
