using NoOneLeftBehind.Domain.Units;

namespace NoOneLeftBehind.Domain.Plans;

/// <summary>
/// Which nominating units a plan governs (<see cref="Plan.Governs"/>): the governed units are as they were during the
/// plan's period (ADR 0008 §6, codes as of its date). The access scope's hierarchy also counts today's tree, where
/// Gia Lai's former communes lie within Bình Định's code 52 after the 2025 merger; a Chư Pưh commune was never governed
/// by Bình Định's 2021–2025 plan, so plans are judged on the period's tree.
/// </summary>
public static class PlanUnits
{
    /// <summary>
    /// "Unit A lies within governed unit B during the plan's period": on 30/06 of a year of the period, by the dated
    /// registry (mid-year, as the unit picker dates a stage: 30/06/2025 is still before the reform of 01/07/2025). Codes
    /// the registry does not know (test units) are answered by <paramref name="fallback"/>.
    /// </summary>
    public static Func<string, string, bool> WithinDuring(Plan plan, UnitRegistry registry, Func<string, string, bool> fallback)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(fallback);
        var dates = Enumerable.Range(plan.Period.From, plan.Period.To - plan.Period.From + 1).Select(y => new DateOnly(y, 6, 30)).ToArray();
        return (unit, governed) =>
        {
            if (!UnitCode.TryParse(unit, out var u) || !UnitCode.TryParse(governed, out var g)
                || registry.VersionsOf(u).Count == 0 || registry.VersionsOf(g).Count == 0)
                return fallback(unit, governed);
            return u == g || dates.Any(d => registry.IsWithin(u, g, d));
        };
    }
}
