namespace NoOneLeftBehind.Functions.Evaluation;

/// <summary>RFC 9457 problem details for the evaluation API: every offending field named, messages in Vietnamese then English.</summary>
internal static class EvaluationProblems
{
    public const string InvalidRequestType = "https://noonelb.example/problems/invalid-evaluation-request";

    public static IResult Invalid(IEnumerable<FieldError> errors, IDictionary<string, object?>? extensions = null)
    {
        var byField = errors
            .GroupBy(e => e.Field, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.SelectMany(e => new[] { e.MessageVi, e.MessageEn }).ToArray(), StringComparer.Ordinal);
        return Results.ValidationProblem(
            byField,
            detail: "Yêu cầu có dữ liệu không hợp lệ; xem 'errors' (mỗi trường: thông báo tiếng Việt, rồi tiếng Anh). / "
                + "The request has invalid fields; see 'errors' (per field: Vietnamese message, then English).",
            statusCode: StatusCodes.Status400BadRequest,
            title: "Yêu cầu không hợp lệ / Invalid request",
            type: InvalidRequestType,
            extensions: extensions);
    }

    public static IResult UnknownPlan(string? planId, IReadOnlyList<string> known, int status) =>
        Results.Problem(
            statusCode: status,
            title: "Không có kế hoạch / Unknown plan",
            detail: $"Không có kế hoạch '{planId}'. Các kế hoạch hiện có: {string.Join(", ", known)}. / Unknown plan '{planId}'. Known plans: {string.Join(", ", known)}.",
            type: "https://noonelb.example/problems/unknown-plan",
            extensions: new Dictionary<string, object?> { ["knownPlans"] = known });

    public static async ValueTask WriteTooManyRequestsAsync(HttpContext context, TimeSpan? retryAfter)
    {
        if (retryAfter is { } wait)
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var problem = Results.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "Quá nhiều yêu cầu / Too many requests",
            detail: "Đã vượt giới hạn số yêu cầu cho địa chỉ này; thử lại sau. / The request limit for this address is exceeded; retry later.",
            type: "https://noonelb.example/problems/rate-limited");
        await problem.ExecuteAsync(context);
    }
}

/// <summary>One problem with one field of a request.</summary>
internal sealed record FieldError(string Field, string MessageVi, string MessageEn);
