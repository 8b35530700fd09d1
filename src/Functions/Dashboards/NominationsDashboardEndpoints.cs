using NoOneLeftBehind.Domain.Dossiers;
using NoOneLeftBehind.Domain.Identity;
using NoOneLeftBehind.Domain.Plans;
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
        return app;
    }

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
            var limit = rules.QuotaFor(plan, row.AwardFormId, kind, row.UnitCode, units.IsWithin);
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
