namespace NoOneLeftBehind.Domain.Dossiers;

/// <summary>Why a decision refuses: each kind is answered differently by the API.</summary>
public enum DossierRefusal
{
    /// <summary>Not refused.</summary>
    None,
    /// <summary>The request's data is invalid (400).</summary>
    Invalid,
    /// <summary>A rule of the plan refuses it: missing component, deadline, quota, file content (422).</summary>
    Refused,
    /// <summary>The action is not allowed in the dossier's status (409).</summary>
    NotAllowed,
    /// <summary>The file (or item) named does not exist (404).</summary>
    NotFound,
    /// <summary>Another reviewer holds the dossier (409, as a stale read).</summary>
    HeldByAnother,
}

/// <summary>How a decision changes the quota slots of the nominating unit.</summary>
/// <param name="Holders">The dossiers holding the slots after the change.</param>
public sealed record QuotaChange(IReadOnlyList<string> Holders);

/// <summary>
/// What a decision on a dossier comes to: the next dossier, the changes its audit entry records and any quota change
/// to write with it, in one transaction; or the problems, and nothing is written. A decision that changes nothing
/// (<see cref="Writes"/> false, <see cref="Refusal"/> none) leaves the dossier as it is.
/// </summary>
public sealed record DossierDecision
{
    private DossierDecision()
    {
    }

    /// <summary>The action decided on (the audit entry's action).</summary>
    public DossierAction Action { get; private init; }

    /// <summary>The dossier after the decision (the current one when nothing changes); null when refused.</summary>
    public Dossier? Next { get; private init; }

    /// <summary>True when <see cref="Next"/> is to be written.</summary>
    public bool Writes { get; private init; }

    /// <summary>Field-level changes for the audit entry.</summary>
    public IReadOnlyList<FieldChange> Changes { get; private init; } = [];

    /// <summary>The quota slots after the change, when the decision takes or frees a slot.</summary>
    public QuotaChange? Quota { get; private init; }

    /// <summary>The audit entry's note (reason, verdict…).</summary>
    public string? Note { get; private init; }

    /// <summary>Why it is refused, or <see cref="DossierRefusal.None"/>.</summary>
    public DossierRefusal Refusal { get; private init; }

    /// <summary>The problems of a refusal (empty for <see cref="DossierRefusal.NotAllowed"/> and <see cref="DossierRefusal.HeldByAnother"/>).</summary>
    public IReadOnlyList<DossierProblem> Problems { get; private init; } = [];

    /// <summary>A change to write.</summary>
    public static DossierDecision Change(DossierAction action, Dossier next, IReadOnlyList<FieldChange> changes, QuotaChange? quota = null, string? note = null)
    {
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(changes);
        return new() { Action = action, Next = next, Writes = true, Changes = changes, Quota = quota, Note = note };
    }

    /// <summary>Nothing to change: the dossier stays as it is.</summary>
    public static DossierDecision Unchanged(DossierAction action, Dossier current) => new() { Action = action, Next = current };

    /// <summary>Refused for <paramref name="problems"/>.</summary>
    public static DossierDecision Refuse(DossierAction action, DossierRefusal refusal, IReadOnlyList<DossierProblem> problems) =>
        new() { Action = action, Refusal = refusal, Problems = problems };

    /// <summary>The action is not allowed in the dossier's status.</summary>
    public static DossierDecision NotAllowed(DossierAction action) => new() { Action = action, Refusal = DossierRefusal.NotAllowed };
}

/// <summary>What a reviewer asks in a return, as given (checked by <see cref="Dossier.Review"/>).</summary>
/// <param name="ComponentId">A component id, or null.</param>
/// <param name="Field">A field (<see cref="DossierFields"/>), or null.</param>
/// <param name="Reason">Why.</param>
public sealed record ReturnItem(string? ComponentId, string? Field, string? Reason);

/// <summary>The editable data of a dossier as an edit gives it: null leaves a field as it is.</summary>
public sealed record DossierEdit
{
    /// <summary>New nominee.</summary>
    public Nominee? Nominee { get; init; }
    /// <summary>New award form.</summary>
    public string? AwardFormId { get; init; }
    /// <summary>New nomination year.</summary>
    public int? NominationYear { get; init; }
    /// <summary>New figures.</summary>
    public IReadOnlyList<Criteria.YearFigures>? Statistics { get; init; }
    /// <summary>New facts.</summary>
    public Criteria.EvaluationFacts? Facts { get; init; }
    /// <summary>New summary of achievements.</summary>
    public string? AchievementsSummary { get; init; }
}

/// <summary>A file's bytes as inspected at confirmation: where the pinned copy is and what it holds, or why it is refused.</summary>
/// <param name="StoredName">The pinned copy's blob name.</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="Kind">Detected type, when accepted.</param>
/// <param name="Sha256">SHA-256, when accepted.</param>
/// <param name="Problem">Why the bytes are refused, or null.</param>
public sealed record InspectedFile(string StoredName, long Size, FileKind? Kind, string? Sha256, DossierProblem? Problem);
