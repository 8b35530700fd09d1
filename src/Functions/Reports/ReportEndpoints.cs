using NoOneLeftBehind.Domain.Dossiers;
using NoOneLeftBehind.Domain.Identity;
using NoOneLeftBehind.Domain.Plans;
using NoOneLeftBehind.Domain.Reports;
using NoOneLeftBehind.Domain.Units;
using NoOneLeftBehind.Functions.Identity;
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
        return app;
    }
}
