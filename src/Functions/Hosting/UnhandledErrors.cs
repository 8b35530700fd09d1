using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;

namespace NoOneLeftBehind.Functions.Hosting;

/// <summary>
/// What a caller sees when a request fails unexpectedly, in every environment (Development included, where the
/// framework's developer exception page would otherwise print the stack trace and the request's headers, bearer token
/// and all): <c>application/problem+json</c> with status 500, a Vietnamese and English title and the trace id, and
/// nothing of the exception. The exception and its stack trace go to the log, with the same trace id.
/// A request the framework refuses as malformed (<see cref="BadHttpRequestException"/>) keeps its 4xx status.
/// </summary>
internal static partial class UnhandledErrors
{
    public const string ProblemType = ApiProblem.TypeBase + "internal-error";

    /// <summary>Early in the pipeline, so that everything after it is covered.</summary>
    public static IApplicationBuilder UseUnhandledErrors(this IApplicationBuilder app) =>
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = WriteAsync,
            // Logged once, below, with the trace id the caller is given.
            SuppressDiagnosticsCallback = _ => true,
        });

    private static async Task WriteAsync(HttpContext http)
    {
        var error = http.Features.Get<IExceptionHandlerFeature>()?.Error;
        var traceId = Activity.Current?.Id ?? http.TraceIdentifier;
        var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("NoOneLeftBehind.Functions.UnhandledErrors");
        var path = http.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? http.Request.Path.Value ?? "";

        IResult problem;
        if (error is BadHttpRequestException bad)
        {
            LogRefused(logger, error, http.Request.Method, path, bad.StatusCode, traceId);
            problem = bad.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? ApiProblem.ForStatus(bad.StatusCode)
                : ApiProblem.Create(bad.StatusCode, "bad-request", ApiProblem.InvalidRequestTitle,
                    new Bilingual("Máy chủ không đọc được yêu cầu.", "The server could not read the request."));
        }
        else
        {
            LogUnhandled(logger, error, http.Request.Method, path, traceId);
            problem = ApiProblem.ForStatus(StatusCodes.Status500InternalServerError);
        }
        await problem.ExecuteAsync(http);
    }

    [LoggerMessage(EventId = 9001, Level = LogLevel.Error, Message = "Unhandled exception on {Method} {Path}; traceId {TraceId}")]
    private static partial void LogUnhandled(ILogger logger, Exception? exception, string method, string path, string traceId);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Information, Message = "Request refused on {Method} {Path} with {Status}; traceId {TraceId}")]
    private static partial void LogRefused(ILogger logger, Exception? exception, string method, string path, int status, string traceId);
}
