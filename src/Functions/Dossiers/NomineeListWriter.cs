using NoOneLeftBehind.Domain.Dossiers;
using NoOneLeftBehind.Functions.Hosting;
using NoOneLeftBehind.Infrastructure.Dossiers;
using NoOneLeftBehind.Infrastructure.Messaging;

namespace NoOneLeftBehind.Functions.Dossiers;

/// <summary>How applying a list decision went: the list now (written or as read), or the answer of a failure.</summary>
internal sealed record NomineeListWriteResult(StoredNomineeList? Stored, IResult? Error, bool Written = false);

/// <summary>
/// The one writer of lists (as <see cref="DossierWriter"/> is of dossiers): read, decide, write the list conditional on
/// its ETag with its audit entry and the outbox row of its event in one transaction. With the caller's <c>If-Match</c> a
/// list changed meanwhile is a 409, never overwritten; without it (confirmations, forwarding) the decision is made
/// again on a fresh read; at most <see cref="MaxAttempts"/> attempts.
/// </summary>
internal sealed class NomineeListWriter(NomineeListStore store, IntegrationEventsOptions events)
{
    /// <summary>Attempts of one write before it answers 409.</summary>
    public const int MaxAttempts = 5;

    /// <summary>Writes a new list; null when one with its id exists already (opened concurrently).</summary>
    public async Task<StoredNomineeList?> CreateAsync(NomineeList list, Caller caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(list);
        var etag = await store.WriteAsync(list, null, Audit(list, caller, "open", null), null, ct);
        return etag is null ? null : new StoredNomineeList(list, etag);
    }

    /// <summary>Reads, decides and writes, with the retry policy above; <paramref name="eventOf"/> gives the event a written decision reports.</summary>
    public async Task<NomineeListWriteResult> ApplyAsync(NomineeListId id, string? ifMatch, Caller caller,
        Func<StoredNomineeList, CancellationToken, ValueTask<NomineeListDecision>> decide, CancellationToken ct, Func<NomineeListDecision, IntegrationEvent?>? eventOf = null)
    {
        ArgumentNullException.ThrowIfNull(decide);
        for (var attempt = 1; ; attempt++)
        {
            var current = await store.GetAsync(id, ct);
            if (current is null) return new(null, NomineeListProblems.NotFound());
            if (ifMatch is not null && current.ETag != ifMatch) return new(null, NomineeListProblems.Stale(current));
            var decision = await decide(current, ct);
            if (decision.Refusal != DossierRefusal.None) return new(null, Answer(decision));
            if (!decision.Writes) return new(current, null);
            var next = decision.Next!;
            var integrationEvent = events.Enabled ? eventOf?.Invoke(decision) : null;
            var etag = await store.WriteAsync(next, current.ETag, Audit(next, caller, decision.Action, decision.Note), integrationEvent, ct);
            if (etag is not null) return new(new StoredNomineeList(next, etag), null, Written: true);
            if (ifMatch is not null || attempt >= MaxAttempts) return new(null, NomineeListProblems.Stale(await store.GetAsync(id, ct)));
        }
    }

    private static IResult Answer(NomineeListDecision decision) => decision.Refusal switch
    {
        DossierRefusal.Invalid => DossierProblems.Invalid(decision.Problems),
        DossierRefusal.NotAllowed => NomineeListProblems.Submitted(),
        DossierRefusal.NotFound => DossierProblems.FileNotFound(),
        _ => DossierProblems.Refused(decision.Problems),
    };

    private static NomineeListAuditEntry Audit(NomineeList list, Caller caller, string action, string? note) =>
        new(list.Id.Value, list.UpdatedAt, caller.Actor, action, note);
}

/// <summary>Problems of the list API in the API's vocabulary (docs/api-errors.md).</summary>
internal static class NomineeListProblems
{
    /// <summary>404.</summary>
    public static IResult NotFound() => ApiProblem.NotFound(new("danh sách này", "list"));

    /// <summary>409: the list changed since the caller read it.</summary>
    public static IResult Stale(StoredNomineeList? current) => ApiProblem.Create(StatusCodes.Status409Conflict, "stale-etag",
        new("Danh sách đã thay đổi", "The list has changed"),
        new("Danh sách đã bị thay đổi sau khi bạn mở; không có gì bị ghi đè — tải lại rồi thực hiện lại.", "The list changed after you opened it; nothing was overwritten — reload it and try again."),
        extensions: new Dictionary<string, object?> { ["currentETag"] = current?.ETag });

    /// <summary>409: a submitted list does not change.</summary>
    public static IResult Submitted() => ApiProblem.Create(StatusCodes.Status409Conflict, "list-submitted",
        new("Danh sách đã trình", "The list was submitted"),
        new("Danh sách đã trình; không thay đổi được nữa.", "The list was submitted; it can no longer change."));

    /// <summary>403: only a user of the body the plan gives the list to may assemble and submit it.</summary>
    public static IResult NotTheListsBody(string role, string within) => ApiProblem.Forbidden(new(
        $"Chỉ người dùng của cơ quan giữ vai trò '{role}' thuộc đơn vị {within} mới lập và trình danh sách này (mục IV.3.b của kế hoạch).",
        $"Only a user of the body playing '{role}' within {within} may assemble and submit this list (clause IV.3.b of the plan)."));

    /// <summary>400: the plan has no list for this stage and award form.</summary>
    public static IResult NoList(string planId, string awardFormId) => ApiProblem.InvalidField("awardFormId", "no-list",
        $"Kế hoạch '{planId}' không có danh sách trình cho hình thức '{awardFormId}' ở giai đoạn này (Giấy khen do thủ trưởng cơ quan, địa phương quyết định).",
        $"Plan '{planId}' has no list to submit for award form '{awardFormId}' at this stage (a Giấy khen is decided by the unit's head).");
}
