using NoOneLeftBehind.Domain.Dossiers;
using NoOneLeftBehind.Domain.Identity;
using NoOneLeftBehind.Domain.Plans;
using NoOneLeftBehind.Domain.Reports;
using NoOneLeftBehind.Domain.Units;
using NoOneLeftBehind.Functions.Dossiers;
using NoOneLeftBehind.Functions.Hosting;
using NoOneLeftBehind.Functions.Identity;
using NoOneLeftBehind.Infrastructure.Messaging;
using NoOneLeftBehind.Infrastructure.Reports;

namespace NoOneLeftBehind.Functions.Reports;

/// <summary>
/// Review reports (báo cáo sơ kết / tổng kết, issue 18): the DOCX draft of a unit's or a nominating body's report under
/// /api/reports. See docs/reports.md.
/// </summary>
internal static class ReportEndpoints
{
    public static IServiceCollection AddReports(this IServiceCollection services)
    {
        services.AddSingleton(sp => ReportCatalogue.LoadEmbedded(sp.GetRequiredService<PlanCatalogue>()));
        services.AddSingleton<IReportFigureSource, StoredReportFigures>();
        services.AddSingleton<IReportNominationSource>(sp => new StoredReportNominations(
            sp.GetRequiredService<Infrastructure.Dossiers.DossierStore>(), sp.GetRequiredService<Domain.Bodies.INominatingBodyStore>(), UnitRegistry.Embedded));
        services.AddSingleton(sp => new ReviewReportBuilder(sp.GetRequiredService<PlanCatalogue>(), sp.GetRequiredService<ReportCatalogue>(),
            sp.GetRequiredService<DossierRuleBook>(), UnitRegistry.Embedded, sp.GetRequiredService<IReportFigureSource>(), sp.GetRequiredService<IReportNominationSource>()));
        services.AddSingleton<ReportDrafts>();
        services.AddSingleton(sp => new ReportReporters(sp.GetRequiredService<PlanCatalogue>(), sp.GetRequiredService<ReportCatalogue>(), UnitRegistry.Embedded));
        services.AddSingleton<ReportSubmissionStore>();
        services.AddSingleton<ReportSubmissionWriter>();
        services.AddSingleton(new OutboxTable(ReportSubmissionStore.TableName)); // report events sit beside the submissions
        services.AddScoped<ReportSubmissions>();
        services.AddTriggerFunction<ReportDeadlineRemindersFunction>(ReportDeadlineRemindersFunction.FunctionName);
        services.AddHostedService<DemoReportSeeder>(); // only with the demo dossiers (Dossiers:SeedDemoData)
        return services;
    }

    public static IEndpointRouteBuilder MapReports(this IEndpointRouteBuilder app)
    {
        // The unit's submitters, its reviewers and leaders read the draft of the unit's report (or of a body within it).
        app.MapGet("/api/reports/draft", (string? planId, string? stageKind, int? stageYear, string? unitCode, string? bodyId, ReportDrafts s, CancellationToken ct) =>
                s.DraftAsync(planId, stageKind, stageYear, unitCode, bodyId, ct))
            .RequireRoles(AppRole.Submitter, AppRole.Reviewer, AppRole.Leader)
            .RequireUnitScope(UnitAccess.Read, UnitFrom.Query("unitCode"))
            .WithName("reports:draft");

        // Submission of the signed report (docs/reports.md, "Nộp báo cáo"): the unit's submitters send, its reviewers and leaders read.
        AppRole[] readers = [AppRole.Submitter, AppRole.Reviewer, AppRole.Leader];
        app.MapGet("/api/reports/obligations", (string? unitCode, ICurrentUser user, ReportSubmissions s, CancellationToken ct) => s.ObligationsAsync(unitCode, user, ct))
            .RequireRoles(readers)
            .WithName("reports:obligations");
        app.MapGet("/api/reports/submission", (string? planId, string? stageKind, int? stageYear, string? unitCode, string? bodyId, ReportSubmissions s, CancellationToken ct) =>
                s.GetAsync(planId, stageKind, stageYear, unitCode, bodyId, ct))
            .RequireRoles(readers)
            .RequireUnitScope(UnitAccess.Read, UnitFrom.Query("unitCode"))
            .WithName("reports:submission");
        app.MapPost("/api/reports/submission/files", (JsonBody<ReportFileInput> body, HttpContext http, ICurrentUser user, ReportSubmissions s, CancellationToken ct) =>
                s.AddFileAsync(body.Value, user, Caller.From(http, user), ct))
            .RequireRoles(AppRole.Submitter)
            .RequireUnitScope(UnitAccess.Act, UnitFrom.Body<ReportFileInput>(b => b.UnitCode))
            .WithName("reports:add-file");
        app.MapPost("/api/reports/submissions/{id}/files/{fileId}/confirm", (string id, string fileId, HttpContext http, ICurrentUser user, ReportSubmissions s, CancellationToken ct) =>
                s.ConfirmAsync(Id(id), fileId, user, Caller.From(http, user), ct))
            .RequireRoles(AppRole.Submitter)
            .RequireUnitScope(UnitAccess.Act, UnitOfId)
            .WithName("reports:confirm-file");
        // Resuming an interrupted upload (as a dossier's): a fresh link for a pending upload, and the blocks staged so far.
        app.MapPost("/api/reports/submissions/{id}/files/{fileId}/upload-url", (string id, string fileId, ICurrentUser user, ReportSubmissions s, CancellationToken ct) =>
                s.UploadUrlAsync(Id(id), fileId, user, ct))
            .RequireRoles(AppRole.Submitter)
            .RequireUnitScope(UnitAccess.Act, UnitOfId)
            .WithName("reports:upload-url");
        app.MapGet("/api/reports/submissions/{id}/files/{fileId}/blocks", (string id, string fileId, ICurrentUser user, ReportSubmissions s, CancellationToken ct) =>
                s.BlocksAsync(Id(id), fileId, user, ct))
            .RequireRoles(AppRole.Submitter)
            .RequireUnitScope(UnitAccess.Act, UnitOfId)
            .WithName("reports:blocks");
        app.MapGet("/api/reports/submissions/{id}/download", (string id, string? fileId, ReportSubmissions s, CancellationToken ct) => s.DownloadAsync(Id(id), fileId, ct))
            .RequireRoles(readers)
            .RequireUnitScope(UnitAccess.Read, UnitOfId)
            .WithName("reports:download");
        app.MapGet("/api/reports/status", (string? planId, string? stageKind, int? stageYear, string? unitCode, ReportSubmissions s, CancellationToken ct) =>
                s.StatusAsync(planId, stageKind, stageYear, unitCode, ct))
            .RequireRoles(AppRole.Reviewer, AppRole.Leader)
            .RequireUnitScope(UnitAccess.Read, UnitFrom.Query("unitCode"))
            .WithName("reports:status");
        return app;
    }

    /// <summary>The unit of the submission id in the route; a malformed id cannot be resolved (403, so ids reveal nothing).</summary>
    private static readonly UnitResolver UnitOfId = context => ValueTask.FromResult(
        context.Request.RouteValues.TryGetValue("id", out var value) && value is string text && ReportSubmissionId.TryParse(text, out var id)
            ? UnitTarget.Of(id.UnitCode)
            : UnitTarget.Unresolved);

    // The resolver already refused malformed ids (403), so parsing here cannot fail.
    private static ReportSubmissionId Id(string id) => ReportSubmissionId.TryParse(id, out var parsed) ? parsed : throw new BadHttpRequestException("Malformed report submission id.");
}
