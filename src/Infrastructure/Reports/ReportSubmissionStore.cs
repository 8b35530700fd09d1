using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using NoOneLeftBehind.Domain.Reports;
using NoOneLeftBehind.Infrastructure.Dossiers;
using NoOneLeftBehind.Infrastructure.Messaging;
using NoOneLeftBehind.Infrastructure.Storage;

namespace NoOneLeftBehind.Infrastructure.Reports;

/// <summary>A submission with the ETag of the version read.</summary>
/// <param name="Submission">The submission.</param>
/// <param name="ETag">Its version.</param>
public sealed record StoredReportSubmission(ReportSubmission Submission, string ETag);

/// <summary>One audited change of a submission.</summary>
/// <param name="SubmissionId">Which submission.</param>
/// <param name="At">When.</param>
/// <param name="Actor">Who.</param>
/// <param name="Action">The decision's action word (<c>open</c>, <c>add-file</c>, <c>confirm-file</c>).</param>
/// <param name="Note">What it did.</param>
public sealed record ReportSubmissionAuditEntry(string SubmissionId, DateTimeOffset At, string Actor, string Action, string? Note);

/// <summary>
/// Report submissions (nộp báo cáo) in Table storage: table <c>ReportSubmissions</c>, partition = the plan's id, row = the rest
/// of the submission's id (<c>{stageKind}~{year}~{unitCode}[~{bodyId}]</c>), beside its audit rows
/// (<c>audit|{row}|{ticks}|…</c>) and the outbox rows of its events. A change, its audit entry and its event are one
/// entity-group transaction, conditional on the submission's ETag; every write carries a fresh <c>WriteId</c>, so a write
/// whose answer was lost is recognised as this one (as dossiers and lists).
/// </summary>
public sealed class ReportSubmissionStore(TableServiceClient tables)
{
    /// <summary>The table.</summary>
    public const string TableName = "ReportSubmissions";
    private const string TypeSubmission = "submission";
    private const string TypeAudit = "audit";
    private const string WriteIdProperty = "WriteId";
    private readonly TableClient _table = tables.GetTableClient(TableName);

    /// <summary>Creates the table.</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default) =>
        await _table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>The row key of a submission: its id after the plan.</summary>
    public static string RowKey(ReportSubmissionId id) => id.Value[(id.PlanId.Length + 1)..];

    /// <summary>The submission, or null.</summary>
    public async Task<StoredReportSubmission?> GetAsync(ReportSubmissionId id, CancellationToken cancellationToken = default)
    {
        try
        {
            var found = await _table.GetEntityIfExistsAsync<TableEntity>(id.PlanId, RowKey(id), cancellationToken: cancellationToken).ConfigureAwait(false);
            return found.HasValue && found.Value!.GetString("Type") == TypeSubmission ? new StoredReportSubmission(Read(found.Value), found.Value.ETag.ToString()) : null;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null; // no table yet
        }
    }

    /// <summary>Every submission of a plan's stage (one partition).</summary>
    public async IAsyncEnumerable<StoredReportSubmission> ListAsync(string planId, string stageKind, int year, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {planId} and Type eq {TypeSubmission} and StageKind eq {stageKind} and StageYear eq {year}");
        IAsyncEnumerator<TableEntity> rows = _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).GetAsyncEnumerator(cancellationToken);
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
                    yield break; // no table yet: nothing was ever submitted
                }
                yield return new StoredReportSubmission(Read(rows.Current), rows.Current.ETag.ToString());
            }
        }
    }

    /// <summary>The audit trail of a submission, oldest first.</summary>
    public async Task<IReadOnlyList<ReportSubmissionAuditEntry>> AuditAsync(ReportSubmissionId id, CancellationToken cancellationToken = default)
    {
        var prefix = TypeAudit + "|" + RowKey(id) + "|";
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {id.PlanId} and RowKey ge {prefix} and RowKey lt {prefix + "~"}");
        var entries = new List<ReportSubmissionAuditEntry>();
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
            entries.Add(new(id.Value, e.GetDateTimeOffset("At") ?? default, e.GetString("Actor") ?? "", e.GetString("Action") ?? "", e.GetString("Note")));
        return entries;
    }

    /// <summary>
    /// Writes <paramref name="submission"/> (a new one when <paramref name="etag"/> is null, else conditional on it) with its
    /// audit entry and the outbox row of <paramref name="integrationEvent"/>, in one transaction. Returns the new ETag, or
    /// null when it changed meanwhile (or exists already, for a new one).
    /// </summary>
    public async Task<string?> WriteAsync(ReportSubmission submission, string? etag, ReportSubmissionAuditEntry audit, IntegrationEvent? integrationEvent,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(submission);
        ArgumentNullException.ThrowIfNull(audit);
        var writeId = Guid.NewGuid().ToString("N");
        var entity = ToEntity(submission, writeId);
        var partition = submission.Id.PlanId;
        var actions = new List<TableTransactionAction>
        {
            etag is null
                ? new TableTransactionAction(TableTransactionActionType.Add, entity)
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, new ETag(etag)),
            new(TableTransactionActionType.Add, new TableEntity(partition,
                string.Join('|', TypeAudit, RowKey(submission.Id), audit.At.UtcTicks.ToString("D19", CultureInfo.InvariantCulture), Guid.NewGuid().ToString("N")[..8]))
            {
                ["Type"] = TypeAudit, ["At"] = audit.At, ["Actor"] = TableLimits.Fit(audit.Actor), ["Action"] = audit.Action, ["Note"] = TableLimits.Fit(audit.Note),
            }),
        };
        if (integrationEvent is not null) actions.Add(Outbox.Add(partition, integrationEvent));
        TableLimits.Check(actions, _table.Uri, $"Report submission {submission.Id}");
        try
        {
            var response = await _table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
            return response.Value[0].Headers.ETag?.ToString();
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 404 or 409 or 412)
        {
            var stored = await _table.GetEntityIfExistsAsync<TableEntity>(partition, RowKey(submission.Id), [WriteIdProperty], cancellationToken).ConfigureAwait(false);
            return stored.HasValue && stored.Value!.GetString(WriteIdProperty) == writeId ? stored.Value.ETag.ToString() : null;
        }
    }

    private static TableEntity ToEntity(ReportSubmission s, string writeId)
    {
        var entity = new TableEntity(s.Id.PlanId, RowKey(s.Id))
        {
            ["Type"] = TypeSubmission,
            ["StageKind"] = ReportSubmissionId.StageWord(s.Id.Kind),
            ["StageYear"] = s.Id.Year,
            ["UnitCode"] = s.Id.UnitCode,
            ["BodyId"] = s.Id.BodyId,
            ["Versions"] = s.Versions.Count,
            ["SubmittedAt"] = s.SubmittedAt,
            ["UpdatedAt"] = s.UpdatedAt,
            [WriteIdProperty] = writeId,
        };
        TableLimits.SetJson(entity, JsonSerializer.Serialize(s, DossierStorageNames.StoredJson));
        return entity;
    }

    private static ReportSubmission Read(TableEntity entity) =>
        JsonSerializer.Deserialize<ReportSubmission>(TableLimits.GetJson(entity, "Data") ?? throw new InvalidDataException($"Report submission row {entity.RowKey} has no JSON."),
            DossierStorageNames.Json)!;
}
