using NoOneLeftBehind.Domain.Plans;

namespace NoOneLeftBehind.Domain.Criteria.Rules;

/// <summary>
/// The rate falls by at least P percentage points in each of N consecutive years; a fall is counted in the year it
/// ends (2016: 2015 → 2016), never before the year after the plan's baseline nor after the nomination year.
/// <list type="bullet">
/// <item>"N năm liên tục trước khi trình khen thưởng": the N falls that end at the latest review year supplied that is
/// not after the nomination year.</item>
/// <item><c>withinPeriod</c> ("trong giai đoạn 2016-2020"): any N consecutive falls inside the plan period, up to the
/// nomination year.</item>
/// </list>
/// A window that cannot fit by the nomination year is not met (the explanation names the stage from which it can be
/// judged). A known failing year decides even when other years are missing: the result is insufficient data only
/// when the missing years could still change it. Exact: compares cross-multiplied counts.
/// </summary>
internal sealed class YearlyRateFallRule(Measure measure, decimal minPoints, int years, bool withinPeriod) : Rule
{
    private readonly ExactDecimal _min = new(minPoints);

    public override bool IsMachineDecidable => true;

    public override bool HasJudgement => false;

    public override CriterionStatus Evaluate(in EvaluationContext context, Trace? trace)
    {
        var firstFall = withinPeriod ? Math.Max(context.BaselineYear + 1, context.PeriodFrom) : context.BaselineYear + 1;
        var last = Math.Min(context.NominationYear, context.PeriodTo);
        var earliestEnd = firstFall + years - 1;
        var key = Measures.Key(measure);
        var mark = trace?.Mark() ?? 0;
        if (trace is not null)
        {
            trace.Depth++;
            trace.Value(key + ".minFallPoints", minPoints);
        }

        CriterionStatus status;
        string? window = null;
        if (last < earliestEnd)
        {
            status = CriterionStatus.NotMet;
            if (trace is not null)
            {
                trace.Value(key + ".judgeableFromYear", earliestEnd);
                var falls = Math.Max(0, last - firstFall + 1);
                trace.Line($"Đến năm đề nghị {Vi.Year(context.NominationYear)} chỉ có {Vi.Count(falls)} năm giảm tính từ năm {Vi.Year(firstFall)} "
                    + $"(năm đầu kỳ của kế hoạch là {Vi.Year(context.BaselineYear)}), chưa đủ {years} năm giảm liên tục nên không đạt ở lần đề nghị này; "
                    + Judgeable.From(context, earliestEnd) + ".");
            }
        }
        else if (context.EndYear == 0)
        {
            status = CriterionStatus.InsufficientData;
            trace?.Line($"Không có số liệu rà soát nào từ năm đầu kỳ {Vi.Year(context.BaselineYear)} đến năm đề nghị {Vi.Year(context.NominationYear)}.");
        }
        else if (!withinPeriod && context.EndYear >= earliestEnd)
        {
            var end = context.EndYear;
            if (trace is not null)
                window = $" ({Vi.Year(end - years + 1)}–{Vi.Year(end)})";
            status = CriterionStatus.Met;
            for (var year = end - years + 1; year <= end; year++)
            {
                status = StatusAlgebra.AllOf(status, EvaluateYear(context, year, trace));
                if (trace is null && status == CriterionStatus.NotMet)
                    return status;
            }
        }
        else
        {
            // Every window that can still hold: ending from the first year a window fits to the nomination year (for a
            // window before the nomination, these all end after the latest year supplied).
            var from = withinPeriod ? earliestEnd : Math.Max(earliestEnd, context.EndYear + 1);
            if (trace is not null)
            {
                window = from == last
                    ? $" ({Vi.Year(last - years + 1)}–{Vi.Year(last)})"
                    : $" (một khoảng {years} năm trong {Vi.Year(from - years + 1)}–{Vi.Year(last)})";
            }
            status = AnyWindow(context, from, last, trace);
        }

        if (trace is not null)
        {
            trace.Depth--;
            trace.LineAt(mark, $"{Capital(Measures.Name(measure))} giảm từ {Vi.Number(minPoints)} điểm/năm trở lên trong {years} năm liên tục{window ?? string.Empty}: {Vi.Mark(status)} {Vi.Word(status)}");
        }
        return status;
    }

    /// <summary>Best of the windows ending in [<paramref name="from"/>, <paramref name="to"/>], each year judged once.</summary>
    private CriterionStatus AnyWindow(in EvaluationContext context, int from, int to, Trace? trace)
    {
        var first = from - years + 1;
        Span<CriterionStatus> byYear = stackalloc CriterionStatus[to - first + 1];
        for (var year = first; year <= to; year++)
            byYear[year - first] = EvaluateYear(context, year, trace);

        var best = CriterionStatus.NotMet;
        for (var end = from; end <= to; end++)
        {
            var status = CriterionStatus.Met;
            for (var year = end - years + 1; year <= end; year++)
                status = StatusAlgebra.AllOf(status, byYear[year - first]);
            best = StatusAlgebra.AnyOf(best, status);
        }
        return best;
    }

    private CriterionStatus EvaluateYear(in EvaluationContext context, int year, Trace? trace)
    {
        var hasBefore = context.TryGet(year - 1, out var before);
        var hasAfter = context.TryGet(year, out var after);
        if (!hasBefore || !hasAfter)
        {
            if (trace is not null)
            {
                var missing = !hasBefore && !hasAfter ? $"{Vi.Year(year - 1)} và {Vi.Year(year)}" : Vi.Year(hasBefore ? year : year - 1);
                trace.Line($"{Vi.Year(year)}: thiếu số liệu năm {missing} ? chưa đủ số liệu");
            }
            return CriterionStatus.InsufficientData;
        }

        // fall = 100·(a/h0 − b/h1) ≥ num/den  ⇔  100·den·(a·h1 − b·h0) ≥ num·h0·h1   (h0, h1 > 0)
        Int128 a = Measures.Count(measure, before), b = Measures.Count(measure, after);
        Int128 h0 = before.Households, h1 = after.Households;
        var met = 100 * _min.Denominator * (a * h1 - b * h0) >= _min.Numerator * h0 * h1;
        var status = met ? CriterionStatus.Met : CriterionStatus.NotMet;

        if (trace is not null)
        {
            var r0 = Measures.Percent(measure, before);
            var r1 = Measures.Percent(measure, after);
            var fall = r0 - r1;
            var key = Measures.Key(measure);
            trace.Value($"{key}.{Vi.Year(year - 1)}", Math.Round(r0, 4));
            trace.Value($"{key}.{Vi.Year(year)}", Math.Round(r1, 4));
            trace.Value($"{key}.fall.{Vi.Year(year)}", Math.Round(fall, 4));
            var d = Vi.DecimalsFor(fall, minPoints, met, static (v, t) => v >= t);
            var change = fall >= 0 ? $"giảm {Vi.Fixed(fall, d)} điểm" : $"tăng {Vi.Fixed(-fall, d)} điểm";
            trace.Line($"{Vi.Year(year)}: {Vi.Percent(r0, Math.Max(2, d))} → {Vi.Percent(r1, Math.Max(2, d))} ({change}) {Vi.Mark(status)} {Vi.Word(status)} ≥ {Vi.Number(minPoints)}");
        }
        return status;
    }

    private static string Capital(string s) => char.ToUpperInvariant(s[0]) + s[1..];
}
