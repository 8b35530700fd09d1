namespace NoOneLeftBehind.Domain.Identity;

/// <summary>
/// Port: where users' unit scopes are kept (one scope per user), with an append-only audit of
/// every change. Implemented on Table storage in the infrastructure layer.
/// </summary>
public interface IUnitScopeStore
{
    /// <summary>The user's current scope, or null if they have none.</summary>
    Task<UnitScopeAssignment?> FindAsync(UserKey user, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sets the user's scope (replacing any previous one) and records the change in the audit.
    /// Returns the scope the user had before, or null.
    /// </summary>
    Task<UnitScopeAssignment?> AssignAsync(UnitScopeAssignment assignment, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes the user's scope and records the change in the audit. Returns the revoked scope,
    /// or null (and records nothing) if the user had none.
    /// </summary>
    Task<UnitScopeAssignment?> RevokeAsync(UserKey user, string actor, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Every current scope.</summary>
    Task<IReadOnlyList<UnitScopeAssignment>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>The audit of one user's scope changes, newest first.</summary>
    Task<IReadOnlyList<UnitScopeAuditEntry>> GetAuditAsync(UserKey user, CancellationToken cancellationToken = default);
}
