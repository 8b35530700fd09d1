using System.Globalization;
using NoOneLeftBehind.Domain.Dossiers;
using NoOneLeftBehind.Infrastructure.Storage.Tables;

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
    DateTimeOffset CreatedAt, string MessageVi, string MessageEn);

/// <summary>Deadline reminders (partition = unit; row = dossier, deadline and days: recorded once however often the timer fires).</summary>
public sealed class NotificationStore(ITableStore tables)
{
    private readonly IEntityTable _table = tables.GetTable(DossierStorageNames.NotificationsTable);

    /// <summary>Creates the table.</summary>
    public Task EnsureCreatedAsync(CancellationToken cancellationToken = default) => _table.CreateIfNotExistsAsync(cancellationToken);

    /// <summary>Records the reminder; false when it was recorded before.</summary>
    public async Task<bool> AddOnceAsync(DossierNotification n, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(n);
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
        };
        var write = await _table.InsertAsync(entity, cancellationToken).ConfigureAwait(false);
        return write.Succeeded;
    }

    /// <summary>The unit's reminders, newest first.</summary>
    public async Task<IReadOnlyList<DossierNotification>> ListAsync(string unitCode, CancellationToken cancellationToken = default)
    {
        var list = new List<DossierNotification>();
        await foreach (var e in _table.QueryAsync(TableFilter.PartitionKey.Equal(unitCode), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            list.Add(new DossierNotification(e.PartitionKey, e.GetString("DossierId") ?? "", e.GetString("NomineeName") ?? "", e.GetString("DeadlineId") ?? "",
                DateOnly.ParseExact(e.GetString("DeadlineDate") ?? "0001-01-01", "yyyy-MM-dd", CultureInfo.InvariantCulture), e.GetInt32("DaysLeft") ?? 0,
                e.GetDateTimeOffset("CreatedAt") ?? default, e.GetString("MessageVi") ?? "", e.GetString("MessageEn") ?? ""));
        }
        return [.. list.OrderByDescending(n => n.CreatedAt)];
    }
}

/// <summary>
/// The dashboards' read model of nominations: one row per dossier in partition <c>dossiers|{planId}</c>
/// of the Projections table (unit, award form, kind, stage, status, verdict), replaced on every change.
/// </summary>
public sealed class DossierProjection(ITableStore tables)
{
    private readonly IEntityTable _table = tables.GetTable(DossierStorageNames.ProjectionsTable);

    /// <summary>Creates the table.</summary>
    public Task EnsureCreatedAsync(CancellationToken cancellationToken = default) => _table.CreateIfNotExistsAsync(cancellationToken);

    /// <summary>Writes the row for <paramref name="d"/> (idempotent).</summary>
    public Task UpsertAsync(Dossier d, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(d);
        var entity = new TableEntity("dossiers|" + d.PlanId, d.Id)
        {
            ["UnitCode"] = d.NominatingUnitCode,
            ["AwardFormId"] = d.AwardFormId,
            ["SubjectKind"] = Domain.Plans.SubjectKinds.ToContract(d.Nominee.Kind),
            ["StageKind"] = DossierChecks.Word(d.Stage.Kind),
            ["StageYear"] = d.Stage.Year,
            ["Status"] = DossierStore.StatusWord(d.Status),
            ["Verdict"] = d.Evaluation?.Verdict is { } v ? System.Text.Json.JsonSerializer.Serialize(v).Trim('"') : null,
            ["Revision"] = d.Revision,
            ["UpdatedAt"] = d.UpdatedAt,
        };
        return _table.UpsertAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }
}
