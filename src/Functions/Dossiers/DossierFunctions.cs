using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using NoOneLeftBehind.Functions.Hosting;

namespace NoOneLeftBehind.Functions.Dossiers;

/// <summary>
/// The HTTP functions of this folder: each runs the endpoint it names (<see cref="EndpointAttribute"/>), declared with its
/// authorization, filters and binding in the folder's <c>Map…</c> (ADR 0009). Route and methods are checked against it at start.
/// </summary>
public sealed class DossierFunctions(EndpointTable endpoints)
{
    /// <summary><c>POST /api/dossiers</c>.</summary>
    [Function("DossierCreate"), Endpoint("dossiers:create")]
    public Task DossierCreate([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/dossiers")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);

    /// <summary><c>GET /api/dossiers</c>.</summary>
    [Function("Dossiers"), Endpoint("dossiers:list")]
    public Task Dossiers([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/dossiers")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);

    /// <summary><c>GET /api/dossiers/{id}</c>.</summary>
    [Function("Dossier"), Endpoint("dossiers:get")]
    public Task Dossier([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/dossiers/{id}")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);

    /// <summary><c>PUT /api/dossiers/{id}</c>.</summary>
    [Function("DossierUpdate"), Endpoint("dossiers:update")]
    public Task DossierUpdate([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/dossiers/{id}")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);

    /// <summary><c>POST /api/dossiers/{id}/files</c>.</summary>
    [Function("DossierFiles"), Endpoint("dossiers:add-file")]
    public Task DossierFiles([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/dossiers/{id}/files")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);

    /// <summary><c>DELETE /api/dossiers/{id}/files/{fileId}</c>.</summary>
    [Function("DossierFile"), Endpoint("dossiers:delete-file")]
    public Task DossierFile([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/dossiers/{id}/files/{fileId}")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);

    /// <summary><c>POST /api/dossiers/{id}/files/{fileId}/upload-url</c>.</summary>
    [Function("DossierFileUploadUrl"), Endpoint("dossiers:upload-url")]
    public Task DossierFileUploadUrl([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/dossiers/{id}/files/{fileId}/upload-url")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);

    /// <summary><c>GET /api/dossiers/{id}/files/{fileId}/blocks</c>.</summary>
    [Function("DossierFileBlocks"), Endpoint("dossiers:blocks")]
    public Task DossierFileBlocks([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/dossiers/{id}/files/{fileId}/blocks")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);

    /// <summary><c>POST /api/dossiers/{id}/files/{fileId}/confirm</c>.</summary>
    [Function("DossierFileConfirm"), Endpoint("dossiers:confirm-file")]
    public Task DossierFileConfirm([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/dossiers/{id}/files/{fileId}/confirm")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);

    /// <summary><c>GET /api/dossiers/{id}/files/{fileId}/download</c>.</summary>
    [Function("DossierFileDownload"), Endpoint("dossiers:download")]
    public Task DossierFileDownload([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/dossiers/{id}/files/{fileId}/download")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);

    /// <summary><c>POST /api/dossiers/{id}/submit</c>.</summary>
    [Function("DossierSubmit"), Endpoint("dossiers:submit")]
    public Task DossierSubmit([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/dossiers/{id}/submit")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);

    /// <summary><c>POST /api/dossiers/{id}/review</c>.</summary>
    [Function("DossierReview"), Endpoint("dossiers:review")]
    public Task DossierReview([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/dossiers/{id}/review")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);

    /// <summary><c>GET /api/dossiers/{id}/audit</c>.</summary>
    [Function("DossierAudit"), Endpoint("dossiers:audit")]
    public Task DossierAudit([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/dossiers/{id}/audit")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);

    /// <summary><c>GET /api/dossiers/{id}/quota</c>.</summary>
    [Function("DossierQuota"), Endpoint("dossiers:quota")]
    public Task DossierQuota([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/dossiers/{id}/quota")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);

    /// <summary><c>GET /api/dossiers/{id}/official-figures</c>.</summary>
    [Function("DossierOfficialFigures"), Endpoint("dossiers:official-figures")]
    public Task DossierOfficialFigures([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/dossiers/{id}/official-figures")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);

    /// <summary><c>GET /api/dossiers/{id}/evaluations</c>.</summary>
    [Function("DossierEvaluations"), Endpoint("dossiers:evaluations")]
    public Task DossierEvaluations([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/dossiers/{id}/evaluations")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);

    /// <summary><c>GET /api/units</c>.</summary>
    [Function("UnitPicker"), Endpoint("dossiers:unit-picker")]
    public Task UnitPicker([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/units")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);

    /// <summary><c>GET /api/units/{unitCode}/notifications</c>.</summary>
    [Function("UnitNotifications"), Endpoint("dossiers:notifications")]
    public Task UnitNotifications([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/units/{unitCode}/notifications")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);

    /// <summary><c>GET /api/dossier-exports/approved</c>.</summary>
    [Function("DossierExport"), Endpoint("dossiers:export")]
    public Task DossierExport([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/dossier-exports/approved")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);

    /// <summary><c>GET /api/dossier-route</c>: the route, components and deadline a dossier will have, before it exists.</summary>
    [Function("DossierRoute"), Endpoint("dossiers:route")]
    public Task DossierRoute([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/dossier-route")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);

    /// <summary><c>GET /api/dossier-counts</c>.</summary>
    [Function("DossierCounts"), Endpoint("dossiers:counts")]
    public Task DossierCounts([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/dossier-counts")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);

    /// <summary><c>POST /dev/clock</c>.</summary>
    [Function("DevClockSet"), Endpoint("dev:clock-set")]
    public Task DevClockSet([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "dev/clock")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);

    /// <summary><c>GET /dev/clock</c>.</summary>
    [Function("DevClock"), Endpoint("dev:clock")]
    public Task DevClock([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dev/clock")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);

    /// <summary><c>POST /api/nominee-lists</c>.</summary>
    [Function("NomineeLists"), Endpoint("nominee-lists:open")]
    public Task NomineeLists([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/nominee-lists")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);

    /// <summary><c>GET /api/nominee-lists/{id}</c>.</summary>
    [Function("NomineeList"), Endpoint("nominee-lists:get")]
    public Task NomineeList([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/nominee-lists/{id}")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);

    /// <summary><c>GET /api/nominee-lists/{id}/audit</c>.</summary>
    [Function("NomineeListAudit"), Endpoint("nominee-lists:audit")]
    public Task NomineeListAudit([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/nominee-lists/{id}/audit")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);

    /// <summary><c>POST /api/nominee-lists/{id}/submit</c>.</summary>
    [Function("NomineeListSubmit"), Endpoint("nominee-lists:submit")]
    public Task NomineeListSubmit([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/nominee-lists/{id}/submit")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);

    /// <summary><c>POST /api/nominee-lists/{id}/files</c>.</summary>
    [Function("NomineeListFiles"), Endpoint("nominee-lists:add-file")]
    public Task NomineeListFiles([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/nominee-lists/{id}/files")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);

    /// <summary><c>POST /api/nominee-lists/{id}/files/{fileId}/confirm</c>.</summary>
    [Function("NomineeListFileConfirm"), Endpoint("nominee-lists:confirm-file")]
    public Task NomineeListFileConfirm([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/nominee-lists/{id}/files/{fileId}/confirm")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);

    /// <summary><c>POST /api/nominee-lists/{id}/files/{fileId}/upload-url</c>.</summary>
    [Function("NomineeListFileUploadUrl"), Endpoint("nominee-lists:upload-url")]
    public Task NomineeListFileUploadUrl([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/nominee-lists/{id}/files/{fileId}/upload-url")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);

    /// <summary><c>GET /api/nominee-lists/{id}/files/{fileId}/blocks</c>.</summary>
    [Function("NomineeListFileBlocks"), Endpoint("nominee-lists:blocks")]
    public Task NomineeListFileBlocks([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/nominee-lists/{id}/files/{fileId}/blocks")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);

    /// <summary><c>DELETE /api/nominee-lists/{id}/files/{fileId}</c>.</summary>
    [Function("NomineeListFile"), Endpoint("nominee-lists:delete-file")]
    public Task NomineeListFile([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/nominee-lists/{id}/files/{fileId}")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);

    /// <summary><c>GET /api/nominee-lists/{id}/files/{fileId}/download</c>.</summary>
    [Function("NomineeListFileDownload"), Endpoint("nominee-lists:download")]
    public Task NomineeListFileDownload([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/nominee-lists/{id}/files/{fileId}/download")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);
}
