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

    /// <summary><c>GET /api/reports/obligations</c>: the reports the caller's unit or body must send.</summary>
    [Function("ReportObligations"), Endpoint("reports:obligations")]
    public Task ReportObligations([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/reports/obligations")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);

    /// <summary><c>GET /api/reports/submission</c>: one report's submission.</summary>
    [Function("ReportSubmission"), Endpoint("reports:submission")]
    public Task ReportSubmission([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/reports/submission")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);

    /// <summary><c>POST /api/reports/submission/files</c>: a pending upload of the signed PDF.</summary>
    [Function("ReportAddFile"), Endpoint("reports:add-file")]
    public Task ReportAddFile([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/reports/submission/files")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);

    /// <summary><c>POST /api/reports/submissions/{id}/files/{fileId}/confirm</c>: pins, inspects and records the upload.</summary>
    [Function("ReportConfirmFile"), Endpoint("reports:confirm-file")]
    public Task ReportConfirmFile([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/reports/submissions/{id}/files/{fileId}/confirm")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);

    /// <summary><c>POST /api/reports/submissions/{id}/files/{fileId}/upload-url</c>: a fresh upload link for a pending upload.</summary>
    [Function("ReportFileUploadUrl"), Endpoint("reports:upload-url")]
    public Task ReportFileUploadUrl([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/reports/submissions/{id}/files/{fileId}/upload-url")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);

    /// <summary><c>GET /api/reports/submissions/{id}/files/{fileId}/blocks</c>: the blocks staged for a pending upload.</summary>
    [Function("ReportFileBlocks"), Endpoint("reports:blocks")]
    public Task ReportFileBlocks([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/reports/submissions/{id}/files/{fileId}/blocks")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);

    /// <summary><c>GET /api/reports/submissions/{id}/download</c>: a short read link to a version.</summary>
    [Function("ReportDownload"), Endpoint("reports:download")]
    public Task ReportDownload([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/reports/submissions/{id}/download")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);

    /// <summary><c>GET /api/reports/status</c>: who must report to a unit and who has.</summary>
    [Function("ReportStatus"), Endpoint("reports:status")]
    public Task ReportStatus([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/reports/status")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);
}
