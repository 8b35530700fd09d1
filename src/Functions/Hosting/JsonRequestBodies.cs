using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace NoOneLeftBehind.Functions.Hosting;

/// <summary>
/// Endpoint metadata: the endpoint reads a JSON body of at most <paramref name="MaxBytes"/> bytes, whatever
/// Content-Type the caller declares. Errors in it are answered with <paramref name="ProblemType"/> when given.
/// </summary>
/// <param name="MaxBytes">Largest body accepted (413 beyond, counted while reading).</param>
/// <param name="ProblemType">The problem type URI of the endpoint's 400 answers, if it has its own.</param>
public sealed record JsonRequestBody(int MaxBytes, string? ProblemType = null);

/// <summary>Limits of JSON request bodies (section <c>Api</c>).</summary>
public sealed class JsonBodyOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Api";

    /// <summary>Largest JSON body of an endpoint that declares no limit of its own.</summary>
    public int MaxJsonBodyBytes { get; set; } = 1024 * 1024;
}

/// <summary>The checked bytes of this request's JSON body (set by the guard).</summary>
internal sealed record CheckedJsonBody(ReadOnlyMemory<byte> Utf8);

/// <summary>
/// Reads every JSON request body once, up front, for every endpoint — the anonymous ones included:
/// at most the endpoint's limit (counted while reading, so a chunked body cannot grow past it), then
/// <see cref="JsonBodyCheck"/> (UTF-8, syntax, unpaired surrogates, a property named twice in any case).
/// A body that fails is answered 400/413 naming the place and the reason, before authorization or any handler.
/// The checked bytes replace the request stream, so binding reads exactly what was checked.
/// </summary>
internal static class JsonBodyGuard
{
    public const string ProblemTypeBase = ApiProblem.TypeBase;

    public static IServiceCollection AddJsonBodyGuard(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<JsonBodyOptions>().Bind(configuration.GetSection(JsonBodyOptions.Section));
        return services;
    }

    public static IApplicationBuilder UseJsonBodyGuard(this IApplicationBuilder app)
    {
        app.Use(GuardAsync);
        return app;
    }

    private static async Task GuardAsync(HttpContext http, RequestDelegate next)
    {
        var request = http.Request;
        var endpoint = http.GetEndpoint();
        var declared = endpoint?.Metadata.GetMetadata<JsonRequestBody>();
        var canHaveBody = http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestBodyDetectionFeature>()?.CanHaveBody
            ?? request.ContentLength > 0;
        if (!canHaveBody || (declared is null && !IsJson(request.ContentType) && !AcceptsJson(endpoint)))
        {
            await next(http);
            return;
        }

        var limit = declared?.MaxBytes ?? http.RequestServices.GetRequiredService<IOptions<JsonBodyOptions>>().Value.MaxJsonBodyBytes;
        // The configured JSON limit decides, not the server's default cut: the cut sits past it, so that the guard sees a
        // body pass its limit and answers with it (limitBytes) before the server would.
        RequestBodyLimits.AtLeast(http, limit + RequestBodyLimits.SlackBytes);
        if (request.ContentLength > limit)
        {
            await TooLarge(limit).ExecuteAsync(http);
            return;
        }
        var body = await ReadAtMostAsync(request.Body, limit, request.ContentLength, http.RequestAborted);
        if (body is null)
        {
            await TooLarge(limit).ExecuteAsync(http);
            return;
        }
        if (body.Length > 0 && JsonBodyCheck.Check(body) is { } error)
        {
            await Invalid(error, declared?.ProblemType).ExecuteAsync(http);
            return;
        }
        request.Body = new MemoryStream(body, writable: false);
        request.ContentLength = body.Length;
        http.Features.Set(new CheckedJsonBody(body));
        await next(http);
    }

    /// <summary>The body, or null as soon as it passes <paramref name="limit"/> bytes.</summary>
    private static async Task<byte[]?> ReadAtMostAsync(Stream source, int limit, long? declared, CancellationToken ct)
    {
        using var buffer = new MemoryStream(declared is { } length ? (int)Math.Min(length, limit) : 4096);
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await source.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static bool IsJson(string? contentType) =>
        contentType is not null
        && Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media)
        && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || media.MediaType.Value?.EndsWith("+json", StringComparison.OrdinalIgnoreCase) == true);

    private static bool AcceptsJson(Endpoint? endpoint) =>
        endpoint?.Metadata.GetMetadata<IAcceptsMetadata>() is { } accepts
        && accepts.ContentTypes.Any(t => t.Contains("json", StringComparison.OrdinalIgnoreCase));

    internal static IResult Invalid(JsonBodyError error, string? problemType) => ApiProblem.Invalid(
        error.Code,
        ApiProblem.InvalidRequestTitle,
        [new ProblemItem(error.Code, error.MessageVi, error.MessageEn) { Field = error.Field }],
        type: problemType ?? ProblemTypeBase + "invalid-json-body");

    private static IResult TooLarge(int limit) => ApiProblem.Create(
        StatusCodes.Status413PayloadTooLarge,
        "body-too-large",
        new Bilingual("Yêu cầu quá lớn", "Request too large"),
        new Bilingual($"Nội dung tối đa {limit} byte.", $"The body may hold at most {limit} bytes."),
        extensions: new Dictionary<string, object?> { ["limitBytes"] = limit });
}

/// <summary>
/// A handler parameter bound from the JSON body, deserialized once per request and shared with
/// <see cref="Identity.UnitFrom.Body{T}"/>: the unit-scope check and the handler read the same instance
/// (one parse, one model). A body that does not deserialize to <typeparamref name="T"/> is answered 400
/// naming the JSON path, before the handler runs.
/// </summary>
/// <typeparam name="T">The request record.</typeparam>
public sealed class JsonBody<T> : IEndpointMetadataProvider where T : class
{
    private JsonBody(T? value, IResult? problem)
    {
        ValueOrNull = value;
        Problem = problem;
    }

    /// <summary>The body (the handler only runs when there is one).</summary>
    public T Value => ValueOrNull ?? throw new InvalidOperationException("The JSON body filter lets no request without a body through.");

    internal T? ValueOrNull { get; }

    internal IResult? Problem { get; }

    /// <summary>Minimal API binding: the request's shared model.</summary>
#pragma warning disable CA1000 // minimal API finds BindAsync and PopulateMetadata as static members of the parameter type
    public static ValueTask<JsonBody<T>?> BindAsync(HttpContext context)
    {
        var (value, problem) = RequestJson.Read<T>(context);
        return ValueTask.FromResult<JsonBody<T>?>(new JsonBody<T>(value, problem));
    }

    /// <summary>Declares the JSON body and adds the filter that answers a body that did not bind.</summary>
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new JsonBodyAccepts(typeof(T)));
        builder.FilterFactories.Add((_, next) => async invocation =>
        {
            foreach (var argument in invocation.Arguments)
                if (argument is JsonBody<T> { Problem: { } problem }) return problem;
            return await next(invocation);
        });
    }
#pragma warning restore CA1000

    private sealed class JsonBodyAccepts(Type type) : IAcceptsMetadata
    {
        public IReadOnlyList<string> ContentTypes { get; } = ["application/json"];

        public Type? RequestType { get; } = type;

        public bool IsOptional => false;
    }
}

/// <summary>The per-request cache behind <see cref="JsonBody{T}"/>.</summary>
internal static class RequestJson
{
    public static (T? Value, IResult? Problem) Read<T>(HttpContext context) where T : class
    {
        var key = typeof(Parsed<T>);
        if (context.Items.TryGetValue(key, out var cached) && cached is Parsed<T> hit) return (hit.Value, hit.Problem);

        // Only what the guard checked is bound; a request it did not read has no JSON body.
        var utf8 = context.Features.Get<CheckedJsonBody>()?.Utf8 ?? ReadOnlyMemory<byte>.Empty;

        Parsed<T> parsed;
        if (utf8.IsEmpty)
        {
            parsed = new(null, JsonBodyGuard.Invalid(new JsonBodyError("missing-body", "body",
                "Thiếu nội dung yêu cầu (JSON, Content-Type: application/json).", "The request body (JSON, Content-Type: application/json) is missing."), null));
        }
        else
        {
            var options = context.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
            try
            {
                var value = JsonSerializer.Deserialize<T>(utf8.Span, options);
                parsed = value is null
                    ? new(null, JsonBodyGuard.Invalid(new JsonBodyError("missing-body", "body", "Nội dung yêu cầu phải là một đối tượng JSON.", "The body must be a JSON object."), null))
                    : new(value, null);
            }
            catch (JsonException ex)
            {
                var path = string.IsNullOrEmpty(ex.Path) ? "body" : ex.Path;
                parsed = new(null, JsonBodyGuard.Invalid(new JsonBodyError("wrong-type", path,
                    $"Giá trị tại {path} không đúng kiểu dữ liệu.", $"The value at {path} has the wrong type."), null));
            }
        }
        context.Items[key] = parsed;
        return (parsed.Value, parsed.Problem);
    }

    private sealed record Parsed<T>(T? Value, IResult? Problem);
}
