using NoOneLeftBehind.Domain.Criteria;
using NoOneLeftBehind.Domain.Dossiers;
using NoOneLeftBehind.Domain.Plans;
using NoOneLeftBehind.Infrastructure.Dossiers;
using Dossier = NoOneLeftBehind.Domain.Dossiers.Dossier;

namespace NoOneLeftBehind.Functions.Dossiers;

/// <summary>
/// Drafting a dossier: create it, read it and its history, change its data (<see cref="Dossier.Edit"/>).
/// Authorization of the unit is done by the endpoint before this runs.
/// </summary>
internal sealed class DossierDrafts(
    TrackingCodeStore codes,
    DossierStore store,
    DossierWriter writer,
    DossierViews views,
    EvaluationResultStore evaluations,
    PlanCatalogue catalogue,
    CriteriaEngine engine,
    Domain.Identity.IUnitHierarchy units,
    DossierClock clock)
{
    /// <summary>
    /// Creates a draft nominated by <paramref name="bodyId"/> (the caller's scope body when it is a registered body of the
    /// nominating unit) or, when null, by the unit's people's committee.
    /// </summary>
    public async Task<IResult> CreateAsync(DossierInput input, Caller caller, CancellationToken ct, string? bodyId = null)
    {
        var problems = new List<DossierProblem>();
        if (!PlanId.TryParse(input.PlanId, out var planId) || !catalogue.TryGet(planId, out var plan))
            return DossierProblems.UnknownPlan(input.PlanId, catalogue.PlanIds);
        // The endpoint authorised the caller for this unit, so it is a well-formed unit code.
        if (DossierChecks.PlanForUnit(plan, input.NominatingUnitCode ?? "", PlanUnits.WithinDuring(plan, Domain.Units.UnitRegistry.Embedded, units.IsWithin)) is { } notForUnit)
            problems.Add(notForUnit);
        var stage = DossierInputReader.Stage(input.Stage, problems);
        var nominee = DossierInputReader.Nominee(input.Nominee, problems);
        if (input.NominationYear is null)
            problems.Add(new("required", DossierFields.NominationYear, "Năm đề nghị là bắt buộc.", "The nomination year is required."));
        if (problems.Count > 0) return DossierProblems.Invalid(problems);
        var now = clock.UtcNow;
        // The endpoint authorised the caller for this unit, so it is a well-formed unit code.
        var id = DossierId.New(input.NominatingUnitCode ?? "");
        var dossier = new Dossier
        {
            Id = id,
            PlanId = planId,
            Stage = stage!,
            NominatingUnitCode = id.Unit,
            NominatorBodyId = bodyId,
            Nominee = nominee!,
            AwardFormId = input.AwardFormId ?? "",
            NominationYear = input.NominationYear!.Value,
            Statistics = input.Statistics ?? [],
            Facts = input.Facts ?? default,
            AchievementsSummary = input.AchievementsSummary,
            CreatedAt = now,
            CreatedBy = caller.Actor,
            UpdatedAt = now,
        };
        var invalid = dossier.CheckData(plan, engine);
        if (invalid.Count > 0) return DossierProblems.Invalid(invalid);
        // The short code to read over the phone, unique (reserved before the dossier is written).
        dossier = dossier with { TrackingCode = await codes.ReserveAsync(id, ct) };
        var created = await writer.CreateAsync(dossier, caller, null, ct) ?? throw new InvalidOperationException($"A new dossier id collided: {dossier.Id}.");
        return await views.ViewAsync(created, ct, StatusCodes.Status201Created);
    }

    public async Task<IResult> GetAsync(DossierId id, CancellationToken ct) =>
        await store.GetAsync(id, ct) is { } s ? await views.ViewAsync(s, ct) : DossierProblems.DossierNotFound();

    public async Task<IResult> UpdateAsync(DossierId id, string? ifMatch, DossierInput input, Caller caller, CancellationToken ct)
    {
        if (ifMatch is null) return DossierProblems.IfMatchRequired();
        var result = await writer.ApplyAsync(id, ifMatch, caller, a =>
        {
            if (!a.Dossier.IsEditable) return DossierDecision.NotAllowed(DossierAction.Edit);
            var problems = new List<DossierProblem>();
            var nominee = input.Nominee is null ? null : DossierInputReader.Nominee(input.Nominee, problems);
            if (problems.Count > 0) return DossierDecision.Refuse(DossierAction.Edit, DossierRefusal.Invalid, problems);
            var edit = new DossierEdit
            {
                Nominee = nominee,
                AwardFormId = input.AwardFormId,
                NominationYear = input.NominationYear,
                Statistics = input.Statistics,
                Facts = input.Facts,
                AchievementsSummary = input.AchievementsSummary,
            };
            return a.Dossier.Edit(edit, views.PlanOf(a.Dossier), engine, clock.UtcNow);
        }, ct);
        return result.Error ?? await views.ViewAsync(result.Stored!, ct);
    }

    public async Task<IResult> AuditAsync(DossierId id, CancellationToken ct) =>
        await store.GetAsync(id, ct) is null ? DossierProblems.DossierNotFound() : Results.Json(await store.AuditAsync(id, ct), DossierStorageNames.Json);

    public async Task<IResult> EvaluationsAsync(DossierId id, CancellationToken ct) =>
        await store.GetAsync(id, ct) is null ? DossierProblems.DossierNotFound() : Results.Json(await evaluations.ListAsync(id.Value, ct), DossierStorageNames.Json);
}
