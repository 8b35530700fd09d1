using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using NoOneLeftBehind.Infrastructure.Storage;
using NoOneLeftBehind.Domain.Dossiers;
using NoOneLeftBehind.Domain.Identity;
using NoOneLeftBehind.Functions.Hosting;
using NoOneLeftBehind.Functions.Identity;
using NoOneLeftBehind.Infrastructure.Dossiers;
using NoOneLeftBehind.Infrastructure.Messaging;
using Azure.Storage.Blobs;

namespace NoOneLeftBehind.Functions.Dossiers;

/// <summary>
/// Nomination dossiers: HTTP functions under /api/dossiers, the queue-triggered evaluation
/// (<c>EvaluateDossier</c>), the hourly reminders timer (<c>DossierDeadlineReminders</c>), exports,
/// and in Development the demo data and the business clock. See docs/dossiers.md.
/// </summary>
internal static class DossierEndpoints
{
    private static readonly AppRole[] Readers = [AppRole.Submitter, AppRole.Reviewer, AppRole.Leader, AppRole.Admin];

    public static IServiceCollection AddDossiers(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<DossierOptions>().Bind(configuration.GetSection(DossierOptions.Section));
        // Test faults, the fixed clock and demo data are development switches: Program.cs refuses them at start
        // anywhere but Development (Hosting/DevelopmentOnly.cs).
        var fixedNow = configuration.GetValue<DateTimeOffset?>("Clock:FixedNow");
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new DossierClock(sp.GetRequiredService<TimeProvider>(), fixedNow));
        services.AddSingleton(_ => DossierRuleBook.LoadEmbedded());
        services.AddSingleton<DossierStore>();
        services.AddSingleton<TrackingCodeStore>();
        services.AddScoped<OfficialFigures>();
        services.AddSingleton<EvaluationResultStore>();
        services.AddSingleton<NotificationStore>();
        services.AddSingleton<DossierProjection>();
        services.AddSingleton<DossierFileInspector>();
        services.AddSingleton<DossierFilePins>();
        services.AddSingleton<FileConfirmation>();
        services.AddSingleton<StagedUploads>();
        services.AddSingleton(new OutboxTable(DossierStorageNames.DossiersTable)); // dossier events sit beside the dossiers
        services.AddScoped<DossierViews>();
        services.AddScoped<DossierWriter>();
        services.AddScoped<EvaluationQueue>();
        services.AddScoped<DossierDrafts>();
        services.AddScoped<DossierFiles>();
        services.AddScoped<DossierSubmission>();
        services.AddScoped<NominatingBodies>();
        services.AddScoped<DossierReview>();
        services.AddScoped<DossierQueries>();
        services.AddScoped<DossierReports>();
        services.AddScoped<DossierRoutePreview>();
        services.AddSingleton<NomineeListStore>();
        services.AddSingleton(new OutboxTable(NomineeListStore.TableName)); // list events sit beside the lists
        services.AddScoped<NomineeListWriter>();
        services.AddScoped<NomineeLists>();
        services.AddScoped<NomineeListFiles>();
        services.AddScoped<DossierDeadlineReminders.NomineeListReminders>();
        services.AddTriggerFunction<EvaluateDossier.EvaluateDossierFunction>(EvaluateDossier.EvaluateDossierFunction.FunctionName);
        services.AddTriggerFunction<DossierDeadlineReminders.DeadlineRemindersFunction>(DossierDeadlineReminders.DeadlineRemindersFunction.FunctionName);
        services.AddTriggerFunction<DossierStagingSweep.StagingSweepFunction>(DossierStagingSweep.StagingSweepFunction.FunctionName);
        services.AddHostedService<DossierTablesSetup>();
        if (configuration.GetValue<bool?>(DossierOptions.Section + ":SeedDemoData") ?? DevelopmentOnly.IsAllowed(environment))
            services.AddHostedService<DemoDossierSeeder>();
        return services;
    }

    public static IEndpointRouteBuilder MapDossiers(this IEndpointRouteBuilder app)
    {
        // A change that would not fit in a Table entity is refused before anything is written (422, never a 500).
        var api = app.MapGroup("/api").AddEndpointFilter(async (context, next) =>
        {
            try
            {
                return await next(context);
            }
            catch (TableLimitExceededException ex)
            {
                return DossierProblems.TooLargeToStore(ex);
            }
        });
        var byId = UnitFrom.Resolve(http => ValueTask.FromResult(
            DossierId.TryParse(http.Request.RouteValues["id"] as string, out var id) ? UnitTarget.Of(id.UnitCode) : UnitTarget.Unresolved));

        api.MapPost("/dossiers", (JsonBody<DossierInput> body, HttpContext http, ICurrentUser user, DossierDrafts s, CancellationToken ct) =>
                s.CreateAsync(body.Value, Caller.From(http, user), ct, NominatingBodies.OfCaller(user, body.Value.NominatingUnitCode)))
            .RequireRoles(AppRole.Submitter).RequireUnitScope(UnitAccess.Act, UnitFrom.Body<DossierInput>(d => d.NominatingUnitCode)).WithName("dossiers:create");
        api.MapGet("/dossiers", (string? unitCode, string? planId, string? status, string? stageKind, int? stageYear, string? q, int? page, int? pageSize,
                HttpContext http, ICurrentUser user, DossierQueries s, CancellationToken ct) =>
                s.ListAsync(user, new DossierListQuery(unitCode, planId, status, stageKind, stageYear, q, page, pageSize), http, ct))
            .RequireRoles(Readers).WithName("dossiers:list");
        api.MapGet("/dossiers/{id}", (string id, DossierDrafts s, CancellationToken ct) => s.GetAsync(Id(id), ct))
            .RequireRoles(Readers).RequireUnitScope(UnitAccess.Read, byId).WithName("dossiers:get");
        api.MapPut("/dossiers/{id}", (string id, DossierInput body, HttpContext http, ICurrentUser user, DossierDrafts s, CancellationToken ct) =>
                s.UpdateAsync(Id(id), IfMatch(http), body, Caller.From(http, user), ct))
            .RequireRoles(AppRole.Submitter).RequireUnitScope(UnitAccess.Act, byId).WithName("dossiers:update");
        api.MapPost("/dossiers/{id}/files", (string id, FileInput body, HttpContext http, ICurrentUser user, DossierFiles s, CancellationToken ct) =>
                s.AddAsync(Id(id), IfMatch(http), body, Caller.From(http, user), ct))
            .RequireRoles(AppRole.Submitter).RequireUnitScope(UnitAccess.Act, byId).WithName("dossiers:add-file");
        api.MapDelete("/dossiers/{id}/files/{fileId}", (string id, string fileId, HttpContext http, ICurrentUser user, DossierFiles s, CancellationToken ct) =>
                s.RemoveAsync(Id(id), fileId, IfMatch(http), Caller.From(http, user), ct))
            .RequireRoles(AppRole.Submitter).RequireUnitScope(UnitAccess.Act, byId).WithName("dossiers:delete-file");
        api.MapPost("/dossiers/{id}/files/{fileId}/upload-url", (string id, string fileId, DossierFiles s, CancellationToken ct) => s.UploadUrlAsync(Id(id), fileId, ct))
            .RequireRoles(AppRole.Submitter).RequireUnitScope(UnitAccess.Act, byId).WithName("dossiers:upload-url");
        api.MapGet("/dossiers/{id}/files/{fileId}/blocks", (string id, string fileId, DossierFiles s, CancellationToken ct) => s.BlocksAsync(Id(id), fileId, ct))
            .RequireRoles(AppRole.Submitter).RequireUnitScope(UnitAccess.Act, byId).WithName("dossiers:blocks");
        api.MapPost("/dossiers/{id}/files/{fileId}/confirm", (string id, string fileId, HttpContext http, ICurrentUser user, DossierFiles s, CancellationToken ct) =>
                s.ConfirmAsync(Id(id), fileId, Caller.From(http, user), ct))
            .RequireRoles(AppRole.Submitter).RequireUnitScope(UnitAccess.Act, byId).WithName("dossiers:confirm-file");
        api.MapGet("/dossiers/{id}/files/{fileId}/download", (string id, string fileId, bool? inline, DossierFiles s, CancellationToken ct) => s.DownloadAsync(Id(id), fileId, inline == true, ct))
            .RequireRoles(Readers).RequireUnitScope(UnitAccess.Read, byId).WithName("dossiers:download");
        api.MapPost("/dossiers/{id}/submit", (string id, HttpContext http, ICurrentUser user, DossierSubmission s, CancellationToken ct) =>
                s.SubmitAsync(Id(id), IfMatch(http), Caller.From(http, user), ct))
            .RequireRoles(AppRole.Submitter).RequireUnitScope(UnitAccess.Act, byId).WithName("dossiers:submit");
        api.MapPost("/dossiers/{id}/review", (string id, ReviewInput body, HttpContext http, ICurrentUser user, DossierReview s, CancellationToken ct) =>
                s.ReviewAsync(Id(id), IfMatch(http), body, Caller.From(http, user), ct))
            .RequireRoles(AppRole.Reviewer).RequireUnitScope(UnitAccess.Act, byId).WithName("dossiers:review");
        api.MapGet("/dossiers/{id}/audit", (string id, DossierDrafts s, CancellationToken ct) => s.AuditAsync(Id(id), ct))
            .RequireRoles(Readers).RequireUnitScope(UnitAccess.Read, byId).WithName("dossiers:audit");
        api.MapGet("/dossiers/{id}/quota", (string id, DossierQueries s, CancellationToken ct) => s.QuotaAsync(Id(id), ct))
            .RequireRoles(Readers).RequireUnitScope(UnitAccess.Read, byId).WithName("dossiers:quota");
        api.MapGet("/dossiers/{id}/official-figures", (string id, OfficialFigures s, CancellationToken ct) => s.GetAsync(Id(id), ct))
            .RequireRoles(Readers).RequireUnitScope(UnitAccess.Read, byId).WithName("dossiers:official-figures");
        api.MapGet("/dossiers/{id}/evaluations", (string id, DossierDrafts s, CancellationToken ct) => s.EvaluationsAsync(Id(id), ct))
            .RequireRoles(Readers).RequireUnitScope(UnitAccess.Read, byId).WithName("dossiers:evaluations");
        api.MapGet("/units", (string? q, int? year, string? within) => UnitPicker.Search(q, year, within))
            .RequireRoles(Readers).WithName("dossiers:unit-picker");
        api.MapGet("/units/{unitCode}/notifications", async (string unitCode, NotificationStore notes, CancellationToken ct) =>
                Results.Json(await notes.ListAsync(unitCode, ct), DossierStorageNames.Json))
            .RequireRoles(Readers).RequireUnitScope(UnitAccess.Read, UnitFrom.Route("unitCode")).WithName("dossiers:notifications");
        api.MapGet("/dossier-exports/approved", (string? planId, string? stageKind, int? stageYear, string? awardFormId, string? format, ICurrentUser user, DossierReports s, CancellationToken ct) =>
                s.ExportAsync(user, planId, stageKind, stageYear, awardFormId, format, ct))
            .RequireRoles(AppRole.Reviewer, AppRole.Leader, AppRole.Admin).WithName("dossiers:export");

        // Before a dossier exists: the route, components and deadline it will have (the form's list of what to attach).
        api.MapGet("/dossier-route", (string? planId, string? stageKind, int? stageYear, string? awardFormId, string? nominatingUnitCode, ICurrentUser user,
                DossierRoutePreview s, CancellationToken ct) => s.GetAsync(user, planId, stageKind, stageYear, awardFormId, nominatingUnitCode, ct))
            .RequireRoles(AppRole.Submitter).RequireUnitScope(UnitAccess.Act, UnitFrom.Query("nominatingUnitCode")).WithName("dossiers:route");
        MapNomineeLists(api);

        api.MapGet("/dossier-counts", (string? planId, string? stageKind, int? stageYear, string? unitCode, ICurrentUser user, DossierReports s, CancellationToken ct) =>
                s.CountsAsync(user, planId, stageKind, stageYear, unitCode, ct))
            .RequireRoles(Readers).WithName("dossiers:counts");

        if (DevelopmentOnly.IsAllowed(app.ServiceProvider.GetRequiredService<IHostEnvironment>()))
        {
            // Development only: set the business clock to walk a 2023 submission live.
            app.MapPost("/dev/clock", (ClockInput body, DossierClock clock) =>
                {
                    clock.Set(body.Now);
                    return Results.Ok(new { now = clock.UtcNow });
                })
                .RequireRoles(AppRole.Admin).ExcludeFromDescription().WithName("dev:clock-set");
            app.MapGet("/dev/clock", (DossierClock clock) => Results.Ok(new { now = clock.UtcNow, shifted = clock.IsShifted }))
                .RequireSignedIn().ExcludeFromDescription().WithName("dev:clock");
        }
        return app;
    }

    /// <summary>
    /// The lists (danh sách trình) under /api/nominee-lists: a user of the body the plan gives the list to (its scope's
    /// body playing the list's role, e.g. <c>so-ldtbxh</c> within 24) opens, fills and submits it; readers of its unit read it.
    /// </summary>
    private static void MapNomineeLists(RouteGroupBuilder api)
    {
        AppRole[] actors = [AppRole.Submitter, AppRole.Reviewer];
        api.MapPost("/nominee-lists", (JsonBody<NomineeListInput> body, HttpContext http, ICurrentUser user, NomineeLists s, CancellationToken ct) =>
                s.OpenAsync(body.Value, user, Caller.From(http, user), ct))
            .RequireRoles(actors).WithName("nominee-lists:open");
        api.MapGet("/nominee-lists/{id}", (string id, ICurrentUser user, NomineeLists s, CancellationToken ct) =>
                ListId(id) is { } listId ? s.GetAsync(listId, user, ct) : Task.FromResult(NomineeListProblems.NotFound()))
            .RequireRoles(Readers).WithName("nominee-lists:get");
        api.MapGet("/nominee-lists/{id}/audit", (string id, ICurrentUser user, NomineeLists s, CancellationToken ct) =>
                ListId(id) is { } listId ? s.AuditAsync(listId, user, ct) : Task.FromResult(NomineeListProblems.NotFound()))
            .RequireRoles(Readers).WithName("nominee-lists:audit");
        api.MapPost("/nominee-lists/{id}/submit", (string id, HttpContext http, ICurrentUser user, NomineeLists s, CancellationToken ct) =>
                ListId(id) is { } listId ? s.SubmitAsync(listId, IfMatch(http), user, Caller.From(http, user), ct) : Task.FromResult(NomineeListProblems.NotFound()))
            .RequireRoles(actors).WithName("nominee-lists:submit");
        api.MapPost("/nominee-lists/{id}/files", (string id, FileInput body, HttpContext http, ICurrentUser user, NomineeListFiles s, CancellationToken ct) =>
                ListId(id) is { } listId ? s.AddAsync(listId, IfMatch(http), body, user, Caller.From(http, user), ct) : Task.FromResult(NomineeListProblems.NotFound()))
            .RequireRoles(actors).WithName("nominee-lists:add-file");
        api.MapPost("/nominee-lists/{id}/files/{fileId}/confirm", (string id, string fileId, HttpContext http, ICurrentUser user, NomineeListFiles s, CancellationToken ct) =>
                ListId(id) is { } listId ? s.ConfirmAsync(listId, fileId, user, Caller.From(http, user), ct) : Task.FromResult(NomineeListProblems.NotFound()))
            .RequireRoles(actors).WithName("nominee-lists:confirm-file");
        api.MapPost("/nominee-lists/{id}/files/{fileId}/upload-url", (string id, string fileId, ICurrentUser user, NomineeListFiles s, CancellationToken ct) =>
                ListId(id) is { } listId ? s.UploadUrlAsync(listId, fileId, user, ct) : Task.FromResult(NomineeListProblems.NotFound()))
            .RequireRoles(actors).WithName("nominee-lists:upload-url");
        api.MapGet("/nominee-lists/{id}/files/{fileId}/blocks", (string id, string fileId, ICurrentUser user, NomineeListFiles s, CancellationToken ct) =>
                ListId(id) is { } listId ? s.BlocksAsync(listId, fileId, user, ct) : Task.FromResult(NomineeListProblems.NotFound()))
            .RequireRoles(actors).WithName("nominee-lists:blocks");
        api.MapDelete("/nominee-lists/{id}/files/{fileId}", (string id, string fileId, HttpContext http, ICurrentUser user, NomineeListFiles s, CancellationToken ct) =>
                ListId(id) is { } listId ? s.RemoveAsync(listId, fileId, IfMatch(http), user, Caller.From(http, user), ct) : Task.FromResult(NomineeListProblems.NotFound()))
            .RequireRoles(actors).WithName("nominee-lists:delete-file");
        api.MapGet("/nominee-lists/{id}/files/{fileId}/download", (string id, string fileId, ICurrentUser user, NomineeListFiles s, CancellationToken ct) =>
                ListId(id) is { } listId ? s.DownloadAsync(listId, fileId, user, ct) : Task.FromResult(NomineeListProblems.NotFound()))
            .RequireRoles(Readers).WithName("nominee-lists:download");
    }

    private static NomineeListId? ListId(string id) => NomineeListId.TryParse(id, out var parsed) ? parsed : null;

    // The resolver already refused malformed ids (403), so parsing here cannot fail.
    private static DossierId Id(string id) => DossierId.TryParse(id, out var parsed) ? parsed : throw new BadHttpRequestException("Malformed dossier id.");

    private static string? IfMatch(HttpContext http) => http.Request.Headers.IfMatch.ToString() is { Length: > 0 } v ? v : null;

    private sealed record ClockInput(DateTimeOffset Now);
}

/// <summary>Creates the dossier tables and container before the server listens (storage down: logged, the app still starts).</summary>
internal sealed partial class DossierTablesSetup(IServiceProvider services, ILogger<DossierTablesSetup> logger) : IHostedService
{
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(15));
        var stoppingToken = timeout.Token;
        try
        {
            await services.GetRequiredService<DossierStore>().EnsureCreatedAsync(stoppingToken);
            await services.GetRequiredService<EvaluationResultStore>().EnsureCreatedAsync(stoppingToken);
            await services.GetRequiredService<NotificationStore>().EnsureCreatedAsync(stoppingToken);
            await services.GetRequiredService<DossierProjection>().EnsureCreatedAsync(stoppingToken);
            await services.GetRequiredService<NomineeListStore>().EnsureCreatedAsync(stoppingToken);
            await services.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(DossierStorageNames.FilesContainer).CreateIfNotExistsAsync(cancellationToken: stoppingToken);
        }
#pragma warning disable CA1031 // storage may be down at start; the app must still start
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogSetupFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not create the dossier tables and container at start")]
    private static partial void LogSetupFailed(ILogger logger, Exception exception);
}
