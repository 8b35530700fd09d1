using System.Globalization;
using NoOneLeftBehind.Domain.Statistics;
using NoOneLeftBehind.Domain.Units;

namespace NoOneLeftBehind.Domain.Plans;

/// <summary>
/// Which units a plan governs, as dated unit versions: its <see cref="Plan.Governs"/> codes read on the plan's date, and every
/// unit that lay within one of them while both held inside the plan's period. A code read on another date can name another unit
/// (52 was Tỉnh Bình Định until 30/06/2025 and is Tỉnh Gia Lai since): Bình Định's plan never reaches the new Gia Lai, nor the
/// old Gia Lai (64) nor its district Chư Pưh (639), which have a plan of their own.
/// </summary>
public static class PlanGovernance
{
    /// <summary>
    /// The unit versions <paramref name="plan"/> names in <see cref="Plan.Governs"/>: each code as it was on the plan's date
    /// (<see cref="PlanDocument.Date"/>, else 1 January of its first year), else the first version of that code inside its period.
    /// Empty when the plan names none.
    /// </summary>
    /// <param name="plan">The plan.</param>
    /// <param name="registry">The unit registry.</param>
    /// <returns>The governed versions, in the plan's order; a code the registry does not know is skipped.</returns>
    public static IReadOnlyList<AdministrativeUnit> GovernedUnits(Plan plan, UnitRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(registry);
        var (start, end) = PeriodDates(plan.Period);
        var dated = DateOnly.TryParseExact(plan.Document.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : (DateOnly?)null;
        var result = new List<AdministrativeUnit>();
        foreach (var text in plan.Governs ?? [])
        {
            if (!UnitCode.TryParse(text, out var code)) continue;
            var version = (dated is { } date ? registry.Find(code, date) : null)
                ?? registry.Find(code, start)
                ?? registry.VersionsOf(code).FirstOrDefault(v => Overlap(v, start, end) is not null);
            if (version is not null) result.Add(version);
        }
        return result;
    }

    /// <summary>
    /// The governed unit through which <paramref name="plan"/> applies to <paramref name="unit"/>: the unit itself, or the
    /// governed unit it lay within on a day when both held inside the plan's period (the reference date of
    /// <paramref name="year"/> when that day is such a day, else the last one). Null when the plan does not govern it.
    /// </summary>
    /// <param name="plan">The plan.</param>
    /// <param name="unit">A unit version (e.g. the one a dashboard shows).</param>
    /// <param name="registry">The unit registry.</param>
    /// <param name="year">The year looked at, if any: the hierarchy is read on its reference date where it can be.</param>
    /// <returns>The governed unit, or <see langword="null"/>.</returns>
    public static AdministrativeUnit? GoverningUnit(Plan plan, AdministrativeUnit unit, UnitRegistry registry, int? year = null)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var (start, end) = PeriodDates(plan.Period);
        foreach (var governed in GovernedUnits(plan, registry))
        {
            if (Overlap(governed, start, end) is not { } held || Overlap(unit, held.First, held.Last.AddDays(1)) is not { } both) continue;
            if (unit == governed) return governed;
            var reference = year is { } y ? ReviewCalendar.ReferenceDate(y) : both.Last;
            var date = reference >= both.First && reference <= both.Last ? reference : both.Last;
            if (registry.IsWithin(unit.Code, governed.Code, date)) return governed;
        }
        return null;
    }

    /// <summary>
    /// Whether <paramref name="plan"/> concerns the unit <paramref name="code"/> in any of its versions: it governs the unit
    /// (<see cref="GoverningUnit"/>), or it governs a unit that lay within it on a day when both held inside the plan's
    /// period (Chư Pưh's plan concerns old Gia Lai 64, whose district it governs; not the new Gia Lai under code 52).
    /// </summary>
    /// <param name="plan">The plan.</param>
    /// <param name="code">A unit code (e.g. a user's scope).</param>
    /// <param name="registry">The unit registry.</param>
    /// <returns><see langword="true"/> when the plan governs the unit, part of it, or a unit it lies within.</returns>
    public static bool Concerns(Plan plan, UnitCode code, UnitRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(registry);
        var (start, end) = PeriodDates(plan.Period);
        foreach (var unit in registry.VersionsOf(code))
        {
            if (GoverningUnit(plan, unit, registry) is not null) return true;
            foreach (var governed in GovernedUnits(plan, registry))
            {
                if (Overlap(governed, start, end) is { } held && Overlap(unit, held.First, held.Last.AddDays(1)) is { } both
                    && registry.IsWithin(governed.Code, unit.Code, both.Last))
                    return true;
            }
        }
        return false;
    }

    /// <summary>Whether <paramref name="year"/> lies in the plan's period (both ends included).</summary>
    /// <param name="plan">The plan.</param>
    /// <param name="year">The year.</param>
    /// <returns><see langword="true"/> when From ≤ year ≤ To.</returns>
    public static bool Covers(Plan plan, int year)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return year >= plan.Period.From && year <= plan.Period.To;
    }

    /// <summary>1 January of the first year and 1 January after the last (exclusive).</summary>
    private static (DateOnly Start, DateOnly End) PeriodDates(PlanPeriod period) => (new(period.From, 1, 1), new(period.To + 1, 1, 1));

    /// <summary>The first and last day of [start, end) on which <paramref name="unit"/> held; null when it held on none.</summary>
    private static (DateOnly First, DateOnly Last)? Overlap(AdministrativeUnit unit, DateOnly start, DateOnly end)
    {
        var first = unit.ValidFrom is { } from && from > start ? from : start;
        var after = unit.ValidTo is { } to && to < end ? to : end;
        return first < after ? (first, after.AddDays(-1)) : null;
    }
}
