namespace NoOneLeftBehind.Domain.Dossiers;

/// <summary>
/// One entry of a dossier's audit trail (append-only): who did what, when, from where, and what
/// changed (status and fields, before → after).
/// </summary>
/// <param name="DossierId">The dossier.</param>
/// <param name="At">When (UTC).</param>
/// <param name="Actor">Who: display name and <c>tid_oid</c>, or <c>system</c>.</param>
/// <param name="Action">What.</param>
/// <param name="FromStatus">Status before.</param>
/// <param name="ToStatus">Status after.</param>
/// <param name="Revision">Revision after the change.</param>
/// <param name="Changes">Field-level changes, before → after.</param>
/// <param name="Note">Reason, note or message (return reasons, failure reason…).</param>
/// <param name="ClientIp">Caller's IP address, if an HTTP request.</param>
/// <param name="ClientApp">Calling application (User-Agent, or the function name).</param>
public sealed record DossierAuditEntry(
    string DossierId,
    DateTimeOffset At,
    string Actor,
    DossierAction Action,
    DossierStatus? FromStatus,
    DossierStatus ToStatus,
    int Revision,
    IReadOnlyList<FieldChange> Changes,
    string? Note,
    string? ClientIp,
    string? ClientApp);

/// <summary>A field's value before and after a change (JSON text, shortened when long).</summary>
/// <param name="Field">Field path.</param>
/// <param name="Before">Value before (null: absent).</param>
/// <param name="After">Value after (null: removed).</param>
public sealed record FieldChange(string Field, string? Before, string? After);
