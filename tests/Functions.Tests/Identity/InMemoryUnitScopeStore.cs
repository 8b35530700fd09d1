using System.Collections.Concurrent;
using NoOneLeftBehind.Domain.Identity;

namespace NoOneLeftBehind.Functions.Tests.Identity;

/// <summary>
/// The scope store port in memory, for HTTP tests of authorization. The Table adapter itself is
/// tested against Azurite in tests/Integration/Identity.
/// </summary>
public sealed class InMemoryUnitScopeStore : IUnitScopeStore
{
    private readonly ConcurrentDictionary<UserKey, UnitScopeAssignment> _scopes = new();
    private readonly ConcurrentQueue<UnitScopeAuditEntry> _audit = new();

    public IReadOnlyList<UnitScopeAuditEntry> AllAudit => [.. _audit];

    public Task<UnitScopeAssignment?> FindAsync(UserKey user, CancellationToken cancellationToken = default) =>
        Task.FromResult(_scopes.TryGetValue(user, out var a) ? a : null);

    public Task<UnitScopeAssignment?> AssignAsync(UnitScopeAssignment assignment, CancellationToken cancellationToken = default)
    {
        _scopes.TryGetValue(assignment.User, out var before);
        _scopes[assignment.User] = assignment;
        _audit.Enqueue(new UnitScopeAuditEntry(assignment.User, assignment.AssignedAt, assignment.AssignedBy, UnitScopeAuditEntry.Assign, before?.UnitCode, assignment.UnitCode));
        return Task.FromResult(before);
    }

    public Task<UnitScopeAssignment?> RevokeAsync(UserKey user, string actor, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        if (!_scopes.TryRemove(user, out var before)) return Task.FromResult<UnitScopeAssignment?>(null);
        _audit.Enqueue(new UnitScopeAuditEntry(user, at, actor, UnitScopeAuditEntry.Revoke, before.UnitCode, null));
        return Task.FromResult<UnitScopeAssignment?>(before);
    }

    public Task<IReadOnlyList<UnitScopeAssignment>> ListAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<UnitScopeAssignment>>([.. _scopes.Values]);

    public Task<IReadOnlyList<UnitScopeAuditEntry>> GetAuditAsync(UserKey user, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<UnitScopeAuditEntry>>([.. _audit.Where(e => e.User == user).Reverse()]);

    public void Seed(UserKey user, string unitCode) =>
        _scopes[user] = new UnitScopeAssignment(user, unitCode, null, "test", DateTimeOffset.UtcNow);
}
