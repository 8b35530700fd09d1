using NoOneLeftBehind.Domain.Plans;

namespace NoOneLeftBehind.Domain.Criteria.Rules;

/// <summary>
/// Says at which stage of the plan a window that cannot fit by the nomination year can be judged: the stages held in
/// the first year, from <c>year</c> on, in which the plan rewards at all.
/// </summary>
internal static class Judgeable
{
    /// <summary>"có thể xét từ năm 2024 (khen thưởng hằng năm 2024)"; explanations only.</summary>
    public static string From(in EvaluationContext context, int year)
    {
        var first = int.MaxValue;
        foreach (var stage in context.Stages)
        {
            var at = stage.Year ?? (year >= context.PeriodFrom ? year : context.PeriodFrom);
            if (at >= year && at <= context.PeriodTo && at < first)
                first = at;
        }
        if (first == int.MaxValue)
            return $"kế hoạch không còn đợt khen thưởng nào từ năm {Vi.Year(year)} nên không thể đạt tiêu chí này";
        var names = new List<string>();
        foreach (var stage in context.Stages)
        {
            if (stage.Year is null || stage.Year == first)
                names.Add($"{StageNames.Vi(stage.Kind)} {Vi.Year(first)}");
        }
        return $"có thể xét từ năm {Vi.Year(first)} ({string.Join(", ", names)})";
    }
}
