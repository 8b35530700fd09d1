using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace NoOneLeftBehind.FunctionsHost.SampleWorker;

/// <summary>HTTP functions on the ASP.NET Core integration: route parameters, methods, a request body.</summary>
public sealed class HttpFunctions
{
    [Function("Hello")]
    public static IActionResult Hello(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "hello/{name}")] HttpRequest req, string name, FunctionContext context) =>
        new OkObjectResult(new
        {
            greeting = "xin chào " + name,
            name,
            query = req.Query["q"].ToString(),
            host = req.Host.Value,
            remoteAddress = req.HttpContext.Connection.RemoteIpAddress?.ToString(),
            forwardedFor = req.Headers["X-Forwarded-For"].ToString(),
            invocationId = context.InvocationId,
            pid = Environment.ProcessId,
        });

    [Function("Item")]
    public static IActionResult Item(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "items/{id:int}")] HttpRequest req, int id) =>
        new OkObjectResult(new { id, method = req.Method });

    [Function("Echo")]
    public static async Task<IActionResult> Echo(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", "put")] HttpRequest req)
    {
        using var reader = new StreamReader(req.Body);
        var body = await reader.ReadToEndAsync().ConfigureAwait(false);
        return new ContentResult
        {
            Content = body,
            ContentType = req.ContentType ?? "text/plain",
            StatusCode = StatusCodes.Status201Created,
        };
    }

    [Function("Boom")]
    public static IActionResult Boom([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "boom")] HttpRequest req) =>
        throw new InvalidOperationException("The Boom function fails on purpose.");

    [Function("Pid")]
    public static IActionResult Pid([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "pid")] HttpRequest req) =>
        new ContentResult { Content = Environment.ProcessId.ToString(CultureInfo.InvariantCulture), ContentType = "text/plain" };
}
