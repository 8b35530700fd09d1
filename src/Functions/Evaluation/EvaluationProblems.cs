using NoOneLeftBehind.Functions.Hosting;

namespace NoOneLeftBehind.Functions.Evaluation;

/// <summary>
/// Problems of the evaluation API in the API's vocabulary (<see cref="ApiProblem"/>, docs/api-errors.md): every offending
/// field named in <c>errors</c> (<c>{ field: [vi, en] }</c>, as the public contract always answered) and in <c>problems[]</c>.
/// </summary>
internal static class EvaluationProblems
{
    /// <summary>The code (and last segment of the type) of a 400 of <c>POST /api/evaluate</c>.</summary>
    public const string InvalidRequestCode = "invalid-evaluation-request";

    public const string InvalidRequestType = ApiProblem.TypeBase + InvalidRequestCode;

    public static IResult Invalid(IEnumerable<FieldError> errors, IReadOnlyDictionary<string, object?>? extensions = null) =>
        ApiProblem.Invalid(
            InvalidRequestCode,
            ApiProblem.InvalidRequestTitle,
            errors.Select(e => new ProblemItem(e.Code, e.MessageVi, e.MessageEn) { Field = e.Field }),
            new Bilingual(
                "Yêu cầu có dữ liệu không hợp lệ; xem 'problems' (mỗi mục: trường, mã, tiếng Việt, tiếng Anh).",
                "The request has invalid fields; see 'problems' (each: field, code, Vietnamese, English)."),
            extensions);

    public static IResult UnknownPlan(string? planId, IReadOnlyList<string> known, int status) =>
        ApiProblem.Create(
            status,
            "unknown-plan",
            new Bilingual("Không có kế hoạch", "Unknown plan"),
            new Bilingual(
                $"Không có kế hoạch '{planId}'. Các kế hoạch hiện có: {string.Join(", ", known)}.",
                $"Unknown plan '{planId}'. Known plans: {string.Join(", ", known)}."),
            extensions: new Dictionary<string, object?> { ["knownPlans"] = known });

    public static async ValueTask WriteTooManyRequestsAsync(HttpContext context, TimeSpan? retryAfter)
    {
        if (retryAfter is { } wait)
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await ApiProblem.TooManyRequests().ExecuteAsync(context);
    }
}

/// <summary>One problem with one field of a request.</summary>
/// <param name="Code">Stable code; <c>unknown-plan</c> for <c>planId</c>, <c>invalid-field</c> otherwise.</param>
internal sealed record FieldError(string Field, string MessageVi, string MessageEn, string Code = "invalid-field");
