namespace NoOneLeftBehind.Domain.Statistics;

/// <summary>
/// When a year's review result is dated. The annual review runs 01/09–14/12 (QĐ 24/2021/QĐ-TTg) and its
/// result is the end-of-year figure, so a year's figures bind to the units as they were on 31 December:
/// the 2025 review was held in the post-reform communes, the 2024 one in the old ones.
/// </summary>
public static class ReviewCalendar
{
    /// <summary>The reference date of the review result of <paramref name="year"/>: 31 December.</summary>
    /// <param name="year">The review year.</param>
    /// <returns>The date the figures bind their units at.</returns>
    public static DateOnly ReferenceDate(int year) => new(year, 12, 31);
}

/// <summary>The review result of one unit for one year.</summary>
/// <param name="Unit">The unit's code, read at <see cref="ReviewCalendar.ReferenceDate"/> of <paramref name="Year"/>.</param>
/// <param name="Year">The review year.</param>
/// <param name="Counts">The counts.</param>
public readonly record struct UnitYearFigures(Units.UnitCode Unit, int Year, HouseholdCounts Counts);
