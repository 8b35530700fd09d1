using Microsoft.Extensions.Options;
using NoOneLeftBehind.Domain.Identity;
using NoOneLeftBehind.Domain.Statistics;
using NoOneLeftBehind.Domain.Units;
using NoOneLeftBehind.Functions.Hosting;
using NoOneLeftBehind.Functions.Identity;
using NoOneLeftBehind.Infrastructure.Archives;
using NoOneLeftBehind.Infrastructure.Messaging;
using NoOneLeftBehind.Infrastructure.Statistics;
using NoOneLeftBehind.Infrastructure.Statistics.Import;
using NoOneLeftBehind.Infrastructure.Statistics.Storage;

namespace NoOneLeftBehind.Functions.Statistics;

/// <summary>
/// Poverty statistics: storage of review-result imports (ADR 0004), the background import function,
/// the dashboard read models and the API over them (docs/statistics.md, "Storage and API").
/// </summary>
public static class StatisticsEndpoints
{
    /// <summary>Registers storage, the import function, the read models, <see cref="IReviewFigures"/> and the Development demo-data seeder.</summary>
    public static IServiceCollection AddStatistics(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<StatisticsStorageOptions>().BindConfiguration(StatisticsStorageOptions.SectionName);
        services.AddOptions<StatisticsApiOptions>().BindConfiguration(StatisticsApiOptions.SectionName);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<StatisticsStorageOptions>>().Value);
        services.AddSingleton(_ => new UnitGeography(UnitRegistry.Embedded));
        services.AddSingleton(sp => new ReviewFileImporter(UnitRegistry.Embedded, sp.GetRequiredService<IOptions<StatisticsApiOptions>>().Value.XlsxLimits.ToLimits()));
        services.AddSingleton<StatisticsStore>();
        // The statistics head's partition holds the version-published events (docs/events.md).
        services.AddSingleton(sp => new OutboxTable(sp.GetRequiredService<StatisticsStorageOptions>().StatisticsTable));
        services.AddSingleton<ImportJobStore>();
        services.AddSingleton<DashboardProjector>();
        services.AddSingleton<ProjectionReader>();
        services.AddSingleton<IReviewFigures>(sp => sp.GetRequiredService<ProjectionReader>());
        services.AddSingleton<ReviewImportProcessor>();
        services.AddTriggerFunction<ImportReviewResultsFunction>(ImportReviewResultsFunction.FunctionName);
        // A development switch: refused at start anywhere but Development (Hosting/DevelopmentOnly.cs).
        if (configuration.GetValue<bool>(StatisticsApiOptions.SectionName + ":" + nameof(StatisticsApiOptions.SeedDemoData)))
            services.AddHostedService<DemoDataSeeder>();
        services.AddHostedService<ProjectionLayoutUpgrade>();
        return services;
    }

    /// <summary>Maps the statistics API under <c>/api/statistics</c>.</summary>
    public static IEndpointRouteBuilder MapStatistics(this IEndpointRouteBuilder app)
    {
        AppRole[] readers = [AppRole.Leader, AppRole.Reviewer, AppRole.Submitter, AppRole.Admin];
        var maxUpload = app.ServiceProvider.GetRequiredService<IOptions<StatisticsApiOptions>>().Value.MaxUploadBytes;
        app.MapGet("/api/statistics/units/{unitCode}", StatisticsApi.UnitAsync)
            .RequireRoles(readers).RequireUnitScope(UnitAccess.Read, UnitFrom.Route("unitCode")).WithName("statistics:unit");
        app.MapGet("/api/statistics/units/{unitCode}/ranking", StatisticsApi.RankingAsync)
            .RequireRoles(readers).RequireUnitScope(UnitAccess.Read, UnitFrom.Route("unitCode")).WithName("statistics:ranking");
        app.MapGet("/api/statistics/units/{unitCode}/targets", StatisticsApi.TargetsAsync)
            .RequireRoles(readers).RequireUnitScope(UnitAccess.Read, UnitFrom.Route("unitCode")).WithName("statistics:targets");
        app.MapGet("/api/statistics/national", StatisticsApi.NationalAsync)
            .RequireRoles(readers).WithName("statistics:national");
        app.MapPost("/api/statistics/imports", StatisticsApi.UploadAsync)
            .RequireRoles(AppRole.Submitter, AppRole.Admin).DisableAntiforgery().AcceptsUploadOf(maxUpload).WithName("statistics:import");
        app.MapGet("/api/statistics/imports/{importId}", StatisticsApi.ImportStatusAsync)
            .RequireRoles(readers).WithName("statistics:import-status");
        app.MapGet("/api/statistics/template", () => StatisticsApi.Template(null))
            .RequireRoles(readers).WithName("statistics:template");
        app.MapGet("/api/statistics/template/{format}", StatisticsApi.Template)
            .RequireRoles(readers).WithName("statistics:template-format");
        app.MapGet("/api/statistics/versions", StatisticsApi.VersionsAsync)
            .RequireRoles(readers).WithName("statistics:versions");
        return app;
    }
}

/// <summary>API settings (section <c>Statistics</c>).</summary>
public sealed class StatisticsApiOptions
{
    /// <summary>Configuration section (shared with the storage names).</summary>
    public const string SectionName = "Statistics";

    /// <summary>Largest accepted upload (32 MiB); the server's cut of the import route follows it (<see cref="RequestBodyLimits"/>).</summary>
    public long MaxUploadBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>
    /// What an uploaded XLSX may inflate to (<c>Statistics:XlsxLimits:*</c>), checked on the bytes inflated
    /// before the workbook is parsed: 10,000 entries, 100 MB in all, 50 MB per part, 100:1 for a part past 1,024 KB.
    /// </summary>
    public ArchiveLimitSettings XlsxLimits { get; set; } = new();

    /// <summary>Load the registry's generated figures (2015–2025) on first start (Development).</summary>
    public bool SeedDemoData { get; set; }

    /// <summary>The generator's seed for the demo data.</summary>
    public ulong DemoSeed { get; set; } = 2025;
}
