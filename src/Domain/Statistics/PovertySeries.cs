namespace NoOneLeftBehind.Domain.Statistics;

/// <summary>What a figure or target measures.</summary>
public enum PovertyIndicator
{
    /// <summary>Poor households ÷ households, in percent.</summary>
    PoorRate,

    /// <summary>Near-poor households ÷ households, in percent.</summary>
    NearPoorRate,

    /// <summary>(Poor + near-poor) ÷ households, in percent.</summary>
    PoorAndNearPoorRate,

    /// <summary>Ethnic-minority poor ÷ ethnic-minority households, in percent.</summary>
    MinorityPoorRate,

    /// <summary>Ethnic-minority (poor + near-poor) ÷ ethnic-minority households, in percent.</summary>
    MinorityPoorAndNearPoorRate,

    /// <summary>The number of poor households.</summary>
    PoorCount,

    /// <summary>The number of poor + near-poor households (quy mô hộ nghèo và cận nghèo).</summary>
    PoorAndNearPoorCount,
}

/// <summary>
/// One unit's review results year by year, with the derived indicators: rates, the yearly fall in
/// percentage points and the change against a baseline year.
/// </summary>
public sealed class PovertySeries
{
    private readonly SortedDictionary<int, HouseholdCounts> _byYear = [];

    /// <summary>Creates a series; a year given twice is refused.</summary>
    /// <param name="points">The counts per year.</param>
    /// <exception cref="ArgumentException">A year appears twice.</exception>
    public PovertySeries(IEnumerable<(int Year, HouseholdCounts Counts)> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        foreach (var (year, counts) in points)
        {
            if (!_byYear.TryAdd(year, counts))
                throw new ArgumentException($"Year {year} is given twice.", nameof(points));
        }
    }

    /// <summary>The years with figures, ascending.</summary>
    public IReadOnlyList<int> Years => [.. _byYear.Keys];

    /// <summary>The counts of <paramref name="year"/>, if any.</summary>
    /// <param name="year">The year.</param>
    /// <returns>The counts or <see langword="null"/>.</returns>
    public HouseholdCounts? CountsOf(int year) => _byYear.TryGetValue(year, out var c) ? c : null;

    /// <summary>The value of <paramref name="indicator"/> in <paramref name="year"/>: a percentage for rates, a number for counts.</summary>
    /// <param name="indicator">The indicator.</param>
    /// <param name="year">The year.</param>
    /// <returns>The value, or <see langword="null"/> when the year (or the ethnic-minority part) is missing.</returns>
    public decimal? Value(PovertyIndicator indicator, int year) =>
        _byYear.TryGetValue(year, out var c) ? ValueOf(indicator, c) : null;

    /// <summary>
    /// The fall of <paramref name="indicator"/> from the year before to <paramref name="year"/>:
    /// positive when it went down (for rates, in percentage points: 5.71 % → 4.06 % is a fall of 1.65).
    /// </summary>
    /// <param name="indicator">The indicator.</param>
    /// <param name="year">The year.</param>
    /// <returns>The fall, or <see langword="null"/> when either year is missing.</returns>
    public decimal? FallFromPreviousYear(PovertyIndicator indicator, int year) =>
        Value(indicator, year - 1) is { } before && Value(indicator, year) is { } after ? before - after : null;

    /// <summary>The change of <paramref name="indicator"/> from <paramref name="baselineYear"/> to <paramref name="year"/> (negative when it went down).</summary>
    /// <param name="indicator">The indicator.</param>
    /// <param name="baselineYear">The baseline year (đầu kỳ).</param>
    /// <param name="year">The later year.</param>
    /// <returns>The change, or <see langword="null"/> when either year is missing.</returns>
    public decimal? ChangeSinceBaseline(PovertyIndicator indicator, int baselineYear, int year) =>
        Value(indicator, baselineYear) is { } baseline && Value(indicator, year) is { } now ? now - baseline : null;

    /// <summary>The value of an indicator for a set of counts.</summary>
    /// <param name="indicator">The indicator.</param>
    /// <param name="counts">The counts.</param>
    /// <returns>The value, or <see langword="null"/> when the ethnic-minority part it needs is missing.</returns>
    public static decimal? ValueOf(PovertyIndicator indicator, HouseholdCounts counts) => indicator switch
    {
        PovertyIndicator.PoorRate => counts.PoorRate.Percent,
        PovertyIndicator.NearPoorRate => counts.NearPoorRate.Percent,
        PovertyIndicator.PoorAndNearPoorRate => counts.PoorAndNearPoorRate.Percent,
        PovertyIndicator.MinorityPoorRate => counts.MinorityPoorRate?.Percent,
        PovertyIndicator.MinorityPoorAndNearPoorRate => counts.MinorityPoorAndNearPoorRate?.Percent,
        PovertyIndicator.PoorCount => counts.Poor,
        PovertyIndicator.PoorAndNearPoorCount => counts.PoorAndNearPoor,
        _ => throw new ArgumentOutOfRangeException(nameof(indicator), indicator, null),
    };
}
