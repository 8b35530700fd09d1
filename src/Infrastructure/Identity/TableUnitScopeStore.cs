using Azure;
using Azure.Data.Tables;
using NoOneLeftBehind.Domain.Identity;
using NoOneLeftBehind.Infrastructure.Storage;

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

    private readonly AuditedTables _tables;
    private TableClient Rows => _tables.Current;
    private TableClient AuditRows => _tables.Audit;

    /// <summary>Creates the store on <paramref name="tables"/>; the tables are created on first use.</summary>
    public TableUnitScopeStore(TableServiceClient tables)
    {
        _tables = new AuditedTables(tables, ScopesTable, AuditTable);
    }

    /// <inheritdoc />
    public async Task<UnitScopeAssignment?> FindAsync(UserKey user, CancellationToken cancellationToken = default)
    {
        await EnsureTablesAsync(cancellationToken).ConfigureAwait(false);
        var entity = await GetScopeAsync(user.Value, cancellationToken).ConfigureAwait(false);
        return entity is null ? null : ToAssignment(user, entity);
    }

    /// <inheritdoc />
    public async Task<UnitScopeAssignment?> AssignAsync(UnitScopeAssignment assignment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        if (!ScopeUnitCodes.IsValid(assignment.UnitCode))
            throw new ArgumentException($"'{assignment.UnitCode}' is not a unit code.", nameof(assignment));
        await EnsureTablesAsync(cancellationToken).ConfigureAwait(false);
        var key = assignment.User.Value;
        for (var attempt = 1; ; attempt++)
        {
            var current = await GetScopeAsync(key, cancellationToken).ConfigureAwait(false);
            var entity = ToEntity(assignment);
            try
            {
                if (current is null) await Rows.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
                else await Rows.UpdateEntityAsync(entity, current.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 409 or 412)
            {
                // Another admin inserted, changed or removed the row since it was read: read it again.
                if (attempt == MaxAttempts) throw ConcurrentChange(assignment.User);
                continue;
            }
            var before = current?.GetString("UnitCode");
            await AppendAuditAsync(new UnitScopeAuditEntry(assignment.User, assignment.AssignedAt, assignment.AssignedBy, UnitScopeAuditEntry.Assign, before, assignment.UnitCode)
            {
                BeforeBody = current?.GetString("BodyId"),
                AfterBody = assignment.BodyId,
            }, cancellationToken).ConfigureAwait(false);
            return current is null ? null : ToAssignment(assignment.User, current);
        }
    }

    /// <inheritdoc />
    public async Task<UnitScopeAssignment?> RevokeAsync(UserKey user, string actor, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(actor);
        await EnsureTablesAsync(cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            var current = await GetScopeAsync(user.Value, cancellationToken).ConfigureAwait(false);
            if (current is null) return null;
            int status;
            try
            {
                // The SDK does not throw when the row is already gone (404): that answer is looked at below.
                status = (await Rows.DeleteEntityAsync(user.Value, ScopeRow, current.ETag, cancellationToken).ConfigureAwait(false)).Status;
            }
            catch (RequestFailedException ex) when (ex.Status == 412)
            {
                status = ex.Status;
            }
            if (status is >= 200 and < 300)
            {
                var revoked = ToAssignment(user, current);
                await AppendAuditAsync(new UnitScopeAuditEntry(user, at, actor, UnitScopeAuditEntry.Revoke, revoked.UnitCode, null) { BeforeBody = revoked.BodyId }, cancellationToken).ConfigureAwait(false);
                return revoked;
            }
            if (attempt == MaxAttempts) throw ConcurrentChange(user);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<UnitScopeAssignment>> ListAsync(CancellationToken cancellationToken = default)
    {
        await EnsureTablesAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<UnitScopeAssignment>();
        await foreach (var entity in Rows.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey eq {ScopeRow}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (UserKey.TryParse(entity.PartitionKey, out var user)) list.Add(ToAssignment(user.Value, entity));
        }
        return list;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<UnitScopeAuditEntry>> GetAuditAsync(UserKey user, CancellationToken cancellationToken = default)
    {
        await EnsureTablesAsync(cancellationToken).ConfigureAwait(false);
        var entries = new List<UnitScopeAuditEntry>();
        await foreach (var entity in AuditRows.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {user.Value}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            entries.Add(new UnitScopeAuditEntry(
                user,
                entity.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue,
                entity.GetString("Actor") ?? "",
                entity.GetString("Action") ?? "",
                entity.GetString("Before"),
                entity.GetString("After"))
            {
                BeforeBody = entity.GetString("BeforeBody"),
                AfterBody = entity.GetString("AfterBody"),
            });
        }
        return entries;
    }

    /// <inheritdoc />
    public void Dispose() => _tables.Dispose();

    private Task AppendAuditAsync(UnitScopeAuditEntry entry, CancellationToken cancellationToken) =>
        _tables.AppendAuditAsync(entry.User.Value, entry.At, new Dictionary<string, object?>
        {
            ["Actor"] = entry.Actor,
            ["Action"] = entry.Action,
            ["Before"] = entry.Before,
            ["After"] = entry.After,
            ["BeforeBody"] = entry.BeforeBody,
            ["AfterBody"] = entry.AfterBody,
        }, $"the unit scope of {entry.User}", cancellationToken);

    private Task EnsureTablesAsync(CancellationToken cancellationToken) => _tables.EnsureCreatedAsync(cancellationToken);

    private Task<TableEntity?> GetScopeAsync(string key, CancellationToken cancellationToken) => _tables.GetAsync(key, ScopeRow, cancellationToken);

    private static TableEntity ToEntity(UnitScopeAssignment a)
    {
        var entity = new TableEntity(a.User.Value, ScopeRow)
        {
            ["UnitCode"] = a.UnitCode,
            ["AssignedBy"] = a.AssignedBy,
            ["AssignedAt"] = a.AssignedAt,
        };
        if (a.DisplayName is { } name) entity["DisplayName"] = name;
        if (a.BodyId is { } body) entity["BodyId"] = body;
        return entity;
    }

    private static UnitScopeAssignment ToAssignment(UserKey user, TableEntity e) => new(
        user,
        e.GetString("UnitCode") ?? throw new InvalidOperationException($"Unit scope row of {user} has no UnitCode."),
        e.GetString("DisplayName"),
        e.GetString("AssignedBy") ?? "",
        e.GetDateTimeOffset("AssignedAt") ?? DateTimeOffset.MinValue)
    {
        BodyId = e.GetString("BodyId"),
    };

    private static InvalidOperationException ConcurrentChange(UserKey user) =>
        new($"The unit scope of {user} kept changing concurrently; nothing was written.");
}
