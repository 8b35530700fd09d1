using NoOneLeftBehind.Domain.Plans;

namespace NoOneLeftBehind.Domain.Criteria.Rules;

/// <summary>
/// The count (poor + near-poor households) at the latest review year falls by strictly more than X % against the
/// baseline year: 100·den·(base − end) &gt; num·base, in integers. "Trên 50 %" is strict.
/// </summary>
internal sealed class ReductionVsBaselineRule(Measure measure, decimal moreThanPercent) : Rule
{
    private readonly ExactDecimal _threshold = new(moreThanPercent);

    public override bool IsMachineDecidable => true;

    public override bool HasJudgement => false;

    public override CriterionStatus Evaluate(in EvaluationContext context, Trace? trace)
    {
        var key = Measures.Key(measure);
        trace?.Value(key + ".moreThanPercent", moreThanPercent);

        if (context.NominationYear <= context.BaselineYear)
        {
            if (trace is not null)
            {
                trace.Value(key + ".judgeableFromYear", context.BaselineYear + 1);
                trace.Line($"{Header(context)}: ✗ không đạt ở lần đề nghị năm {Vi.Year(context.NominationYear)} – chưa có năm nào sau năm đầu kỳ; "
                    + Judgeable.From(context, context.BaselineYear + 1) + ".");
            }
            return CriterionStatus.NotMet;
        }
        if (!context.TryGet(context.BaselineYear, out var baseline))
        {
            trace?.Line($"{Header(context)}: ? chưa đủ số liệu – thiếu số liệu năm đầu kỳ {Vi.Year(context.BaselineYear)}");
            return CriterionStatus.InsufficientData;
        }
        if (context.EndYear <= context.BaselineYear || !context.TryGet(context.EndYear, out var end))
        {
            trace?.Line($"{Header(context)}: ? chưa đủ số liệu – chưa có số liệu năm nào sau năm đầu kỳ đến năm đề nghị {Vi.Year(context.NominationYear)}");
            return CriterionStatus.InsufficientData;
        }

        Int128 b = Measures.Count(measure, baseline), e = Measures.Count(measure, end);
        var met = b > 0 && 100 * _threshold.Denominator * (b - e) > _threshold.Numerator * b;
        var status = met ? CriterionStatus.Met : CriterionStatus.NotMet;

        if (trace is not null)
        {
            trace.Value($"{key}.{Vi.Year(context.BaselineYear)}", (long)b);
            trace.Value($"{key}.{Vi.Year(context.EndYear)}", (long)e);
            string change;
            if (b == 0)
            {
                change = "đầu kỳ không có hộ nghèo, cận nghèo nên không thể giảm";
            }
            else
            {
                var percent = ((decimal)(b - e)) * 100m / (decimal)b;
                trace.Value(key + ".reductionPercent", Math.Round(percent, 4));
                var d = Vi.DecimalsFor(percent, moreThanPercent, met, static (v, t) => v > t);
                change = percent >= 0 ? $"giảm {Vi.Percent(percent, d)}" : $"tăng {Vi.Percent(-percent, d)}";
            }
            trace.Line($"{Header(context)}: {Vi.Mark(status)} {Vi.Word(status)}");
            trace.Depth++;
            trace.Line($"{Vi.Count((long)b)} hộ ({Vi.Year(context.BaselineYear)}) → {Vi.Count((long)e)} hộ ({Vi.Year(context.EndYear)}): {change} {Vi.Mark(status)} {Vi.Word(status)} > {Vi.Number(moreThanPercent)} %");
            trace.Depth--;
        }
        return status;
    }

    private string Header(in EvaluationContext context) =>
        $"{Capital(Measures.Name(measure))} giảm trên {Vi.Number(moreThanPercent)} % so với đầu kỳ ({Vi.Year(context.BaselineYear)})";

    private static string Capital(string s) => char.ToUpperInvariant(s[0]) + s[1..];
}
