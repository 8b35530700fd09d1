using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using NoOneLeftBehind.Functions.Hosting;

namespace NoOneLeftBehind.Functions.Embedding;

/// <summary>
/// The HTTP functions of this folder: each runs the endpoint it names (<see cref="EndpointAttribute"/>), declared with its
/// authorization, filters and binding in the folder's <c>Map…</c> (ADR 0009). Route and methods are checked against it at start.
/// </summary>
public sealed class EmbeddingFunctions(EndpointTable endpoints)
{
    /// <summary><c>POST /api/embed-tokens</c>.</summary>
    [Function("EmbedTokens"), Endpoint("embedding:mint")]
    public Task EmbedTokens([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/embed-tokens")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);

    /// <summary><c>GET /api/embed-tokens/options</c>.</summary>
    [Function("EmbedTokenOptions"), Endpoint("embedding:options")]
    public Task EmbedTokenOptions([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/embed-tokens/options")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);

    /// <summary><c>GET /api/embed/session</c>.</summary>
    [Function("EmbedSession"), Endpoint("embedding:session")]
    public Task EmbedSession([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/embed/session")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);
}
