using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using NoOneLeftBehind.Functions.Hosting;

namespace NoOneLeftBehind.Functions.Identity;

/// <summary>
/// The HTTP functions of this folder: each runs the endpoint it names (<see cref="EndpointAttribute"/>), declared with its
/// authorization, filters and binding in the folder's <c>Map…</c> (ADR 0009). Route and methods are checked against it at start.
/// </summary>
public sealed class IdentityFunctions(EndpointTable endpoints)
{
    /// <summary><c>GET /api/me</c>.</summary>
    [Function("Me"), Endpoint("identity:me")]
    public Task Me([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/me")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);

    /// <summary><c>GET /api/auth-config</c>.</summary>
    [Function("AuthConfig"), Endpoint("identity:auth-config")]
    public Task AuthConfig([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/auth-config")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);

    /// <summary><c>GET /api/admin/unit-scopes</c>.</summary>
    [Function("UnitScopes"), Endpoint("unit-scopes:list")]
    public Task UnitScopes([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/unit-scopes")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);

    /// <summary><c>GET /api/admin/unit-scopes/{tenantId:guid}/{objectId:guid}</c>.</summary>
    [Function("UnitScope"), Endpoint("unit-scopes:get")]
    public Task UnitScope([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/unit-scopes/{tenantId:guid}/{objectId:guid}")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);

    /// <summary><c>PUT /api/admin/unit-scopes/{tenantId:guid}/{objectId:guid}</c>.</summary>
    [Function("UnitScopeAssign"), Endpoint("unit-scopes:assign")]
    public Task UnitScopeAssign([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/admin/unit-scopes/{tenantId:guid}/{objectId:guid}")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);

    /// <summary><c>DELETE /api/admin/unit-scopes/{tenantId:guid}/{objectId:guid}</c>.</summary>
    [Function("UnitScopeRevoke"), Endpoint("unit-scopes:revoke")]
    public Task UnitScopeRevoke([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/admin/unit-scopes/{tenantId:guid}/{objectId:guid}")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);

    /// <summary><c>GET /api/admin/unit-scopes/{tenantId:guid}/{objectId:guid}/audit</c>.</summary>
    [Function("UnitScopeAudit"), Endpoint("unit-scopes:audit")]
    public Task UnitScopeAudit([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/unit-scopes/{tenantId:guid}/{objectId:guid}/audit")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);
}
