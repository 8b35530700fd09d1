using System.Globalization;
using NoOneLeftBehind.Domain.Identity;
using NoOneLeftBehind.Infrastructure.Storage.Tables;

namespace NoOneLeftBehind.Infrastructure.Identity;

/// <summary>
/// <see cref="IUnitScopeStore"/> on Table storage. Table <c>UnitScopes</c>: one row per user
/// (PartitionKey <c>{tid}_{oid}</c>, RowKey <c>scope</c>). Table <c>UnitScopeAudit</c>, append-only:
/// PartitionKey <c>{tid}_{oid}</c>, RowKey inverted ticks + a GUID, so a partition reads newest first.
/// </summary>
/// <remarks>
/// A change is written with the ETag of the row it replaces (two admins racing: one retries with
/// the other's result as its "before"), then audited. Both tables cannot share one transaction;
/// if the audit write fails the call throws, so the admin sees an error and the logs show it.
/// </remarks>
public sealed class TableUnitScopeStore : IUnitScopeStore, IDisposable
{
    /// <summary>The table of current scopes.</summary>
    public const string ScopesTable = "UnitScopes";

    /// <summary>The append-only audit table.</summary>
    public const string AuditTable = "UnitScopeAudit";

    private const string ScopeRow = "scope";
    private const int MaxAttempts = 5;

    private readonly IEntityTable _scopes;
    private readonly IEntityTable _audit;
    private readonly SemaphoreSlim _createLock = new(1, 1);
    private volatile bool _created;

    /// <summary>Creates the store on <paramref name="tables"/>; the tables are created on first use.</summary>
    public TableUnitScopeStore(ITableStore tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        _scopes = tables.GetTable(ScopesTable);
        _audit = tables.GetTable(AuditTable);
    }

    /// <inheritdoc />
    public async Task<UnitScopeAssignment?> FindAsync(UserKey user, CancellationToken cancellationToken = default)
    {
        await EnsureTablesAsync(cancellationToken);
        var entity = await _scopes.GetAsync(user.Value, ScopeRow, cancellationToken: cancellationToken);
        return entity is null ? null : ToAssignment(user, entity);
    }

    /// <inheritdoc />
    public async Task<UnitScopeAssignment?> AssignAsync(UnitScopeAssignment assignment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        if (!ScopeUnitCodes.IsValid(assignment.UnitCode))
            throw new ArgumentException($"'{assignment.UnitCode}' is not a unit code.", nameof(assignment));
        await EnsureTablesAsync(cancellationToken);
        var key = assignment.User.Value;
        for (var attempt = 1; ; attempt++)
        {
            var current = await _scopes.GetAsync(key, ScopeRow, cancellationToken: cancellationToken);
            var entity = ToEntity(assignment);
            var result = current is null
                ? await _scopes.InsertAsync(entity, cancellationToken)
                : await _scopes.UpdateAsync(entity, current.ETag ?? "*", TableUpdateMode.Replace, cancellationToken);
            if (result.Succeeded)
            {
                var before = current?.GetString("UnitCode");
                await AppendAuditAsync(new UnitScopeAuditEntry(assignment.User, assignment.AssignedAt, assignment.AssignedBy, UnitScopeAuditEntry.Assign, before, assignment.UnitCode), cancellationToken);
                return current is null ? null : ToAssignment(assignment.User, current);
            }
            if (attempt == MaxAttempts) throw ConcurrentChange(assignment.User);
        }
    }

    /// <inheritdoc />
    public async Task<UnitScopeAssignment?> RevokeAsync(UserKey user, string actor, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(actor);
        await EnsureTablesAsync(cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var current = await _scopes.GetAsync(user.Value, ScopeRow, cancellationToken: cancellationToken);
            if (current is null) return null;
            var result = await _scopes.DeleteAsync(user.Value, ScopeRow, current.ETag ?? "*", cancellationToken);
            if (result.Succeeded)
            {
                var revoked = ToAssignment(user, current);
                await AppendAuditAsync(new UnitScopeAuditEntry(user, at, actor, UnitScopeAuditEntry.Revoke, revoked.UnitCode, null), cancellationToken);
                return revoked;
            }
            if (attempt == MaxAttempts) throw ConcurrentChange(user);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<UnitScopeAssignment>> ListAsync(CancellationToken cancellationToken = default)
    {
        await EnsureTablesAsync(cancellationToken);
        var list = new List<UnitScopeAssignment>();
        await foreach (var entity in _scopes.QueryAsync(TableFilter.RowKey.Equal(ScopeRow), cancellationToken: cancellationToken))
        {
            if (UserKey.TryParse(entity.PartitionKey, out var user)) list.Add(ToAssignment(user.Value, entity));
        }
        return list;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<UnitScopeAuditEntry>> GetAuditAsync(UserKey user, CancellationToken cancellationToken = default)
    {
        await EnsureTablesAsync(cancellationToken);
        var entries = new List<UnitScopeAuditEntry>();
        await foreach (var entity in _audit.QueryAsync(TableFilter.PartitionKey.Equal(user.Value), cancellationToken: cancellationToken))
        {
            entries.Add(new UnitScopeAuditEntry(
                user,
                entity.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue,
                entity.GetString("Actor") ?? "",
                entity.GetString("Action") ?? "",
                entity.GetString("Before"),
                entity.GetString("After")));
        }
        return entries;
    }

    /// <inheritdoc />
    public void Dispose() => _createLock.Dispose();

    private async Task AppendAuditAsync(UnitScopeAuditEntry entry, CancellationToken cancellationToken)
    {
        // Inverted ticks: the newest row sorts first in its partition.
        var rowKey = string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.MaxValue.UtcTicks - entry.At.UtcTicks:D19}_{Guid.NewGuid():N}");
        var entity = new TableEntity(entry.User.Value, rowKey)
        {
            ["At"] = entry.At,
            ["Actor"] = entry.Actor,
            ["Action"] = entry.Action,
            ["Before"] = entry.Before,
            ["After"] = entry.After,
        };
        // A failed audit must not be silent; the service cannot hand us a conflict on a fresh GUID key.
        var result = await _audit.InsertAsync(entity, CancellationToken.None);
        if (!result.Succeeded)
            throw new InvalidOperationException($"The unit-scope audit row for {entry.User} could not be written ({result.Outcome}).");
        cancellationToken.ThrowIfCancellationRequested();
    }

    private async Task EnsureTablesAsync(CancellationToken cancellationToken)
    {
        if (_created) return;
        await _createLock.WaitAsync(cancellationToken);
        try
        {
            if (_created) return;
            await _scopes.CreateIfNotExistsAsync(cancellationToken);
            await _audit.CreateIfNotExistsAsync(cancellationToken);
            _created = true;
        }
        finally
        {
            _createLock.Release();
        }
    }

    private static TableEntity ToEntity(UnitScopeAssignment a) => new(a.User.Value, ScopeRow)
    {
        ["UnitCode"] = a.UnitCode,
        ["DisplayName"] = a.DisplayName,
        ["AssignedBy"] = a.AssignedBy,
        ["AssignedAt"] = a.AssignedAt,
    };

    private static UnitScopeAssignment ToAssignment(UserKey user, TableEntity e) => new(
        user,
        e.GetString("UnitCode") ?? throw new InvalidOperationException($"Unit scope row of {user} has no UnitCode."),
        e.GetString("DisplayName"),
        e.GetString("AssignedBy") ?? "",
        e.GetDateTimeOffset("AssignedAt") ?? DateTimeOffset.MinValue);

    private static InvalidOperationException ConcurrentChange(UserKey user) =>
        new($"The unit scope of {user} kept changing concurrently; nothing was written.");
}
