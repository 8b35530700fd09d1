using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker.Grpc.Messages;
using Yarp.ReverseProxy.Forwarder;

namespace NoOneLeftBehind.FunctionsHost;

/// <summary>
/// The public HTTP endpoint, as the Functions host runs an HTTP function on the ASP.NET Core integration: find the
/// function by route and method (else 404/405), send the worker an <c>InvocationRequest</c> whose trigger input is
/// an empty <c>RpcHttp</c> (route values as trigger metadata), and forward the real request to the worker's
/// <c>HttpUri</c> with <c>x-ms-invocation-id</c>, streaming the worker's response back. No worker: 503 + Retry-After.
/// </summary>
internal sealed partial class HttpFrontDoor(
    WorkerSupervisor supervisor,
    HostJson hostJson,
    QueueOutputs outputs,
    AppSettings settings,
    IInlineConstraintResolver constraints,
    IHttpForwarder forwarder,
    ILogger<HttpFrontDoor> logger) : IDisposable
{
    /// <summary>The header that pairs the forwarded request with its invocation.</summary>
    public const string InvocationIdHeader = "x-ms-invocation-id";

    private static readonly TimeSpan OutcomeWait = TimeSpan.FromSeconds(30);

    private readonly HttpMessageInvoker _client = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        ActivityHeadersPropagator = DistributedContextPropagator.CreateNoOutputPropagator(),
        ConnectTimeout = TimeSpan.FromSeconds(15),
    });

    private Routes? _routes;

    public async Task HandleAsync(HttpContext context)
    {
        var channel = supervisor.Current;
        if (channel is null)
        {
            await Problems.UnavailableAsync(context, supervisor.RetryAfter).ConfigureAwait(false);
            return;
        }
        var match = RoutesOf(channel).Match(context);
        if (match.Function is null)
        {
            await (match.AllowedMethods.Count > 0 ? Problems.MethodNotAllowedAsync(context, match.AllowedMethods) : Problems.NotFoundAsync(context)).ConfigureAwait(false);
            return;
        }
        if (channel.HttpUri is null)
        {
            LogNoHttpUri(logger, match.Function.Name);
            await Problems.BadGatewayAsync(context).ConfigureAwait(false);
            return;
        }

        var invocationId = Guid.NewGuid().ToString();
        var request = new InvocationRequest
        {
            InvocationId = invocationId,
            FunctionId = match.Function.Id,
            InputData = { new ParameterBinding { Name = match.Function.Trigger.Name, Data = new TypedData { Http = new RpcHttp() } } },
            TraceContext = new RpcTraceContext { TraceParent = Activity.Current?.Id ?? "" },
        };
        foreach (var (name, value) in match.Values)
            request.TriggerMetadata[name] = new TypedData { String = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "" };
        request.TriggerMetadata["Query"] = new TypedData { Json = JsonSerializer.Serialize(context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString())) };
        request.TriggerMetadata["Headers"] = new TypedData { Json = JsonSerializer.Serialize(context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString())) };

        var invocation = channel.InvokeAsync(request, context.RequestAborted);
        var error = await forwarder.SendAsync(context, channel.HttpUri.ToString(), _client, ForwarderRequestConfig.Empty, new InvocationTransformer(invocationId, invocation)).ConfigureAwait(false);
        if (error != ForwarderError.None && !context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            context.Response.Clear();
            // Refused or reset by the worker's endpoint: the worker is dying or restarting, so the caller should retry.
            var workerGone = error is ForwarderError.Request || invocation.IsFaulted || !ReferenceEquals(supervisor.Current, channel);
            await (workerGone ? Problems.UnavailableAsync(context, supervisor.RetryAfter) : Problems.BadGatewayAsync(context)).ConfigureAwait(false);
        }
        await ObserveOutcomeAsync(match.Function, invocationId, invocation).ConfigureAwait(false);
    }

    public void Dispose() => _client.Dispose();

    private async Task ObserveOutcomeAsync(IndexedFunction function, string invocationId, Task<InvocationResponse> invocation)
    {
        try
        {
            var response = await invocation.WaitAsync(OutcomeWait).ConfigureAwait(false);
            if (!response.Succeeded()) LogFailed(logger, function.Name, invocationId, response.Reason());
            else await outputs.WriteAsync(function, response, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WorkerUnavailableException or TimeoutException or OperationCanceledException or Azure.RequestFailedException)
        {
            LogNoOutcome(logger, function.Name, invocationId, ex.Message);
        }
    }

    private HttpRoutes RoutesOf(WorkerChannel channel)
    {
        var routes = _routes;
        if (routes is not null && ReferenceEquals(routes.Channel, channel)) return routes.Table;
        var table = new HttpRoutes(channel.Functions, hostJson.RoutePrefix, constraints, settings);
        _routes = new Routes(channel, table);
        return table;
    }

    private sealed record Routes(WorkerChannel Channel, HttpRoutes Table);

    private sealed class InvocationTransformer(string invocationId, Task<InvocationResponse> invocation) : HttpTransformer
    {
        /// <summary>
        /// A function that throws leaves the worker's response empty with 200; the Functions host answers 500 then.
        /// Only an empty response waits for the outcome (the function is done writing); a body streams on at once.
        /// </summary>
        public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
        {
            var proxy = await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken).ConfigureAwait(false);
            if (proxyResponse is not { StatusCode: HttpStatusCode.OK, Content.Headers.ContentLength: 0 }) return proxy;
            InvocationResponse outcome;
            try
            {
                outcome = await invocation.WaitAsync(OutcomeWait, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is WorkerUnavailableException or TimeoutException or OperationCanceledException)
            {
                return proxy;
            }
            if (outcome.Succeeded()) return proxy;
            httpContext.Response.Headers.Clear();
            await Problems.InternalErrorAsync(httpContext).ConfigureAwait(false);
            return false;
        }

        public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
        {
            await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken).ConfigureAwait(false);
            proxyRequest.Headers.Remove(InvocationIdHeader);
            proxyRequest.Headers.TryAddWithoutValidation(InvocationIdHeader, invocationId);
            // The worker sees the request as the client sent it (absolute URLs it builds point at the host, not at
            // its own port), and learns the client's address as from any proxy: appended to X-Forwarded-For.
            proxyRequest.Headers.Host = httpContext.Request.Host.Value;
            if (httpContext.Connection.RemoteIpAddress is { } client)
            {
                var forwarded = httpContext.Request.Headers["X-Forwarded-For"].ToString();
                proxyRequest.Headers.Remove("X-Forwarded-For");
                proxyRequest.Headers.TryAddWithoutValidation("X-Forwarded-For", forwarded.Length > 0 ? $"{forwarded}, {client}" : client.ToString());
            }
            proxyRequest.Headers.Remove("X-Forwarded-Proto");
            proxyRequest.Headers.TryAddWithoutValidation("X-Forwarded-Proto", httpContext.Request.Scheme);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "HTTP function {Function} cannot run: the worker reported no HttpUri (is ConfigureFunctionsWebApplication() called?)")]
    private static partial void LogNoHttpUri(ILogger logger, string function);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Function} invocation {InvocationId} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string function, string invocationId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Function} invocation {InvocationId}: no outcome from the worker, or its outputs could not be sent ({Reason})")]
    private static partial void LogNoOutcome(ILogger logger, string function, string invocationId, string reason);
}
