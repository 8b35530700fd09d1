using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using NoOneLeftBehind.Functions.Hosting;

namespace NoOneLeftBehind.Functions.Identity.Dev;

/// <summary>
/// The HTTP functions of this folder: each runs the endpoint it names (<see cref="EndpointAttribute"/>), declared with its
/// authorization, filters and binding in the folder's <c>Map…</c> (ADR 0009). Route and methods are checked against it at start.
/// </summary>
public sealed class DevIssuerFunctions(EndpointTable endpoints)
{
    /// <summary><c>GET /dev-issuer/.well-known/openid-configuration</c>.</summary>
    [Function("DevIssuerConfiguration"), Endpoint("dev:openid-configuration")]
    public Task DevIssuerConfiguration([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dev-issuer/.well-known/openid-configuration")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);

    /// <summary><c>GET /dev-issuer/discovery/keys</c>.</summary>
    [Function("DevIssuerKeys"), Endpoint("dev:keys")]
    public Task DevIssuerKeys([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dev-issuer/discovery/keys")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);

    /// <summary><c>GET /dev/sign-in</c>.</summary>
    [Function("DevSignInPage"), Endpoint("dev:sign-in-page")]
    public Task DevSignInPage([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dev/sign-in")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);

    /// <summary><c>POST /dev/sign-in</c>.</summary>
    [Function("DevSignIn"), Endpoint("dev:sign-in")]
    public Task DevSignIn([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "dev/sign-in")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);

    /// <summary><c>POST /dev/token</c>.</summary>
    [Function("DevToken"), Endpoint("dev:token")]
    public Task DevToken([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "dev/token")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);
}
