using NoOneLeftBehind.Infrastructure.Storage;
using NoOneLeftBehind.Domain.Dossiers;
using NoOneLeftBehind.Infrastructure.Dossiers;
using NoOneLeftBehind.Functions.Hosting;

namespace NoOneLeftBehind.Functions.Dossiers;

/// <summary>
/// Problems of the dossier API in the API's vocabulary (<see cref="ApiProblem"/>, docs/api-errors.md): a stable
/// <c>code</c>, <c>localizedTitle</c>/<c>localizedDetail</c> and <c>problems[]</c> with <c>{ vi, en }</c>, every field named.
/// </summary>
internal static class DossierProblems
{
    /// <summary>400: the request's data is invalid (fields named in <c>errors</c> and <c>problems</c>).</summary>
    public static IResult Invalid(IEnumerable<DossierProblem> problems) =>
        ApiProblem.Invalid("invalid-dossier", new("Dữ liệu hồ sơ không hợp lệ", "Invalid dossier data"), Items(problems));

    /// <summary>422: a rule refuses the operation (missing component, deadline, quota, file content…); the code is the first rule's.</summary>
    public static IResult Refused(IEnumerable<DossierProblem> problems)
    {
        var items = Items(problems);
        return ApiProblem.Create(StatusCodes.Status422UnprocessableEntity, items.FirstOrDefault()?.Code ?? "refused",
            new("Không thực hiện được theo quy định", "Refused by the rules"), problems: items);
    }

    /// <summary>
    /// 422: the change would make the dossier (or its audit entry) larger than a Table-storage entity holds; nothing
    /// was written. The message of <paramref name="limit"/> says which limit.
    /// </summary>
    public static IResult TooLargeToStore(TableLimitExceededException limit)
    {
        ArgumentNullException.ThrowIfNull(limit);
        return Refused([new("too-large-to-store", "dossier",
            "Hồ sơ (hoặc mục nhật ký của thay đổi này) vượt quá dung lượng lưu trữ cho phép của một hồ sơ; không có gì được ghi. Hãy rút gọn nội dung (lý do, ghi chú, tệp bị từ chối). Chi tiết: " + limit.Message,
            "The dossier (or this change's audit entry) would exceed what storage holds for one dossier; nothing was written. Shorten its content (reasons, notes, rejected files). Details: " + limit.Message)]);
    }

    /// <summary>409: the dossier changed since the caller read it.</summary>
    public static IResult Stale(StoredDossier? current) => ApiProblem.Create(
        StatusCodes.Status409Conflict,
        "stale-etag",
        new("Hồ sơ đã thay đổi", "The dossier has changed"),
        current is null
            ? new("Hồ sơ đã bị người khác thay đổi; tải lại rồi thực hiện lại.", "Someone else changed the dossier; reload it and try again.")
            : new($"Hồ sơ đã bị thay đổi sau khi bạn mở (trạng thái hiện tại: {Word(current.Dossier.Status)}{(current.Dossier.Reviewer is { } r ? ", người thẩm định: " + r : "")}); không có gì bị ghi đè — tải lại rồi thực hiện lại.",
                $"The dossier changed after you opened it (now: {Word(current.Dossier.Status)}{(current.Dossier.Reviewer is { } r2 ? ", reviewer: " + r2 : "")}); nothing was overwritten — reload it and try again."),
        extensions: new Dictionary<string, object?>
        {
            ["currentStatus"] = current is null ? null : Word(current.Dossier.Status),
            ["currentETag"] = current?.ETag,
            ["currentReviewer"] = current?.Dossier.Reviewer,
        });

    /// <summary>409: the action is not allowed in the dossier's status.</summary>
    public static IResult InvalidTransition(DossierStatus status, DossierAction action) => ApiProblem.Create(
        StatusCodes.Status409Conflict,
        "invalid-transition",
        new("Không thể thực hiện ở trạng thái này", "Not allowed in this status"),
        new($"Không thể '{Word(action)}' khi hồ sơ ở trạng thái '{Word(status)}'.", $"Cannot '{Word(action)}' a dossier in status '{Word(status)}'."),
        extensions: new Dictionary<string, object?>
        {
            ["currentStatus"] = Word(status),
            ["allowedActions"] = DossierWorkflow.From(status).Select(a => Word(a.Action)).ToArray(),
        });

    /// <summary>428: If-Match is required.</summary>
    public static IResult IfMatchRequired() => ApiProblem.Create(
        StatusCodes.Status428PreconditionRequired,
        "if-match-required",
        new("Thiếu If-Match", "If-Match required"),
        new("Gửi tiêu đề If-Match với ETag của hồ sơ (từ lần đọc gần nhất).", "Send an If-Match header with the dossier's ETag (from your last read)."));

    /// <summary>404: no such dossier within the caller's units.</summary>
    public static IResult DossierNotFound() => ApiProblem.NotFound(new("hồ sơ này", "dossier"));

    /// <summary>404: no such file in the dossier.</summary>
    public static IResult FileNotFound() => ApiProblem.NotFound(new("tệp này", "file"));

    /// <summary>400 for an unknown plan, listing the known ones.</summary>
    public static IResult UnknownPlan(string? planId, IReadOnlyList<string> known) => ApiProblem.Invalid(
        "unknown-plan",
        new("Không có kế hoạch", "Unknown plan"),
        [new ProblemItem("unknown-plan", $"Không có kế hoạch '{planId}'. Các kế hoạch hiện có: {string.Join(", ", known)}.",
            $"Unknown plan '{planId}'. Known plans: {string.Join(", ", known)}.") { Field = "planId" }],
        extensions: new Dictionary<string, object?> { ["knownPlans"] = known });

    public static string Word(DossierStatus status) => Infrastructure.Dossiers.DossierStore.StatusWord(status);

    public static string Word(DossierAction action) => System.Text.Json.JsonSerializer.Serialize(action).Trim('"');

    private static List<ProblemItem> Items(IEnumerable<DossierProblem> problems) =>
        [.. problems.Select(p => new ProblemItem(p.Code, p.MessageVi, p.MessageEn) { Field = p.Field })];
}
