using System.Globalization;
using System.Text.Json.Serialization;
using NoOneLeftBehind.Domain.Criteria;
using NoOneLeftBehind.Domain.Criteria.Rules;

namespace NoOneLeftBehind.Domain.Plans;

/// <summary>
/// A rule with its parameters, as a plan file writes it: <c>{"type": "yearly-rate-fall", "measure": …}</c>. One record
/// per rule type holds the type's whole shape: its JSON fields (the properties), the checks of their values, its
/// description in <c>docs/criteria.md</c> and the rule object it compiles to. A new parameter is one property there.
/// </summary>
/// <remarks>
/// The <c>type</c> word picks the record; an unknown word, a missing <c>type</c> or a field the type does not have
/// is refused when the file is read (<see cref="PlanJson"/>), with its JSON path.
/// </remarks>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(YearlyRateFallRuleDefinition), "yearly-rate-fall")]
[JsonDerivedType(typeof(ReductionVsBaselineRuleDefinition), "reduction-vs-baseline")]
[JsonDerivedType(typeof(EndStateRateRuleDefinition), "end-state-rate")]
[JsonDerivedType(typeof(FactRuleDefinition), "fact")]
[JsonDerivedType(typeof(JudgementRuleDefinition), "judgement")]
[JsonDerivedType(typeof(AllOfRuleDefinition), "all-of")]
[JsonDerivedType(typeof(AnyOfRuleDefinition), "any-of")]
public abstract record RuleDefinition
{
    private protected RuleDefinition()
    {
    }

    /// <summary>The rule type's word in plan files (<c>yearly-rate-fall</c>…), from the attributes above.</summary>
    [JsonIgnore]
    public string Type => PlanJson.RuleTypeWord(GetType());

    /// <summary>True when this rule or one of its children is decided from figures or facts.</summary>
    [JsonIgnore]
    public abstract bool IsMachineDecidable { get; }

    /// <summary>True when this rule or one of its children needs a reviewer's attestation.</summary>
    [JsonIgnore]
    public virtual bool HasJudgement => false;

    /// <summary>One-line description in English with the plan's numbers (docs/criteria.md).</summary>
    public abstract string Describe();

    /// <summary>Checks the parameters' values; the JSON reader has already checked their presence and types.</summary>
    internal abstract void Check(string path, IRuleChecks checks);

    /// <summary>The engine's rule object.</summary>
    internal abstract Rule Compile();

    private protected static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

/// <summary>What a rule definition's checks report to, and the plan they are in.</summary>
internal interface IRuleChecks
{
    /// <summary>The plan being checked.</summary>
    Plan Plan { get; }

    /// <summary>Years from the baseline to the end of the period.</summary>
    int Span => Plan.Period.To - Plan.BaselineYear;

    /// <summary>Reports a problem at a JSON path.</summary>
    void Error(string path, string problem);

    /// <summary>Checks a child rule.</summary>
    void Child(string path, RuleDefinition rule);
}

/// <summary>
/// <c>yearly-rate-fall</c>: the rate falls by at least <see cref="MinPoints"/> percentage points every year for
/// <see cref="Years"/> consecutive years.
/// </summary>
public sealed record YearlyRateFallRuleDefinition : RuleDefinition
{
    /// <summary>What is measured: <c>poor-rate</c> or <c>poor-and-near-poor-rate</c>.</summary>
    public required Measure Measure { get; init; }
    /// <summary>Minimum fall in percentage points per year.</summary>
    public required decimal MinPoints { get; init; }
    /// <summary>Number of consecutive yearly falls.</summary>
    public required int Years { get; init; }
    /// <summary>
    /// True when the years lie inside the plan period ("trong giai đoạn 2016-2020"): years outside it do not count.
    /// </summary>
    public bool? WithinPeriod { get; init; }

    /// <inheritdoc />
    public override bool IsMachineDecidable => true;

    /// <inheritdoc />
    public override string Describe() =>
        Inv($"{PlanJson.Word(Measure)} falls ≥ {Vi.Number(MinPoints)} points a year for {Years} consecutive years ")
        + (WithinPeriod == true ? "inside the plan period, up to the nomination year" : "ending at the latest review year ≤ nomination year");

    internal override void Check(string path, IRuleChecks checks)
    {
        if (!PlanEnumValues.IsDefined(Measure) || Measure == Measure.PoorAndNearPoorCount)
            checks.Error(path + ".measure", "a yearly fall in points needs a rate measure: poor-rate or poor-and-near-poor-rate");
        if (MinPoints is <= 0 or > 100)
            checks.Error(path + ".minPoints", Inv($"{MinPoints} must be in (0, 100]"));
        if (Years < 1 || Years > checks.Span)
            checks.Error(path + ".years", Inv($"{Years} must be between 1 and {checks.Span} (years after the baseline {checks.Plan.BaselineYear} in the period)"));
    }

    internal override Rule Compile() => new YearlyRateFallRule(Measure, MinPoints, Years, WithinPeriod == true);
}

/// <summary><c>reduction-vs-baseline</c>: the count falls by more than <see cref="MoreThanPercent"/> % against the plan's baseline year.</summary>
public sealed record ReductionVsBaselineRuleDefinition : RuleDefinition
{
    /// <summary>What is measured: <c>poor-and-near-poor-count</c>.</summary>
    public required Measure Measure { get; init; }
    /// <summary>The count must fall by strictly more than this percentage.</summary>
    public required decimal MoreThanPercent { get; init; }
    /// <summary>
    /// The year by which the reduction is due ("đến năm 2025"): nominated earlier, the progress is shown and a
    /// reviewer decides; from that year the figures of that year decide.
    /// </summary>
    public int? ByYear { get; init; }

    /// <inheritdoc />
    public override bool IsMachineDecidable => true;

    /// <inheritdoc />
    public override bool HasJudgement => ByYear is not null;

    /// <inheritdoc />
    public override string Describe() => $"{PlanJson.Word(Measure)} falls > {Vi.Number(MoreThanPercent)} % vs the baseline year"
        + (ByYear is { } by ? Inv($" by {by} (nominated earlier: progress shown, needs-review until attested)") : string.Empty);

    internal override void Check(string path, IRuleChecks checks)
    {
        if (Measure != Measure.PoorAndNearPoorCount)
            checks.Error(path + ".measure", "a reduction against the baseline is of a count: poor-and-near-poor-count");
        if (MoreThanPercent is < 0 or >= 100)
            checks.Error(path + ".moreThanPercent", Inv($"{MoreThanPercent} must be in [0, 100)"));
        if (ByYear is { } by && (by <= checks.Plan.BaselineYear || by > checks.Plan.Period.To))
            checks.Error(path + ".byYear", Inv($"{by} must be after the baseline {checks.Plan.BaselineYear} and not after {checks.Plan.Period.To}"));
    }

    internal override Rule Compile() => new ReductionVsBaselineRule(Measure, MoreThanPercent, ByYear);
}

/// <summary><c>end-state-rate</c>: the rate is below <see cref="BelowPercent"/> % once <see cref="AfterYears"/> years have passed since the baseline.</summary>
public sealed record EndStateRateRuleDefinition : RuleDefinition
{
    /// <summary>What is measured: <c>poor-rate</c> or <c>poor-and-near-poor-rate</c>.</summary>
    public required Measure Measure { get; init; }
    /// <summary>The rate must be strictly below this percentage.</summary>
    public required decimal BelowPercent { get; init; }
    /// <summary>Years after the baseline at which the end state is judged, at the earliest.</summary>
    public required int AfterYears { get; init; }

    /// <inheritdoc />
    public override bool IsMachineDecidable => true;

    /// <inheritdoc />
    public override string Describe() =>
        Inv($"{PlanJson.Word(Measure)} < {Vi.Number(BelowPercent)} % at the latest review year, at least {AfterYears} years after the baseline");

    internal override void Check(string path, IRuleChecks checks)
    {
        if (!PlanEnumValues.IsDefined(Measure) || Measure == Measure.PoorAndNearPoorCount)
            checks.Error(path + ".measure", "an end state is a rate: poor-rate or poor-and-near-poor-rate");
        if (BelowPercent is <= 0 or > 100)
            checks.Error(path + ".belowPercent", Inv($"{BelowPercent} must be in (0, 100]"));
        if (AfterYears < 0 || AfterYears > checks.Span)
            checks.Error(path + ".afterYears", Inv($"{AfterYears} must be between 0 and {checks.Span}"));
    }

    internal override Rule Compile() => new EndStateRateRule(Measure, BelowPercent, AfterYears);
}

/// <summary><c>fact</c>: a fact of the request compared with a value.</summary>
public sealed record FactRuleDefinition : RuleDefinition
{
    /// <summary>The fact compared.</summary>
    public required FactName Fact { get; init; }
    /// <summary>How the fact is compared.</summary>
    public required Comparison Comparison { get; init; }
    /// <summary>The value the fact is compared with.</summary>
    public required decimal Value { get; init; }
    /// <summary>The year at whose end the fact must hold, as the plan says (explanations only).</summary>
    public int? AsOfYear { get; init; }
    /// <summary>
    /// True when the years lie inside the plan period (only on <c>consecutive-years-in-poverty-work</c>): years
    /// outside it do not count.
    /// </summary>
    public bool? WithinPeriod { get; init; }

    /// <inheritdoc />
    public override bool IsMachineDecidable => true;

    /// <inheritdoc />
    public override string Describe() =>
        $"fact `{PlanJson.Word(Fact)}` {Symbol(Comparison)} {Vi.Number(Value)}" + (AsOfYear is { } year ? Inv($" (as of the end of {year})") : string.Empty)
        + (WithinPeriod == true ? " (only the years inside the plan period, up to the nomination year)" : string.Empty);

    internal override void Check(string path, IRuleChecks checks)
    {
        if (!PlanEnumValues.IsDefined(Fact))
            checks.Error(path + ".fact", "unknown fact");
        if (!PlanEnumValues.IsDefined(Comparison))
            checks.Error(path + ".comparison", "must be at-most, at-least, greater-than or less-than");
        if (Value < 0)
            checks.Error(path + ".value", "facts are never negative");
        if (WithinPeriod is not null && Fact != FactName.ConsecutiveYearsInPovertyWork)
            checks.Error(path + ".withinPeriod", "only a count of consecutive years (consecutive-years-in-poverty-work) lies within the period");
    }

    internal override Rule Compile() => new FactRule(Fact, Comparison, Value, AsOfYear, WithinPeriod == true);

    private static string Symbol(Comparison comparison) => comparison switch
    {
        Comparison.AtMost => "≤",
        Comparison.AtLeast => "≥",
        Comparison.GreaterThan => ">",
        _ => "<",
    };
}

/// <summary><c>judgement</c>: a reviewer decides; never passed by the machine.</summary>
public sealed record JudgementRuleDefinition : RuleDefinition
{
    /// <summary>What the reviewer judges.</summary>
    public string? Note { get; init; }

    /// <inheritdoc />
    public override bool IsMachineDecidable => false;

    /// <inheritdoc />
    public override bool HasJudgement => true;

    /// <inheritdoc />
    public override string Describe() => "judgement (needs-review until attested)" + (Note is null ? string.Empty : ": " + Note);

    internal override void Check(string path, IRuleChecks checks)
    {
    }

    internal override Rule Compile() => new JudgementRule(Note);
}

/// <summary>The child rules of <c>all-of</c> and <c>any-of</c>.</summary>
public abstract record CompositeRuleDefinition : RuleDefinition
{
    private protected CompositeRuleDefinition()
    {
    }

    /// <summary>The child rules, at least two.</summary>
    public required IReadOnlyList<RuleDefinition> Rules { get; init; }

    /// <inheritdoc />
    public override bool IsMachineDecidable => Rules.Any(r => r.IsMachineDecidable);

    /// <inheritdoc />
    public override bool HasJudgement => Rules.Any(r => r.HasJudgement);

    private protected abstract bool All { get; }

    /// <inheritdoc />
    public override string Describe() =>
        (All ? "all of: " : "any of: ") + string.Join(All ? " **and** " : " **or** ", Rules.Select(r => "(" + r.Describe() + ")"));

    internal override void Check(string path, IRuleChecks checks)
    {
        if (Rules.Count < 2)
            checks.Error(path + ".rules", Inv($"required by rule type '{Type}': at least two child rules"));
        for (var i = 0; i < Rules.Count; i++)
            checks.Child(Inv($"{path}.rules[{i}]"), Rules[i]);
    }

    internal override Rule Compile()
    {
        var children = new Rule[Rules.Count];
        for (var i = 0; i < children.Length; i++)
            children[i] = Rules[i].Compile();
        return new CompositeRule(All, children);
    }
}

/// <summary><c>all-of</c>: every child rule must hold.</summary>
public sealed record AllOfRuleDefinition : CompositeRuleDefinition
{
    private protected override bool All => true;
}

/// <summary><c>any-of</c>: at least one child rule must hold.</summary>
public sealed record AnyOfRuleDefinition : CompositeRuleDefinition
{
    private protected override bool All => false;
}
