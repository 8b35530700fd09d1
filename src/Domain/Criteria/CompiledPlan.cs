using NoOneLeftBehind.Domain.Criteria.Rules;
using NoOneLeftBehind.Domain.Plans;

namespace NoOneLeftBehind.Domain.Criteria;

/// <summary>A plan compiled once into rule objects; immutable and shared.</summary>
internal sealed class CompiledPlan
{
    public CompiledPlan(Plan definition, string version)
    {
        Definition = definition;
        Version = version;
        SlotCount = definition.Period.To - definition.BaselineYear + 1;
        var byKind = new CompiledSubject?[Enum.GetValues<SubjectKind>().Length];
        foreach (var subject in definition.Subjects)
        {
            var compiled = new CompiledSubject(subject);
            foreach (var kind in subject.Kinds)
                byKind[(int)kind] = compiled;
        }
        SubjectsByKind = byKind;
        AwardCriteria = definition.AwardForms.Where(f => f.Criteria is { Count: > 0 })
            .ToDictionary(f => f.Id, f => f.Criteria!.Select(c => new CompiledCriterion(c, [])).ToArray(), StringComparer.Ordinal);
        CriterionIds = definition.Subjects.SelectMany(s => s.Criteria).Concat(definition.AwardForms.SelectMany(f => f.Criteria ?? []))
            .Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The criteria an award form adds for every subject (<see cref="AwardForm.Criteria"/>); empty for none or null.</summary>
    public CompiledCriterion[] AwardCriteriaOf(string? awardFormId) =>
        awardFormId is not null && AwardCriteria.TryGetValue(awardFormId, out var criteria) ? criteria : [];

    private Dictionary<string, CompiledCriterion[]> AwardCriteria { get; }

    public Plan Definition { get; }

    public string Id => Definition.Id;

    public string Version { get; }

    public int BaselineYear => Definition.BaselineYear;

    public int SlotCount { get; }

    public HashSet<string> CriterionIds { get; }

    public IReadOnlyList<CompiledSubject?> SubjectsByKind { get; }
}

internal sealed class CompiledSubject
{
    public CompiledSubject(SubjectDefinition definition)
    {
        Definition = definition;
        Categories = definition.Categories?.Select(c => new CompiledCategory(c)).ToArray() ?? [];
        Criteria = [.. definition.Criteria.Select(c => new CompiledCriterion(c, Categories))];
    }

    public SubjectDefinition Definition { get; }

    public CompiledCategory[] Categories { get; }

    public CompiledCriterion[] Criteria { get; }

    public bool AllOf => Definition.Combine == CriteriaCombination.AllOf;

    /// <summary>Index of the first category whose condition holds; −1 when none; 0 when there are no categories.</summary>
    public int CategoryOf(SubjectTags tags)
    {
        if (Categories.Length == 0)
            return 0;
        for (var i = 0; i < Categories.Length; i++)
        {
            if (Categories[i].Matches(tags))
                return i;
        }
        return -1;
    }

    public CompiledCriterion? Find(string criterionId)
    {
        foreach (var criterion in Criteria)
        {
            if (string.Equals(criterion.Id, criterionId, StringComparison.Ordinal))
                return criterion;
        }
        return null;
    }
}

internal sealed class CompiledCategory
{
    private readonly SubjectTags _all;
    private readonly SubjectTags _any;
    private readonly SubjectTags _none;

    public CompiledCategory(SubjectCategory definition)
    {
        Id = definition.Id;
        Title = definition.Title;
        _all = Combine(definition.When.AllTags);
        _any = Combine(definition.When.AnyTags);
        _none = Combine(definition.When.NoneTags);
    }

    public string Id { get; }

    public string Title { get; }

    public bool Matches(SubjectTags tags) =>
        (tags & _all) == _all && (_any == SubjectTags.None || (tags & _any) != 0) && (tags & _none) == 0;

    private static SubjectTags Combine(IReadOnlyList<SubjectTags>? tags) =>
        tags?.Aggregate(SubjectTags.None, (a, t) => a | t) ?? SubjectTags.None;
}

internal sealed class CompiledCriterion
{
    private readonly ulong _categories;

    public CompiledCriterion(CriterionDefinition definition, CompiledCategory[] categories)
    {
        Definition = definition;
        Rule = definition.Rule.Compile();
        Kind = Rule.IsMachineDecidable ? CriterionKind.Numeric : CriterionKind.Judgement;
        if (definition.Categories is null)
        {
            _categories = ulong.MaxValue;
        }
        else
        {
            foreach (var id in definition.Categories)
                _categories |= 1UL << Array.FindIndex(categories, c => c.Id == id);
        }
    }

    public CriterionDefinition Definition { get; }

    public string Id => Definition.Id;

    public Rule Rule { get; }

    public CriterionKind Kind { get; }

    public bool HasJudgement => Rule.HasJudgement;

    /// <summary>Category −1 (the subject matches no category): only the criteria for every subject of the kind apply.</summary>
    public bool AppliesTo(int category) => category < 0 ? _categories == ulong.MaxValue : (_categories & (1UL << category)) != 0;
}
