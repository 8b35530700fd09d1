using System.Globalization;
using NoOneLeftBehind.Infrastructure.Storage;
using NoOneLeftBehind.Domain.Dossiers;
using Azure;
using Azure.Data.Tables;

namespace NoOneLeftBehind.Infrastructure.Dossiers;

/// <summary>A deadline reminder shown to a unit.</summary>
/// <param name="UnitCode">Unit.</param>
/// <param name="DossierId">Dossier.</param>
/// <param name="NomineeName">Nominee, for the message.</param>
/// <param name="DeadlineId">Deadline id in the plan.</param>
/// <param name="DeadlineDate">Last day.</param>
/// <param name="DaysLeft">7, 3 or 1.</param>
/// <param name="CreatedAt">When recorded (UTC).</param>
/// <param name="MessageVi">Vietnamese text.</param>
/// <param name="MessageEn">English text.</param>
public sealed record DossierNotification(string UnitCode, string DossierId, string NomineeName, string DeadlineId, DateOnly DeadlineDate, int DaysLeft,
    DateTimeOffset CreatedAt, string MessageVi, string MessageEn)
{
    /// <summary>For a list's reminder (Bắc Giang IV.3.b): the list's id (then <see cref="DossierId"/> holds it too) and the body it is for.</summary>
    public string? ListId { get; init; }

    /// <summary>The nominating body the reminder is for (a list's body), or null for a unit's dossier.</summary>
    public string? BodyId { get; init; }

    /// <summary>For a review report's reminder (issue 18): the report submission's id (then <see cref="DossierId"/> holds it too).</summary>
    public string? ReportId { get; init; }
}

/// <summary>
/// Deadline reminders (partition = unit; row = dossier, deadline and days: recorded once however often the timer fires).
/// The row carries the write's id, so an insert retried after its answer was lost still counts as recorded by this call.
/// </summary>
public sealed class NotificationStore(TableServiceClient tables)
{
    private const string WriteIdProperty = "WriteId";
    private readonly TableClient _table = tables.GetTableClient(DossierStorageNames.NotificationsTable);

    /// <summary>Creates the table.</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default) =>
        await _table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Records the reminder; false when it was recorded before.</summary>
    public async Task<bool> AddOnceAsync(DossierNotification n, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(n);
        var writeId = Guid.NewGuid().ToString("N");
        var entity = new TableEntity(n.UnitCode, string.Join('|', n.DossierId, n.DeadlineId, n.DaysLeft.ToString("D2", CultureInfo.InvariantCulture)))
        {
            ["DossierId"] = n.DossierId,
            ["NomineeName"] = n.NomineeName,
            ["DeadlineId"] = n.DeadlineId,
            ["DeadlineDate"] = n.DeadlineDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["DaysLeft"] = n.DaysLeft,
            ["CreatedAt"] = n.CreatedAt,
            ["MessageVi"] = n.MessageVi,
            ["MessageEn"] = n.MessageEn,
            ["ListId"] = n.ListId,
            ["BodyId"] = n.BodyId,
            ["ReportId"] = n.ReportId,
            [WriteIdProperty] = writeId,
        };
        TableLimits.Check(entity, $"Reminder {entity.RowKey}");
        try
        {
            await _table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            var found = await _table.GetEntityIfExistsAsync<TableEntity>(entity.PartitionKey, entity.RowKey, [WriteIdProperty], cancellationToken).ConfigureAwait(false);
            return found.HasValue && found.Value!.GetString(WriteIdProperty) == writeId;
        }
    }

    /// <summary>The unit's reminders, newest first.</summary>
    public async Task<IReadOnlyList<DossierNotification>> ListAsync(string unitCode, CancellationToken cancellationToken = default)
    {
        var list = new List<DossierNotification>();
        await foreach (var e in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {unitCode}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            list.Add(new DossierNotification(e.PartitionKey, e.GetString("DossierId") ?? "", e.GetString("NomineeName") ?? "", e.GetString("DeadlineId") ?? "",
                DateOnly.ParseExact(e.GetString("DeadlineDate") ?? "0001-01-01", "yyyy-MM-dd", CultureInfo.InvariantCulture), e.GetInt32("DaysLeft") ?? 0,
                e.GetDateTimeOffset("CreatedAt") ?? default, e.GetString("MessageVi") ?? "", e.GetString("MessageEn") ?? "")
            {
                ListId = e.GetString("ListId"), BodyId = e.GetString("BodyId"), ReportId = e.GetString("ReportId"),
            });
        }
        return [.. list.OrderByDescending(n => n.CreatedAt)];
    }
}

/// <summary>
/// The dashboards' read model of nominations: one row per dossier in partition <c>dossiers|{planId}</c>
/// of the Projections table (unit, award form, kind, stage, status, verdict, revision), replaced on
/// every change that moves the dossier. Counts are summed from these rows when read
/// (<c>GET /api/dossier-counts</c>), so a dossier is counted once in its latest state however often a
/// change is projected: a redelivered evaluation rewrites the same row. A write older than the row
/// (lower revision, or same revision and earlier change) is skipped, conditional on the row's ETag,
/// so a slow writer never puts back a state the dossier has left.
/// </summary>
public sealed class DossierProjection(TableServiceClient tables)
{
    private readonly TableClient _table = tables.GetTableClient(DossierStorageNames.ProjectionsTable);

    /// <summary>The partition of one plan's rows.</summary>
    public static string Partition(string planId) => "dossiers|" + planId;

    /// <summary>Creates the table.</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default) =>
        await _table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Writes the row for <paramref name="d"/> unless the row already shows a later change (idempotent).</summary>
    public async Task UpsertAsync(Dossier d, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(d);
        var entity = new TableEntity(Partition(d.PlanId.Value), d.Id.Value)
        {
            ["UnitCode"] = d.NominatingUnitCode.Value,
            ["AwardFormId"] = d.AwardFormId,
            ["SubjectKind"] = Domain.Plans.SubjectKinds.ToContract(d.Nominee.Kind),
            ["StageKind"] = DossierChecks.Word(d.Stage.Kind),
            ["StageYear"] = d.Stage.Year,
            ["Status"] = DossierStore.StatusWord(d.Status),
            ["Revision"] = d.Revision,
            ["UpdatedAt"] = d.UpdatedAt,
        };
        if (d.Evaluation?.Verdict is { } v) entity["Verdict"] = System.Text.Json.JsonSerializer.Serialize(v).Trim('"'); // tables store no nulls
        for (var attempt = 0; attempt < 8; attempt++)
        {
            var found = await _table.GetEntityIfExistsAsync<TableEntity>(entity.PartitionKey, entity.RowKey, ["Revision", "UpdatedAt"], cancellationToken).ConfigureAwait(false);
            var existing = found.HasValue ? found.Value : null;
            if (existing is not null)
            {
                var revision = existing.GetInt32("Revision") ?? 0;
                var at = existing.GetDateTimeOffset("UpdatedAt") ?? DateTimeOffset.MinValue;
                if (revision > d.Revision || (revision == d.Revision && at > d.UpdatedAt)) return; // a later change is already there
            }
            try
            {
                if (existing is null) await _table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
                else await _table.UpdateEntityAsync(entity, existing.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 409 or 412)
            {
                // Changed meanwhile (or this write's retry met its own first attempt): read again and judge.
            }
        }
        throw new InvalidOperationException($"Projection of {d.Id}: the row kept changing.");
    }

    /// <summary>The rows of one plan, optionally one stage; the caller filters units.</summary>
    public async IAsyncEnumerable<NominationRow> ListAsync(string planId, string? stageKind, int? stageYear,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition(planId)}");
        if (stageKind is not null) filter += " and " + TableClient.CreateQueryFilter($"StageKind eq {stageKind}");
        if (stageYear is { } year) filter += " and " + TableClient.CreateQueryFilter($"StageYear eq {year}");
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return new NominationRow(e.RowKey, e.GetString("UnitCode") ?? "", e.GetString("AwardFormId") ?? "", e.GetString("SubjectKind") ?? "",
                e.GetString("StageKind") ?? "", e.GetInt32("StageYear") ?? 0, e.GetString("Status") ?? "", e.GetString("Verdict"),
                e.GetInt32("Revision") ?? 0, e.GetDateTimeOffset("UpdatedAt") ?? default);
        }
    }
}

/// <summary>One dossier as the nominations read model holds it.</summary>
/// <param name="DossierId">Dossier.</param>
/// <param name="UnitCode">Nominating unit.</param>
/// <param name="AwardFormId">Award form requested.</param>
/// <param name="SubjectKind">Nominee kind (contract word).</param>
/// <param name="StageKind">Stage kind (contract word).</param>
/// <param name="StageYear">Stage year.</param>
/// <param name="Status">Status (API word).</param>
/// <param name="Verdict">Verdict of the latest evaluation, or null.</param>
/// <param name="Revision">Revision.</param>
/// <param name="UpdatedAt">Last change projected.</param>
public sealed record NominationRow(string DossierId, string UnitCode, string AwardFormId, string SubjectKind, string StageKind, int StageYear,
    string Status, string? Verdict, int Revision, DateTimeOffset UpdatedAt);
