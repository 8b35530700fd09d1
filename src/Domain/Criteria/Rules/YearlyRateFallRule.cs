using NoOneLeftBehind.Domain.Plans;

namespace NoOneLeftBehind.Domain.Criteria.Rules;

/// <summary>
/// The rate falls by at least P percentage points in each of N consecutive years. The window is the N yearly
/// falls that end at the latest review year supplied that is not after the nomination year; it needs the
/// figures of N + 1 years, none before the plan's baseline. Exact: compares cross-multiplied counts.
/// </summary>
internal sealed class YearlyRateFallRule(Measure measure, decimal minPoints, int years) : Rule
{
    private readonly ExactDecimal _min = new(minPoints);

    public override bool IsMachineDecidable => true;

    public override bool HasJudgement => false;

    public override CriterionStatus Evaluate(in EvaluationContext context, Trace? trace)
    {
        var end = context.EndYear;
        var first = end - years;
        var mark = trace?.Mark() ?? 0;
        if (trace is not null)
        {
            trace.Depth++;
            trace.Value(Measures.Key(measure) + ".minFallPoints", minPoints);
        }

        CriterionStatus status;
        if (end == 0)
        {
            status = CriterionStatus.InsufficientData;
            trace?.Line($"Không có số liệu rà soát nào từ năm đầu kỳ {Vi.Year(context.BaselineYear)} đến năm đề nghị {Vi.Year(context.NominationYear)}.");
        }
        else if (first < context.BaselineYear)
        {
            status = CriterionStatus.InsufficientData;
            trace?.Line($"Cần số liệu {years + 1} năm liên tiếp {Vi.Year(first)}–{Vi.Year(end)} (năm mới nhất có số liệu là {Vi.Year(end)}); "
                + $"năm đầu kỳ của kế hoạch là {Vi.Year(context.BaselineYear)}, nên chưa đủ {years} năm giảm liên tục.");
        }
        else
        {
            status = CriterionStatus.Met;
            for (var year = first + 1; year <= end; year++)
            {
                var yearStatus = EvaluateYear(context, year, trace);
                status = StatusAlgebra.AllOf(status, yearStatus);
                if (trace is null && status == CriterionStatus.NotMet)
                    return status;
            }
        }

        if (trace is not null)
        {
            trace.Depth--;
            var window = end == 0 ? string.Empty : $" ({Vi.Year(Math.Max(first + 1, context.BaselineYear + 1))}–{Vi.Year(end)})";
            trace.LineAt(mark, $"{Capital(Measures.Name(measure))} giảm từ {Vi.Number(minPoints)} điểm/năm trở lên trong {years} năm liên tục{window}: {Vi.Mark(status)} {Vi.Word(status)}");
        }
        return status;
    }

    private CriterionStatus EvaluateYear(in EvaluationContext context, int year, Trace? trace)
    {
        var hasBefore = context.TryGet(year - 1, out var before);
        var hasAfter = context.TryGet(year, out var after);
        if (!hasBefore || !hasAfter)
        {
            trace?.Line($"{Vi.Year(year)}: thiếu số liệu năm {Vi.Year(hasBefore ? year : year - 1)} ? chưa đủ số liệu");
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
