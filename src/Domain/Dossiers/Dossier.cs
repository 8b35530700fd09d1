using System.Text.Json.Serialization;
using NoOneLeftBehind.Domain.Criteria;
using NoOneLeftBehind.Domain.Plans;
using NoOneLeftBehind.Domain.Units;

namespace NoOneLeftBehind.Domain.Dossiers;

/// <summary>
/// A nomination dossier (hồ sơ đề nghị khen thưởng): who nominates whom, under which plan, stage and
/// award form, with the figures and facts for the criteria, the files of each component, and where
/// it is in the review workflow. Stored as one entity; every change is conditional on its ETag.
/// The workflow's rules are its decisions (<see cref="Edit"/>, <see cref="AddFile"/>, <see cref="ConfirmFile"/>,
/// <see cref="RemoveFile"/>, <see cref="Submit"/>, <see cref="Review"/>, <see cref="RecordEvaluation"/>): each is
/// pure, and returns the next dossier with its audit changes and quota change, or the problems
/// (<see cref="DossierDecision"/>); one writer applies them.
/// </summary>
public sealed partial record Dossier
{
    /// <summary>Id (carries the nominating unit).</summary>
    public required DossierId Id { get; init; }
    /// <summary>Plan id.</summary>
    [JsonConverter(typeof(PlanIdJsonConverter))]
    public required PlanId PlanId { get; init; }
    /// <summary>Stage of the plan.</summary>
    public required DossierStage Stage { get; init; }
    /// <summary>Unit that nominates (đơn vị đề nghị), 2/3/5-digit code.</summary>
    [JsonConverter(typeof(UnitCodeJsonConverter))]
    public required UnitCode NominatingUnitCode { get; init; }
    /// <summary>
    /// The nominating body (ADR 0008): a registered body of <see cref="NominatingUnitCode"/>, or null for the unit's
    /// people's committee. Rows stored before bodies existed have none and read as the committee (no migration).
    /// </summary>
    public string? NominatorBodyId { get; init; }
    /// <summary>The body that nominates: <see cref="NominatorBodyId"/>, or <c>ubnd:{unit}</c> when there is none.</summary>
    [JsonIgnore]
    public string NominatingBodyId => NominatorBodyId ?? Bodies.NominatingBody.PeoplesCommitteePrefix + NominatingUnitCode.Value;
    /// <summary>Who is nominated.</summary>
    public required Nominee Nominee { get; init; }
    /// <summary>Award form requested (id within the plan).</summary>
    public required string AwardFormId { get; init; }
    /// <summary>Year of the nomination (ends the criteria window).</summary>
    public required int NominationYear { get; init; }
    /// <summary>Review figures typed in the dossier (may be empty).</summary>
    public IReadOnlyList<YearFigures> Statistics { get; init; } = [];
    /// <summary>Facts for fact rules.</summary>
    public EvaluationFacts Facts { get; init; }
    /// <summary>Summary of achievements for the consolidated list (tóm tắt thành tích).</summary>
    public string? AchievementsSummary { get; init; }
    /// <summary>Files attached, per component.</summary>
    public IReadOnlyList<DossierFile> Files { get; init; } = [];
    /// <summary>Workflow status.</summary>
    public DossierStatus Status { get; init; } = DossierStatus.Draft;
    /// <summary>0 while never submitted; each submission adds 1.</summary>
    public int Revision { get; init; }
    /// <summary>What the reviewer asked to fix, while returned (and kept as history of the last return).</summary>
    public IReadOnlyList<SupplementItem> Supplement { get; init; } = [];
    /// <summary>Latest evaluation outcome, when evaluated or failed.</summary>
    public EvaluationSummary? Evaluation { get; init; }
    /// <summary>Reviewer who took the dossier, while under review.</summary>
    public string? Reviewer { get; init; }
    /// <summary>Reason of a rejection, note of an approval, reference of the decision.</summary>
    public string? DecisionNote { get; init; }
    /// <summary>Creation time (UTC).</summary>
    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>Who created it.</summary>
    public required string CreatedBy { get; init; }
    /// <summary>Last change (UTC).</summary>
    public required DateTimeOffset UpdatedAt { get; init; }
    /// <summary>Time of the latest submission (UTC).</summary>
    public DateTimeOffset? SubmittedAt { get; init; }
    /// <summary>The short tracking code (<see cref="Dossiers.TrackingCode"/>), given at creation; null for dossiers created before.</summary>
    public string? TrackingCode { get; init; }

    /// <summary>The request the criteria engine evaluates for this dossier.</summary>
    public EvaluationRequest ToEvaluationRequest(IReadOnlyList<YearFigures>? figures = null) => new()
    {
        PlanId = PlanId,
        Subject = new EvaluationSubject(Nominee.Kind, Nominee.TagFlags, Nominee.Name, Nominee.UnitCode),
        NominationYear = NominationYear,
        Statistics = figures ?? Statistics,
        Facts = Facts,
        AwardFormId = string.IsNullOrEmpty(AwardFormId) ? null : AwardFormId,
    };
}

/// <summary>A stage of a plan: its kind and, for a one-off stage, its year.</summary>
/// <param name="Kind">Annual, mid-term, final…</param>
/// <param name="Year">Year of the stage (for annual stages: the year being rewarded).</param>
public sealed record DossierStage(StageKind Kind, int Year);

/// <summary>The nominee (đối tượng được đề nghị).</summary>
public sealed record Nominee
{
    /// <summary>Subject kind.</summary>
    public required SubjectKind Kind { get; init; }
    /// <summary>Name (unit name, household head, person).</summary>
    public required string Name { get; init; }
    /// <summary>Administrative unit code when the nominee is a unit.</summary>
    public string? UnitCode { get; init; }
    /// <summary>Tags (<c>poor-district</c>, <c>region-3</c>…).</summary>
    public IReadOnlyList<SubjectTags> Tags { get; init; } = [];
    /// <summary>Address (households, persons).</summary>
    public string? Address { get; init; }
    /// <summary>Position and workplace (officials, individuals).</summary>
    public string? Position { get; init; }
    /// <summary>
    /// The level an official works at, when the plan splits their quota by level (<see cref="QuotaLevels"/>:
    /// <c>district</c>, <c>commune-village</c>); null otherwise.
    /// </summary>
    public string? Level { get; init; }

    /// <summary>The tags as flags, as the engine takes them.</summary>
    [JsonIgnore]
    public SubjectTags TagFlags => Tags.Aggregate(SubjectTags.None, (a, t) => a | t);
}

/// <summary>State of an attached file.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FileState>))]
public enum FileState
{
    /// <summary>Upload URL issued; not confirmed yet.</summary>
    [JsonStringEnumMemberName("pending")] Pending,
    /// <summary>Checked and kept.</summary>
    [JsonStringEnumMemberName("accepted")] Accepted,
    /// <summary>Refused on confirmation; the blob was deleted.</summary>
    [JsonStringEnumMemberName("rejected")] Rejected,
}

/// <summary>One file of a dossier component.</summary>
public sealed record DossierFile
{
    /// <summary>File id within the dossier (32 hex digits).</summary>
    public required string Id { get; init; }
    /// <summary>Component id (plan's component, or the legal default list).</summary>
    public required string ComponentId { get; init; }
    /// <summary>Generated blob name; never derived from the user's file name.</summary>
    public required string StoredName { get; init; }
    /// <summary>
    /// The name the user's file had (shown, and used for downloads). Control and invisible format
    /// characters are stripped whenever it is set, so a name stored before they were refused at
    /// add-file (<see cref="FileName.Check"/>) is shown cleaned.
    /// </summary>
    public required string OriginalName { get; init => field = FileName.Clean(value); }
    /// <summary>State.</summary>
    public FileState State { get; init; } = FileState.Pending;
    /// <summary>Size in bytes (after confirmation).</summary>
    public long? Size { get; init; }
    /// <summary>Detected type (after confirmation).</summary>
    public FileKind? Kind { get; init; }
    /// <summary>SHA-256, lowercase hex (after confirmation).</summary>
    public string? Sha256 { get; init; }
    /// <summary>Why it was rejected, in Vietnamese and in English.</summary>
    public DossierText? Rejection { get; init; }
    /// <summary>
    /// Why it was rejected, as one "vi / en" text: only on rows stored before <see cref="Rejection"/> existed
    /// (read, never written); shown whole, never split.
    /// </summary>
    public string? RejectionReason { get; init; }
    /// <summary>When the upload URL was first issued (UTC).</summary>
    public required DateTimeOffset AddedAt { get; init; }
}

/// <summary>Something the reviewer asks the unit to fix: a component or a field, with the reason.</summary>
/// <param name="ComponentId">A component id, or null.</param>
/// <param name="Field">A field (<see cref="DossierFields"/>), or null.</param>
/// <param name="Reason">Why.</param>
public sealed record SupplementItem(string? ComponentId, string? Field, string Reason);

/// <summary>The outcome of the latest evaluation, kept on the dossier for lists and the review screen.</summary>
/// <param name="Revision">Revision evaluated.</param>
/// <param name="Verdict">Verdict, when evaluated.</param>
/// <param name="PlanVersion">Plan version used.</param>
/// <param name="At">When (UTC).</param>
/// <param name="FailureReason">Why the evaluation failed, when it did.</param>
public sealed record EvaluationSummary(int Revision, Verdict? Verdict, string? PlanVersion, DateTimeOffset At, string? FailureReason);

/// <summary>The editable fields of a dossier, as named in the API and in supplement requests.</summary>
public static class DossierFields
{
    /// <summary>A field in words for messages ("số liệu rà soát hộ nghèo, cận nghèo" / "poverty review figures").</summary>
    public static (string Vi, string En) Words(string field) => field switch
    {
        Nominee => ("thông tin đối tượng", "nominee"),
        AwardForm => ("hình thức khen thưởng", "award form"),
        NominationYear => ("năm đề nghị", "nomination year"),
        Statistics => ("số liệu rà soát hộ nghèo, cận nghèo", "poverty review figures"),
        Facts => ("thông tin khác theo tiêu chí", "other facts"),
        AchievementsSummary => ("tóm tắt thành tích", "achievements summary"),
        _ => (field, field),
    };

    /// <summary><c>nominee</c>.</summary>
    public const string Nominee = "nominee";
    /// <summary><c>awardFormId</c>.</summary>
    public const string AwardForm = "awardFormId";
    /// <summary><c>nominationYear</c>.</summary>
    public const string NominationYear = "nominationYear";
    /// <summary><c>statistics</c>.</summary>
    public const string Statistics = "statistics";
    /// <summary><c>facts</c>.</summary>
    public const string Facts = "facts";
    /// <summary><c>achievementsSummary</c>.</summary>
    public const string AchievementsSummary = "achievementsSummary";

    /// <summary>All of them.</summary>
    public static IReadOnlyList<string> All { get; } = [Nominee, AwardForm, NominationYear, Statistics, Facts, AchievementsSummary];
}

/// <summary>A text the server wrote for a person, in Vietnamese and in English (serialized <c>{ "vi", "en" }</c>).</summary>
/// <param name="Vi">Vietnamese.</param>
/// <param name="En">English.</param>
public sealed record DossierText(string Vi, string En);
