using System.Diagnostics;
using System.Text.Json;

namespace NoOneLeftBehind.FunctionsHost;

/// <summary>
/// The host's own answers (404, 405, 503, 502) in the API's error vocabulary (docs/api-errors.md): RFC 9457
/// <c>application/problem+json</c> with <c>code</c>, "vi / en" <c>title</c>/<c>detail</c> and their localized members.
/// </summary>
internal static class Problems
{
    private const string TypeBase = "https://noonelb.example/problems/";

    // Vietnamese stays readable in the body (as the app's own problems).
    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Task NotFoundAsync(HttpContext context) => WriteAsync(context, StatusCodes.Status404NotFound, "not-found",
        ("Không tìm thấy", "Not found"),
        ("Không có chức năng nào ở địa chỉ này.", $"No function answers {context.Request.Path}."));

    public static Task MethodNotAllowedAsync(HttpContext context, IReadOnlyList<string> allowed)
    {
        context.Response.Headers.Allow = string.Join(", ", allowed);
        return WriteAsync(context, StatusCodes.Status405MethodNotAllowed, "method-not-allowed",
            ("Phương thức không được hỗ trợ", "Method not allowed"),
            ($"Địa chỉ này không nhận phương thức {context.Request.Method}; hãy dùng {string.Join(", ", allowed)}.",
             $"{context.Request.Path} does not take {context.Request.Method}; use {string.Join(", ", allowed)}."));
    }

    public static Task UnavailableAsync(HttpContext context, TimeSpan retryAfter)
    {
        context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "worker-unavailable",
            ("Dịch vụ tạm thời không sẵn sàng", "Service temporarily unavailable"),
            ("Tiến trình xử lý đang khởi động lại; hãy thử lại sau ít giây.", "The worker process is restarting; retry after the Retry-After delay."));
    }

    public static Task InternalErrorAsync(HttpContext context) => WriteAsync(context, StatusCodes.Status500InternalServerError, "internal-error",
        ("Lỗi máy chủ", "Server error"),
        ("Đã có lỗi ngoài dự kiến; mã theo dõi ghi trong nhật ký.", "An unexpected error occurred; the trace id is in the log."));

    public static Task ForbiddenAsync(HttpContext context) => WriteAsync(context, StatusCodes.Status403Forbidden, "forbidden",
        ("Không có quyền", "Forbidden"),
        ("Chỉ gọi được từ chính máy này.", "Only a caller on this machine may use the admin API."));

    public static Task BadGatewayAsync(HttpContext context) => WriteAsync(context, StatusCodes.Status502BadGateway, "worker-failed",
        ("Lỗi khi chuyển yêu cầu", "Bad gateway"),
        ("Tiến trình xử lý không trả lời yêu cầu này.", "The worker did not answer this request."));

    private static Task WriteAsync(HttpContext context, int status, string code, (string Vi, string En) title, (string Vi, string En) detail)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/problem+json";
        var body = new Dictionary<string, object?>
        {
            ["type"] = TypeBase + code,
            ["title"] = $"{title.Vi} / {title.En}",
            ["status"] = status,
            ["detail"] = $"{detail.Vi} / {detail.En}",
            ["code"] = code,
            ["localizedTitle"] = new { vi = title.Vi, en = title.En },
            ["localizedDetail"] = new { vi = detail.Vi, en = detail.En },
            ["traceId"] = Activity.Current?.Id ?? context.TraceIdentifier,
        };
        return JsonSerializer.SerializeAsync(context.Response.Body, body, Json, context.RequestAborted);
    }
}
