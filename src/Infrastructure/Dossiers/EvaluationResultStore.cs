using System.Globalization;
using System.Text.Json;
using NoOneLeftBehind.Infrastructure.Storage;
using NoOneLeftBehind.Domain.Criteria;
using Azure;
using Azure.Data.Tables;

namespace NoOneLeftBehind.Infrastructure.Dossiers;

/// <summary>A stored evaluation of one dossier revision.</summary>
/// <param name="DossierId">Dossier.</param>
/// <param name="Revision">Revision evaluated.</param>
/// <param name="Result">The engine's result (with the plan version used).</param>
/// <param name="EvaluatedAt">When (UTC).</param>
/// <param name="MessageId">Queue message that produced it.</param>
/// <param name="Attempt">Delivery attempt that produced it.</param>
public sealed record StoredEvaluation(string DossierId, int Revision, EvaluationResult Result, DateTimeOffset EvaluatedAt, string? MessageId, long Attempt);

/// <summary>
/// Evaluation results: partition = dossier id, row = revision. The insert is the idempotency key:
/// however often a message is delivered, one row exists per (dossier, revision); a later delivery
/// finds it and reuses it. The result's JSON is stored over <c>Json0…JsonN</c> (rows written before: <c>Result</c>);
/// the row carries the write's id, so an insert retried after its answer was lost still counts as this insert.
/// </summary>
public sealed class EvaluationResultStore(TableServiceClient tables)
{
    private const string WriteIdProperty = "WriteId";
    private readonly TableClient _table = tables.GetTableClient(DossierStorageNames.EvaluationsTable);

    /// <summary>Creates the table.</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default) =>
        await _table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Inserts the result unless one exists; returns the stored one (this or the earlier).</summary>
    public async Task<(StoredEvaluation Stored, bool Inserted)> InsertOnceAsync(StoredEvaluation evaluation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        var writeId = Guid.NewGuid().ToString("N");
        var entity = new TableEntity(evaluation.DossierId, RowKey(evaluation.Revision))
        {
            ["Revision"] = evaluation.Revision,
            ["PlanId"] = evaluation.Result.PlanId,
            ["PlanVersion"] = evaluation.Result.PlanVersion,
            ["Verdict"] = JsonSerializer.Serialize(evaluation.Result.Verdict).Trim('"'),
            ["EvaluatedAt"] = evaluation.EvaluatedAt,
            ["Attempt"] = evaluation.Attempt,
            [WriteIdProperty] = writeId,
        };
        if (evaluation.MessageId is not null) entity["MessageId"] = evaluation.MessageId; // tables store no nulls
        TableLimits.SetJson(entity, JsonSerializer.Serialize(evaluation.Result, DossierStorageNames.StoredJson));
        TableLimits.Check(entity, $"Evaluation {evaluation.DossierId} r{evaluation.Revision}");
        try
        {
            await _table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
            return (evaluation, true);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            var found = await _table.GetEntityIfExistsAsync<TableEntity>(entity.PartitionKey, entity.RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!found.HasValue)
                throw new InvalidOperationException($"Evaluation {evaluation.DossierId} r{evaluation.Revision}: insert refused (409) but no row found.", ex);
            return (Read(found.Value!), found.Value!.GetString(WriteIdProperty) == writeId);
        }
    }

    /// <summary>The result for one revision, or null.</summary>
    public async Task<StoredEvaluation?> GetAsync(string dossierId, int revision, CancellationToken cancellationToken = default)
    {
        var found = await _table.GetEntityIfExistsAsync<TableEntity>(dossierId, RowKey(revision), cancellationToken: cancellationToken).ConfigureAwait(false);
        return found.HasValue ? Read(found.Value!) : null;
    }

    /// <summary>Every stored result of a dossier, by revision.</summary>
    public async Task<IReadOnlyList<StoredEvaluation>> ListAsync(string dossierId, CancellationToken cancellationToken = default)
    {
        var list = new List<StoredEvaluation>();
        await foreach (var entity in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {dossierId}"), cancellationToken: cancellationToken).ConfigureAwait(false))
            list.Add(Read(entity));
        return list;
    }

    private static string RowKey(int revision) => "r" + revision.ToString("D6", CultureInfo.InvariantCulture);

    private static StoredEvaluation Read(TableEntity e) => new(
        e.PartitionKey,
        e.GetInt32("Revision") ?? 0,
        JsonSerializer.Deserialize<EvaluationResult>(TableLimits.GetJson(e, "Result")
            ?? throw new InvalidDataException($"Evaluation row {e.PartitionKey}/{e.RowKey} has no JSON."), DossierStorageNames.Json)!,
        e.GetDateTimeOffset("EvaluatedAt") ?? default,
        e.GetString("MessageId"),
        e.TryGetValue("Attempt", out var attempt) && attempt is not null ? Convert.ToInt64(attempt, CultureInfo.InvariantCulture) : 0);
}
