using System.Globalization;
using System.Text.Json;
using NoOneLeftBehind.Domain.Criteria;
using NoOneLeftBehind.Infrastructure.Storage.Tables;

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
/// finds it and reuses it.
/// </summary>
public sealed class EvaluationResultStore(ITableStore tables)
{
    private readonly IEntityTable _table = tables.GetTable(DossierStorageNames.EvaluationsTable);

    /// <summary>Creates the table.</summary>
    public Task EnsureCreatedAsync(CancellationToken cancellationToken = default) => _table.CreateIfNotExistsAsync(cancellationToken);

    /// <summary>Inserts the result unless one exists; returns the stored one (this or the earlier).</summary>
    public async Task<(StoredEvaluation Stored, bool Inserted)> InsertOnceAsync(StoredEvaluation evaluation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        var entity = new TableEntity(evaluation.DossierId, RowKey(evaluation.Revision))
        {
            ["Revision"] = evaluation.Revision,
            ["PlanId"] = evaluation.Result.PlanId,
            ["PlanVersion"] = evaluation.Result.PlanVersion,
            ["Verdict"] = JsonSerializer.Serialize(evaluation.Result.Verdict).Trim('"'),
            ["EvaluatedAt"] = evaluation.EvaluatedAt,
            ["MessageId"] = evaluation.MessageId,
            ["Attempt"] = evaluation.Attempt,
            ["Result"] = JsonSerializer.Serialize(evaluation.Result, DossierStorageNames.Json),
        };
        var write = await _table.InsertAsync(entity, cancellationToken).ConfigureAwait(false);
        if (write.Succeeded) return (evaluation, true);
        var existing = await GetAsync(evaluation.DossierId, evaluation.Revision, cancellationToken).ConfigureAwait(false)
                       ?? throw new InvalidOperationException($"Evaluation {evaluation.DossierId} r{evaluation.Revision}: insert refused ({write.Outcome}) but no row found.");
        return (existing, false);
    }

    /// <summary>The result for one revision, or null.</summary>
    public async Task<StoredEvaluation?> GetAsync(string dossierId, int revision, CancellationToken cancellationToken = default)
    {
        var entity = await _table.GetAsync(dossierId, RowKey(revision), cancellationToken: cancellationToken).ConfigureAwait(false);
        return entity is null ? null : Read(entity);
    }

    /// <summary>Every stored result of a dossier, by revision.</summary>
    public async Task<IReadOnlyList<StoredEvaluation>> ListAsync(string dossierId, CancellationToken cancellationToken = default)
    {
        var list = new List<StoredEvaluation>();
        await foreach (var entity in _table.QueryAsync(TableFilter.PartitionKey.Equal(dossierId), cancellationToken: cancellationToken).ConfigureAwait(false))
            list.Add(Read(entity));
        return list;
    }

    private static string RowKey(int revision) => "r" + revision.ToString("D6", CultureInfo.InvariantCulture);

    private static StoredEvaluation Read(TableEntity e) => new(
        e.PartitionKey,
        e.GetInt32("Revision") ?? 0,
        JsonSerializer.Deserialize<EvaluationResult>(e.GetString("Result")!, DossierStorageNames.Json)!,
        e.GetDateTimeOffset("EvaluatedAt") ?? default,
        e.GetString("MessageId"),
        e.GetInt64("Attempt") ?? 0);
}
