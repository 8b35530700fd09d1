using System.Globalization;

namespace NoOneLeftBehind.Domain.Statistics;

/// <summary>
/// A share of households kept as its two counts, so that it is exact and can be re-aggregated:
/// <see cref="Percent"/> = <see cref="Count"/> × 100 ÷ <see cref="Total"/>, computed in
/// <see cref="decimal"/>. Differences between rates are in percentage points.
/// </summary>
public readonly record struct Rate
{
    private Rate(long count, long total)
    {
        Count = count;
        Total = total;
    }

    /// <summary>The households counted (numerator).</summary>
    public long Count { get; }

    /// <summary>All households (denominator, &gt; 0).</summary>
    public long Total { get; }

    /// <summary>The rate in percent, e.g. 4.03 for 4.03 %.</summary>
    public decimal Percent => Count * 100m / Total;

    /// <summary>Creates a rate from counts.</summary>
    /// <param name="count">The households counted (≥ 0).</param>
    /// <param name="total">All households (&gt; 0).</param>
    /// <returns>The rate.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative or the total is zero.</exception>
    public static Rate Of(long count, long total)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(total);
        return new Rate(count, total);
    }

    /// <summary>Formats the rate rounded to two decimals with the culture's decimal separator, e.g. "4,03 %" in vi-VN.</summary>
    /// <param name="provider">The culture.</param>
    /// <returns>The formatted rate.</returns>
    public string ToString(IFormatProvider provider) =>
        string.Create(provider, $"{Math.Round(Percent, 2, MidpointRounding.AwayFromZero):0.00} %");

    /// <summary>Formats the rate with the invariant culture, e.g. "4.03 %".</summary>
    /// <returns>The formatted rate.</returns>
    public override string ToString() => ToString(CultureInfo.InvariantCulture);
}
