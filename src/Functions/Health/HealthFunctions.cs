using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using NoOneLeftBehind.Functions.Hosting;

namespace NoOneLeftBehind.Functions.Health;

/// <summary>
/// The HTTP functions of this folder: each runs the endpoint it names (<see cref="EndpointAttribute"/>), declared with its
/// authorization, filters and binding in the folder's <c>Map…</c> (ADR 0009). Route and methods are checked against it at start.
/// </summary>
public sealed class HealthFunctions(EndpointTable endpoints)
{
    /// <summary><c>GET /api/health</c>.</summary>
    [Function("Health"), Endpoint("Health")]
    public Task Health([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/health")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);
}
