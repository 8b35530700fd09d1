using System.Text.Json.Serialization;
using NoOneLeftBehind.Domain.Plans;

namespace NoOneLeftBehind.Domain.Criteria;

/// <summary>Outcome of one criterion. Three values from the figures, plus <see cref="NeedsReview"/> for judgement.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CriterionStatus>))]
public enum CriterionStatus
{
    /// <summary>Met.</summary>
    [JsonStringEnumMemberName("met")] Met,
    /// <summary>A reviewer must decide (judgement not attested).</summary>
    [JsonStringEnumMemberName("needs-review")] NeedsReview,
    /// <summary>The figures or facts needed are missing.</summary>
    [JsonStringEnumMemberName("insufficient-data")] InsufficientData,
    /// <summary>Not met.</summary>
    [JsonStringEnumMemberName("not-met")] NotMet,
}

/// <summary>Overall outcome of a nomination.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Verdict>))]
public enum Verdict
{
    /// <summary>Everything met, judgements attested.</summary>
    [JsonStringEnumMemberName("eligible")] Eligible,
    /// <summary>Every numeric requirement met; some judgement is not attested.</summary>
    [JsonStringEnumMemberName("needs-review")] NeedsReview,
    /// <summary>No requirement fails but one lacks data.</summary>
    [JsonStringEnumMemberName("incomplete")] Incomplete,
    /// <summary>Some requirement (after its alternatives) is not met.</summary>
    [JsonStringEnumMemberName("not-eligible")] NotEligible,
}

/// <summary>Evaluation of a nomination against a plan.</summary>
/// <param name="PlanId">Plan id.</param>
/// <param name="PlanVersion">Version of the plan's encoding the result was computed with.</param>
/// <param name="Verdict">Overall verdict.</param>
/// <param name="Category">Id of the plan's subject category that applied (e.g. <c>poor-district</c>), if the plan has categories and one matched.</param>
/// <param name="Criteria">Result per criterion, in plan order.</param>
public sealed record EvaluationResult(
    string PlanId, string PlanVersion, Verdict Verdict, string? Category, IReadOnlyList<CriterionResult> Criteria)
{
    /// <summary>
    /// What the plan gives no rule for, when the subject is not fully covered (a kind the plan does not name, or tags
    /// that match none of its categories, e.g. a thị trấn outside khu vực I–III in Chư Pưh). Empty otherwise; such a
    /// subject is evaluated with the criteria that apply, and its verdict is at best needs-review.
    /// </summary>
    public IReadOnlyList<CriteriaGap> Gaps { get; init; } = [];
}

/// <summary>Criteria the plan lacks for the subject, in Vietnamese and English.</summary>
/// <param name="Clause">Clause of the plan that sets criteria only for other groups; null when the plan does not name the subject kind.</param>
/// <param name="Vi">Vietnamese text.</param>
/// <param name="En">English text.</param>
public sealed record CriteriaGap(string? Clause, string Vi, string En);

/// <summary>Evaluation of one criterion.</summary>
/// <param name="Id">Criterion id.</param>
/// <param name="Clause">Clause of the plan.</param>
/// <param name="Text">Vietnamese text of the plan.</param>
/// <param name="Kind">Numeric or judgement.</param>
/// <param name="Status">Status.</param>
/// <param name="Explanation">Vietnamese explanation with the numbers.</param>
/// <param name="Values">The values used (rates in %, falls in points, counts, thresholds), by name.</param>
public sealed record CriterionResult(
    string Id, string Clause, string Text, CriterionKind Kind, CriterionStatus Status,
    string Explanation, IReadOnlyDictionary<string, decimal> Values)
{
    /// <summary>
    /// Where the criterion is really defined, when the plan defers to another document (Chư Pưh's State awards:
    /// khoản 2 Mục III of the plan issued with Quyết định 666/QĐ-TTg); null otherwise.
    /// </summary>
    public CriterionReference? Reference { get; init; }
}

/// <summary>The document and clause a criterion defers to.</summary>
/// <param name="Document">The referenced document.</param>
/// <param name="Clause">Its clause, e.g. <c>khoản 2 Mục III</c>.</param>
public sealed record CriterionReference(string Document, string Clause);

/// <summary>A problem with one field of an evaluation request, in Vietnamese and English.</summary>
/// <param name="Field">Path of the field in the public contract, e.g. <c>statistics[2].poor</c>.</param>
/// <param name="MessageVi">Vietnamese message.</param>
/// <param name="MessageEn">English message.</param>
public sealed record InputError(string Field, string MessageVi, string MessageEn);

/// <summary>Thrown when a request that fails validation is evaluated (call <see cref="CriteriaEngine.Validate"/> first).</summary>
public sealed class InvalidEvaluationRequestException : Exception
{
    /// <summary>Creates the exception.</summary>
    public InvalidEvaluationRequestException(IReadOnlyList<InputError> errors)
        : base("Invalid evaluation request: " + string.Join("; ", (errors ?? []).Select(e => $"{e.Field}: {e.MessageEn}"))) =>
        Errors = errors ?? [];

    /// <summary>Creates the exception.</summary>
    public InvalidEvaluationRequestException() : this([]) { }

    /// <summary>Creates the exception.</summary>
    public InvalidEvaluationRequestException(string message) : base(message) => Errors = [];

    /// <summary>Creates the exception.</summary>
    public InvalidEvaluationRequestException(string message, Exception innerException) : base(message, innerException) => Errors = [];

    /// <summary>The problems.</summary>
    public IReadOnlyList<InputError> Errors { get; }
}
