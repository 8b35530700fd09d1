using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using NoOneLeftBehind.Functions.Hosting;

namespace NoOneLeftBehind.Functions.Dashboards;

/// <summary>
/// The HTTP functions of this folder: each runs the endpoint it names (<see cref="EndpointAttribute"/>), declared with its
/// authorization, filters and binding in the folder's <c>Map…</c> (ADR 0009). Route and methods are checked against it at start.
/// </summary>
public sealed class NominationsDashboardFunctions(EndpointTable endpoints)
{
    /// <summary><c>GET /api/dossier-quota-use</c>.</summary>
    [Function("DossierQuotaUse"), Endpoint("dossiers:quota-use")]
    public Task DossierQuotaUse([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/dossier-quota-use")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);

    /// <summary><c>GET /api/nominations-landing</c>.</summary>
    [Function("NominationsLanding"), Endpoint("dossiers:nominations-landing")]
    public Task NominationsLanding([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/nominations-landing")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);
}
