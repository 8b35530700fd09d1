using NoOneLeftBehind.Domain.Bodies;
using NoOneLeftBehind.Domain.Dossiers;
using NoOneLeftBehind.Domain.Plans;
using NoOneLeftBehind.Functions.Identity;
using NoOneLeftBehind.Infrastructure.Dossiers;

namespace NoOneLeftBehind.Functions.Dossiers;

/// <summary>
/// <c>GET /api/dossier-route</c>: before a dossier exists, the route, components and deadline it will have when the
/// caller's body nominates it for this plan, stage and award form — so that the form lists what the unit sends
/// (Bắc Giang IV.3.a: its own proposal and the Mẫu 07 report to Sở LĐ-TB&amp;XH), never the Sở's documents (IV.3.b).
/// The same rules the saved dossier's view answers with (<see cref="DossierViews"/>).
/// </summary>
internal sealed class DossierRoutePreview(PlanCatalogue catalogue, DossierRuleBook rules, INominatingBodyStore bodies)
{
    // "route": null and "deadline": null are answers (no route: a Giấy khen; no deadline), so they are written.
    private static readonly System.Text.Json.JsonSerializerOptions Json =
        new(DossierStorageNames.Json) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never };

    public async Task<IResult> GetAsync(ICurrentUser user, string? planId, string? stageKind, int? stageYear, string? awardFormId, string? nominatingUnitCode, CancellationToken ct)
    {
        if (!PlanId.TryParse(planId, out var pid) || !catalogue.TryGet(pid, out var plan)) return DossierProblems.UnknownPlan(planId, catalogue.PlanIds);
        var problems = new List<DossierProblem>();
        var stage = DossierInputReader.Stage(new StageInput(stageKind, stageYear), problems);
        if (plan.AwardForms.All(a => a.Id != awardFormId))
            problems.Add(new("unknown-award-form", "awardFormId",
                $"Kế hoạch không có hình thức khen thưởng này. Các hình thức: {string.Join("; ", plan.AwardForms.Select(a => a.Name))}.",
                $"The plan has no such award form. Award forms: {string.Join("; ", plan.AwardForms.Select(a => a.Name))}."));
        if (!NominatingBody.IsUnitCode(nominatingUnitCode))
            problems.Add(new("invalid-unit", "nominatingUnitCode", "Cần mã đơn vị đề nghị (mã đơn vị hành chính).", "The nominating unit's code is required."));
        if (problems.Count > 0) return DossierProblems.Invalid(problems);

        // The caller's registered body when it belongs to that unit, else the unit's people's committee (ADR 0008).
        var body = NominatingBodies.OfCaller(user, nominatingUnitCode) is { } id
            ? await bodies.FindAsync(id, ct) ?? NominatingBody.PeoplesCommittee(nominatingUnitCode!)
            : NominatingBody.PeoplesCommittee(nominatingUnitCode!);
        var route = rules.RouteOf(plan, stage!, awardFormId!, body);
        var deadline = rules.SubmissionDeadline(plan, stage!, awardFormId!, nominatingUnitCode!, body);
        return Results.Json(new
        {
            route = route is null ? null : DossierViews.RouteBody(route),
            components = rules.ComponentsOf(plan, stage!, awardFormId!, body).Select(c => new { c.Id, c.Text, c.Template, c.Required, c.Clause, c.Basis }),
            deadline = deadline is null ? null : DossierViews.DeadlineBody(deadline),
        }, Json);
    }
}
