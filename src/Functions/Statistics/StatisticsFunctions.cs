using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using NoOneLeftBehind.Functions.Hosting;

namespace NoOneLeftBehind.Functions.Statistics;

/// <summary>
/// The HTTP functions of this folder: each runs the endpoint it names (<see cref="EndpointAttribute"/>), declared with its
/// authorization, filters and binding in the folder's <c>Map…</c> (ADR 0009). Route and methods are checked against it at start.
/// </summary>
public sealed class StatisticsFunctions(EndpointTable endpoints)
{
    /// <summary><c>GET /api/statistics/units/{unitCode}</c>.</summary>
    [Function("StatisticsUnit"), Endpoint("statistics:unit")]
    public Task StatisticsUnit([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/statistics/units/{unitCode}")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);

    /// <summary><c>GET /api/statistics/units/{unitCode}/ranking</c>.</summary>
    [Function("StatisticsRanking"), Endpoint("statistics:ranking")]
    public Task StatisticsRanking([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/statistics/units/{unitCode}/ranking")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);

    /// <summary><c>GET /api/statistics/units/{unitCode}/targets</c>.</summary>
    [Function("StatisticsTargets"), Endpoint("statistics:targets")]
    public Task StatisticsTargets([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/statistics/units/{unitCode}/targets")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);

    /// <summary><c>GET /api/statistics/national</c>.</summary>
    [Function("StatisticsNational"), Endpoint("statistics:national")]
    public Task StatisticsNational([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/statistics/national")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);

    /// <summary><c>POST /api/statistics/imports</c>.</summary>
    [Function("StatisticsImports"), Endpoint("statistics:import")]
    public Task StatisticsImports([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/statistics/imports")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);

    /// <summary><c>GET /api/statistics/imports/{importId}</c>.</summary>
    [Function("StatisticsImportStatus"), Endpoint("statistics:import-status")]
    public Task StatisticsImportStatus([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/statistics/imports/{importId}")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);

    /// <summary><c>GET /api/statistics/template</c>.</summary>
    [Function("StatisticsTemplate"), Endpoint("statistics:template")]
    public Task StatisticsTemplate([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/statistics/template")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);

    /// <summary><c>GET /api/statistics/template/{format}</c>.</summary>
    [Function("StatisticsTemplateFormat"), Endpoint("statistics:template-format")]
    public Task StatisticsTemplateFormat([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/statistics/template/{format}")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);

    /// <summary><c>GET /api/statistics/versions</c>.</summary>
    [Function("StatisticsVersions"), Endpoint("statistics:versions")]
    public Task StatisticsVersions([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/statistics/versions")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);
}
