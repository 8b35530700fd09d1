using NoOneLeftBehind.Domain.Statistics;

namespace NoOneLeftBehind.Domain.Plans;

/// <summary>
/// One emulation plan (kế hoạch thi đua) as data: the shape of a file in <c>Plans/Catalogue</c>.
/// Every criterion cites its clause and carries the Vietnamese text of the source document.
/// </summary>
public sealed record Plan
{
    /// <summary>Version of the file format; currently 1.</summary>
    public required int SchemaVersion { get; init; }
    /// <summary>Stable plan id, e.g. <c>binh-dinh-2021-2025</c>; equals the file name without <c>.json</c>.</summary>
    public required string Id { get; init; }
    /// <summary>Version of this plan's encoding, bumped by hand when the criteria change.</summary>
    public required string Version { get; init; }
    /// <summary>Title as in the document.</summary>
    public required string Title { get; init; }
    /// <summary>Issuing authority.</summary>
    public required string Issuer { get; init; }
    /// <summary>
    /// The administrative units the plan governs (codes as of its date, ADR 0008 §6): a dossier may be drafted under it only
    /// for a nominating unit within one of them. Null: no restriction.
    /// </summary>
    public IReadOnlyList<string>? Governs { get; init; }
    /// <summary>Document number, date and legal basis.</summary>
    public required PlanDocument Document { get; init; }
    /// <summary>The seed file the plan was encoded from.</summary>
    public required string Source { get; init; }
    /// <summary>Years of the movement the plan covers.</summary>
    public required PlanPeriod Period { get; init; }
    /// <summary>Year of the review that is the baseline (đầu kỳ) of "so với đầu kỳ" rules.</summary>
    public required int BaselineYear { get; init; }
    /// <summary>Stages in which nominations are made.</summary>
    public required IReadOnlyList<PlanStage> Stages { get; init; }
    /// <summary>Set when the plan defines its criteria only by reference to another document.</summary>
    public CriteriaReference? CriteriaReference { get; init; }
    /// <summary>Criteria per subject kind.</summary>
    public required IReadOnlyList<SubjectDefinition> Subjects { get; init; }
    /// <summary>Award forms the plan allows.</summary>
    public required IReadOnlyList<AwardForm> AwardForms { get; init; }
    /// <summary>Why <see cref="AwardForms"/> is empty or incomplete, if it is.</summary>
    public string? AwardFormsNote { get; init; }
    /// <summary>Deadlines for dossiers and reports.</summary>
    public required IReadOnlyList<Deadline> Deadlines { get; init; }
    /// <summary>How many nominees each nominating unit may propose.</summary>
    public required IReadOnlyList<QuotaAllocation> Quotas { get; init; }
    /// <summary>Quota rules that are not counts.</summary>
    public string? QuotasNote { get; init; }
    /// <summary>What a nomination dossier contains.</summary>
    public required Dossier Dossier { get; init; }
    /// <summary>Targets shown on dashboards.</summary>
    public required IReadOnlyList<Target> Targets { get; init; }
}

/// <summary>Number, date and basis of a plan document.</summary>
public sealed record PlanDocument
{
    /// <summary>Document number (số ký hiệu), when the source shows it.</summary>
    public string? Number { get; init; }
    /// <summary>Date of the document (ISO yyyy-MM-dd), when the source shows it.</summary>
    public string? Date { get; init; }
    /// <summary>What the date is, or why number/date are missing.</summary>
    public string? DateNote { get; init; }
    /// <summary>Documents the plan implements (căn cứ).</summary>
    public required IReadOnlyList<string> Basis { get; init; }
}

/// <summary>First and last year of a plan's period (inclusive).</summary>
public sealed record PlanPeriod
{
    /// <summary>First year.</summary>
    public required int From { get; init; }
    /// <summary>Last year.</summary>
    public required int To { get; init; }
}

/// <summary>A stage in which the plan reviews and rewards.</summary>
public sealed record PlanStage
{
    /// <summary>Kind of stage.</summary>
    public required StageKind Kind { get; init; }
    /// <summary>Year, or null for every year.</summary>
    public int? Year { get; init; }
    /// <summary>Clause of the plan.</summary>
    public required string Clause { get; init; }
    /// <summary>Text of the plan.</summary>
    public required string Text { get; init; }
}

/// <summary>A document the plan's criteria are defined in, when it is not the plan itself.</summary>
public sealed record CriteriaReference
{
    /// <summary>Referenced document, e.g. <c>Kế hoạch số 3976/KH-UBND</c>.</summary>
    public required string Document { get; init; }
    /// <summary>Clause in the referenced document.</summary>
    public required string Clause { get; init; }
    /// <summary>Text of the plan that makes the reference.</summary>
    public string? Text { get; init; }
    /// <summary>How the product treats the reference.</summary>
    public string? Note { get; init; }
}

/// <summary>The criteria for one or more subject kinds.</summary>
public sealed record SubjectDefinition
{
    /// <summary>Subject kinds these criteria apply to.</summary>
    public required IReadOnlyList<SubjectKind> Kinds { get; init; }
    /// <summary>Clause of the plan.</summary>
    public required string Clause { get; init; }
    /// <summary>Heading of the clause.</summary>
    public required string Title { get; init; }
    /// <summary>Categories of subject, tried in order; the first whose condition holds applies. Null: no categories.</summary>
    public IReadOnlyList<SubjectCategory>? Categories { get; init; }
    /// <summary>How the criteria combine; all of them unless the plan says otherwise.</summary>
    public CriteriaCombination Combine { get; init; } = CriteriaCombination.AllOf;
    /// <summary>The criteria.</summary>
    public required IReadOnlyList<CriterionDefinition> Criteria { get; init; }
}

/// <summary>A category of subject (e.g. poor district) chosen by tags.</summary>
public sealed record SubjectCategory
{
    /// <summary>Category id, referenced by criteria.</summary>
    public required string Id { get; init; }
    /// <summary>Vietnamese name.</summary>
    public required string Title { get; init; }
    /// <summary>Condition on the subject's tags; an empty condition always holds.</summary>
    public required TagCondition When { get; init; }
}

/// <summary>Condition on a subject's tags.</summary>
public sealed record TagCondition
{
    /// <summary>Every one of these tags is required.</summary>
    public IReadOnlyList<SubjectTags>? AllTags { get; init; }
    /// <summary>At least one of these tags is required.</summary>
    public IReadOnlyList<SubjectTags>? AnyTags { get; init; }
    /// <summary>None of these tags may be present.</summary>
    public IReadOnlyList<SubjectTags>? NoneTags { get; init; }
}

/// <summary>One criterion (tiêu chí) of a plan.</summary>
public sealed record CriterionDefinition
{
    /// <summary>Id unique within the plan, e.g. <c>district.rate-fall-or-halving</c>.</summary>
    public required string Id { get; init; }
    /// <summary>Clause of the plan, e.g. <c>III.1.b</c>.</summary>
    public required string Clause { get; init; }
    /// <summary>Vietnamese text as in the plan.</summary>
    public required string Text { get; init; }
    /// <summary>The sentence of the plan that introduces this criterion, if any.</summary>
    public string? Lead { get; init; }
    /// <summary>Categories the criterion applies to; null: every subject of the kind.</summary>
    public IReadOnlyList<string>? Categories { get; init; }
    /// <summary>Where the criterion is really defined, when the plan only refers to it.</summary>
    public CriteriaReference? Reference { get; init; }
    /// <summary>How the criterion is decided.</summary>
    public required RuleDefinition Rule { get; init; }

    /// <summary>Numeric when the rule has a leaf the machine can decide; judgement otherwise.</summary>
    public CriterionKind Kind => Rule.IsMachineDecidable ? CriterionKind.Numeric : CriterionKind.Judgement;
}

/// <summary>An award form (hình thức khen thưởng) and who decides it.</summary>
public sealed record AwardForm
{
    /// <summary>Id unique within the plan.</summary>
    public required string Id { get; init; }
    /// <summary>Vietnamese name.</summary>
    public required string Name { get; init; }
    /// <summary>Level that decides it.</summary>
    public required AwardLevel Level { get; init; }
    /// <summary>Who decides it.</summary>
    public required string DecidedBy { get; init; }
    /// <summary>Clause of the plan.</summary>
    public required string Clause { get; init; }
    /// <summary>Text of the plan.</summary>
    public required string Text { get; init; }
    /// <summary>
    /// The stages (and years) at which the plan grants it (Chư Pưh III.2.b: the province's awards only at the sơ kết and
    /// tổng kết); a dossier for it at another stage is refused. Null: at every stage of the plan.
    /// </summary>
    public IReadOnlyList<AwardStage>? Stages { get; init; }
    /// <summary>
    /// The award forms a nominee may not be proposed for in the same stage as this one (Chư Pưh III.2.b: the province's
    /// awards go to units "trừ các đơn vị đã được đề nghị khen thưởng cấp Nhà nước"). Null: none.
    /// </summary>
    public AwardExclusion? ExcludedWith { get; init; }
    /// <summary>
    /// Criteria the award form adds to the subject's own, for every subject, when a nomination is evaluated for it: the
    /// standard the plan defers to (Chư Pưh's State awards: khoản 2 Mục III of the plan issued with Quyết định 666/QĐ-TTg).
    /// Null: none.
    /// </summary>
    public IReadOnlyList<CriterionDefinition>? Criteria { get; init; }
}

/// <summary>A stage at which a plan grants an award form.</summary>
public sealed record AwardStage
{
    /// <summary>A kind of stage the plan has (<see cref="Plan.Stages"/>).</summary>
    public required StageKind Kind { get; init; }
    /// <summary>First year, for a stage held every year (annual); null: from the plan stage's first year.</summary>
    public int? FromYear { get; init; }
    /// <summary>Last year, for a stage held every year; null: to the plan stage's last year.</summary>
    public int? ToYear { get; init; }
    /// <summary>Clause of the plan.</summary>
    public required string Clause { get; init; }
}

/// <summary>Award forms that exclude one another for the same nominee in the same stage.</summary>
public sealed record AwardExclusion
{
    /// <summary>The other award forms (ids within the plan).</summary>
    public required IReadOnlyList<string> AwardForms { get; init; }
    /// <summary>The subject kinds the exclusion is about (the plan's "đơn vị": districts, communes, villages); null: every kind.</summary>
    public IReadOnlyList<SubjectKind>? Kinds { get; init; }
    /// <summary>Clause of the plan.</summary>
    public required string Clause { get; init; }
    /// <summary>Text of the plan.</summary>
    public required string Text { get; init; }
}

/// <summary>A deadline: a fixed date, or a day of every year.</summary>
public sealed record Deadline
{
    /// <summary>Id unique within the plan.</summary>
    public required string Id { get; init; }
    /// <summary>Clause of the plan.</summary>
    public required string Clause { get; init; }
    /// <summary>Fixed date (yyyy-MM-dd).</summary>
    public string? Date { get; init; }
    /// <summary>Day of every year (MM-dd).</summary>
    public string? Annual { get; init; }
    /// <summary>Who sends.</summary>
    public required string From { get; init; }
    /// <summary>Who receives.</summary>
    public required string To { get; init; }
    /// <summary>Text of the plan.</summary>
    public required string Text { get; init; }
}

/// <summary>The nominees one nominating unit may propose for one award form.</summary>
public sealed record QuotaAllocation
{
    /// <summary>Award form id.</summary>
    public required string AwardForm { get; init; }
    /// <summary>Nominating unit or body, in the plan's words (shown beside the quota).</summary>
    public required string Nominator { get; init; }
    /// <summary>
    /// The body roles this allocation is for (ADR 0008: <c>so-khdt</c>, <c>ubnd-huyen</c>…): a nominating body playing
    /// any of them gets it. Null: matched by <see cref="Nominator"/> text (dossier-rules.json), the older way.
    /// </summary>
    public IReadOnlyList<string>? NominatorRoles { get; init; }
    /// <summary>The unit the nominating body must lie within (the plan's province), with <see cref="NominatorRoles"/>.</summary>
    public string? Within { get; init; }
    /// <summary>Clause of the plan.</summary>
    public required string Clause { get; init; }
    /// <summary>Counts by subject kind.</summary>
    public required IReadOnlyList<QuotaItem> Items { get; init; }
}

/// <summary>How many subjects of one kind a unit may propose.</summary>
public sealed record QuotaItem
{
    /// <summary>Subject kind.</summary>
    public required SubjectKind SubjectKind { get; init; }
    /// <summary>Maximum count; null when the plan sets none.</summary>
    public int? Count { get; init; }
    /// <summary>Text of the plan.</summary>
    public required string Text { get; init; }
    /// <summary>Nominators with a different count.</summary>
    public IReadOnlyList<QuotaOverride>? Exceptions { get; init; }
    /// <summary>The count split by the level the nominee works at (officials: 01 district + 01 commune/village); their counts add up to <see cref="Count"/>.</summary>
    public IReadOnlyList<QuotaLevel>? Levels { get; init; }
    /// <summary>Further conditions.</summary>
    public string? Note { get; init; }
}

/// <summary>The part of a quota item for nominees of one level.</summary>
public sealed record QuotaLevel
{
    /// <summary>One of <see cref="QuotaLevels.All"/>.</summary>
    public required string Level { get; init; }
    /// <summary>Its count.</summary>
    public required int Count { get; init; }
}

/// <summary>The levels a quota item may be split by.</summary>
public static class QuotaLevels
{
    /// <summary>District level (cấp huyện).</summary>
    public const string District = "district";
    /// <summary>Commune or village level (cấp xã, thôn).</summary>
    public const string CommuneVillage = "commune-village";
    /// <summary>Every level.</summary>
    public static IReadOnlyList<string> All { get; } = [District, CommuneVillage];

    /// <summary>The Vietnamese words of a level.</summary>
    public static string Vi(string level) => level switch { District => "cấp huyện", CommuneVillage => "cấp xã, thôn", _ => level };
}

/// <summary>A nominator whose quota differs.</summary>
public sealed record QuotaOverride
{
    /// <summary>Nominating unit, in the plan's words.</summary>
    public required string Nominator { get; init; }
    /// <summary>The units whose bodies get this count (Sơn Động: 220); null: matched by <see cref="Nominator"/> text.</summary>
    public IReadOnlyList<string>? UnitCodes { get; init; }
    /// <summary>Its count.</summary>
    public required int Count { get; init; }
}

/// <summary>The nomination dossier (hồ sơ đề nghị khen thưởng).</summary>
public sealed record Dossier
{
    /// <summary>Clause of the plan.</summary>
    public required string Clause { get; init; }
    /// <summary>Text of the plan.</summary>
    public required string Text { get; init; }
    /// <summary>Components; empty when the plan defers to the law.</summary>
    public required IReadOnlyList<DossierComponent> Components { get; init; }
    /// <summary>Number of sets per award form.</summary>
    public required IReadOnlyList<DossierCopies> Copies { get; init; }
}

/// <summary>One component of a dossier.</summary>
public sealed record DossierComponent
{
    /// <summary>Id unique within the dossier.</summary>
    public required string Id { get; init; }
    /// <summary>Text of the plan.</summary>
    public required string Text { get; init; }
    /// <summary>Template id, kept as data (decrees renumber templates).</summary>
    public string? Template { get; init; }
}

/// <summary>How many sets of the dossier an award form needs.</summary>
public sealed record DossierCopies
{
    /// <summary>Award form id.</summary>
    public required string AwardForm { get; init; }
    /// <summary>Number of sets.</summary>
    public required int Count { get; init; }
    /// <summary>True when originals (bản chính) are required; null when the plan does not say.</summary>
    public bool? Original { get; init; }
    /// <summary>Text of the plan.</summary>
    public required string Text { get; init; }
}

/// <summary>A target for dashboards (progress against the plan).</summary>
public sealed record Target
{
    /// <summary>Id unique within the plan.</summary>
    public required string Id { get; init; }
    /// <summary>Clause of the plan.</summary>
    public required string Clause { get; init; }
    /// <summary>Text of the plan.</summary>
    public required string Text { get; init; }
    /// <summary>What is measured.</summary>
    public required TargetMeasure Measure { get; init; }
    /// <summary>Whom it applies to.</summary>
    public required string Scope { get; init; }
    /// <summary>Unit of <see cref="Min"/> and <see cref="Max"/>.</summary>
    public TargetUnit? Unit { get; init; }
    /// <summary>
    /// How a fall in points per year is judged: every year (<c>fall-each-year</c>) or on average since the baseline
    /// (<c>average-fall-per-year</c>, the plan says "bình quân"). Required for a bound in points per year.
    /// </summary>
    public TargetRule? Rule { get; init; }
    /// <summary>Lower bound.</summary>
    public decimal? Min { get; init; }
    /// <summary>True when the lower bound is strict ("trên").</summary>
    public bool? MinExclusive { get; init; }
    /// <summary>Upper bound.</summary>
    public decimal? Max { get; init; }
    /// <summary>First year.</summary>
    public int? FromYear { get; init; }
    /// <summary>Last year.</summary>
    public int? ToYear { get; init; }
}
