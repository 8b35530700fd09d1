using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using NoOneLeftBehind.Domain.Dossiers;
using NoOneLeftBehind.Infrastructure.Storage.Tables;

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

    /// <summary>JSON as stored and as served: camelCase, enums as their contract words.</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
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
/// <param name="Key">Slot row key (<see cref="DossierStore.QuotaKey"/>).</param>
/// <param name="Holders">The holders after the change.</param>
/// <param name="ETag">Version read (null: insert).</param>
public sealed record QuotaSlotChange(string Key, IReadOnlyList<string> Holders, string? ETag);

/// <summary>
/// Dossiers in Table storage. Partition = nominating unit; in it, one row per dossier (RowKey = id),
/// its audit entries (<c>audit|{id}|{ticks}|…</c>) and the unit's quota slots (<c>quota|…</c>). A
/// change, its audit entry and its quota slot are written in one entity-group transaction,
/// conditional on the dossier's ETag: no change without its audit entry, no lost update.
/// </summary>
public sealed class DossierStore(ITableStore tables)
{
    private const string TypeDossier = "dossier";
    private const string TypeAudit = "audit";
    private const string TypeQuota = "quota";
    private readonly IEntityTable _table = tables.GetTable(DossierStorageNames.DossiersTable);

    /// <summary>Creates the table.</summary>
    public Task EnsureCreatedAsync(CancellationToken cancellationToken = default) => _table.CreateIfNotExistsAsync(cancellationToken);

    /// <summary>The dossier, or null.</summary>
    public async Task<StoredDossier?> GetAsync(DossierId id, CancellationToken cancellationToken = default)
    {
        var entity = await _table.GetAsync(id.UnitCode, id.Value, cancellationToken: cancellationToken).ConfigureAwait(false);
        return entity is null || entity.GetString("Type") != TypeDossier ? null : new StoredDossier(Read(entity), entity.ETag ?? "*");
    }

    /// <summary>Inserts a new dossier with its first audit entry.</summary>
    public Task<DossierWrite> CreateAsync(Dossier dossier, DossierAuditEntry audit, CancellationToken cancellationToken = default) =>
        WriteAsync(dossier, null, audit, null, cancellationToken);

    /// <summary>Replaces the dossier if it still has <paramref name="etag"/>, appending <paramref name="audit"/> (and changing quota slots) in the same transaction.</summary>
    public Task<DossierWrite> UpdateAsync(Dossier dossier, string etag, DossierAuditEntry audit, QuotaSlotChange? quota = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(etag);
        return WriteAsync(dossier, etag, audit, quota, cancellationToken);
    }

    /// <summary>The row key of the quota slots of one (plan, stage, award form, subject kind).</summary>
    public static string QuotaKey(Dossier dossier)
    {
        ArgumentNullException.ThrowIfNull(dossier);
        return string.Join('|', TypeQuota, dossier.PlanId, DossierChecks.Word(dossier.Stage.Kind), dossier.Stage.Year.ToString(CultureInfo.InvariantCulture),
            dossier.AwardFormId, Domain.Plans.SubjectKinds.ToContract(dossier.Nominee.Kind));
    }

    /// <summary>The quota slots of <paramref name="unitCode"/> under <paramref name="key"/>.</summary>
    public async Task<QuotaSlots> GetQuotaAsync(string unitCode, string key, CancellationToken cancellationToken = default)
    {
        var entity = await _table.GetAsync(unitCode, key, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (entity is null) return new QuotaSlots([], null);
        var holders = JsonSerializer.Deserialize<List<string>>(entity.GetString("Holders") ?? "[]") ?? [];
        return new QuotaSlots(holders, entity.ETag);
    }

    /// <summary>Dossiers of one unit (one partition), or of every unit when <paramref name="unitCode"/> is null; optionally one plan and statuses.</summary>
    public async IAsyncEnumerable<StoredDossier> ListAsync(string? unitCode, string? planId = null, IReadOnlyCollection<DossierStatus>? statuses = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var filter = TableFilter.Property("Type").Equal(TypeDossier);
        if (unitCode is not null) filter = TableFilter.PartitionKey.Equal(unitCode) & filter;
        if (planId is not null) filter &= TableFilter.Property("PlanId").Equal(planId);
        if (statuses is { Count: > 0 })
        {
            TableFilter? any = null;
            foreach (var s in statuses)
            {
                var one = TableFilter.Property("Status").Equal(StatusWord(s));
                any = any is null ? one : any | one;
            }
            filter &= any!;
        }
        await foreach (var entity in _table.QueryAsync(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
            yield return new StoredDossier(Read(entity), entity.ETag ?? "*");
    }

    /// <summary>The audit trail of a dossier, oldest first.</summary>
    public async Task<IReadOnlyList<DossierAuditEntry>> AuditAsync(DossierId id, CancellationToken cancellationToken = default)
    {
        var prefix = TypeAudit + "|" + id.Value + "|";
        var filter = TableFilter.PartitionKey.Equal(id.UnitCode) & TableFilter.RowKey.GreaterThanOrEqual(prefix) & TableFilter.RowKey.LessThan(prefix + "~");
        var entries = new List<DossierAuditEntry>();
        await foreach (var entity in _table.QueryAsync(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
            entries.Add(JsonSerializer.Deserialize<DossierAuditEntry>(entity.GetString("Data")!, DossierStorageNames.Json)!);
        return entries;
    }

    /// <summary>The API word of a status.</summary>
    public static string StatusWord(DossierStatus status) => JsonSerializer.Serialize(status, DossierStorageNames.Json).Trim('"');

    private async Task<DossierWrite> WriteAsync(Dossier dossier, string? etag, DossierAuditEntry audit, QuotaSlotChange? quota, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dossier);
        ArgumentNullException.ThrowIfNull(audit);
        var actions = new List<TableTransactionAction>
        {
            etag is null
                ? new TableTransactionAction(TableTransactionActionType.Insert, ToEntity(dossier))
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, ToEntity(dossier), etag),
            new(TableTransactionActionType.Insert, AuditEntity(dossier.NominatingUnitCode, audit)),
        };
        if (quota is not null)
        {
            var slot = new TableEntity(dossier.NominatingUnitCode, quota.Key)
            {
                ["Type"] = TypeQuota,
                ["Holders"] = JsonSerializer.Serialize(quota.Holders),
                ["Count"] = quota.Holders.Count,
            };
            actions.Add(quota.ETag is null
                ? new TableTransactionAction(TableTransactionActionType.Insert, slot)
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, slot, quota.ETag));
        }
        var result = await _table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
        if (result.Succeeded) return new DossierWrite(DossierWriteOutcome.Succeeded, result.ETags[0]);
        return (result.FailedIndex, result.FailedStatus) switch
        {
            (0, 409) => new DossierWrite(DossierWriteOutcome.Exists, null),
            (0, 412) or (0, 404) => new DossierWrite(DossierWriteOutcome.Stale, null),
            (2, 409) or (2, 412) or (2, 404) => new DossierWrite(DossierWriteOutcome.QuotaChanged, null),
            // The audit row key is unique per write; a collision means the same change raced itself.
            (1, 409) => new DossierWrite(DossierWriteOutcome.Stale, null),
            _ => throw new Storage.Core.StorageRequestException(
                $"Dossier transaction failed at action {result.FailedIndex}: {result.FailedStatus} {result.ErrorCode} {result.ErrorMessage}"),
        };
    }

    private static TableEntity ToEntity(Dossier d) => new(d.NominatingUnitCode, d.Id)
    {
        ["Type"] = TypeDossier,
        ["PlanId"] = d.PlanId,
        ["StageKind"] = DossierChecks.Word(d.Stage.Kind),
        ["StageYear"] = d.Stage.Year,
        ["AwardFormId"] = d.AwardFormId,
        ["SubjectKind"] = Domain.Plans.SubjectKinds.ToContract(d.Nominee.Kind),
        ["Status"] = StatusWord(d.Status),
        ["Revision"] = d.Revision,
        ["UpdatedAt"] = d.UpdatedAt,
        ["Data"] = JsonSerializer.Serialize(d, DossierStorageNames.Json),
    };

    private static Dossier Read(TableEntity entity) =>
        JsonSerializer.Deserialize<Dossier>(entity.GetString("Data") ?? throw new InvalidDataException($"Dossier row {entity.RowKey} has no Data."), DossierStorageNames.Json)!;

    private static TableEntity AuditEntity(string unitCode, DossierAuditEntry audit) =>
        new(unitCode, string.Join('|', TypeAudit, audit.DossierId, audit.At.UtcTicks.ToString("D19", CultureInfo.InvariantCulture), Guid.NewGuid().ToString("N")[..8]))
        {
            ["Type"] = TypeAudit,
            ["DossierId"] = audit.DossierId,
            ["At"] = audit.At,
            ["Action"] = audit.Action.ToString(),
            ["Actor"] = audit.Actor,
            ["Data"] = JsonSerializer.Serialize(audit, DossierStorageNames.Json),
        };
}
