using NoOneLeftBehind.Domain.Plans;

namespace NoOneLeftBehind.Domain.Criteria.Rules;

/// <summary>
/// The count (poor + near-poor households) at the latest review year falls by strictly more than X % against the
/// baseline year: 100·den·(base − end) &gt; num·base, in integers. "Trên 50 %" is strict.
/// With <c>byYear</c> ("đến năm 2025"): nominated before that year, the progress so far is shown and a reviewer
/// decides (needs review until attested); from that year on, the figures of that year decide.
/// </summary>
internal sealed class ReductionVsBaselineRule(Measure measure, decimal moreThanPercent, int? byYear) : Rule
{
    private readonly ExactDecimal _threshold = new(moreThanPercent);

    public override bool IsMachineDecidable => true;

    public override bool HasJudgement => byYear is not null;

    public override CriterionStatus Evaluate(in EvaluationContext context, Trace? trace)
    {
        var key = Measures.Key(measure);
        trace?.Value(key + ".moreThanPercent", moreThanPercent);
        if (byYear is { } target)
        {
            trace?.Value(key + ".byYear", target);
            if (context.NominationYear < target)
                return Progress(context, target, trace);
            if (context.EndYear < target)
            {
                trace?.Line($"{Header(context)}: ? chưa đủ số liệu – cần số liệu năm {Vi.Year(target)}"
                    + (context.EndYear == 0 ? string.Empty : $" (số liệu mới nhất là năm {Vi.Year(context.EndYear)})"));
                return CriterionStatus.InsufficientData;
            }
        }

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

    /// <summary>Before the target year: the progress so far against the target, for the reviewer.</summary>
    private CriterionStatus Progress(in EvaluationContext context, int target, Trace? trace)
    {
        var attestation = context.Attestation;
        var known = context.TryGet(context.BaselineYear, out var baseline) && context.EndYear > context.BaselineYear
            && context.TryGet(context.EndYear, out _);
        var status = attestation is not null ? (attestation.Met ? CriterionStatus.Met : CriterionStatus.NotMet)
            : known ? CriterionStatus.NeedsReview : CriterionStatus.InsufficientData;
        if (trace is null)
            return status;

        trace.Line($"{Header(context)}: {Vi.Mark(status)} {Vi.Word(status)}");
        trace.Depth++;
        if (known)
        {
            context.TryGet(context.EndYear, out var end);
            long b = Measures.Count(measure, baseline), e = Measures.Count(measure, end);
            var done = b == 0 ? "đầu kỳ không có hộ nghèo, cận nghèo" : Change(b, e, trace);
            trace.Value($"{Measures.Key(measure)}.{Vi.Year(context.BaselineYear)}", b);
            trace.Value($"{Measures.Key(measure)}.{Vi.Year(context.EndYear)}", e);
            trace.Line($"Tiến độ đến năm {Vi.Year(context.EndYear)}: {Vi.Count(b)} hộ ({Vi.Year(context.BaselineYear)}) → {Vi.Count(e)} hộ ({Vi.Year(context.EndYear)}): {done}; "
                + $"mục tiêu giảm trên {Vi.Number(moreThanPercent)} % đến năm {Vi.Year(target)}.");
        }
        else
        {
            trace.Line($"Chưa có số liệu năm đầu kỳ {Vi.Year(context.BaselineYear)} và một năm sau đó đến năm đề nghị {Vi.Year(context.NominationYear)} để tính tiến độ.");
        }
        trace.Line(attestation switch
        {
            null => $"Đề nghị trước năm {Vi.Year(target)}: người thẩm định đánh giá tiến độ (chưa có xác nhận); từ năm {Vi.Year(target)} tiêu chí được tính theo số liệu.",
            { Met: true } => $"Đề nghị trước năm {Vi.Year(target)}: ✓ người thẩm định xác nhận đạt tiến độ" + JudgementRule.NoteOf(attestation),
            _ => $"Đề nghị trước năm {Vi.Year(target)}: ✗ người thẩm định xác nhận không đạt tiến độ" + JudgementRule.NoteOf(attestation),
        });
        trace.Depth--;
        return status;
    }

    private string Change(long b, long e, Trace trace)
    {
        var percent = (b - e) * 100m / b;
        trace.Value(Measures.Key(measure) + ".reductionPercent", Math.Round(percent, 4));
        return percent >= 0 ? $"giảm {Vi.Percent(percent)}" : $"tăng {Vi.Percent(-percent)}";
    }

    private string Header(in EvaluationContext context) =>
        $"{Capital(Measures.Name(measure))} giảm trên {Vi.Number(moreThanPercent)} % so với đầu kỳ ({Vi.Year(context.BaselineYear)})"
        + (byYear is { } target ? $" đến năm {Vi.Year(target)}" : string.Empty);

    private static string Capital(string s) => char.ToUpperInvariant(s[0]) + s[1..];
}
