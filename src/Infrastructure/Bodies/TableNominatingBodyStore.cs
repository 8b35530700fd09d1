using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using NoOneLeftBehind.Domain.Bodies;
using NoOneLeftBehind.Infrastructure.Storage;

namespace NoOneLeftBehind.Infrastructure.Bodies;

/// <summary>
/// <see cref="INominatingBodyStore"/> on Table storage. Table <c>NominatingBodies</c>: one row per body
/// (PartitionKey = body id, RowKey <c>body</c>), so an id is unique across the country and a lookup is a
/// point read; a list is a scan (bodies number in the hundreds per province). Table
/// <c>NominatingBodyAudit</c>, append-only: PartitionKey = body id, RowKey inverted ticks + a GUID (newest
/// first), <c>Before</c>/<c>After</c> as the body's JSON.
/// </summary>
/// <remarks>
/// Changes are conditional on the ETag read (two admins racing: the loser re-reads and audits the
/// winner's version as its "before"). A failed audit write throws, so the admin sees an error.
/// </remarks>
public sealed class TableNominatingBodyStore : INominatingBodyStore, IDisposable
{
    /// <summary>The table of registered bodies.</summary>
    public const string BodiesTable = "NominatingBodies";

    /// <summary>The append-only audit table.</summary>
    public const string AuditTable = "NominatingBodyAudit";

    private const string BodyRow = "body";
    private const int MaxAttempts = 5;

    private readonly AuditedTables _tables;
    private TableClient Rows => _tables.Current;
    private TableClient AuditRows => _tables.Audit;

    /// <summary>Creates the store on <paramref name="tables"/>; the tables are created on first use.</summary>
    public TableNominatingBodyStore(TableServiceClient tables)
    {
        _tables = new AuditedTables(tables, BodiesTable, AuditTable);
    }

    /// <inheritdoc />
    public async Task<NominatingBody?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        if (!IsStorableId(id)) return null;
        await EnsureTablesAsync(cancellationToken).ConfigureAwait(false);
        var entity = await GetAsync(id, cancellationToken).ConfigureAwait(false);
        return entity is null ? null : ToBody(entity);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<NominatingBody>> ListAsync(CancellationToken cancellationToken = default)
    {
        await EnsureTablesAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<NominatingBody>();
        await foreach (var entity in Rows.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey eq {BodyRow}"), cancellationToken: cancellationToken).ConfigureAwait(false))
            list.Add(ToBody(entity));
        return list;
    }

    /// <inheritdoc />
    public async Task<bool> CreateAsync(NominatingBody body, string actor, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        Guard(body, actor);
        await EnsureTablesAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await Rows.AddEntityAsync(ToEntity(body), cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
        await AppendAuditAsync(new BodyAuditEntry(body.Id, at, actor, BodyAuditEntry.Create, null, body), cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc />
    public async Task<NominatingBody?> UpdateAsync(NominatingBody body, string actor, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        Guard(body, actor);
        await EnsureTablesAsync(cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            var current = await GetAsync(body.Id, cancellationToken).ConfigureAwait(false);
            if (current is null) return null;
            try
            {
                await Rows.UpdateEntityAsync(ToEntity(body), current.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 412)
            {
                if (attempt == MaxAttempts) throw ConcurrentChange(body.Id);
                continue;
            }
            var before = ToBody(current);
            await AppendAuditAsync(new BodyAuditEntry(body.Id, at, actor, BodyAuditEntry.Update, before, body), cancellationToken).ConfigureAwait(false);
            return before;
        }
    }

    /// <inheritdoc />
    public async Task<NominatingBody?> DeleteAsync(string id, string actor, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(actor);
        if (!IsStorableId(id)) return null;
        await EnsureTablesAsync(cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            var current = await GetAsync(id, cancellationToken).ConfigureAwait(false);
            if (current is null) return null;
            int status;
            try
            {
                // The SDK does not throw when the row is already gone (404): that answer is looked at below.
                status = (await Rows.DeleteEntityAsync(id, BodyRow, current.ETag, cancellationToken).ConfigureAwait(false)).Status;
            }
            catch (RequestFailedException ex) when (ex.Status == 412)
            {
                status = ex.Status;
            }
            if (status is >= 200 and < 300)
            {
                var deleted = ToBody(current);
                await AppendAuditAsync(new BodyAuditEntry(id, at, actor, BodyAuditEntry.Delete, deleted, null), cancellationToken).ConfigureAwait(false);
                return deleted;
            }
            if (attempt == MaxAttempts) throw ConcurrentChange(id);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<BodyAuditEntry>> GetAuditAsync(string id, CancellationToken cancellationToken = default)
    {
        if (!IsStorableId(id)) return [];
        await EnsureTablesAsync(cancellationToken).ConfigureAwait(false);
        var entries = new List<BodyAuditEntry>();
        await foreach (var e in AuditRows.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {id}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            entries.Add(new BodyAuditEntry(
                id,
                e.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue,
                e.GetString("Actor") ?? "",
                e.GetString("Action") ?? "",
                FromJson(e.GetString("Before")),
                FromJson(e.GetString("After"))));
        }
        return entries;
    }

    /// <inheritdoc />
    public void Dispose() => _tables.Dispose();

    /// <summary>Ids a table key can hold; implicit <c>ubnd:…</c> bodies are never stored.</summary>
    private static bool IsStorableId(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= 64 && !id.StartsWith(NominatingBody.PeoplesCommitteePrefix, StringComparison.Ordinal)
        && id.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');

    private static void Guard(NominatingBody body, string actor)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentException.ThrowIfNullOrEmpty(actor);
        if (!IsStorableId(body.Id)) throw new ArgumentException($"'{body.Id}' is not the id of a registered body.", nameof(body));
    }

    private Task AppendAuditAsync(BodyAuditEntry entry, CancellationToken cancellationToken) =>
        _tables.AppendAuditAsync(entry.BodyId, entry.At, new Dictionary<string, object?>
        {
            ["Actor"] = entry.Actor,
            ["Action"] = entry.Action,
            ["Before"] = entry.Before is { } before ? ToJson(before) : null,
            ["After"] = entry.After is { } after ? ToJson(after) : null,
        }, $"body {entry.BodyId}", cancellationToken);

    private Task EnsureTablesAsync(CancellationToken cancellationToken) => _tables.EnsureCreatedAsync(cancellationToken);

    private Task<TableEntity?> GetAsync(string id, CancellationToken cancellationToken) => _tables.GetAsync(id, BodyRow, cancellationToken);

    private static TableEntity ToEntity(NominatingBody b) => new(b.Id, BodyRow)
    {
        ["Name"] = b.Name,
        ["Kind"] = b.Kind,
        ["UnitCode"] = b.UnitCode,
        ["Roles"] = string.Join(',', b.Roles),
    };

    private static NominatingBody ToBody(TableEntity e) => new(
        e.PartitionKey,
        e.GetString("Name") ?? "",
        e.GetString("Kind") ?? "",
        e.GetString("UnitCode") ?? throw new InvalidOperationException($"Body row {e.PartitionKey} has no UnitCode."),
        (e.GetString("Roles") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries));

    private static string ToJson(NominatingBody body) => JsonSerializer.Serialize(BodyJson.From(body), BodyJsonContext.Default.BodyJson);

    private static NominatingBody? FromJson(string? json) =>
        json is null ? null : JsonSerializer.Deserialize(json, BodyJsonContext.Default.BodyJson)?.ToBody();

    internal sealed record BodyJson(string Id, string Name, string Kind, string UnitCode, string[] Roles)
    {
        public static BodyJson From(NominatingBody b) => new(b.Id, b.Name, b.Kind, b.UnitCode, [.. b.Roles]);

        public NominatingBody ToBody() => new(Id, Name, Kind, UnitCode, Roles);
    }

    private static InvalidOperationException ConcurrentChange(string id) =>
        new($"Body {id} kept changing concurrently; nothing was written.");
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(TableNominatingBodyStore.BodyJson))]
internal sealed partial class BodyJsonContext : JsonSerializerContext;
