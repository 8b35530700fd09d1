using System.Globalization;
using Azure;
using Azure.Data.Tables;
using NoOneLeftBehind.Infrastructure.Storage;
using NoOneLeftBehind.Domain.Statistics;
using NoOneLeftBehind.Domain.Units;
using NoOneLeftBehind.Infrastructure.Statistics.Storage;

namespace NoOneLeftBehind.Infrastructure.Statistics;

/// <summary>
/// Keys of the dashboard read models (table <c>Projections</c>). PartitionKey <c>{basis}-{parent}</c>,
/// RowKey <c>{unit}-{year}</c>: a unit's yearly totals sit in its parent's partition, and a province's or
/// district's totals are copied into its own partition too, so "a unit with its children" is one
/// single-partition query. The national picture is the partition <c>{basis}-VN</c>: one entity per province
/// and year plus the national totals <c>VN-{year}</c>. (Layout 1 kept the national totals in a partition
/// <c>{basis}-root</c> and had no copies; <see cref="DashboardProjector.UpgradeLayoutAsync"/> moves a store on.)
/// Bases: <c>historical</c> (each year in its own boundaries) and <c>2025</c> (every year in the
/// boundaries of 1 July 2025).
/// </summary>
public static class ProjectionKeys
{
    /// <summary>The national pseudo-unit (also the identity scope code for the whole country).</summary>
    public const string National = "VN";

    /// <summary>Layout 1's partition of the national totals (<c>{basis}-root</c>); read only as a fallback and removed by a full rebuild.</summary>
    public const string LegacyRoot = "root";

    /// <summary>The partition of the children of <paramref name="parent"/> in <paramref name="basis"/>.</summary>
    public static string Partition(ProjectionBasis basis, string parent) => basis.Key() + "-" + parent;

    /// <summary>The row of <paramref name="unit"/> in <paramref name="year"/>.</summary>
    public static string Row(string unit, int year) => unit + "-" + year.ToString(CultureInfo.InvariantCulture);

    /// <summary>"historical" or "2025".</summary>
    public static string Key(this ProjectionBasis basis) => basis == ProjectionBasis.Historical ? "historical" : "2025";

    /// <summary>Reads "historical" or "2025".</summary>
    public static bool TryParse(string? text, out ProjectionBasis basis)
    {
        basis = ProjectionBasis.Historical;
        if (text is null or "historical") return true;
        if (text == "2025") { basis = ProjectionBasis.Reform2025; return true; }
        return false;
    }
}

/// <summary>Which boundaries the totals are in.</summary>
public enum ProjectionBasis
{
    /// <summary>Each year in the units of its own reference date.</summary>
    Historical,

    /// <summary>Every year in the units of 1 July 2025 (figures go to the main successor of their unit).</summary>
    Reform2025,
}

/// <summary>
/// Recomputes the dashboard read models from the current figures: for the provinces and years an
/// import touched (incremental) or for everything (full rebuild). Totals are sums of counts computed by
/// <see cref="PovertyAggregation"/>; entities are written in entity-group transactions per partition, within the
/// limits (<see cref="TableLimits.Transactions"/>: 100 operations, 4 MiB). The read models are recomputed, not
/// versioned: how they are cut into transactions changes no guarantee (a failed write is redone by the next projection).
/// </summary>
public sealed class DashboardProjector
{
    private readonly TableClient _table;
    private readonly StatisticsStore _store;
    private readonly UnitGeography _geography;
    private readonly int _parallelism;
    private volatile bool _created;

    /// <summary>Creates the projector.</summary>
    public DashboardProjector(TableServiceClient tables, StatisticsStore store, UnitGeography geography, StatisticsStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(options);
        _table = tables.GetTableClient(options.ProjectionsTable);
        _store = store;
        _geography = geography;
        _parallelism = Math.Max(1, options.WriteParallelism);
    }

    /// <summary>
    /// Checks that the figures current after adding <paramref name="candidate"/> can be added up (no unit given together
    /// with a unit inside it in the same year across files). Returns the reason when they cannot.
    /// </summary>
    public async Task<string?> CheckAsync(IReadOnlyList<string> manifest, IReadOnlyCollection<BatchRecord> batches, BatchRecord candidate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var keys = _geography.Expand(candidate.Keys);
        var figures = await _store.LoadCurrentAsync([.. manifest, candidate.VersionId], [.. batches, candidate], keys, cancellationToken).ConfigureAwait(false);
        try
        {
            PovertyAggregation.ByHistoricalBoundaries(figures, _geography.Registry);
            return null;
        }
        catch (ArgumentException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>Recomputes the projections for <paramref name="keys"/> (null: everything) from the current head.</summary>
    /// <returns>How many entities were written.</returns>
    public async Task<int> ProjectAsync(IEnumerable<SourceKey>? keys, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var head = await _store.GetHeadAsync(cancellationToken).ConfigureAwait(false);
        var batches = await _store.ListBatchesAsync(cancellationToken).ConfigureAwait(false);
        var expanded = keys is null ? null : _geography.Expand(keys);
        var figures = await _store.LoadCurrentAsync(head.Manifest, batches, expanded, cancellationToken).ConfigureAwait(false);
        var years = figures.Select(f => f.Year).ToHashSet();

        // One basis at a time: a full rebuild holds ~100,000 entities per basis.
        var entities = new List<TableEntity>();
        AddUnits(entities, ProjectionBasis.Historical, PovertyAggregation.ByHistoricalBoundaries(figures, _geography.Registry), y => ReviewCalendar.ReferenceDate(y));
        var written = await WriteAsync(entities, cancellationToken).ConfigureAwait(false);
        entities.Clear();
        AddUnits(entities, ProjectionBasis.Reform2025, PovertyAggregation.ByBoundariesOf(UnitGeography.ReformDate, figures, _geography.Registry), _ => UnitGeography.ReformDate);
        written += await WriteAsync(entities, cancellationToken).ConfigureAwait(false);
        entities.Clear();

        // National totals: the sum of the province rows of the year, all of which are now written.
        var national = new List<TableEntity>();
        foreach (var basis in new[] { ProjectionBasis.Historical, ProjectionBasis.Reform2025 })
        {
            foreach (var year in years)
            {
                var sum = new Totals();
                var filter = TableClient.CreateQueryFilter($"PartitionKey eq {ProjectionKeys.Partition(basis, ProjectionKeys.National)} and Year eq {year}");
                await foreach (var e in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
                {
                    // The partition also holds the national row itself (from a previous projection): not a province.
                    if (e.GetString("Unit") != ProjectionKeys.National) sum.Add(e);
                }
                if (sum.Units > 0)
                    national.Add(sum.ToEntity(ProjectionKeys.Partition(basis, ProjectionKeys.National), ProjectionKeys.National, year, "Toàn quốc", null));
            }
        }
        written += await WriteAsync(national, cancellationToken).ConfigureAwait(false);
        if (keys is null) await DeleteLegacyAsync(cancellationToken).ConfigureAwait(false);
        return written;
    }

    /// <summary>True when the store still holds layout 1's national partitions (<c>{basis}-root</c>).</summary>
    public async Task<bool> HasLegacyLayoutAsync(CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        foreach (var basis in new[] { ProjectionBasis.Historical, ProjectionBasis.Reform2025 })
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {ProjectionKeys.Partition(basis, ProjectionKeys.LegacyRoot)}");
            await foreach (var _ in _table.QueryAsync<TableEntity>(filter, maxPerPage: 1, select: UnitOnly, cancellationToken: cancellationToken).ConfigureAwait(false))
                return true;
        }
        return false;
    }

    /// <summary>
    /// Moves a store written in layout 1 to the current layout: a full rebuild (which writes the copies and the national
    /// rows beside the provinces, then removes the old national partitions). Reads are right throughout, since the reader
    /// falls back to layout 1 where the new rows are not there yet. Returns the entities written, or 0 when nothing was to do.
    /// </summary>
    public async Task<int> UpgradeLayoutAsync(CancellationToken cancellationToken) =>
        await HasLegacyLayoutAsync(cancellationToken).ConfigureAwait(false) ? await ProjectAsync(null, cancellationToken).ConfigureAwait(false) : 0;

    private static readonly string[] UnitOnly = ["Unit"];
    private static readonly string[] KeysOnly = ["PartitionKey", "RowKey"];

    private async Task DeleteLegacyAsync(CancellationToken cancellationToken)
    {
        foreach (var basis in new[] { ProjectionBasis.Historical, ProjectionBasis.Reform2025 })
        {
            var partition = ProjectionKeys.Partition(basis, ProjectionKeys.LegacyRoot);
            var rows = new List<TableEntity>();
            // $select returns only what it names (the SDK adds no keys): ask for the keys, they are what a delete needs.
            await foreach (var e in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), select: KeysOnly, cancellationToken: cancellationToken).ConfigureAwait(false))
                rows.Add(e);
            // One row per year and basis: a handful; one by one so that a row another instance removed first is no failure
            // (Delete Entity answers 404 then, which the SDK does not throw for); any other failure throws.
            foreach (var e in rows)
                await _table.DeleteEntityAsync(e.PartitionKey, e.RowKey, ETag.All, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Creates the projections table if needed.</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        if (_created) return;
        await _table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        _created = true;
    }

    private void AddUnits(List<TableEntity> entities, ProjectionBasis basis, PovertyAggregates aggregates, Func<int, DateOnly> dateOf)
    {
        foreach (var year in aggregates.Years)
        {
            var date = dateOf(year);
            foreach (var level in new[] { UnitLevel.Province, UnitLevel.District, UnitLevel.Commune })
            {
                foreach (var total in aggregates.ForYear(year, level))
                {
                    var unit = total.Unit!.Value;
                    var version = _geography.Registry.Find(unit, date);
                    var totals = Totals.From(total);
                    var name = version?.FullName ?? unit.Value;
                    entities.Add(totals.ToEntity(ProjectionKeys.Partition(basis, _geography.ParentOf(unit, date)), unit.Value, year, name, level));
                    // The copy beside its children: "a unit with its children" is then one partition.
                    if (level != UnitLevel.Commune)
                        entities.Add(totals.ToEntity(ProjectionKeys.Partition(basis, unit.Value), unit.Value, year, name, level));
                }
            }
        }
    }

    private async Task<int> WriteAsync(List<TableEntity> entities, CancellationToken cancellationToken)
    {
        var transactions = TableLimits.Transactions(entities, TableTransactionActionType.UpsertReplace, _table.Uri);
        await Parallel.ForEachAsync(transactions, new ParallelOptions { MaxDegreeOfParallelism = _parallelism, CancellationToken = cancellationToken }, async (actions, ct) =>
        {
            try
            {
                await _table.SubmitTransactionAsync(actions, ct).ConfigureAwait(false);
            }
            catch (TableTransactionFailedException ex)
            {
                throw new InvalidOperationException($"Writing projections failed at action {ex.FailedTransactionActionIndex}: {ex.Status} {ex.ErrorCode} {ex.Message}", ex);
            }
        }).ConfigureAwait(false);
        return entities.Count;
    }

    private sealed class Totals
    {
        public long Households, Poor, NearPoor, MinorityHouseholds, MinorityPoor, MinorityNearPoor;
        public int Units, UnitsWithMinority;

        public static Totals From(PovertyAggregate a)
        {
            var t = new Totals
            {
                Households = a.Counts.Households, Poor = a.Counts.Poor, NearPoor = a.Counts.NearPoor,
                Units = a.ContributingUnits, UnitsWithMinority = a.ContributingUnitsWithMinority,
            };
            if (a.Counts.Minority is { } m)
            {
                t.MinorityHouseholds = m.Households;
                t.MinorityPoor = m.Poor;
                t.MinorityNearPoor = m.NearPoor;
            }
            return t;
        }

        public void Add(TableEntity e)
        {
            Households += e.GetInt64("Households") ?? 0;
            Poor += e.GetInt64("Poor") ?? 0;
            NearPoor += e.GetInt64("NearPoor") ?? 0;
            MinorityHouseholds += e.GetInt64("MinorityHouseholds") ?? 0;
            MinorityPoor += e.GetInt64("MinorityPoor") ?? 0;
            MinorityNearPoor += e.GetInt64("MinorityNearPoor") ?? 0;
            Units += e.GetInt32("Units") ?? 0;
            UnitsWithMinority += e.GetInt32("UnitsWithMinority") ?? 0;
        }

        public TableEntity ToEntity(string partition, string unit, int year, string name, UnitLevel? level)
        {
            var e = new TableEntity(partition, ProjectionKeys.Row(unit, year))
            {
                ["Unit"] = unit,
                ["Year"] = year,
                ["Name"] = TableLimits.Fit(name),
                ["Level"] = level?.ToString() ?? "National",
                ["Households"] = Households,
                ["Poor"] = Poor,
                ["NearPoor"] = NearPoor,
                ["Units"] = Units,
                ["UnitsWithMinority"] = UnitsWithMinority,
            };
            // Like the aggregation: the minority part only when every contributing unit reported it.
            if (Units > 0 && UnitsWithMinority == Units)
            {
                e["MinorityHouseholds"] = MinorityHouseholds;
                e["MinorityPoor"] = MinorityPoor;
                e["MinorityNearPoor"] = MinorityNearPoor;
            }
            return e;
        }
    }
}
