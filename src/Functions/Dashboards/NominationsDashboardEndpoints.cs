using NoOneLeftBehind.Domain.Dossiers;
using NoOneLeftBehind.Domain.Identity;
using NoOneLeftBehind.Domain.Plans;
using NoOneLeftBehind.Domain.Units;
using NoOneLeftBehind.Functions.Dossiers;
using NoOneLeftBehind.Functions.Embedding;
using NoOneLeftBehind.Functions.Hosting;
using NoOneLeftBehind.Functions.Identity;
using NoOneLeftBehind.Infrastructure.Dossiers;

namespace NoOneLeftBehind.Functions.Dashboards;

/// <summary>
/// Data of the nominations dashboard (<c>dashboards/definitions/nominations.json</c>) that
/// <c>GET /api/dossier-counts</c> does not give: the quota use of each nominating unit. Scoped like the
/// counts: only units the caller (or the embed token) may read.
/// </summary>
internal static class NominationsDashboardEndpoints
{
    public const string QuotaUseEndpoint = "dossiers:quota-use";

    public static IEndpointRouteBuilder MapNominationsDashboard(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/dossier-quota-use", QuotaUseAsync)
            .RequireRoles(AppRole.Submitter, AppRole.Reviewer, AppRole.Leader, AppRole.Admin)
            .WithName(QuotaUseEndpoint);
        app.MapGet("/api/nominations-landing", LandingAsync)
            .RequireRoles(AppRole.Submitter, AppRole.Reviewer, AppRole.Leader, AppRole.Admin)
            .WithName(LandingEndpoint);
        return app;
    }

    public const string LandingEndpoint = "dossiers:nominations-landing";

    // GET /api/nominations-landing?planIds=a,b,c
    // Where the nominations dashboard opens for the caller: among the plans asked for (in that order; all when none), those
    // that concern the caller's unit (PlanGovernance.Concerns: a commune of Chư Pưh, Chư Pưh, old Gia Lai → Chư Pưh's plan;
    // a national scope: every plan); the first of them with dossiers the caller may read, and the stage of the latest year
    // among those dossiers (most dossiers first within a year). No dossier: the first plan that concerns the unit, no stage.
    private static async Task<IResult> LandingAsync(string? planIds, ICurrentUser user, PlanCatalogue catalogue, DossierProjection projection, CancellationToken ct)
    {
        var asked = (planIds ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var plans = new List<Plan>();
        foreach (var id in asked.Length > 0 ? asked : catalogue.PlanIds)
        {
            if (!PlanId.TryParse(id, out var pid) || !catalogue.TryGet(pid, out var plan)) return DossierProblems.UnknownPlan(id, catalogue.PlanIds);
            plans.Add(plan);
        }
        var scope = user.Scope?.UnitCode;
        var concerned = scope is null or ScopeUnitCodes.National ? plans
            : UnitCode.TryParse(scope, out var code) ? [.. plans.Where(p => PlanGovernance.Concerns(p, code, UnitRegistry.Embedded))] : [];
        var filter = user.ReadFilter;
        foreach (var plan in concerned)
        {
            var stages = new Dictionary<(string Kind, int Year), int>();
            await foreach (var row in projection.ListAsync(plan.Id, null, null, ct))
            {
                if (!filter.Matches(row.UnitCode)) continue;
                stages[(row.StageKind, row.StageYear)] = stages.GetValueOrDefault((row.StageKind, row.StageYear)) + 1;
            }
            if (stages.Count == 0) continue;
            var stage = stages.OrderByDescending(x => x.Key.Year).ThenByDescending(x => x.Value).ThenBy(x => x.Key.Kind, StringComparer.Ordinal).First();
            return Results.Json(new LandingDto(plan.Id, new LandingStageDto(stage.Key.Kind, stage.Key.Year), stage.Value,
                [.. concerned.Select(p => p.Id)]), LandingJson);
        }
        return Results.Json(new LandingDto(concerned.FirstOrDefault()?.Id, null, 0, [.. concerned.Select(p => p.Id)]), LandingJson);
    }

    // The landing keeps its shape: no plan or no stage is written as null, not left out.
    private static readonly System.Text.Json.JsonSerializerOptions LandingJson =
        new(DossierStorageNames.Json) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never };

    // GET /api/dossier-quota-use?planId=&stageKind=&stageYear=&unitCode=
    // For every (nominating unit, stage, award form, nominee kind) with at least one dossier and a quota in the plan:
    // the limit, the slots held now (submitted dossiers not rejected), the clause.
    private static async Task<IResult> QuotaUseAsync(
        string? planId, string? stageKind, int? stageYear, string? unitCode, ICurrentUser user, PlanCatalogue catalogue,
        DossierRuleBook rules, DossierProjection projection, DossierStore store, IUnitHierarchy units, CancellationToken ct)
    {
        if (!PlanId.TryParse(planId, out var pid) || !catalogue.TryGet(pid, out var plan)) return DossierProblems.UnknownPlan(planId, catalogue.PlanIds);
        if (unitCode is not null && (!ScopeUnitCodes.IsValid(unitCode) || !user.CanRead(unitCode))) return ApiProblem.Forbidden();
        var filter = user.ReadFilter;
        var groups = new SortedDictionary<string, (NominationRow Row, int Dossiers)>(StringComparer.Ordinal);
        await foreach (var row in projection.ListAsync(plan.Id, stageKind, stageYear, ct))
        {
            if (!filter.Matches(row.UnitCode)) continue;
            if (unitCode is not null && !units.IsWithin(row.UnitCode, unitCode)) continue;
            var key = string.Join('|', row.UnitCode, row.StageKind, row.StageYear, row.AwardFormId, row.SubjectKind);
            groups[key] = groups.TryGetValue(key, out var g) ? (g.Row, g.Dossiers + 1) : (row, 1);
        }

        var items = new List<QuotaUseDto>();
        foreach (var (row, dossiers) in groups.Values)
        {
            if (!SubjectKinds.TryParse(row.SubjectKind, out var kind)) continue;
            var stage = DossierInputReader.Stage(new StageInput(row.StageKind, row.StageYear), []);
            if (stage is null) continue;
            var limit = rules.QuotaFor(plan, row.AwardFormId, kind, row.UnitCode, PlanUnits.WithinDuring(plan, Domain.Units.UnitRegistry.Embedded, units.IsWithin));
            if (limit is null) continue;
            // The slot row's key is the store's own (the fields of the dossiers that take the slots).
            var slots = await store.GetQuotaAsync(row.UnitCode, DossierStore.QuotaKey(plan.Id, stage, row.AwardFormId, kind), ct);
            items.Add(new QuotaUseDto(row.UnitCode, EmbeddingEndpoints.UnitName(row.UnitCode), row.StageKind, row.StageYear, row.AwardFormId,
                plan.AwardForms.FirstOrDefault(a => a.Id == row.AwardFormId)?.Name, row.SubjectKind, limit.Count, slots.Holders.Count, dossiers,
                limit.Clause, limit.Text));
        }
        return Results.Json(new QuotaUseResponse(plan.Id, unitCode, items), DossierStorageNames.Json);
    }
}

internal sealed record QuotaUseDto(string UnitCode, string UnitName, string StageKind, int StageYear, string AwardFormId, string? AwardFormName,
    string NomineeKind, int Limit, int Used, int Dossiers, string Clause, string Text);

internal sealed record QuotaUseResponse(string PlanId, string? UnitCode, IReadOnlyList<QuotaUseDto> Items);

/// <summary>Where the nominations dashboard opens: the plan (null: no plan concerns the caller's unit), the stage with data (null: none).</summary>
/// <param name="PlanId">The plan.</param>
/// <param name="Stage">The stage of the latest year with dossiers the caller may read.</param>
/// <param name="Dossiers">How many of them are in that stage.</param>
/// <param name="Plans">Every plan asked for that concerns the caller's unit, in the order asked.</param>
internal sealed record LandingDto(string? PlanId, LandingStageDto? Stage, int Dossiers, IReadOnlyList<string> Plans);

internal sealed record LandingStageDto(string Kind, int Year);
