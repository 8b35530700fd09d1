using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using NoOneLeftBehind.Functions.Hosting;

namespace NoOneLeftBehind.Functions.Evaluation;

/// <summary>
/// The HTTP functions of this folder: each runs the endpoint it names (<see cref="EndpointAttribute"/>), declared with its
/// authorization, filters and binding in the folder's <c>Map…</c> (ADR 0009). Route and methods are checked against it at start.
/// </summary>
public sealed class EvaluationFunctions(EndpointTable endpoints)
{
    /// <summary><c>POST /api/evaluate</c>.</summary>
    [Function("Evaluate"), Endpoint("evaluation:evaluate")]
    public Task Evaluate([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/evaluate")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);

    /// <summary><c>GET /api/plans</c>.</summary>
    [Function("Plans"), Endpoint("evaluation:plans")]
    public Task Plans([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/plans")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);

    /// <summary><c>GET /api/plans/{planId}</c>.</summary>
    [Function("Plan"), Endpoint("evaluation:plan")]
    public Task Plan([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/plans/{planId}")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);
}
