using System.Text.Json.Serialization;
using NoOneLeftBehind.Domain.Plans;

namespace NoOneLeftBehind.Domain.Statistics;

/// <summary>How a plan's target is stated; the words are those of plan files (<c>targets[].rule</c>) and of the statistics API.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TargetRule>))]
public enum TargetRule
{
    /// <summary>
    /// The indicator falls by at least <see cref="PlanTarget.Amount"/> (points for rates) every year after the baseline;
    /// by more than it when <see cref="PlanTarget.Strict"/> ("giảm trên 3%/năm").
    /// </summary>
    [JsonStringEnumMemberName("fall-each-year")] FallEachYear,

    /// <summary>
    /// The indicator falls by at least <see cref="PlanTarget.Amount"/> a year on average since the baseline ("bình quân");
    /// by more than it when <see cref="PlanTarget.Strict"/> ("bình quân trên 2%/năm").
    /// </summary>
    [JsonStringEnumMemberName("average-fall-per-year")] AverageFallPerYear,

    /// <summary>
    /// By the end year the indicator is down by more than the fraction <see cref="PlanTarget.Amount"/> of its
    /// baseline value ("giảm trên 50 %": Amount 0.5, end value strictly below half the baseline).
    /// </summary>
    [JsonStringEnumMemberName("reduction-vs-baseline")] ReductionVsBaseline,

    /// <summary>By the end year the indicator is strictly below <see cref="PlanTarget.Amount"/>.</summary>
    [JsonStringEnumMemberName("below-at-end")] BelowAtEnd,
}

/// <summary>
/// A plan's numeric target for the dashboards, as data (e.g. Chư Pưh: poor rate −2 points a year
/// 2022–2025, ethnic-minority poor rate −3 points a year).
/// </summary>
/// <param name="Id">A stable id, e.g. "chu-puh-2021-2025/poor-rate".</param>
/// <param name="Indicator">What is measured.</param>
/// <param name="Rule">How the target is stated.</param>
/// <param name="Amount">Points per year, a fraction of the baseline, or a level, as <paramref name="Rule"/> says.</param>
/// <param name="BaselineYear">The baseline (đầu kỳ) review year.</param>
/// <param name="EndYear">The last review year of the target.</param>
/// <param name="Description">The target's text in the plan, for display.</param>
/// <param name="Strict">
/// For the falls: true when the plan says "trên" (more than <paramref name="Amount"/>, the plan file's
/// <c>minExclusive</c>), false for "at least". The reduction and the end level are strict whatever it says.
/// </param>
public sealed record PlanTarget(
    string Id,
    PovertyIndicator Indicator,
    TargetRule Rule,
    decimal Amount,
    int BaselineYear,
    int EndYear,
    string? Description = null,
    bool Strict = false)
{
    /// <summary>
    /// The dashboard target a plan's <paramref name="target"/> states, with the rule and strictness its data give
    /// (<c>rule</c>, <c>minExclusive</c>); null when the statistics do not measure it (houses built, a poor district's
    /// exit, a target without a lower bound in points per year).
    /// </summary>
    public static PlanTarget? Of(Plan plan, Target target)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(target);
        PovertyIndicator? indicator = target.Measure switch
        {
            TargetMeasure.PoorRate => PovertyIndicator.PoorRate,
            TargetMeasure.MinorityPoorRate => PovertyIndicator.MinorityPoorRate,
            _ => null,
        };
        if (indicator is not { } measured || target.Unit != TargetUnit.PointsPerYear || target.Min is not { } amount || target.Rule is not { } rule)
            return null;
        var baselineYear = (target.FromYear ?? plan.Period.From) - 1;
        return new PlanTarget($"{plan.Id}/{target.Id}", measured, rule, amount, baselineYear, target.ToYear ?? plan.Period.To, target.Text,
            Strict: target.MinExclusive == true);
    }
}

/// <summary>Where a unit stands against a target.</summary>
public enum TargetStatus
{
    /// <summary>The end year is in and the target is met.</summary>
    Achieved,

    /// <summary>Before the end year, and every year so far is on the required path.</summary>
    OnTrack,

    /// <summary>Before the end year, and the latest figure is off the required path.</summary>
    Behind,

    /// <summary>The end year is in and the target is not met.</summary>
    Missed,

    /// <summary>The baseline, a year inside the window, or the ethnic-minority part is missing.</summary>
    InsufficientData,
}

/// <summary>One year of a target's progress.</summary>
/// <param name="Year">The review year.</param>
/// <param name="Actual">The indicator's value, if known.</param>
/// <param name="Expected">The value the target's path requires by that year.</param>
/// <param name="FallFromPreviousYear">The fall since the previous year (positive when it went down).</param>
/// <param name="OnPath">Whether the year meets the target's requirement for it; <see langword="null"/> without data.</param>
public sealed record TargetYearProgress(int Year, decimal? Actual, decimal Expected, decimal? FallFromPreviousYear, bool? OnPath);

/// <summary>A unit's progress against a target.</summary>
/// <param name="Target">The target.</param>
/// <param name="Status">The overall status.</param>
/// <param name="LatestYear">The latest year inside the window with a figure.</param>
/// <param name="Years">The years from the one after the baseline to the end year (or the latest figure).</param>
public sealed record TargetProgress(PlanTarget Target, TargetStatus Status, int? LatestYear, IReadOnlyList<TargetYearProgress> Years);

/// <summary>Computes progress against plan targets from a unit's series.</summary>
public static class TargetProgressCalculator
{
    /// <summary>Evaluates <paramref name="target"/> on <paramref name="series"/>, using the figures up to <paramref name="asOfYear"/>.</summary>
    /// <param name="series">The unit's series.</param>
    /// <param name="target">The target.</param>
    /// <param name="asOfYear">The last year to consider; defaults to the target's end year.</param>
    /// <returns>The progress.</returns>
    public static TargetProgress Evaluate(PovertySeries series, PlanTarget target, int? asOfYear = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(target);
        if (target.EndYear <= target.BaselineYear)
            throw new ArgumentException("A target's end year must come after its baseline year.", nameof(target));
        var lastYear = Math.Min(asOfYear ?? target.EndYear, target.EndYear);
        var baseline = series.Value(target.Indicator, target.BaselineYear);
        int? latest = series.Years.Where(y => y > target.BaselineYear && y <= lastYear && series.Value(target.Indicator, y) is not null)
            .Select(y => (int?)y).LastOrDefault();
        if (baseline is not { } b || latest is not { } latestYear)
            return new TargetProgress(target, TargetStatus.InsufficientData, latest, []);

        var years = new List<TargetYearProgress>();
        var missingInside = false;
        for (var year = target.BaselineYear + 1; year <= latestYear; year++)
        {
            var actual = series.Value(target.Indicator, year);
            var fall = series.FallFromPreviousYear(target.Indicator, year);
            var expected = Expected(target, b, year);
            bool? onPath = actual is not { } a ? null : target.Rule switch
            {
                TargetRule.FallEachYear => fall is { } f ? (target.Strict ? f > target.Amount : f >= target.Amount) : null,
                TargetRule.AverageFallPerYear => target.Strict ? a < expected : a <= expected,
                TargetRule.ReductionVsBaseline or TargetRule.BelowAtEnd when year == target.EndYear => a < expected,
                _ => a <= expected,
            };
            missingInside |= onPath is null;
            years.Add(new TargetYearProgress(year, actual, expected, fall, onPath));
        }

        var status = missingInside && target.Rule == TargetRule.FallEachYear
            ? TargetStatus.InsufficientData
            : Status(target, years, latestYear);
        return new TargetProgress(target, status, latestYear, years);
    }

    private static TargetStatus Status(PlanTarget target, List<TargetYearProgress> years, int latestYear)
    {
        var last = years.Last(y => y.Year == latestYear);
        var met = target.Rule == TargetRule.FallEachYear
            ? years.All(y => y.OnPath == true)
            : last.OnPath == true;
        if (latestYear == target.EndYear)
            return met ? TargetStatus.Achieved : TargetStatus.Missed;
        return met ? TargetStatus.OnTrack : TargetStatus.Behind;
    }

    private static decimal Expected(PlanTarget target, decimal baseline, int year)
    {
        var elapsed = year - target.BaselineYear;
        var span = target.EndYear - target.BaselineYear;
        return target.Rule switch
        {
            TargetRule.FallEachYear or TargetRule.AverageFallPerYear => baseline - (target.Amount * elapsed),
            TargetRule.ReductionVsBaseline => baseline * (1 - (target.Amount * elapsed / span)),
            TargetRule.BelowAtEnd => baseline + ((target.Amount - baseline) * elapsed / span),
            _ => throw new ArgumentOutOfRangeException(nameof(target), target.Rule, null),
        };
    }
}
