using System.Text.Json.Serialization;

namespace NoOneLeftBehind.Domain.Dossiers;

/// <summary>Where a dossier is in its life; the JSON names are the API's words.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DossierStatus>))]
public enum DossierStatus
{
    /// <summary>Being prepared by the nominating unit (bản nháp).</summary>
    [JsonStringEnumMemberName("draft")] Draft,
    /// <summary>Submitted; waiting for the machine evaluation (đã nộp).</summary>
    [JsonStringEnumMemberName("submitted")] Submitted,
    /// <summary>The criteria engine has evaluated this revision (đã chấm tự động).</summary>
    [JsonStringEnumMemberName("evaluated")] Evaluated,
    /// <summary>The evaluation failed every attempt; the reason is recorded (lỗi chấm tự động).</summary>
    [JsonStringEnumMemberName("evaluation-failed")] EvaluationFailed,
    /// <summary>A reviewer has taken the dossier (đang thẩm định).</summary>
    [JsonStringEnumMemberName("under-review")] UnderReview,
    /// <summary>Returned to the unit for supplement, naming what to fix (trả lại để bổ sung).</summary>
    [JsonStringEnumMemberName("returned")] Returned,
    /// <summary>Approved by the reviewer (đạt).</summary>
    [JsonStringEnumMemberName("approved")] Approved,
    /// <summary>Rejected by the reviewer (không đạt).</summary>
    [JsonStringEnumMemberName("rejected")] Rejected,
    /// <summary>Forwarded to the deciding level with the tờ trình (đã trình).</summary>
    [JsonStringEnumMemberName("forwarded")] Forwarded,
    /// <summary>Decided by the competent level (đã có quyết định).</summary>
    [JsonStringEnumMemberName("decided")] Decided,
}

/// <summary>What someone (or the system) does to a dossier.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DossierAction>))]
public enum DossierAction
{
    /// <summary>Create a draft.</summary>
    [JsonStringEnumMemberName("create")] Create,
    /// <summary>Change the draft's data or files.</summary>
    [JsonStringEnumMemberName("edit")] Edit,
    /// <summary>Submit (or resubmit after a return): a new revision.</summary>
    [JsonStringEnumMemberName("submit")] Submit,
    /// <summary>The queue-triggered evaluation stored its result.</summary>
    [JsonStringEnumMemberName("evaluate")] Evaluate,
    /// <summary>The evaluation failed on its last attempt.</summary>
    [JsonStringEnumMemberName("fail-evaluation")] FailEvaluation,
    /// <summary>A reviewer asks for the evaluation to run again (after a failure).</summary>
    [JsonStringEnumMemberName("retry-evaluation")] RetryEvaluation,
    /// <summary>A reviewer takes the dossier.</summary>
    [JsonStringEnumMemberName("start-review")] StartReview,
    /// <summary>A reviewer returns it for supplement.</summary>
    [JsonStringEnumMemberName("return")] Return,
    /// <summary>A reviewer approves it.</summary>
    [JsonStringEnumMemberName("approve")] Approve,
    /// <summary>A reviewer rejects it.</summary>
    [JsonStringEnumMemberName("reject")] Reject,
    /// <summary>A reviewer forwards it to the deciding level (trình).</summary>
    [JsonStringEnumMemberName("forward")] Forward,
    /// <summary>A reviewer records the decision of the deciding level.</summary>
    [JsonStringEnumMemberName("decide")] Decide,
}

/// <summary>Who performs an action.</summary>
public enum DossierActor
{
    /// <summary>A submitter of the nominating unit.</summary>
    Submitter,
    /// <summary>A reviewer whose scope covers the nominating unit.</summary>
    Reviewer,
    /// <summary>The application itself (queue-triggered evaluation).</summary>
    System,
}

/// <summary>The review workflow: which action moves which status, and who may do it.</summary>
public static class DossierWorkflow
{
    private static readonly Dictionary<(DossierStatus, DossierAction), (DossierStatus To, DossierActor By)> Transitions = new()
    {
        [(DossierStatus.Draft, DossierAction.Edit)] = (DossierStatus.Draft, DossierActor.Submitter),
        [(DossierStatus.Returned, DossierAction.Edit)] = (DossierStatus.Returned, DossierActor.Submitter),
        [(DossierStatus.Draft, DossierAction.Submit)] = (DossierStatus.Submitted, DossierActor.Submitter),
        [(DossierStatus.Returned, DossierAction.Submit)] = (DossierStatus.Submitted, DossierActor.Submitter),
        [(DossierStatus.Submitted, DossierAction.Evaluate)] = (DossierStatus.Evaluated, DossierActor.System),
        [(DossierStatus.Submitted, DossierAction.FailEvaluation)] = (DossierStatus.EvaluationFailed, DossierActor.System),
        [(DossierStatus.EvaluationFailed, DossierAction.RetryEvaluation)] = (DossierStatus.Submitted, DossierActor.Reviewer),
        [(DossierStatus.Evaluated, DossierAction.StartReview)] = (DossierStatus.UnderReview, DossierActor.Reviewer),
        [(DossierStatus.UnderReview, DossierAction.Return)] = (DossierStatus.Returned, DossierActor.Reviewer),
        [(DossierStatus.UnderReview, DossierAction.Approve)] = (DossierStatus.Approved, DossierActor.Reviewer),
        [(DossierStatus.UnderReview, DossierAction.Reject)] = (DossierStatus.Rejected, DossierActor.Reviewer),
        [(DossierStatus.Approved, DossierAction.Forward)] = (DossierStatus.Forwarded, DossierActor.Reviewer),
        [(DossierStatus.Forwarded, DossierAction.Decide)] = (DossierStatus.Decided, DossierActor.Reviewer),
    };

    /// <summary>The status after <paramref name="action"/> from <paramref name="from"/>, or null when the action is not allowed there.</summary>
    public static DossierStatus? Next(DossierStatus from, DossierAction action) =>
        Transitions.TryGetValue((from, action), out var t) ? t.To : null;

    /// <summary>Who may perform <paramref name="action"/> from <paramref name="from"/>, or null when not allowed.</summary>
    public static DossierActor? PerformedBy(DossierStatus from, DossierAction action) =>
        Transitions.TryGetValue((from, action), out var t) ? t.By : null;

    /// <summary>The actions allowed from <paramref name="status"/>, with who performs them.</summary>
    public static IReadOnlyList<(DossierAction Action, DossierActor By, DossierStatus To)> From(DossierStatus status) =>
        [.. Transitions.Where(t => t.Key.Item1 == status).Select(t => (t.Key.Item2, t.Value.By, t.Value.To))];

    /// <summary>True while the nominating unit can change data and files.</summary>
    public static bool IsEditable(DossierStatus status) => status is DossierStatus.Draft or DossierStatus.Returned;

    /// <summary>True for statuses that hold a quota slot of the nominating unit.</summary>
    public static bool HoldsQuota(DossierStatus status) =>
        status is not (DossierStatus.Draft or DossierStatus.Rejected);

    /// <summary>True for statuses that put the nominee on the consolidated list (danh sách).</summary>
    public static bool IsOnConsolidatedList(DossierStatus status) =>
        status is DossierStatus.Approved or DossierStatus.Forwarded or DossierStatus.Decided;
}

/// <summary>Statuses in words for messages (issue 17: never the API's word).</summary>
public static class DossierWords
{
    /// <summary>The status as a clerk reads it ("đã duyệt (đạt)" / "approved").</summary>
    public static (string Vi, string En) Status(DossierStatus status) => status switch
    {
        DossierStatus.Draft => ("bản nháp", "draft"),
        DossierStatus.Submitted => ("đã nộp, chờ chấm tự động", "submitted, awaiting evaluation"),
        DossierStatus.Evaluated => ("đã chấm tự động", "evaluated"),
        DossierStatus.EvaluationFailed => ("lỗi chấm tự động", "evaluation failed"),
        DossierStatus.UnderReview => ("đang thẩm định", "under review"),
        DossierStatus.Returned => ("trả lại để bổ sung", "returned for supplement"),
        DossierStatus.Approved => ("đạt", "approved"),
        DossierStatus.Rejected => ("không đạt", "rejected"),
        DossierStatus.Forwarded => ("đã trình", "forwarded"),
        DossierStatus.Decided => ("đã có quyết định", "decided"),
        _ => (status.ToString(), status.ToString()),
    };
}
