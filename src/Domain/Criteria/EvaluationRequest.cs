using NoOneLeftBehind.Domain.Plans;

namespace NoOneLeftBehind.Domain.Criteria;

/// <summary>A nomination to evaluate against one plan: subject, nomination year, figures, facts and attestations.</summary>
public sealed record EvaluationRequest
{
    /// <summary>The plan.</summary>
    public required PlanId PlanId { get; init; }
    /// <summary>Who is nominated.</summary>
    public required EvaluationSubject Subject { get; init; }
    /// <summary>Year of the nomination; the window of yearly rules ends at the latest review year not after it.</summary>
    public required int NominationYear { get; init; }
    /// <summary>End-of-year review results, one per year, in any order.</summary>
    public IReadOnlyList<YearFigures> Statistics { get; init; } = [];
    /// <summary>Facts for fact rules.</summary>
    public EvaluationFacts Facts { get; init; }
    /// <summary>Reviewers' decisions on judgement criteria.</summary>
    public IReadOnlyList<Attestation> Attestations { get; init; } = [];
    /// <summary>
    /// The award form the nomination is for (id within the plan), optional: its own criteria (<see cref="AwardForm.Criteria"/>,
    /// e.g. the standard of a State award the plan defers to) are evaluated after the subject's. Null: the subject's only.
    /// </summary>
    public string? AwardFormId { get; init; }
}

/// <summary>The nominated subject.</summary>
/// <param name="Kind">Subject kind.</param>
/// <param name="Tags">Tags that choose the plan's category (poor district, region III, supporter…); tags that match none leave the subject with the criteria for every subject of its kind.</param>
/// <param name="Name">Display name, e.g. "Huyện X".</param>
/// <param name="UnitCode">Administrative unit code, when the subject is a unit.</param>
public sealed record EvaluationSubject(SubjectKind Kind, SubjectTags Tags = SubjectTags.None, string? Name = null, string? UnitCode = null);

/// <summary>
/// Result of the annual poor / near-poor household review for one unit and year. Counts are kept
/// separately so that either reading of "tỷ lệ nghèo đa chiều" can be configured per rule.
/// </summary>
/// <param name="Year">Review year (end of year).</param>
/// <param name="Households">All resident households; &gt; 0.</param>
/// <param name="Poor">Poor households; ≥ 0.</param>
/// <param name="NearPoor">Near-poor households; ≥ 0; poor + near-poor ≤ households.</param>
/// <param name="MinorityHouseholds">Ethnic-minority households, if known.</param>
/// <param name="MinorityPoor">Ethnic-minority poor households, if known.</param>
/// <param name="MinorityNearPoor">Ethnic-minority near-poor households, if known.</param>
public readonly record struct YearFigures(
    int Year, long Households, long Poor, long NearPoor,
    long? MinorityHouseholds = null, long? MinorityPoor = null, long? MinorityNearPoor = null)
{
    /// <summary>Poor + near-poor households.</summary>
    public long PoorAndNearPoor => Poor + NearPoor;
}

/// <summary>Facts a nomination may state; null means "not supplied".</summary>
/// <param name="PolicyHouseholdsPoor">Policy / meritorious-people households still poor at the end of the window.</param>
/// <param name="EscapedPovertyYear">Year the household escaped poverty.</param>
/// <param name="ConsecutiveYearsInPovertyWork">
/// Consecutive years an official worked directly in poverty reduction, counted back from the nomination year; a rule
/// "trong giai đoạn" counts only those inside the plan period.
/// </param>
/// <param name="Contribution">Money contributed, VND.</param>
/// <param name="PolicyHouseholdsPoorYear">
/// The year at whose end <paramref name="PolicyHouseholdsPoor"/> was counted. A plan dates this fact (Tuyên Quang:
/// communes "hết năm 2019", districts "đến hết năm 2020"); a count for another year does not answer it. Without a
/// year the count is taken as the answer to the plan's dated question.
/// </param>
public readonly record struct EvaluationFacts(
    long? PolicyHouseholdsPoor = null,
    int? EscapedPovertyYear = null,
    int? ConsecutiveYearsInPovertyWork = null,
    decimal? Contribution = null,
    int? PolicyHouseholdsPoorYear = null);

/// <summary>A reviewer's decision on the judgement part of a criterion.</summary>
/// <param name="CriterionId">Criterion id within the plan.</param>
/// <param name="Met">Whether the reviewer finds it met.</param>
/// <param name="Note">The reviewer's note or evidence reference.</param>
public sealed record Attestation(string CriterionId, bool Met, string? Note = null);
