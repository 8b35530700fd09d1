using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using NoOneLeftBehind.Functions.Hosting;

namespace NoOneLeftBehind.Functions.Bodies;

/// <summary>
/// The HTTP functions of this folder: each runs the endpoint it names (<see cref="EndpointAttribute"/>), declared with its
/// authorization, filters and binding in the folder's <c>Map…</c> (ADR 0009). Route and methods are checked against it at start.
/// </summary>
public sealed class NominatingBodyFunctions(EndpointTable endpoints)
{
    /// <summary><c>GET /api/admin/bodies</c>.</summary>
    [Function("NominatingBodies"), Endpoint("bodies:list")]
    public Task NominatingBodies([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/bodies")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);

    /// <summary><c>POST /api/admin/bodies</c>.</summary>
    [Function("NominatingBodyCreate"), Endpoint("bodies:create")]
    public Task NominatingBodyCreate([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/bodies")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);

    /// <summary><c>GET /api/admin/bodies/{id}</c>.</summary>
    [Function("NominatingBody"), Endpoint("bodies:get")]
    public Task NominatingBody([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/bodies/{id}")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);

    /// <summary><c>PUT /api/admin/bodies/{id}</c>.</summary>
    [Function("NominatingBodyUpdate"), Endpoint("bodies:update")]
    public Task NominatingBodyUpdate([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/admin/bodies/{id}")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);

    /// <summary><c>DELETE /api/admin/bodies/{id}</c>.</summary>
    [Function("NominatingBodyDelete"), Endpoint("bodies:delete")]
    public Task NominatingBodyDelete([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/admin/bodies/{id}")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);

    /// <summary><c>GET /api/admin/bodies/{id}/audit</c>.</summary>
    [Function("NominatingBodyAudit"), Endpoint("bodies:audit")]
    public Task NominatingBodyAudit([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/bodies/{id}/audit")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);
}
