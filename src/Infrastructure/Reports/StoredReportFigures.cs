using NoOneLeftBehind.Domain.Reports;
using NoOneLeftBehind.Domain.Statistics;
using NoOneLeftBehind.Domain.Units;
using NoOneLeftBehind.Infrastructure.Statistics;
using NoOneLeftBehind.Infrastructure.Statistics.Storage;

namespace NoOneLeftBehind.Infrastructure.Reports;

/// <summary>
/// <see cref="IReportFigureSource"/> over the statistics store: the current figures (the head's manifest, latest version
/// first) of the unit's province for each year asked, read by their source keys (year, province), then those that lie
/// within the unit on the year's reference date.
/// </summary>
public sealed class StoredReportFigures(StatisticsStore store, UnitGeography geography) : IReportFigureSource
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<UnitYearFigures>> LeafFiguresWithinAsync(UnitCode unit, int fromYear, int toYear, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(geography);
        var head = await store.GetHeadAsync(cancellationToken).ConfigureAwait(false);
        if (head.Manifest.Count == 0 || toYear < fromYear) return [];
        var batches = await store.ListBatchesAsync(cancellationToken).ConfigureAwait(false);
        var keys = Enumerable.Range(fromYear, toYear - fromYear + 1).Select(y => new SourceKey(y, geography.ProvinceOf(unit, y))).ToHashSet();
        var figures = await store.LoadCurrentAsync(head.Manifest, batches, keys, cancellationToken).ConfigureAwait(false);
        return [.. figures.Where(f => geography.Registry.IsWithin(f.Unit, unit, ReviewCalendar.ReferenceDate(f.Year)))
            .OrderBy(f => f.Year).ThenBy(f => f.Unit)];
    }
}
