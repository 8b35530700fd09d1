using Azure.Data.Tables;
using NoOneLeftBehind.Domain.Statistics;
using NoOneLeftBehind.Domain.Units;

namespace NoOneLeftBehind.Infrastructure.Statistics;

/// <summary>One unit's (or the nation's) totals for one year, as stored in the read model.</summary>
/// <param name="Unit">The unit code, or <c>VN</c>.</param>
/// <param name="Name">The unit's name in the basis' boundaries.</param>
/// <param name="Level">Province, District, Commune or National.</param>
/// <param name="Year">The review year.</param>
/// <param name="Counts">The summed counts.</param>
/// <param name="ContributingUnits">How many leaf figures were added.</param>
public sealed record ProjectedTotal(string Unit, string Name, string Level, int Year, HouseholdCounts Counts, int ContributingUnits);

/// <summary>Rows read and how many entities it took (the dashboards' cost, reported by the API).</summary>
/// <param name="Rows">The rows.</param>
/// <param name="EntitiesRead">Entities returned by storage.</param>
public sealed record ProjectionRead(IReadOnlyList<ProjectedTotal> Rows, int EntitiesRead);

/// <summary>A unit's own yearly totals and its children's, and how many entities it took to read them.</summary>
/// <param name="Self">The unit's rows of every year, by year (empty when not asked for).</param>
/// <param name="Children">The children's rows.</param>
/// <param name="EntitiesRead">Entities returned by storage.</param>
/// <param name="Queries">Storage queries made: 1 unless the store is in layout 1 or the unit has no children.</param>
public sealed record UnitViewRead(IReadOnlyList<ProjectedTotal> Self, IReadOnlyList<ProjectedTotal> Children, int EntitiesRead, int Queries);

/// <summary>
/// Reads the dashboard read models with point and single-partition queries only, and answers
/// <see cref="IReviewFigures"/> for other features (historical boundaries: each year in its own units).
/// </summary>
public sealed class ProjectionReader : IReviewFigures
{
    private readonly TableClient _table;
    private readonly UnitGeography _geography;
    private volatile bool _created;

    /// <summary>Creates the reader.</summary>
    public ProjectionReader(TableServiceClient tables, UnitGeography geography, StatisticsStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(options);
        _table = tables.GetTableClient(options.ProjectionsTable);
        _geography = geography;
    }

    /// <summary>The yearly totals of <paramref name="unit"/> (or <c>VN</c>) between the years, in <paramref name="basis"/>.</summary>
    public async Task<ProjectionRead> SeriesAsync(string unit, ProjectionBasis basis, int fromYear, int toYear, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        // The unit's rows live in its parent's partition; in historical boundaries the parent can differ by year.
        var parents = new HashSet<string>(StringComparer.Ordinal);
        if (unit == ProjectionKeys.National) parents.Add(ProjectionKeys.National);
        else if (UnitCode.TryParse(unit, out var code))
        {
            if (basis == ProjectionBasis.Reform2025) parents.Add(_geography.ParentOf(code, UnitGeography.ReformDate));
            else
            {
                for (var y = fromYear; y <= toYear; y++)
                {
                    if (_geography.Registry.Find(code, ReviewCalendar.ReferenceDate(y)) is not null)
                        parents.Add(_geography.ParentOf(code, ReviewCalendar.ReferenceDate(y)));
                }
            }
        }

        var rows = new List<ProjectedTotal>();
        var read = 0;
        foreach (var parent in parents)
        {
            var filter = RowRange(ProjectionKeys.Partition(basis, parent), unit, fromYear, toYear);
            await foreach (var e in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                read++;
                if (ToTotal(e) is { } t && t.Unit == unit) rows.Add(t);
            }
        }
        if (unit == ProjectionKeys.National && rows.Count == 0)
        {
            // A store still in layout 1 (until its upgrade has run): the national totals in {basis}-root.
            var legacy = RowRange(ProjectionKeys.Partition(basis, ProjectionKeys.LegacyRoot), unit, fromYear, toYear);
            await foreach (var e in _table.QueryAsync<TableEntity>(legacy, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                read++;
                if (ToTotal(e) is { } t && t.Unit == unit) rows.Add(t);
            }
        }
        return new ProjectionRead([.. rows.OrderBy(r => r.Year)], read);
    }

    /// <summary>The yearly totals of every child of <paramref name="unit"/> (or of the nation: the provinces), one partition.</summary>
    public async Task<ProjectionRead> ChildrenAsync(string unit, ProjectionBasis basis, int fromYear, int toYear, CancellationToken cancellationToken)
    {
        var (_, children, read) = await PartitionAsync(unit, basis, fromYear, toYear, withSelf: false, cancellationToken).ConfigureAwait(false);
        return new ProjectionRead(children, read);
    }

    /// <summary>
    /// A unit (or <c>VN</c>) with its children: the unit's rows of every year (few) and its children's rows between the
    /// years, in one single-partition query, since the unit's own rows are copied beside its children. Falls back to
    /// <see cref="SeriesAsync"/> for the unit's rows when they are not there (a commune has no partition of its own; a
    /// store in layout 1 has no copies).
    /// </summary>
    public async Task<UnitViewRead> UnitWithChildrenAsync(string unit, ProjectionBasis basis, int childrenFrom, int childrenTo, bool includeSelf, CancellationToken cancellationToken)
    {
        var (self, children, read) = await PartitionAsync(unit, basis, childrenFrom, childrenTo, includeSelf, cancellationToken).ConfigureAwait(false);
        if (!includeSelf) return new UnitViewRead([], children, read, 1);
        if (self.Count > 0) return new UnitViewRead([.. self.OrderBy(r => r.Year)], children, read, 1);
        var series = await SeriesAsync(unit, basis, EarliestYear, LatestYear, cancellationToken).ConfigureAwait(false);
        return new UnitViewRead(series.Rows, children, read + series.EntitiesRead, 2);
    }

    // Bounds for "every year" in row keys ({unit}-{yyyy}).
    private const int EarliestYear = 1900;
    private const int LatestYear = 2999;

    private async Task<(List<ProjectedTotal> Self, List<ProjectedTotal> Children, int Read)> PartitionAsync(
        string unit, ProjectionBasis basis, int fromYear, int toYear, bool withSelf, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        // Every value goes through CreateQueryFilter (quoted and escaped); the pieces are then joined as whole expressions.
        var years = fromYear == toYear
            ? TableClient.CreateQueryFilter($"Year eq {fromYear}")
            : TableClient.CreateQueryFilter($"(Year ge {fromYear}) and (Year le {toYear})");
        // The unit's own rows of every year ride along with the children's of the years asked for.
        var partition = TableClient.CreateQueryFilter($"PartitionKey eq {ProjectionKeys.Partition(basis, unit)}");
        var filter = withSelf
            ? $"({partition}) and (({years}) or ({TableClient.CreateQueryFilter($"Unit eq {unit}")}))"
            : $"({partition}) and ({years})";
        var self = new List<ProjectedTotal>();
        var children = new List<ProjectedTotal>();
        var read = 0;
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            read++;
            if (ToTotal(e) is not { } t) continue;
            if (t.Unit == unit) self.Add(t);
            else children.Add(t);
        }
        return (self, children, read);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<UnitYearFigures>> GetSeriesAsync(UnitCode unit, int fromYear, int toYear, CancellationToken cancellationToken = default)
    {
        var read = await SeriesAsync(unit.Value, ProjectionBasis.Historical, fromYear, toYear, cancellationToken).ConfigureAwait(false);
        return [.. read.Rows.Select(r => new UnitYearFigures(unit, r.Year, r.Counts))];
    }

    private async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        if (_created) return;
        await _table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        _created = true;
    }

    /// <summary>The rows <c>{unit}-{from}</c>..<c>{unit}-{to}</c> of one partition.</summary>
    private static string RowRange(string partition, string unit, int fromYear, int toYear) => TableClient.CreateQueryFilter(
        $"(PartitionKey eq {partition}) and (RowKey ge {ProjectionKeys.Row(unit, fromYear)}) and (RowKey le {ProjectionKeys.Row(unit, toYear)})");

    private static ProjectedTotal? ToTotal(TableEntity e)
    {
        var households = e.GetInt64("Households") ?? 0;
        if (households <= 0) return null;
        var minority = e.GetInt64("MinorityHouseholds") is { } mh
            ? new MinorityCounts(mh, e.GetInt64("MinorityPoor") ?? 0, e.GetInt64("MinorityNearPoor") ?? 0)
            : (MinorityCounts?)null;
        return new ProjectedTotal(
            e.GetString("Unit") ?? "",
            e.GetString("Name") ?? "",
            e.GetString("Level") ?? "",
            e.GetInt32("Year") ?? 0,
            new HouseholdCounts(households, e.GetInt64("Poor") ?? 0, e.GetInt64("NearPoor") ?? 0, minority),
            e.GetInt32("Units") ?? 0);
    }
}
