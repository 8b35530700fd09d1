using NoOneLeftBehind.Domain.Units;

namespace NoOneLeftBehind.Domain.Statistics;

/// <summary>
/// Port: the stored annual review results of a unit, for features that need figures without asking
/// the user to type them (e.g. evaluating the criteria of a stored dossier). Each year's counts are
/// those of the unit as it was on that year's reference date (31 December,
/// <see cref="ReviewCalendar.ReferenceDate"/>): a commune's own figure or the sum of the units inside
/// it, never an averaged rate. Only imports that were accepted and made current are seen.
/// </summary>
public interface IReviewFigures
{
    /// <summary>The unit's counts for each year from <paramref name="fromYear"/> to <paramref name="toYear"/> that has figures.</summary>
    /// <param name="unit">The unit's code as it was in those years.</param>
    /// <param name="fromYear">The first review year.</param>
    /// <param name="toYear">The last review year (inclusive).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>One entry per year with figures, ascending; years without figures are left out.</returns>
    Task<IReadOnlyList<UnitYearFigures>> GetSeriesAsync(UnitCode unit, int fromYear, int toYear, CancellationToken cancellationToken = default);
}
