using System.Globalization;
using Azure;
using Azure.Data.Tables;
using NoOneLeftBehind.Infrastructure.Storage;
using NoOneLeftBehind.Infrastructure.Messaging;
using NoOneLeftBehind.Domain.Statistics;
using NoOneLeftBehind.Domain.Statistics.Import;
using NoOneLeftBehind.Domain.Units;

namespace NoOneLeftBehind.Infrastructure.Statistics.Storage;

/// <summary>
/// Accepted review batches in Table storage, written then made current by a pointer flip
/// (docs/adr/0004-statistics-versions.md). One table, several partitions:
/// <list type="bullet">
/// <item>rows: PartitionKey <c>{versionId}</c>, RowKey <c>{year}-{province}-{unit}</c> (province as of the year's reference date, so that one province's year is one key range);</item>
/// <item>batches: PartitionKey <c>batch</c>, RowKey <c>{versionId}</c>, written once every row is in;</item>
/// <item>the head: PartitionKey <c>head</c>, RowKey <c>current</c>, the ordered manifest of current version ids, replaced with If-Match
/// (property <c>Manifest</c>, continued in <c>Manifest2</c>… past 32,768 characters: see <see cref="TableLimits.SetList"/>);</item>
/// <item>import jobs: PartitionKey <c>import</c>, RowKey <c>{importId}</c> (see <see cref="ImportJobStore"/>).</item>
/// </list>
/// </summary>
public sealed class StatisticsStore
{
    internal const string BatchPartition = "batch";
    internal const string HeadPartition = "head";
    internal const string HeadRow = "current";
    private const int MaxFlipAttempts = 20;

    private readonly TableClient _table;
    private readonly UnitGeography _geography;
    private readonly int _parallelism;
    private volatile bool _created;

    /// <summary>Creates the store; the table is created on first use.</summary>
    public StatisticsStore(TableServiceClient tables, UnitGeography geography, StatisticsStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(options);
        _table = tables.GetTableClient(options.StatisticsTable);
        _geography = geography;
        _parallelism = Math.Max(1, options.WriteParallelism);
    }

    /// <summary>The table (for the job store sharing it).</summary>
    internal TableClient Table => _table;

    /// <summary>Creates the table if needed.</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        if (_created) return;
        // Idempotent: two first callers racing both get "exists" or "created".
        await _table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        _created = true;
    }

    /// <summary>The key of a row: which province's year it belongs to.</summary>
    public SourceKey KeyOf(UnitYearFigures figures) => new(figures.Year, _geography.ProvinceOf(figures.Unit, figures.Year));

    /// <summary>
    /// Writes the rows of <paramref name="batch"/> under its version id, in entity-group transactions within the
    /// limits (<see cref="TableLimits.Transactions"/>: up to 100, and 4 MiB; a row is a few hundred bytes, so 100).
    /// Idempotent upserts: a retry or a re-run rewrites identical entities. Invisible to readers until the flip, so
    /// how the rows are cut into transactions changes nothing a reader can see (ADR 0004).
    /// </summary>
    /// <param name="batch">The validated batch.</param>
    /// <param name="progress">Called with the number of rows written so far (from several threads).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public async Task WriteRowsAsync(ReviewBatch batch, Func<int, Task>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var version = batch.VersionId;
        var transactions = TableLimits.Transactions(batch.Rows.Select(r => RowEntity(version, r)), TableTransactionActionType.UpsertReplace, _table.Uri);
        var written = 0;
        await Parallel.ForEachAsync(transactions, new ParallelOptions { MaxDegreeOfParallelism = _parallelism, CancellationToken = cancellationToken }, async (actions, ct) =>
        {
            try
            {
                await _table.SubmitTransactionAsync(actions, ct).ConfigureAwait(false);
            }
            catch (TableTransactionFailedException ex)
            {
                throw new InvalidOperationException($"Writing rows of {version} failed at action {ex.FailedTransactionActionIndex}: {ex.Status} {ex.ErrorCode} {ex.Message}", ex);
            }
            var total = Interlocked.Add(ref written, actions.Count);
            if (progress is not null) await progress(total).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    /// <summary>Writes the rows one entity at a time (for the benchmark's comparison only).</summary>
    public async Task WriteRowsOneByOneAsync(ReviewBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        await Parallel.ForEachAsync(batch.Rows, new ParallelOptions { MaxDegreeOfParallelism = _parallelism, CancellationToken = cancellationToken }, async (row, ct) =>
            await _table.UpsertEntityAsync(RowEntity(batch.VersionId, row), TableUpdateMode.Replace, ct).ConfigureAwait(false)).ConfigureAwait(false);
    }

    /// <summary>The batch record, or null when the version was never completely written.</summary>
    public async Task<BatchRecord?> GetBatchAsync(string versionId, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var entity = await _table.GetEntityIfExistsAsync<TableEntity>(BatchPartition, versionId, cancellationToken: cancellationToken).ConfigureAwait(false);
        return entity.HasValue ? ToBatch(entity.Value!) : null;
    }

    /// <summary>Every batch record (the manifest says which are current).</summary>
    public async Task<IReadOnlyList<BatchRecord>> ListBatchesAsync(CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<BatchRecord>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {BatchPartition}");
        await foreach (var entity in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
            list.Add(ToBatch(entity));
        return list;
    }

    /// <summary>Records that every row of the batch is in (step 3 of ADR 0004). Idempotent.</summary>
    public async Task PutBatchAsync(BatchRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var entity = new TableEntity(BatchPartition, record.VersionId)
        {
            ["FileName"] = TableLimits.Fit(record.FileName),
            ["RowCount"] = record.RowCount,
            ["Years"] = string.Join(',', record.Years.Select(y => y.ToString(CultureInfo.InvariantCulture))),
            ["UploadedAt"] = record.UploadedAt,
            ["BlobName"] = record.BlobName,
            ["State"] = "written",
        };
        SetIfNotNull(entity, "Sheet", TableLimits.Fit(record.Sheet));
        SetIfNotNull(entity, "UploadedByOid", record.UploadedByOid);
        SetIfNotNull(entity, "UploadedByName", TableLimits.Fit(record.UploadedByName));
        SetIfNotNull(entity, "ImportId", record.ImportId);
        // A file of many years × provinces has thousands of keys ("2023-64"): past one property they continue in Keys2….
        TableLimits.SetList(entity, "Keys", record.Keys.Select(k => k.ToString()), ' ');
        TableLimits.Check(entity);
        await _table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The current manifest (oldest first) and its ETag; empty with a null ETag before the first flip.</summary>
    public async Task<Head> GetHeadAsync(CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var found = await _table.GetEntityIfExistsAsync<TableEntity>(HeadPartition, HeadRow, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!found.HasValue) return new Head([], null);
        var entity = found.Value!;
        return new Head(TableLimits.GetList(entity, "Manifest", ','), entity.ETag.ToString());
    }

    /// <summary>
    /// Makes <paramref name="versionId"/> current by appending it to the manifest with an ETag
    /// condition (step 4 of ADR 0004); a concurrent flip makes this one re-read and retry.
    /// </summary>
    /// <returns>True when this call appended it; false when it was current already.</returns>
    public async Task<bool> FlipAsync(string versionId, CancellationToken cancellationToken, IntegrationEvent? published = null)
    {
        for (var attempt = 1; attempt <= MaxFlipAttempts; attempt++)
        {
            var head = await GetHeadAsync(cancellationToken).ConfigureAwait(false);
            if (head.Manifest.Contains(versionId, StringComparer.Ordinal)) return false;
            var entity = HeadEntity([.. head.Manifest, versionId]);
            try
            {
                if (published is null)
                {
                    if (head.ETag is null) await _table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
                    else await _table.UpdateEntityAsync(entity, new ETag(head.ETag), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    // The flip and its event (docs/events.md) in one transaction: published together or not at all.
                    await _table.SubmitTransactionAsync(
                    [
                        head.ETag is null
                            ? new TableTransactionAction(TableTransactionActionType.Add, entity)
                            : new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, new ETag(head.ETag)),
                        Outbox.Add(HeadPartition, published),
                    ], cancellationToken).ConfigureAwait(false);
                }
                return true;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Another flip came first (inserted the head, or changed it since it was read), or this one committed
                // on an attempt whose answer was lost: read again (the manifest then holds the version).
            }
        }
        throw new InvalidOperationException($"Flipping the statistics head lost the race {MaxFlipAttempts} times.");
    }

    /// <summary>
    /// The current figures for <paramref name="keys"/> (null: everything) given a manifest: for each
    /// unit and year, the figure of the latest version in the manifest that has one.
    /// </summary>
    public async Task<IReadOnlyList<UnitYearFigures>> LoadCurrentAsync(
        IReadOnlyList<string> manifest, IReadOnlyCollection<BatchRecord> batches, IReadOnlySet<SourceKey>? keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var byVersion = batches.ToDictionary(b => b.VersionId, StringComparer.Ordinal);
        var reads = new List<(int Order, string Version, SourceKey? Key)>();
        for (var i = 0; i < manifest.Count; i++)
        {
            if (!byVersion.TryGetValue(manifest[i], out var batch)) continue;
            var wanted = keys is null ? batch.Keys : [.. batch.Keys.Where(keys.Contains)];
            // Many ranges of one version: one partition scan is cheaper than a range query each.
            if (keys is null || wanted.Count > WholePartitionThreshold) reads.Add((i, batch.VersionId, null));
            else
            {
                foreach (var key in wanted) reads.Add((i, batch.VersionId, key));
            }
        }

        var results = new List<UnitYearFigures>[reads.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, reads.Count), new ParallelOptions { MaxDegreeOfParallelism = _parallelism, CancellationToken = cancellationToken }, async (index, ct) =>
        {
            var (_, version, key) = reads[index];
            var filter = key is { } k
                ? TableClient.CreateQueryFilter($"PartitionKey eq {version} and RowKey ge {k + "-"} and RowKey lt {k + "."}")
                : TableClient.CreateQueryFilter($"PartitionKey eq {version}");
            var list = new List<UnitYearFigures>();
            await foreach (var entity in _table.QueryAsync<TableEntity>(filter, select: RowProperties, cancellationToken: ct).ConfigureAwait(false))
                list.Add(ToFigures(entity));
            results[index] = list;
        }).ConfigureAwait(false);

        var latest = new Dictionary<(UnitCode, int), UnitYearFigures>();
        foreach (var index in Enumerable.Range(0, reads.Count).OrderBy(i => reads[i].Order))
        {
            foreach (var f in results[index])
            {
                if (keys is null || keys.Contains(KeyOf(f))) latest[(f.Unit, f.Year)] = f;
            }
        }
        return [.. latest.Values];
    }

    private const int WholePartitionThreshold = 8;

    /// <summary>
    /// The head entity for <paramref name="manifest"/>. A version id is 71 characters, so one property holds ~450 of
    /// them; the list continues in <c>Manifest2</c>… and one entity holds ~7,000. Past that the flip refuses with a clear
    /// message (ADR 0004 §5: the manifest then moves to a blob).
    /// </summary>
    internal static TableEntity HeadEntity(IReadOnlyList<string> manifest)
    {
        var entity = new TableEntity(HeadPartition, HeadRow) { ["Count"] = manifest.Count };
        TableLimits.SetList(entity, "Manifest", manifest, ',');
        try
        {
            TableLimits.Check(entity);
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"The statistics head cannot list {manifest.Count:N0} current versions in one entity ({ex.Message}); ADR 0004 §5: move the manifest to a blob."), ex);
        }
        return entity;
    }

    private static void SetIfNotNull(TableEntity entity, string name, object? value)
    {
        if (value is not null) entity[name] = value;
    }

    // What ToFigures reads: the row's source line number (Row) stays behind.
    private static readonly string[] RowProperties = ["Unit", "Year", "Households", "Poor", "NearPoor", "MinorityHouseholds", "MinorityPoor", "MinorityNearPoor"];

    private TableEntity RowEntity(string version, ReviewBatchRow row)
    {
        var f = row.Figures;
        var entity = new TableEntity(version, KeyOf(f) + "-" + f.Unit.Value)
        {
            ["Unit"] = f.Unit.Value,
            ["Year"] = f.Year,
            ["Households"] = f.Counts.Households,
            ["Poor"] = f.Counts.Poor,
            ["NearPoor"] = f.Counts.NearPoor,
            ["Row"] = row.Row,
        };
        if (f.Counts.Minority is { } m)
        {
            entity["MinorityHouseholds"] = m.Households;
            entity["MinorityPoor"] = m.Poor;
            entity["MinorityNearPoor"] = m.NearPoor;
        }
        return entity;
    }

    internal static UnitYearFigures ToFigures(TableEntity e)
    {
        var minority = e.GetInt64("MinorityHouseholds") is { } mh
            ? new MinorityCounts(mh, e.GetInt64("MinorityPoor") ?? 0, e.GetInt64("MinorityNearPoor") ?? 0)
            : (MinorityCounts?)null;
        return new UnitYearFigures(
            UnitCode.Parse(e.GetString("Unit")!),
            e.GetInt32("Year") ?? 0,
            new HouseholdCounts(e.GetInt64("Households") ?? 0, e.GetInt64("Poor") ?? 0, e.GetInt64("NearPoor") ?? 0, minority));
    }

    private static BatchRecord ToBatch(TableEntity e) => new(
        e.RowKey,
        e.GetString("FileName") ?? "",
        e.GetString("Sheet"),
        e.GetInt32("RowCount") ?? 0,
        [.. (e.GetString("Years") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(y => int.Parse(y, CultureInfo.InvariantCulture))],
        [.. TableLimits.GetList(e, "Keys", ' ').Select(SourceKey.Parse)],
        e.GetString("UploadedByOid"),
        e.GetString("UploadedByName"),
        e.GetDateTimeOffset("UploadedAt") ?? DateTimeOffset.MinValue,
        e.GetString("BlobName") ?? "",
        e.GetString("ImportId"));
}

/// <summary>One province's figures for one year: the unit of incremental work (and a row key prefix).</summary>
/// <param name="Year">The review year.</param>
/// <param name="Province">The province, as of the year's reference date.</param>
public readonly record struct SourceKey(int Year, string Province)
{
    /// <summary>"{year}-{province}".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year}-{Province}");

    /// <summary>Reads "{year}-{province}".</summary>
    public static SourceKey Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        return new SourceKey(int.Parse(text[..dash], CultureInfo.InvariantCulture), text[(dash + 1)..]);
    }
}

/// <summary>The head: current version ids, oldest first, and the ETag to flip it with.</summary>
public sealed record Head(IReadOnlyList<string> Manifest, string? ETag);

/// <summary>A completely written batch: what it holds and who brought it, when, from which file.</summary>
public sealed record BatchRecord(
    string VersionId,
    string FileName,
    string? Sheet,
    int RowCount,
    IReadOnlyList<int> Years,
    IReadOnlyList<SourceKey> Keys,
    string? UploadedByOid,
    string? UploadedByName,
    DateTimeOffset UploadedAt,
    string BlobName,
    string? ImportId);
