using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker.Grpc.Messages;

namespace NoOneLeftBehind.FunctionsHost;

/// <summary>
/// The host's admin API for running a function that is not HTTP-triggered: <c>POST /admin/functions/{name}</c> with
/// <c>{"input": "…"}</c> (the queue message; ignored for a timer), as the Functions host and Core Tools offer it. Here it
/// answers only callers on this machine (no master key), runs the invocation at once — a timer gets a
/// <c>TimerInfo</c> as a tick would, a queue function the input as a first delivery — and answers when it finished:
/// 202 when it succeeded, 500 problem+json when it failed. (The Functions host answers 202 before running it.)
/// </summary>
internal sealed partial class AdminFunctions(WorkerSupervisor supervisor, TimeProvider time, ILogger<AdminFunctions> logger)
{
    public async Task HandleAsync(HttpContext context)
    {
        var remote = context.Connection.RemoteIpAddress;
        if (remote is null || !IPAddress.IsLoopback(remote))
        {
            await Problems.ForbiddenAsync(context).ConfigureAwait(false);
            return;
        }
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            await Problems.MethodNotAllowedAsync(context, [HttpMethods.Post]).ConfigureAwait(false);
            return;
        }
        var channel = supervisor.Current;
        if (channel is null)
        {
            await Problems.UnavailableAsync(context, supervisor.RetryAfter).ConfigureAwait(false);
            return;
        }
        var name = context.Request.Path.Value?.Trim('/') ?? "";
        var function = channel.Functions.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase)
            && (IsType(f, "timerTrigger") || IsType(f, "queueTrigger")));
        if (function is null)
        {
            await Problems.NotFoundAsync(context).ConfigureAwait(false);
            return;
        }
        string input = "";
        if (context.Request.ContentLength is not 0)
        {
            try
            {
                using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
                if (body.RootElement.ValueKind == JsonValueKind.Object && body.RootElement.TryGetProperty("input", out var value))
                    input = value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : value.GetRawText();
            }
            catch (JsonException)
            {
                // no usable body: an empty input, as for a timer
            }
        }

        var now = time.GetUtcNow();
        InvocationResponse response;
        try
        {
            response = await supervisor.InvokeAsync(function.Name, request =>
        {
            if (IsType(function, "timerTrigger"))
            {
                var info = new { Schedule = new { AdjustForDST = true }, ScheduleStatus = new { Last = DateTimeOffset.MinValue, Next = now, LastUpdated = now }, IsPastDue = false };
                request.InputData.Add(new ParameterBinding { Name = function.Trigger.Name, Data = new TypedData { Json = JsonSerializer.Serialize(info) } });
                return;
            }
            request.InputData.Add(new ParameterBinding { Name = function.Trigger.Name, Data = new TypedData { String = input } });
            request.TriggerMetadata["QueueTrigger"] = new TypedData { String = input };
            request.TriggerMetadata["DequeueCount"] = new TypedData { Json = "1" };
            request.TriggerMetadata["Id"] = new TypedData { String = Guid.NewGuid().ToString() };
            request.TriggerMetadata["InsertionTime"] = new TypedData { Json = JsonSerializer.Serialize(now.ToString("O", CultureInfo.InvariantCulture)) };
        }, context.RequestAborted).ConfigureAwait(false);
        }
        catch (WorkerUnavailableException)
        {
            await Problems.UnavailableAsync(context, supervisor.RetryAfter).ConfigureAwait(false);
            return;
        }
        if (response.Succeeded())
        {
            context.Response.StatusCode = StatusCodes.Status202Accepted;
            return;
        }
        LogFailed(logger, function.Name, response.Reason());
        await Problems.InternalErrorAsync(context).ConfigureAwait(false);
    }

    private static bool IsType(IndexedFunction function, string type) => string.Equals(function.Trigger.Type, type, StringComparison.OrdinalIgnoreCase);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Admin invocation of {Function} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string function, string reason);
}
