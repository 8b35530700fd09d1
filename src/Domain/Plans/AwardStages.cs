namespace NoOneLeftBehind.Domain.Plans;

/// <summary>
/// At which stages (and years) a plan grants an award form (<see cref="AwardForm.Stages"/>), and the stages in words
/// for messages: "sơ kết (2023), tổng kết (2025)".
/// </summary>
public static class AwardStages
{
    /// <summary>True when <paramref name="plan"/> grants <paramref name="form"/> at the stage <paramref name="kind"/> of <paramref name="year"/>.</summary>
    public static bool Grants(Plan plan, AwardForm form, StageKind kind, int year)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(form);
        if (form.Stages is null) return true;
        foreach (var stage in form.Stages)
        {
            if (stage.Kind != kind) continue;
            if (Years(plan, stage).Contains(year)) return true;
        }
        return false;
    }

    /// <summary>
    /// The years of an award stage: the plan's own years for a stage it holds once (sơ kết 2023), else
    /// <see cref="AwardStage.FromYear"/>–<see cref="AwardStage.ToYear"/> within the plan period.
    /// </summary>
    public static IReadOnlyList<int> Years(Plan plan, AwardStage stage)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(stage);
        var held = plan.Stages.Where(s => s.Kind == stage.Kind).ToList();
        if (held.Count > 0 && held.All(s => s.Year is not null))
            return [.. held.Select(s => s.Year!.Value).Distinct().Order()];
        var from = stage.FromYear ?? plan.Period.From;
        var to = stage.ToYear ?? plan.Period.To;
        return from > to ? [] : [.. Enumerable.Range(from, to - from + 1)];
    }

    /// <summary>The stages at which the plan grants the form, in words: ("sơ kết (2023), tổng kết (2025)", "mid-term review (2023), final review (2025)").</summary>
    public static (string Vi, string En) Describe(Plan plan, AwardForm form)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(form);
        var stages = form.Stages ?? [.. plan.Stages.Select(s => new AwardStage { Kind = s.Kind, Clause = s.Clause })];
        var vi = new List<string>();
        var en = new List<string>();
        foreach (var stage in stages.DistinctBy(s => s.Kind))
        {
            var years = Years(plan, stage);
            var span = years.Count == 0 ? "" : years.Count == 1 ? $" ({years[0]})" : $" ({years[0]}–{years[^1]})";
            vi.Add(StageNames.Vi(stage.Kind) + span);
            en.Add(StageNames.En(stage.Kind) + span);
        }
        return (string.Join(", ", vi), string.Join(", ", en));
    }
}

/// <summary>A stage's name in words, as the plans write it (never the API's <c>mid-term</c>).</summary>
public static class StageNames
{
    /// <summary>"phát động", "khen thưởng hằng năm", "sơ kết", "tổng kết".</summary>
    public static string Vi(StageKind kind) => kind switch
    {
        StageKind.Launch => "phát động",
        StageKind.Annual => "khen thưởng hằng năm",
        StageKind.MidTerm => "sơ kết",
        StageKind.Final => "tổng kết",
        _ => "khen thưởng",
    };

    /// <summary>"launch", "annual awards", "mid-term review", "final review".</summary>
    public static string En(StageKind kind) => kind switch
    {
        StageKind.Launch => "launch",
        StageKind.Annual => "annual awards",
        StageKind.MidTerm => "mid-term review",
        StageKind.Final => "final review",
        _ => "awards",
    };
}
