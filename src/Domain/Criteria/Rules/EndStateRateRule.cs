using NoOneLeftBehind.Domain.Plans;

namespace NoOneLeftBehind.Domain.Criteria.Rules;

/// <summary>
/// The rate at the latest review year is strictly below B %, judged no earlier than <c>afterYears</c> years after
/// the baseline ("dưới 20 % … sau 5 năm"). Nominated before that year, it cannot be met at that stage (not met, with the
/// stage from which it can be judged). Exact: 100·den·count &lt; num·households.
/// </summary>
internal sealed class EndStateRateRule(Measure measure, decimal belowPercent, int afterYears) : Rule
{
    private readonly ExactDecimal _threshold = new(belowPercent);

    public override bool IsMachineDecidable => true;

    public override bool HasJudgement => false;

    public override CriterionStatus Evaluate(in EvaluationContext context, Trace? trace)
    {
        var key = Measures.Key(measure);
        var name = Measures.Name(measure);
        var due = context.BaselineYear + afterYears;
        trace?.Value(key + ".belowPercent", belowPercent);

        if (Math.Min(context.NominationYear, context.PeriodTo) < due)
        {
            if (trace is not null)
            {
                trace.Value(key + ".judgeableFromYear", due);
                trace.Line($"{Capital(name)} dưới {Vi.Number(belowPercent)} % sau {afterYears} năm (năm {Vi.Year(due)}): ✗ không đạt ở lần đề nghị năm "
                    + $"{Vi.Year(context.NominationYear)} – chưa đủ {afterYears} năm kể từ năm đầu kỳ {Vi.Year(context.BaselineYear)}; {Judgeable.From(context, due)}.");
            }
            return CriterionStatus.NotMet;
        }
        if (context.EndYear < due || !context.TryGet(context.EndYear, out var end))
        {
            if (trace is not null)
            {
                var latest = context.EndYear == 0 ? "chưa có số liệu" : $"số liệu mới nhất là năm {Vi.Year(context.EndYear)}";
                trace.Line($"{Capital(name)} dưới {Vi.Number(belowPercent)} % sau {afterYears} năm (năm {Vi.Year(due)}): ? chưa đủ số liệu – {latest}");
            }
            return CriterionStatus.InsufficientData;
        }

        Int128 count = Measures.Count(measure, end), households = end.Households;
        var met = 100 * _threshold.Denominator * count < _threshold.Numerator * households;
        var status = met ? CriterionStatus.Met : CriterionStatus.NotMet;
        if (trace is not null)
        {
            var rate = Measures.Percent(measure, end);
            trace.Value($"{key}.{Vi.Year(context.EndYear)}", Math.Round(rate, 4));
            var d = Vi.DecimalsFor(rate, belowPercent, met, static (v, t) => v < t);
            trace.Line($"{Vi.Year(context.EndYear)}: {name} {Vi.Percent(rate, d)} {Vi.Mark(status)} {Vi.Word(status)} < {Vi.Number(belowPercent)} %");
        }
        return status;
    }

    private static string Capital(string s) => char.ToUpperInvariant(s[0]) + s[1..];
}
