using NoOneLeftBehind.Domain.Plans;

namespace NoOneLeftBehind.Domain.Criteria.Rules;

/// <summary>
/// A fact compared with a value; a missing fact is insufficient data. With <c>withinPeriod</c> the fact is a count
/// of consecutive years up to the nomination year, and only the years inside the plan period count ("3 năm liên tục
/// trở lên trong giai đoạn 2016-2020"): nominated in 2017, at most 2016–2017 count, so 3 years cannot be met yet.
/// </summary>
internal sealed class FactRule(FactName fact, Comparison comparison, decimal value, int? asOfYear, bool withinPeriod) : Rule
{
    public override bool IsMachineDecidable => true;

    public override bool HasJudgement => false;

    public override CriterionStatus Evaluate(in EvaluationContext context, Trace? trace)
    {
        decimal? actual = fact switch
        {
            FactName.PolicyHouseholdsPoor => context.Facts.PolicyHouseholdsPoor,
            FactName.YearsSinceEscapedPoverty => context.NominationYear - context.Facts.EscapedPovertyYear,
            FactName.ConsecutiveYearsInPovertyWork => context.Facts.ConsecutiveYearsInPovertyWork,
            _ => context.Facts.Contribution,
        };

        if (withinPeriod)
        {
            // Years of the period up to the nomination year (validated to lie inside the period).
            var inside = context.NominationYear - context.PeriodFrom + 1;
            var needed = comparison switch
            {
                Comparison.AtLeast => value,
                Comparison.GreaterThan => decimal.Floor(value) + 1,
                _ => 0m,
            };
            if (needed > inside)
            {
                if (trace is not null)
                {
                    var judgeable = context.PeriodFrom + (int)needed - 1;
                    trace.Value(FactKey + ".threshold", value);
                    trace.Value(FactKey + ".judgeableFromYear", judgeable);
                    trace.Line($"{Label(context)}: ✗ không đạt – trong giai đoạn {Vi.Year(context.PeriodFrom)}–{Vi.Year(context.PeriodTo)}, "
                        + $"đến năm đề nghị {Vi.Year(context.NominationYear)} mới có {Vi.Count(inside)} năm, chưa đủ {Vi.Number(needed)} năm liên tục; "
                        + Judgeable.From(context, judgeable) + ".");
                }
                return CriterionStatus.NotMet;
            }
            if (actual > inside)
            {
                trace?.Line($"Chỉ tính các năm trong giai đoạn {Vi.Year(context.PeriodFrom)}–{Vi.Year(context.PeriodTo)}: "
                    + $"{Vi.Number(actual.Value)} năm khai báo, tính {Vi.Count(inside)} năm ({Vi.Year(context.PeriodFrom)}–{Vi.Year(context.NominationYear)}).");
                actual = inside;
            }
        }

        if (actual is not { } v)
        {
            trace?.Line($"{Label(context)}: ? chưa đủ số liệu – chưa khai báo facts.{FactKey}");
            return CriterionStatus.InsufficientData;
        }

        // A dated fact ("hết năm 2019") is answered only by a count for that year.
        if (fact == FactName.PolicyHouseholdsPoor && asOfYear is { } due && context.Facts.PolicyHouseholdsPoorYear is { } counted && counted != due)
        {
            if (trace is not null)
            {
                trace.Value(FactKey + ".year", counted);
                trace.Line($"{Label(context)}: ? chưa đủ số liệu – số đã khai là đến hết năm {Vi.Year(counted)}, kế hoạch hỏi đến hết năm {Vi.Year(due)} (facts.policyHouseholdsPoorYear)");
            }
            return CriterionStatus.InsufficientData;
        }

        var met = comparison switch
        {
            Comparison.AtMost => v <= value,
            Comparison.AtLeast => v >= value,
            Comparison.GreaterThan => v > value,
            _ => v < value,
        };
        var status = met ? CriterionStatus.Met : CriterionStatus.NotMet;
        if (trace is not null)
        {
            trace.Value(FactKey, v);
            trace.Value(FactKey + ".threshold", value);
            var shown = fact == FactName.Contribution ? Vi.Number(v) + " đồng" : Vi.Number(v);
            var limit = fact == FactName.Contribution ? Vi.Number(value) + " đồng" : Vi.Number(value);
            trace.Line($"{Label(context)}: {shown} {Vi.Mark(status)} {Vi.Word(status)} {Symbol} {limit}");
        }
        return status;
    }

    private string FactKey => fact switch
    {
        FactName.PolicyHouseholdsPoor => "policyHouseholdsPoor",
        FactName.YearsSinceEscapedPoverty => "yearsSinceEscapedPoverty",
        FactName.ConsecutiveYearsInPovertyWork => "consecutiveYearsInPovertyWork",
        _ => "contribution",
    };

    private string Symbol => comparison switch
    {
        Comparison.AtMost => "≤",
        Comparison.AtLeast => "≥",
        Comparison.GreaterThan => ">",
        _ => "<",
    };

    private string Label(in EvaluationContext context) => fact switch
    {
        FactName.PolicyHouseholdsPoor => asOfYear is { } y
            ? $"Số hộ chính sách, người có công còn là hộ nghèo (đến hết năm {Vi.Year(y)})"
            : "Số hộ chính sách, người có công còn là hộ nghèo",
        FactName.YearsSinceEscapedPoverty => context.Facts.EscapedPovertyYear is { } escaped
            ? $"Số năm đã thoát nghèo (thoát nghèo năm {Vi.Year(escaped)}, đề nghị năm {Vi.Year(context.NominationYear)})"
            : "Số năm đã thoát nghèo (chưa khai báo năm thoát nghèo: facts.escapedPovertyYear)",
        FactName.ConsecutiveYearsInPovertyWork => withinPeriod
            ? $"Số năm liên tục trực tiếp làm công tác giảm nghèo trong giai đoạn {Vi.Year(context.PeriodFrom)}–{Vi.Year(context.PeriodTo)}"
            : "Số năm liên tục trực tiếp làm công tác giảm nghèo",
        _ => "Kinh phí đóng góp",
    };
}
