using System.Diagnostics;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;

namespace NoOneLeftBehind.Functions.Hosting;

/// <summary>A message in Vietnamese and in English, sent as <c>{ "vi": …, "en": … }</c>.</summary>
/// <param name="Vi">Vietnamese.</param>
/// <param name="En">English.</param>
public sealed record Bilingual(string Vi, string En)
{
    /// <summary>The RFC 9457 <c>title</c>/<c>detail</c> string: "vi / en" (kept for older clients; never split it).</summary>
    public override string ToString() => Vi + " / " + En;
}

/// <summary>
/// One entry of a problem's <c>problems[]</c>: a stable <c>code</c>, the message in <c>vi</c> and <c>en</c>, and where
/// it applies when it applies somewhere (<c>field</c>: a JSON path or form field; <c>row</c>/<c>column</c>: a place in
/// an uploaded file). An entry with a <c>field</c> is also listed in <c>errors</c> under that field.
/// </summary>
/// <param name="Code">Stable, kebab-case (<c>quota-exceeded</c>, <c>duplicate-property</c>, <c>invalid-number</c>…).</param>
/// <param name="Vi">The message in Vietnamese.</param>
/// <param name="En">The message in English.</param>
public sealed record ProblemItem(string Code, string Vi, string En)
{
    /// <summary>The field or JSON path it concerns (<c>statistics[2].poor</c>, <c>files.f1</c>, <c>$.subject.kind</c>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Field { get; init; }

    /// <summary>The row of an uploaded file, as the user sees it (the header is row 1).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Row { get; init; }

    /// <summary>The 1-based column of an uploaded file.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Column { get; init; }

    /// <summary>Further members of this entry (e.g. a statistics file's <c>sheet</c> and <c>columnName</c>).</summary>
    [JsonExtensionData]
    public Dictionary<string, object?>? More { get; init; }
}

/// <summary>
/// The one error vocabulary of the API (docs/api-errors.md): every 4xx/5xx answer is
/// <c>application/problem+json</c> with RFC 9457's <c>type</c>, <c>title</c>, <c>status</c>, <c>detail</c>, and
/// <list type="bullet">
/// <item><c>code</c>: stable and kebab-case; <c>type</c> is <c>https://noonelb.example/problems/{code}</c> unless an endpoint keeps an older type;</item>
/// <item><c>localizedTitle</c>, <c>localizedDetail</c>: <c>{ vi, en }</c>: what a client shows, in its language;</item>
/// <item><c>problems[]</c>: <see cref="ProblemItem"/> entries, each with its own <c>code</c>, <c>vi</c>, <c>en</c> and place;</item>
/// <item><c>errors</c>: the entries that name a field, as <c>{ field: [vi, en] }</c> (the shape <c>POST /api/evaluate</c> always had);</item>
/// <item><c>traceId</c>: the request's trace id, as in the server's log.</item>
/// </list>
/// <c>title</c> and <c>detail</c> stay "vi / en" strings for older clients; clients read the localized members.
/// </summary>
public static class ApiProblem
{
    /// <summary>The base of every problem type URI.</summary>
    public const string TypeBase = "https://noonelb.example/problems/";

    /// <summary>A problem answer.</summary>
    /// <param name="status">HTTP status.</param>
    /// <param name="code">Stable code (also the last segment of <c>type</c>).</param>
    /// <param name="title">Short summary.</param>
    /// <param name="detail">What happened and what to do; defaults to the entries' messages.</param>
    /// <param name="problems">The entries (field-level or not).</param>
    /// <param name="extensions">Members of this problem beyond the vocabulary (<c>knownPlans</c>, <c>currentETag</c>…).</param>
    /// <param name="type">An older type URI an endpoint keeps; default <see cref="TypeBase"/> + <paramref name="code"/>.</param>
    public static IResult Create(
        int status, string code, Bilingual title, Bilingual? detail = null, IEnumerable<ProblemItem>? problems = null,
        IReadOnlyDictionary<string, object?>? extensions = null, string? type = null) =>
        new Result(Details(status, code, title, detail, problems, extensions, type));

    /// <summary>400 with field-level entries.</summary>
    public static IResult Invalid(string code, Bilingual title, IEnumerable<ProblemItem> problems, Bilingual? detail = null,
        IReadOnlyDictionary<string, object?>? extensions = null, string? type = null) =>
        Create(StatusCodes.Status400BadRequest, code, title, detail, problems, extensions, type);

    /// <summary>400 for one field.</summary>
    public static IResult InvalidField(string field, string code, string vi, string en) =>
        Invalid("invalid-request", InvalidRequestTitle, [new ProblemItem(code, vi, en) { Field = field }]);

    /// <summary>404: no such resource (or none the caller may see: the same answer, so that ids reveal nothing).</summary>
    public static IResult NotFound(Bilingual what) => Create(StatusCodes.Status404NotFound, "not-found", NotFoundTitle,
        new Bilingual($"Không có {what.Vi}.", $"No such {what.En}."));

    /// <summary>403: signed in, but not allowed to do this.</summary>
    public static IResult Forbidden(Bilingual? detail = null) => Create(StatusCodes.Status403Forbidden, "forbidden", ForbiddenTitle, detail ?? ForbiddenDetail);

    /// <summary>"Yêu cầu không hợp lệ / Invalid request".</summary>
    public static Bilingual InvalidRequestTitle { get; } = new("Yêu cầu không hợp lệ", "Invalid request");

    private static Bilingual NotFoundTitle { get; } = new("Không tìm thấy", "Not found");

    private static Bilingual ForbiddenTitle { get; } = new("Không có quyền", "Forbidden");

    private static Bilingual ForbiddenDetail { get; } = new(
        "Bạn đã đăng nhập nhưng không có quyền (vai trò hoặc phạm vi đơn vị) thực hiện thao tác này.",
        "You are signed in but your role or unit scope does not allow this.");

    /// <summary>
    /// The problem of a status that left the pipeline with no body (the bearer challenge's 401, an authorization 403,
    /// an unknown route's 404, 405, a limiter's 429…): the same vocabulary, with a code for the status.
    /// </summary>
    public static IResult ForStatus(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => Create(status, "unauthenticated", new("Chưa đăng nhập", "Not signed in"),
            new("Cần đăng nhập: gửi mã truy cập hợp lệ (Authorization: Bearer …); mã có thể đã hết hạn.",
                "Sign in: send a valid access token (Authorization: Bearer …); yours may have expired.")),
        StatusCodes.Status403Forbidden => Forbidden(),
        StatusCodes.Status404NotFound => Create(status, "not-found", NotFoundTitle,
            new("Không có tài nguyên hoặc đường dẫn này.", "There is no such resource or route.")),
        StatusCodes.Status405MethodNotAllowed => Create(status, "method-not-allowed", new("Phương thức không được hỗ trợ", "Method not allowed"),
            new("Đường dẫn này không nhận phương thức HTTP đã gửi.", "This route does not take the HTTP method sent.")),
        StatusCodes.Status413PayloadTooLarge => Create(status, "body-too-large", new("Yêu cầu quá lớn", "Request too large"),
            new("Nội dung yêu cầu vượt giới hạn của đường dẫn này.", "The request body exceeds this route's limit.")),
        StatusCodes.Status415UnsupportedMediaType => Create(status, "unsupported-media-type", new("Kiểu nội dung không được hỗ trợ", "Unsupported media type"),
            new("Đường dẫn này không nhận kiểu nội dung (Content-Type) đã gửi.", "This route does not take the Content-Type sent.")),
        StatusCodes.Status429TooManyRequests => TooManyRequests(),
        >= 500 => Create(status, status == StatusCodes.Status500InternalServerError ? "internal-error" : "server-error",
            new("Lỗi máy chủ", "Internal server error"), ServerErrorDetail),
        _ => Create(status, "http-" + status.ToString(System.Globalization.CultureInfo.InvariantCulture), InvalidRequestTitle,
            new("Máy chủ không xử lý được yêu cầu.", "The server could not process the request.")),
    };

    /// <summary>429: the caller's request budget is spent.</summary>
    public static IResult TooManyRequests() => Create(StatusCodes.Status429TooManyRequests, "rate-limited", new("Quá nhiều yêu cầu", "Too many requests"),
        new("Đã vượt giới hạn số yêu cầu; thử lại sau.", "The request limit is exceeded; retry later."));

    /// <summary>What a 5xx says: nothing of the error, only how to follow it up.</summary>
    public static Bilingual ServerErrorDetail { get; } = new(
        "Đã xảy ra lỗi; hãy thử lại hoặc báo cho quản trị viên kèm mã traceId.",
        "Something went wrong; retry, or give the administrator the traceId.");

    /// <summary>Answers every status that leaves the pipeline without a body with <see cref="ForStatus"/>.</summary>
    public static IApplicationBuilder UseProblemStatusPages(this IApplicationBuilder app) =>
        app.UseStatusCodePages(context => ForStatus(context.HttpContext.Response.StatusCode).ExecuteAsync(context.HttpContext));

    private static ProblemDetails Details(
        int status, string code, Bilingual title, Bilingual? detail, IEnumerable<ProblemItem>? problems,
        IReadOnlyDictionary<string, object?>? extensions, string? type)
    {
        ArgumentNullException.ThrowIfNull(title);
        var items = problems?.ToList() ?? [];
        detail ??= items.Count == 0 ? null : new Bilingual(string.Join(" ", items.Select(p => p.Vi)), string.Join(" ", items.Select(p => p.En)));
        var problem = new ProblemDetails
        {
            Type = type ?? TypeBase + code,
            Title = title.ToString(),
            Status = status,
            Detail = detail?.ToString(),
        };
        problem.Extensions["code"] = code;
        problem.Extensions["localizedTitle"] = title;
        if (detail is not null) problem.Extensions["localizedDetail"] = detail;
        var fields = items.Where(p => p.Field is not null).ToList();
        if (fields.Count > 0)
        {
            problem.Extensions["errors"] = fields
                .GroupBy(p => p.Field!, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.SelectMany(p => new[] { p.Vi, p.En }).ToArray(), StringComparer.Ordinal);
        }
        if (items.Count > 0) problem.Extensions["problems"] = items;
        if (extensions is not null)
            foreach (var (key, value) in extensions) problem.Extensions[key] = value;
        return problem;
    }

    /// <summary>The problem, with the request's trace id added when it is written.</summary>
    private sealed class Result(ProblemDetails problem) : IResult, IStatusCodeHttpResult, IValueHttpResult<ProblemDetails>
    {
        public int? StatusCode => problem.Status;

        public ProblemDetails Value => problem;

        public Task ExecuteAsync(HttpContext httpContext)
        {
            ArgumentNullException.ThrowIfNull(httpContext);
            problem.Extensions.TryAdd("traceId", Activity.Current?.Id ?? httpContext.TraceIdentifier);
            return TypedResults.Problem(problem).ExecuteAsync(httpContext);
        }
    }
}
