using NoOneLeftBehind.Infrastructure.Storage;
using NoOneLeftBehind.Domain.Dossiers;
using NoOneLeftBehind.Infrastructure.Dossiers;

namespace NoOneLeftBehind.Functions.Dossiers;

/// <summary>RFC 9457 problem details of the dossier API: a stable <c>code</c>, Vietnamese then English, every field named.</summary>
internal static class DossierProblems
{
    private const string TypeBase = "https://noonelb.example/problems/";

    /// <summary>400: the request's data is invalid (fields named in <c>errors</c>).</summary>
    public static IResult Invalid(IEnumerable<DossierProblem> problems) => Of(StatusCodes.Status400BadRequest, "invalid-dossier",
        "Dữ liệu hồ sơ không hợp lệ / Invalid dossier data", problems);

    /// <summary>422: a rule refuses the operation (missing component, deadline, quota, file content…).</summary>
    public static IResult Refused(IEnumerable<DossierProblem> problems) => Of(StatusCodes.Status422UnprocessableEntity, null,
        "Không thực hiện được theo quy định / Refused by the rules", problems);

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
    public static IResult Stale(StoredDossier? current) => Results.Problem(
        statusCode: StatusCodes.Status409Conflict,
        title: "Hồ sơ đã thay đổi / The dossier has changed",
        detail: current is null
            ? "Hồ sơ đã bị người khác thay đổi; tải lại rồi thực hiện lại. / Someone else changed the dossier; reload it and try again."
            : $"Hồ sơ đã bị thay đổi sau khi bạn mở (trạng thái hiện tại: {Word(current.Dossier.Status)}{(current.Dossier.Reviewer is { } r ? ", người thẩm định: " + r : "")}); không có gì bị ghi đè — tải lại rồi thực hiện lại. / "
              + $"The dossier changed after you opened it (now: {Word(current.Dossier.Status)}{(current.Dossier.Reviewer is { } r2 ? ", reviewer: " + r2 : "")}); nothing was overwritten — reload it and try again.",
        type: TypeBase + "stale-etag",
        extensions: new Dictionary<string, object?>
        {
            ["code"] = "stale-etag",
            ["currentStatus"] = current is null ? null : Word(current.Dossier.Status),
            ["currentETag"] = current?.ETag,
            ["currentReviewer"] = current?.Dossier.Reviewer,
        });

    /// <summary>409: the action is not allowed in the dossier's status.</summary>
    public static IResult InvalidTransition(DossierStatus status, DossierAction action) => Results.Problem(
        statusCode: StatusCodes.Status409Conflict,
        title: "Không thể thực hiện ở trạng thái này / Not allowed in this status",
        detail: $"Không thể '{Word(action)}' khi hồ sơ ở trạng thái '{Word(status)}'. / Cannot '{Word(action)}' a dossier in status '{Word(status)}'.",
        type: TypeBase + "invalid-transition",
        extensions: new Dictionary<string, object?>
        {
            ["code"] = "invalid-transition",
            ["currentStatus"] = Word(status),
            ["allowedActions"] = DossierWorkflow.From(status).Select(a => Word(a.Action)).ToArray(),
        });

    /// <summary>428: If-Match is required.</summary>
    public static IResult IfMatchRequired() => Results.Problem(
        statusCode: StatusCodes.Status428PreconditionRequired,
        title: "Thiếu If-Match / If-Match required",
        detail: "Gửi tiêu đề If-Match với ETag của hồ sơ (từ lần đọc gần nhất). / Send an If-Match header with the dossier's ETag (from your last read).",
        type: TypeBase + "if-match-required",
        extensions: new Dictionary<string, object?> { ["code"] = "if-match-required" });

    /// <summary>404: no such dossier (or file) within the caller's units.</summary>
    public static IResult NotFound(string what) => Results.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "Không tìm thấy / Not found",
        detail: $"Không có {what}. / No such {what}.",
        type: TypeBase + "not-found",
        extensions: new Dictionary<string, object?> { ["code"] = "not-found" });

    /// <summary>400 for an unknown plan, listing the known ones.</summary>
    public static IResult UnknownPlan(string? planId, IReadOnlyList<string> known) => Results.Problem(
        statusCode: StatusCodes.Status400BadRequest,
        title: "Không có kế hoạch / Unknown plan",
        detail: $"Không có kế hoạch '{planId}'. Các kế hoạch hiện có: {string.Join(", ", known)}. / Unknown plan '{planId}'. Known plans: {string.Join(", ", known)}.",
        type: TypeBase + "unknown-plan",
        extensions: new Dictionary<string, object?>
        {
            ["code"] = "unknown-plan",
            ["errors"] = new Dictionary<string, string[]> { ["planId"] = [$"Không có kế hoạch '{planId}'.", $"Unknown plan '{planId}'."] },
            ["knownPlans"] = known,
        });

    public static string Word(DossierStatus status) => Infrastructure.Dossiers.DossierStore.StatusWord(status);

    public static string Word(DossierAction action) => System.Text.Json.JsonSerializer.Serialize(action).Trim('"');

    private static IResult Of(int status, string? code, string title, IEnumerable<DossierProblem> problems)
    {
        var list = problems.ToList();
        var errors = list.GroupBy(p => p.Field, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.SelectMany(p => new[] { p.MessageVi, p.MessageEn }).ToArray(), StringComparer.Ordinal);
        var first = list.FirstOrDefault();
        var c = code ?? first?.Code ?? "refused";
        return Results.Problem(
            statusCode: status,
            title: title,
            detail: string.Join(" ", list.Select(p => p.MessageVi)) + " / " + string.Join(" ", list.Select(p => p.MessageEn)),
            type: TypeBase + c,
            extensions: new Dictionary<string, object?>
            {
                ["code"] = c,
                ["errors"] = errors,
                ["problems"] = list.Select(p => new { code = p.Code, field = p.Field, vi = p.MessageVi, en = p.MessageEn }).ToArray(),
            });
    }
}
