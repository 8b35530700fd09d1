namespace NoOneLeftBehind.Domain.Identity;

/// <summary>
/// The administrative unit a user acts for. Submitters act for exactly this unit; reviewers,
/// leaders and admins for it and every unit below it (see <see cref="UnitAccessRules"/>).
/// </summary>
/// <param name="User">Whom the scope belongs to.</param>
/// <param name="UnitCode">An official unit code or <see cref="ScopeUnitCodes.National"/>.</param>
/// <param name="DisplayName">The user's name as the admin entered it, for lists; not used for decisions.</param>
/// <param name="AssignedBy">Who made the assignment (an actor description, see <see cref="UnitScopeAuditEntry.Actor"/>).</param>
/// <param name="AssignedAt">When the assignment was made.</param>
public sealed record UnitScopeAssignment(UserKey User, string UnitCode, string? DisplayName, string AssignedBy, DateTimeOffset AssignedAt)
{
    /// <summary>
    /// The nominating body of <see cref="UnitCode"/> the user acts for (ADR 0008: a registered body of that unit,
    /// or its people's committee <c>ubnd:{unitCode}</c>); null means the unit's people's committee.
    /// Read scope stays the unit subtree whatever the body.
    /// </summary>
    public string? BodyId { get; init; }
}

/// <summary>One audited change of a user's unit scope.</summary>
/// <param name="User">Whose scope changed.</param>
/// <param name="At">When.</param>
/// <param name="Actor">Who changed it: <c>{tid}_{oid}</c> and the name from their token, or a system actor such as <c>dev-seed</c>.</param>
/// <param name="Action"><c>assign</c> or <c>revoke</c>.</param>
/// <param name="Before">The unit code before the change, or null if the user had no scope.</param>
/// <param name="After">The unit code after the change, or null if the scope was revoked.</param>
public sealed record UnitScopeAuditEntry(UserKey User, DateTimeOffset At, string Actor, string Action, string? Before, string? After)
{
    /// <summary>The body the scope named before the change, if any.</summary>
    public string? BeforeBody { get; init; }

    /// <summary>The body the scope names after the change, if any.</summary>
    public string? AfterBody { get; init; }

    /// <summary>The action of an assignment (new or changed scope).</summary>
    public const string Assign = "assign";

    /// <summary>The action of a revocation.</summary>
    public const string Revoke = "revoke";
}
