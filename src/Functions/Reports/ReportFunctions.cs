using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using NoOneLeftBehind.Functions.Hosting;

namespace NoOneLeftBehind.Functions.Reports;

/// <summary>
/// The HTTP functions of this folder: each runs the endpoint it names (<see cref="EndpointAttribute"/>), declared with its
/// authorization, filters and binding in <see cref="ReportEndpoints.MapReports"/> (ADR 0009).
/// </summary>
public sealed class ReportFunctions(EndpointTable endpoints)
{
    /// <summary><c>GET /api/reports/draft</c>: the DOCX draft of a review report.</summary>
    [Function("ReportDraft"), Endpoint("reports:draft")]
    public Task ReportDraft([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/reports/draft")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);
}
