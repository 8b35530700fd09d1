using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using NoOneLeftBehind.Infrastructure.Storage;
using NoOneLeftBehind.Domain.Dossiers;
using Azure;
using Azure.Data.Tables;
using NoOneLeftBehind.Infrastructure.Messaging;

namespace NoOneLeftBehind.Infrastructure.Dossiers;

/// <summary>Storage names of the dossier feature (also listed in infra/bicep/storage-layout.json).</summary>
public static class DossierStorageNames
{
    /// <summary>Dossiers, their audit entries and quota slots, partitioned by nominating unit.</summary>
    public const string DossiersTable = "Dossiers";
    /// <summary>Evaluation results, one per (dossier, revision).</summary>
    public const string EvaluationsTable = "Evaluations";
    /// <summary>Deadline reminders per unit.</summary>
    public const string NotificationsTable = "Notifications";
    /// <summary>Read models for dashboards (rows of partition <c>dossiers|{planId}</c>).</summary>
    public const string ProjectionsTable = "Projections";
    /// <summary>Table of the dossiers' tracking codes (partition = the code, one row each): what makes a code unique.</summary>
    public const string TrackingCodesTable = "DossierCodes";
    /// <summary>Evaluation requests (queue-triggered function EvaluateDossier).</summary>
    public const string EvaluationQueue = "evaluation-requests";
    /// <summary>Uploaded files.</summary>
    public const string FilesContainer = "dossier-files";

    /// <summary>Prefix of the staging blobs: the only names an upload link can write.</summary>
    public const string StagingPrefix = "staging/";

    /// <summary>
    /// Where the browser uploads a file (the upload SAS names exactly this blob). It is never served: confirmation
    /// copies it to a <see cref="PinnedName"/>, and the staging sweep removes what is left.
    /// </summary>
    public static string StagingName(string dossierId, string fileId) => StagingPrefix + dossierId + "/" + fileId;

    /// <summary>
    /// The confirmed copy of a file: written once by the server (never by a link), inspected, then served. A new
    /// name per confirmation, so two confirmations never overwrite each other's inspected bytes.
    /// </summary>
    public static string PinnedName(string dossierId, string fileId, Guid confirmation) =>
        dossierId + "/" + fileId + "/" + confirmation.ToString("N");

    /// <summary>
    /// JSON as stored and as served: camelCase, enums as their contract words, the typed ids (<see cref="DossierId"/>,
    /// plan id, unit code) as their text wherever they appear.
    /// </summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new PlanIdJsonConverter(), new UnitCodeJsonConverter() },
    };

    /// <summary>
    /// <see cref="Json"/> as written to the tables: the same shape, Vietnamese (every script) written as it is, not as
    /// <c>\uXXXX</c> (<see cref="TableLimits.StoredJson"/>).
    /// </summary>
    public static JsonSerializerOptions StoredJson { get; } = TableLimits.StoredJson(Json);
}

/// <summary>A dossier with the ETag of the version read.</summary>
/// <param name="Dossier">The dossier.</param>
/// <param name="ETag">Its version; pass it back to change it.</param>
public sealed record StoredDossier(Dossier Dossier, string ETag);

/// <summary>How a dossier write went.</summary>
public enum DossierWriteOutcome
{
    /// <summary>Written.</summary>
    Succeeded,
    /// <summary>The dossier changed since it was read (ETag mismatch).</summary>
    Stale,
    /// <summary>The quota slots changed concurrently: read again and retry.</summary>
    QuotaChanged,
    /// <summary>A dossier with this id exists already (create).</summary>
    Exists,
}

/// <summary>The outcome of a write and the new ETag.</summary>
/// <param name="Outcome">Outcome.</param>
/// <param name="ETag">New ETag when it succeeded.</param>
public sealed record DossierWrite(DossierWriteOutcome Outcome, string? ETag);

/// <summary>The quota slots of one unit for one (plan, stage, award form, subject kind): the dossiers holding them.</summary>
/// <param name="Holders">Dossier ids.</param>
/// <param name="ETag">Version of the slot row, null when there is none yet.</param>
public sealed record QuotaSlots(IReadOnlyList<string> Holders, string? ETag);

/// <summary>A change to quota slots committed together with a dossier change.</summary>
/// <param name="Key">Slot row key (<see cref="DossierStore.QuotaKey(Dossier)"/>).</param>
/// <param name="Holders">The holders after the change.</param>
/// <param name="ETag">Version read (null: insert).</param>
public sealed record QuotaSlotChange(string Key, IReadOnlyList<string> Holders, string? ETag);

/// <summary>
/// Dossiers in Table storage. Partition = nominating unit; in it, one row per dossier (RowKey = id),
/// its audit entries (<c>audit|{id}|{ticks}|…</c>) and the unit's quota slots (<c>quota|…</c>). A
/// change, its audit entry and its quota slot are written in one entity-group transaction,
/// conditional on the dossier's ETag: no change without its audit entry, no lost update.
/// The dossier and audit JSON is stored over <c>Json0…JsonN</c> (<see cref="TableLimits"/>; rows written
/// before hold it in <c>Data</c>), every entity is checked against the Table limits before it is sent, and every
/// write of a dossier carries a fresh <c>WriteId</c>: a write whose first attempt committed but whose answer was
/// lost comes back from the SDK's retry as 409/412, and is recognised as this write by reading the id back.
/// </summary>
public sealed class DossierStore(TableServiceClient tables)
{
    private const string TypeDossier = "dossier";
    private const string TypeAudit = "audit";
    private const string TypeQuota = "quota";
    private const string WriteIdProperty = "WriteId";
    private const string LegacyJsonProperty = "Data";
    private readonly TableClient _table = tables.GetTableClient(DossierStorageNames.DossiersTable);

    /// <summary>Creates the table.</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default) =>
        await _table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>The dossier, or null.</summary>
    public async Task<StoredDossier?> GetAsync(DossierId id, CancellationToken cancellationToken = default)
    {
        var found = await _table.GetEntityIfExistsAsync<TableEntity>(id.UnitCode, id.Value, cancellationToken: cancellationToken).ConfigureAwait(false);
        return found.HasValue && found.Value!.GetString("Type") == TypeDossier ? new StoredDossier(Read(found.Value), found.Value.ETag.ToString()) : null;
    }

    /// <summary>Inserts a new dossier with its first audit entry.</summary>
    public Task<DossierWrite> CreateAsync(Dossier dossier, DossierAuditEntry audit, CancellationToken cancellationToken = default) =>
        WriteAsync(dossier, null, audit, null, null, cancellationToken);

    /// <summary>
    /// Replaces the dossier if it still has <paramref name="etag"/>, appending <paramref name="audit"/>, changing quota
    /// slots and adding the outbox row of <paramref name="integrationEvent"/> in the same transaction: all or nothing.
    /// </summary>
    public Task<DossierWrite> UpdateAsync(Dossier dossier, string etag, DossierAuditEntry audit, QuotaSlotChange? quota = null,
        IntegrationEvent? integrationEvent = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(etag);
        return WriteAsync(dossier, etag, audit, quota, integrationEvent, cancellationToken);
    }

    /// <summary>
    /// The row key of the quota slots that <paramref name="dossier"/> takes: its (plan, stage, award form, nominee kind),
    /// then <c>|body:{id}</c> for a registered nominating body (the unit's people's committee keeps the key it always had)
    /// and <c>|level:{level}</c> for a nominee whose level splits the quota (a level is refused where the plan does not split).
    /// </summary>
    public static string QuotaKey(Dossier dossier)
    {
        ArgumentNullException.ThrowIfNull(dossier);
        var key = QuotaKey(dossier.PlanId.Value, dossier.Stage, dossier.AwardFormId, dossier.Nominee.Kind);
        if (dossier.NominatorBodyId is { } body) key += "|body:" + body;
        if (dossier.Nominee.Level is { } level) key += "|level:" + level;
        return key;
    }

    /// <summary>The row key of the quota slots of one (plan, stage, award form, subject kind).</summary>
    public static string QuotaKey(string planId, DossierStage stage, string awardFormId, Domain.Plans.SubjectKind kind)
    {
        ArgumentNullException.ThrowIfNull(stage);
        return string.Join('|', TypeQuota, planId, DossierChecks.Word(stage.Kind), stage.Year.ToString(CultureInfo.InvariantCulture),
            awardFormId, Domain.Plans.SubjectKinds.ToContract(kind));
    }

    /// <summary>The quota slots of <paramref name="unitCode"/> under <paramref name="key"/>.</summary>
    public async Task<QuotaSlots> GetQuotaAsync(string unitCode, string key, CancellationToken cancellationToken = default)
    {
        var found = await _table.GetEntityIfExistsAsync<TableEntity>(unitCode, key, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!found.HasValue) return new QuotaSlots([], null);
        var holders = JsonSerializer.Deserialize<List<string>>(found.Value!.GetString("Holders") ?? "[]") ?? [];
        return new QuotaSlots(holders, found.Value.ETag.ToString());
    }

    /// <summary>Dossiers of one unit (one partition), or of every unit when <paramref name="unitCode"/> is null; optionally one plan and statuses.</summary>
    public async IAsyncEnumerable<StoredDossier> ListAsync(string? unitCode, string? planId = null, IReadOnlyCollection<DossierStatus>? statuses = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"Type eq {TypeDossier}");
        if (unitCode is not null) filter = TableClient.CreateQueryFilter($"PartitionKey eq {unitCode}") + " and " + filter;
        if (planId is not null) filter += " and " + TableClient.CreateQueryFilter($"PlanId eq {planId}");
        if (statuses is { Count: > 0 })
            filter += " and (" + string.Join(" or ", statuses.Select(s => TableClient.CreateQueryFilter($"Status eq {StatusWord(s)}"))) + ")";
        await foreach (var stored in QueryAsync(filter, cancellationToken).ConfigureAwait(false))
            yield return stored;
    }

    /// <summary>
    /// Dossiers of every unit under one plan and stage (across partitions: a unit nominee may be proposed by several
    /// nominating units), for the checks that look at a nominee's other proposals (award exclusions).
    /// </summary>
    public IAsyncEnumerable<StoredDossier> ListStageAsync(string planId, DossierStage stage, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stage);
        var filter = TableClient.CreateQueryFilter($"Type eq {TypeDossier} and PlanId eq {planId} and StageKind eq {DossierChecks.Word(stage.Kind)} and StageYear eq {stage.Year}");
        return QueryAsync(filter, cancellationToken);
    }

    private async IAsyncEnumerable<StoredDossier> QueryAsync(string filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var entity in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
            yield return new StoredDossier(Read(entity), entity.ETag.ToString());
    }

    /// <summary>The audit trail of a dossier, oldest first.</summary>
    public async Task<IReadOnlyList<DossierAuditEntry>> AuditAsync(DossierId id, CancellationToken cancellationToken = default)
    {
        var prefix = TypeAudit + "|" + id.Value + "|";
        var end = prefix + "~";
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {id.UnitCode} and RowKey ge {prefix} and RowKey lt {end}");
        var entries = new List<DossierAuditEntry>();
        await foreach (var entity in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var json = TableLimits.GetJson(entity, LegacyJsonProperty) ?? throw new InvalidDataException($"Audit row {entity.RowKey} has no JSON.");
            entries.Add(JsonSerializer.Deserialize<DossierAuditEntry>(json, DossierStorageNames.Json)!);
        }
        return entries;
    }

    /// <summary>The API word of a status.</summary>
    public static string StatusWord(DossierStatus status) => JsonSerializer.Serialize(status, DossierStorageNames.Json).Trim('"');

    /// <summary>The entity a dossier is stored as (checked against the Table limits when written).</summary>
    public static TableEntity ToEntity(Dossier dossier, string writeId)
    {
        ArgumentNullException.ThrowIfNull(dossier);
        var entity = new TableEntity(dossier.NominatingUnitCode.Value, dossier.Id.Value)
        {
            ["Type"] = TypeDossier,
            ["PlanId"] = dossier.PlanId.Value,
            ["StageKind"] = DossierChecks.Word(dossier.Stage.Kind),
            ["StageYear"] = dossier.Stage.Year,
            ["AwardFormId"] = dossier.AwardFormId,
            ["SubjectKind"] = Domain.Plans.SubjectKinds.ToContract(dossier.Nominee.Kind),
            ["Status"] = StatusWord(dossier.Status),
            ["Revision"] = dossier.Revision,
            ["UpdatedAt"] = dossier.UpdatedAt,
            [WriteIdProperty] = writeId,
        };
        TableLimits.SetJson(entity, JsonSerializer.Serialize(dossier, DossierStorageNames.StoredJson));
        return entity;
    }

    /// <summary>The entity an audit entry is stored as.</summary>
    public static TableEntity AuditEntity(string unitCode, DossierAuditEntry audit)
    {
        ArgumentNullException.ThrowIfNull(audit);
        var entity = new TableEntity(unitCode, string.Join('|', TypeAudit, audit.DossierId, audit.At.UtcTicks.ToString("D19", CultureInfo.InvariantCulture), Guid.NewGuid().ToString("N")[..8]))
        {
            ["Type"] = TypeAudit,
            ["DossierId"] = audit.DossierId,
            ["At"] = audit.At,
            ["Action"] = audit.Action.ToString(),
            ["Actor"] = audit.Actor,
        };
        TableLimits.SetJson(entity, JsonSerializer.Serialize(audit, DossierStorageNames.StoredJson));
        return entity;
    }

    private async Task<DossierWrite> WriteAsync(Dossier dossier, string? etag, DossierAuditEntry audit, QuotaSlotChange? quota, IntegrationEvent? integrationEvent,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dossier);
        ArgumentNullException.ThrowIfNull(audit);
        var writeId = Guid.NewGuid().ToString("N");
        var actions = new List<TableTransactionAction>
        {
            etag is null
                ? new TableTransactionAction(TableTransactionActionType.Add, ToEntity(dossier, writeId))
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, ToEntity(dossier, writeId), new ETag(etag)),
            new(TableTransactionActionType.Add, AuditEntity(dossier.NominatingUnitCode.Value, audit)),
        };
        if (quota is not null)
        {
            var slot = new TableEntity(dossier.NominatingUnitCode.Value, quota.Key)
            {
                ["Type"] = TypeQuota,
                ["Holders"] = JsonSerializer.Serialize(quota.Holders),
                ["Count"] = quota.Holders.Count,
            };
            actions.Add(quota.ETag is null
                ? new TableTransactionAction(TableTransactionActionType.Add, slot)
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, slot, new ETag(quota.ETag)));
        }
        // Last, so that the indexes above keep their meaning when the transaction fails.
        if (integrationEvent is not null) actions.Add(Outbox.Add(dossier.NominatingUnitCode.Value, integrationEvent));
        // One transaction or nothing: the change, its audit entry, its quota slot and its event cannot be split.
        TableLimits.Check(actions, _table.Uri, $"Dossier {dossier.Id}");
        try
        {
            var response = await _table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
            return new DossierWrite(DossierWriteOutcome.Succeeded, response.Value[0].Headers.ETag?.ToString());
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 404 or 409 or 412)
        {
            // Either a real conflict, or this very transaction committed on an attempt whose answer was lost and
            // the SDK's retry met its own result: only the stored write id tells them apart.
            var stored = await _table.GetEntityIfExistsAsync<TableEntity>(dossier.NominatingUnitCode.Value, dossier.Id.Value, [WriteIdProperty], cancellationToken)
                .ConfigureAwait(false);
            if (stored.HasValue && stored.Value!.GetString(WriteIdProperty) == writeId)
                return new DossierWrite(DossierWriteOutcome.Succeeded, stored.Value.ETag.ToString());
            return (ex.FailedTransactionActionIndex, ex.Status) switch
            {
                (0, 409) => new DossierWrite(DossierWriteOutcome.Exists, null),
                (0, _) => new DossierWrite(DossierWriteOutcome.Stale, null),
                (2, _) => new DossierWrite(DossierWriteOutcome.QuotaChanged, null),
                // The audit row key is unique per write; a collision means the same change raced itself.
                (1, _) => new DossierWrite(DossierWriteOutcome.Stale, null),
                // The service did not say which operation failed: judge from what is stored.
                (null, 409) when etag is null => new DossierWrite(stored.HasValue ? DossierWriteOutcome.Exists : DossierWriteOutcome.Stale, null),
                (null, _) when etag is not null && stored.HasValue && stored.Value!.ETag.ToString() == etag && quota is not null =>
                    new DossierWrite(DossierWriteOutcome.QuotaChanged, null),
                _ => new DossierWrite(DossierWriteOutcome.Stale, null),
            };
        }
    }

    private static Dossier Read(TableEntity entity) =>
        JsonSerializer.Deserialize<Dossier>(TableLimits.GetJson(entity, LegacyJsonProperty)
            ?? throw new InvalidDataException($"Dossier row {entity.RowKey} has no JSON."), DossierStorageNames.Json)!;
}
