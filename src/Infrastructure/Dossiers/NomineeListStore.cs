using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using NoOneLeftBehind.Domain.Dossiers;
using NoOneLeftBehind.Infrastructure.Messaging;
using NoOneLeftBehind.Infrastructure.Storage;

namespace NoOneLeftBehind.Infrastructure.Dossiers;

/// <summary>A list with the ETag of the version read.</summary>
/// <param name="List">The list.</param>
/// <param name="ETag">Its version.</param>
public sealed record StoredNomineeList(NomineeList List, string ETag);

/// <summary>One audited change of a list.</summary>
/// <param name="ListId">Which list.</param>
/// <param name="At">When.</param>
/// <param name="Actor">Who.</param>
/// <param name="Action">The decision's action word.</param>
/// <param name="Note">What it did.</param>
public sealed record NomineeListAuditEntry(string ListId, DateTimeOffset At, string Actor, string Action, string? Note);

/// <summary>
/// Lists (danh sách trình) in Table storage: table <c>NomineeLists</c>, partition = the body's id, row = the list's key
/// (<see cref="NomineeListId.Key"/>), beside its audit rows (<c>audit|{key}|{ticks}|…</c>) and the outbox rows of its
/// events. A change, its audit entry and its event are one entity-group transaction, conditional on the list's ETag;
/// every write carries a fresh <c>WriteId</c>, so a write whose answer was lost is recognised as this one (as dossiers).
/// </summary>
public sealed class NomineeListStore(TableServiceClient tables)
{
    /// <summary>The table.</summary>
    public const string TableName = "NomineeLists";
    private const string TypeList = "list";
    private const string TypeAudit = "audit";
    private const string WriteIdProperty = "WriteId";
    private readonly TableClient _table = tables.GetTableClient(TableName);

    /// <summary>Creates the table.</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default) =>
        await _table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>The list, or null.</summary>
    public async Task<StoredNomineeList?> GetAsync(NomineeListId id, CancellationToken cancellationToken = default)
    {
        var found = await _table.GetEntityIfExistsAsync<TableEntity>(id.BodyId, id.Key, cancellationToken: cancellationToken).ConfigureAwait(false);
        return found.HasValue && found.Value!.GetString("Type") == TypeList ? new StoredNomineeList(Read(found.Value), found.Value.ETag.ToString()) : null;
    }

    /// <summary>Submitted lists with dossiers still to forward (a forwarding interrupted by a crash).</summary>
    public async IAsyncEnumerable<StoredNomineeList> ListPendingAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"Type eq {TypeList} and Status eq {"submitted"} and PendingForwards gt {0}");
        await foreach (var entity in QueryAsync(filter, cancellationToken).ConfigureAwait(false)) yield return entity;
    }

    /// <summary>Every list of one plan (for reminders and consoles).</summary>
    public async IAsyncEnumerable<StoredNomineeList> ListAsync(string? planId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"Type eq {TypeList}");
        if (planId is not null) filter += " and " + TableClient.CreateQueryFilter($"PlanId eq {planId}");
        await foreach (var entity in QueryAsync(filter, cancellationToken).ConfigureAwait(false)) yield return entity;
    }

    /// <summary>The audit trail of a list, oldest first.</summary>
    public async Task<IReadOnlyList<NomineeListAuditEntry>> AuditAsync(NomineeListId id, CancellationToken cancellationToken = default)
    {
        var prefix = TypeAudit + "|" + id.Key + "|";
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {id.BodyId} and RowKey ge {prefix} and RowKey lt {prefix + "~"}");
        var entries = new List<NomineeListAuditEntry>();
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
            entries.Add(new(id.Value, e.GetDateTimeOffset("At") ?? default, e.GetString("Actor") ?? "", e.GetString("Action") ?? "", e.GetString("Note")));
        return entries;
    }

    /// <summary>
    /// Writes <paramref name="list"/> (a new one when <paramref name="etag"/> is null, else conditional on it) with its
    /// audit entry and the outbox row of <paramref name="integrationEvent"/>, in one transaction. Returns the new ETag, or
    /// null when the list changed meanwhile (or exists already, for a new one).
    /// </summary>
    public async Task<string?> WriteAsync(NomineeList list, string? etag, NomineeListAuditEntry audit, IntegrationEvent? integrationEvent,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(list);
        ArgumentNullException.ThrowIfNull(audit);
        var writeId = Guid.NewGuid().ToString("N");
        var entity = ToEntity(list, writeId);
        var actions = new List<TableTransactionAction>
        {
            etag is null
                ? new TableTransactionAction(TableTransactionActionType.Add, entity)
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, new ETag(etag)),
            new(TableTransactionActionType.Add, new TableEntity(list.Id.BodyId,
                string.Join('|', TypeAudit, list.Id.Key, audit.At.UtcTicks.ToString("D19", CultureInfo.InvariantCulture), Guid.NewGuid().ToString("N")[..8]))
            {
                ["Type"] = TypeAudit, ["At"] = audit.At, ["Actor"] = TableLimits.Fit(audit.Actor), ["Action"] = audit.Action, ["Note"] = TableLimits.Fit(audit.Note),
            }),
        };
        if (integrationEvent is not null) actions.Add(Outbox.Add(list.Id.BodyId, integrationEvent));
        TableLimits.Check(actions, _table.Uri, $"List {list.Id}");
        try
        {
            var response = await _table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
            return response.Value[0].Headers.ETag?.ToString();
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 404 or 409 or 412)
        {
            var stored = await _table.GetEntityIfExistsAsync<TableEntity>(list.Id.BodyId, list.Id.Key, [WriteIdProperty], cancellationToken).ConfigureAwait(false);
            return stored.HasValue && stored.Value!.GetString(WriteIdProperty) == writeId ? stored.Value.ETag.ToString() : null;
        }
    }

    private async IAsyncEnumerable<StoredNomineeList> QueryAsync(string filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        IAsyncEnumerator<TableEntity>? rows = null;
        try
        {
            rows = _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).GetAsyncEnumerator(cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            yield break;
        }
        await using (rows.ConfigureAwait(false))
        {
            while (true)
            {
                try
                {
                    if (!await rows.MoveNextAsync().ConfigureAwait(false)) yield break;
                }
                catch (RequestFailedException ex) when (ex.Status == 404)
                {
                    yield break; // no table yet: no list was ever written
                }
                yield return new StoredNomineeList(Read(rows.Current), rows.Current.ETag.ToString());
            }
        }
    }

    private static TableEntity ToEntity(NomineeList list, string writeId)
    {
        var entity = new TableEntity(list.Id.BodyId, list.Id.Key)
        {
            ["Type"] = TypeList,
            ["PlanId"] = list.Id.PlanId,
            ["StageKind"] = DossierChecks.Word(list.Id.Stage.Kind),
            ["StageYear"] = list.Id.Stage.Year,
            ["AwardFormId"] = list.Id.AwardFormId,
            ["Status"] = list.Status == NomineeListStatus.Submitted ? "submitted" : "draft",
            ["PendingForwards"] = list.PendingForwards.Count,
            ["UpdatedAt"] = list.UpdatedAt,
            [WriteIdProperty] = writeId,
        };
        TableLimits.SetJson(entity, JsonSerializer.Serialize(list, DossierStorageNames.StoredJson));
        return entity;
    }

    private static NomineeList Read(TableEntity entity) =>
        JsonSerializer.Deserialize<NomineeList>(TableLimits.GetJson(entity, "Data") ?? throw new InvalidDataException($"List row {entity.RowKey} has no JSON."),
            DossierStorageNames.Json)!;
}
