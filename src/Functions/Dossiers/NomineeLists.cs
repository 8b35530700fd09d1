using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using NoOneLeftBehind.Domain.Bodies;
using NoOneLeftBehind.Domain.Dossiers;
using NoOneLeftBehind.Domain.Identity;
using NoOneLeftBehind.Domain.Plans;
using NoOneLeftBehind.Functions.Identity;
using NoOneLeftBehind.Infrastructure.Dossiers;
using NoOneLeftBehind.Infrastructure.Messaging;

namespace NoOneLeftBehind.Functions.Dossiers;

/// <summary>A list the caller's body assembles (<c>GET /api/me</c>'s <c>scope.lists</c>): the plan, stage and award form that name it, and its deadline.</summary>
internal sealed record MeList(string PlanId, MeListStage Stage, string AwardFormId, MeListDeadline Deadline);

/// <summary>A list's stage: <c>kind</c> (<c>mid-term</c>, …) and <c>year</c>, as <c>POST /api/nominee-lists</c> takes it.</summary>
internal sealed record MeListStage(string Kind, int Year);

/// <summary>A list's deadline: its date (Vietnam) and the plan's clause.</summary>
internal sealed record MeListDeadline(string Date, string Clause);

/// <summary>Body of <c>POST /api/nominee-lists</c>: which list to open (or assemble again).</summary>
internal sealed record NomineeListInput(string? PlanId, StageInput? Stage, string? AwardFormId);

/// <summary>
/// A body's list (danh sách trình, Bắc Giang IV.3.b): open and assemble it from the dossiers routed to the body that it
/// approved and its own (<see cref="DossierRuleBook.RouteOf(Domain.Plans.Plan, Dossier, Domain.Bodies.NominatingBody)"/>), read it, and submit it — which forwards every listed
/// dossier through the dossier writer and records each on the list, so a retry (or the hourly timer, after a crash)
/// forwards the rest and nothing twice. Its documents go through <see cref="NomineeListFiles"/>.
/// </summary>
internal sealed partial class NomineeLists(
    NomineeListStore store,
    NomineeListWriter writer,
    DossierStore dossiers,
    DossierWriter dossierWriter,
    DossierRuleBook rules,
    PlanCatalogue catalogue,
    NominatingBodies bodies,
    INominatingBodyStore bodyStore,
    IUnitHierarchy units,
    DossierClock clock,
    IOptions<DossierOptions> options,
    ILogger<NomineeLists> logger)
{
    /// <summary>The list's plan and rule, or null when the catalogue or the rules no longer have them.</summary>
    public (Plan Plan, NomineeListRule Rule)? RuleOf(NomineeListId id) =>
        catalogue.TryGet(PlanId.Parse(id.PlanId), out var plan) && rules.ListFor(plan, id.Stage, id.AwardFormId) is { } rule ? (plan, rule) : null;

    /// <summary>
    /// The lists the caller's body assembles (<c>scope.lists</c> of <c>GET /api/me</c>, for the page's link): each plan's list
    /// rule and award form for which the caller acts for the list's body, judged as <see cref="ActingBodyAsync"/> judges
    /// opening it; none for a user of a unit rather than of a body.
    /// </summary>
    public async Task<IReadOnlyList<MeList>> AssembledByAsync(ICurrentUser user, CancellationToken ct)
    {
        var found = new List<MeList>();
        // The scope's body is read once, then judged against every plan's list rules.
        if (await ScopeBodyAsync(user, ct) is not { } body) return found;
        foreach (var plan in catalogue.Plans)
        {
            foreach (var rule in rules.ListsOf(plan))
            {
                if (!Acts(body, user, plan, rule)) continue;
                found.AddRange(rule.AwardForms.Select(award => new MeList(plan.Id, new(DossierChecks.Word(rule.Stage.Kind), rule.Stage.Year), award,
                    new(rule.Deadline.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), rule.Deadline.Clause))));
            }
        }
        return found;
    }

    /// <summary><c>POST /api/nominee-lists</c>: opens the caller's body's list for a plan's stage and award form and assembles it (again, while a draft).</summary>
    public async Task<IResult> OpenAsync(NomineeListInput input, ICurrentUser user, Caller caller, CancellationToken ct)
    {
        var problems = new List<DossierProblem>();
        var stage = DossierInputReader.Stage(input.Stage, problems);
        if (input.PlanId is null || !PlanId.TryParse(input.PlanId, out var planId) || !catalogue.TryGet(planId, out var plan))
            return DossierProblems.UnknownPlan(input.PlanId, catalogue.PlanIds);
        if (string.IsNullOrEmpty(input.AwardFormId)) problems.Add(new("required", "awardFormId", "Cần hình thức khen thưởng.", "awardFormId is required."));
        if (problems.Count > 0) return DossierProblems.Invalid(problems);
        if (rules.ListFor(plan, stage!, input.AwardFormId!) is not { } rule) return NomineeListProblems.NoList(plan.Id, input.AwardFormId!);
        if (await ActingBodyAsync(user, plan, rule, ct) is not { } body) return NomineeListProblems.NotTheListsBody(rule.ByRole, rule.Within);
        var id = NomineeListId.Of(body.Id, plan.Id, stage!, input.AwardFormId!);
        var created = false;
        if (await store.GetAsync(id, ct) is null)
            created = await writer.CreateAsync(NomineeList.Open(id, rule, body.UnitCode, caller.Actor, clock.UtcNow), caller, ct) is not null;
        var candidates = await CandidatesAsync(plan, rule, body, ct);
        var result = await writer.ApplyAsync(id, null, caller, (s, _) => ValueTask.FromResult(
            s.List.Status == NomineeListStatus.Draft ? s.List.Assemble(candidates, clock.UtcNow) : NomineeListDecision.Unchanged("assemble", s.List)), ct);
        return result.Error ?? View(result.Stored!, rule, candidates, created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    /// <summary><c>GET /api/nominee-lists/{id}</c>, for a user of its body or anyone who may read its unit.</summary>
    public async Task<IResult> GetAsync(NomineeListId id, ICurrentUser user, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is not { } s || RuleOf(id) is not { } found) return NomineeListProblems.NotFound();
        if (!await MayReadAsync(user, s.List, found, ct)) return ApiProblem403();
        var body = await bodyStore.FindAsync(id.BodyId, ct);
        var candidates = body is null || s.List.Status != NomineeListStatus.Draft ? [] : await CandidatesAsync(found.Plan, found.Rule, body, ct);
        return View(s, found.Rule, candidates);
    }

    /// <summary><c>GET /api/nominee-lists/{id}/audit</c>.</summary>
    public async Task<IResult> AuditAsync(NomineeListId id, ICurrentUser user, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is not { } s || RuleOf(id) is not { } found) return NomineeListProblems.NotFound();
        return await MayReadAsync(user, s.List, found, ct) ? Results.Json(await store.AuditAsync(id, ct), DossierStorageNames.Json) : ApiProblem403();
    }

    /// <summary>
    /// <c>POST /api/nominee-lists/{id}/submit</c> (If-Match): submits the list by its deadline (IV.3.a: 05/12/2023), with its
    /// <c>nominee-list.submitted</c> event in the same transaction, then forwards each listed dossier. A list already
    /// submitted forwards what is left (a retry after a failure).
    /// </summary>
    public async Task<IResult> SubmitAsync(NomineeListId id, string? ifMatch, ICurrentUser user, Caller caller, CancellationToken ct)
    {
        if (ifMatch is null) return DossierProblems.IfMatchRequired();
        if (RuleOf(id) is not { } found) return NomineeListProblems.NotFound();
        if (await ActingBodyAsync(user, found.Plan, found.Rule, ct) is not { } body || body.Id != id.BodyId) return NomineeListProblems.NotTheListsBody(found.Rule.ByRole, found.Rule.Within);
        var result = await writer.ApplyAsync(id, ifMatch, caller, async (s, token) =>
        {
            var current = new List<ListCandidate>();
            foreach (var entry in s.List.Entries)
            {
                if (DossierId.TryParse(entry.DossierId, out var dossierId) && await dossiers.GetAsync(dossierId, token) is { } d)
                    current.Add(ListCandidate.Of(d.Dossier, entry.Own));
            }
            return s.List.Submit(current, found.Rule.Components, found.Rule.Deadline, caller.Actor, clock.UtcNow);
        }, ct, decision => NomineeListEvents.Submitted(decision.Next!, found.Rule, body));
        if (result.Error is not null) return result.Error;
        var forwarded = await ForwardAsync(id, caller, options.Value.TestFaults.InterruptListForwardingAfter, ct);
        return View(forwarded ?? result.Stored!, found.Rule, []);
    }

    /// <summary>
    /// Forwards every listed dossier not forwarded yet (<see cref="Dossier.ForwardOnList"/> through the dossier writer), and
    /// records each on the list. A dossier forwarded before is unchanged and only recorded; one that may no longer be
    /// forwarded is left (logged) and shown as pending. <paramref name="interruptAfter"/> (tests only) stops after that many.
    /// </summary>
    public async Task<StoredNomineeList?> ForwardAsync(NomineeListId id, Caller caller, int? interruptAfter, CancellationToken ct)
    {
        var stored = await store.GetAsync(id, ct);
        var done = 0;
        foreach (var entry in stored?.List.PendingForwards ?? [])
        {
            if (interruptAfter is { } limit && done >= limit)
                throw new InvalidOperationException($"Test fault: forwarding of list {id} interrupted after {done} dossier(s).");
            if (!DossierId.TryParse(entry.DossierId, out var dossierId)) continue;
            var forwarded = await dossierWriter.ApplyAsync(dossierId, null, caller, a => a.Dossier.ForwardOnList(id, entry.Own, clock.UtcNow), ct);
            if (forwarded.Error is not null)
            {
                LogNotForwarded(logger, entry.DossierId, id.Value);
                continue;
            }
            var recorded = await writer.ApplyAsync(id, null, caller, (s, _) => ValueTask.FromResult(s.List.RecordForwarded(entry.DossierId, clock.UtcNow)), ct);
            stored = recorded.Stored ?? stored;
            done++;
        }
        return stored;
    }

    /// <summary>The body the caller acts as for <paramref name="rule"/> of <paramref name="plan"/>: their scope's registered body, when it plays the rule's role within its unit during the plan's period.</summary>
    public async Task<NominatingBody?> ActingBodyAsync(ICurrentUser user, Plan plan, NomineeListRule rule, CancellationToken ct)
    {
        return await ScopeBodyAsync(user, ct) is { } body && Acts(body, user, plan, rule) ? body : null;
    }

    /// <summary>The registered body the caller's scope names, read from the store (none for a unit's own committee).</summary>
    private async Task<NominatingBody?> ScopeBodyAsync(ICurrentUser user, CancellationToken ct) =>
        user.Scope is not { BodyId: { } bodyId } || NominatingBody.ImplicitUnitOf(bodyId) is not null ? null : await bodyStore.FindAsync(bodyId, ct);

    /// <summary>Whether <paramref name="body"/> plays the rule's role within its unit during the plan's period, and the caller acts there.</summary>
    private bool Acts(NominatingBody body, ICurrentUser user, Plan plan, NomineeListRule rule) =>
        body.Plays(rule.ByRole) && WithinDuring(plan)(body.UnitCode, rule.Within) && user.CanAct(body.UnitCode);

    // A list's rule speaks of the plan's units (its Within is a unit of the plan's period): judged on the period's tree, not
    // on the scope relation, which also covers later units that took an old one's territory (ADR 0010).
    private Func<string, string, bool> WithinDuring(Plan plan) => PlanUnits.WithinDuring(plan, Domain.Units.UnitRegistry.Embedded, units.IsWithin);

    private async Task<bool> MayReadAsync(ICurrentUser user, NomineeList list, (Plan Plan, NomineeListRule Rule) found, CancellationToken ct) =>
        user.CanRead(list.BodyUnitCode) || await ActingBodyAsync(user, found.Plan, found.Rule, ct) is { } body && body.Id == list.Id.BodyId;

    /// <summary>
    /// The dossiers of the list's plan, stage and award form whose route (<see cref="DossierRuleBook.RouteOf(Domain.Plans.Plan, Dossier, Domain.Bodies.NominatingBody)"/>) ends on
    /// this list and leads to <paramref name="body"/>: the units' dossiers sent to it, and its own.
    /// </summary>
    private async Task<List<ListCandidate>> CandidatesAsync(Plan plan, NomineeListRule rule, NominatingBody body, CancellationToken ct)
    {
        var bodyOf = await bodies.LookupAsync(ct);
        var within = WithinDuring(plan);
        var candidates = new List<ListCandidate>();
        await foreach (var s in dossiers.ListAsync(null, plan.Id, null, ct))
        {
            var d = s.Dossier;
            if (d.Stage != rule.Stage || !rule.AwardForms.Contains(d.AwardFormId, StringComparer.Ordinal) || !within(d.NominatingUnitCode.Value, rule.Within))
                continue;
            if (rules.RouteOf(plan, d, bodyOf(d)) is not { } route || route.ListId != rule.Id || !body.Plays(route.To.Role)) continue;
            if (route.Own && d.NominatingBodyId != body.Id) continue;
            candidates.Add(ListCandidate.Of(d, route.Own));
        }
        return candidates;
    }

    private static IResult ApiProblem403() => Hosting.ApiProblem.Forbidden();

    /// <summary>The list as the API shows it: its rule (clause, to whom, deadline, documents asked), entries, documents, what is left to forward, and the dossiers that could be on it.</summary>
    public static IResult View(StoredNomineeList s, NomineeListRule rule, IReadOnlyList<ListCandidate> candidates, int status = StatusCodes.Status200OK)
    {
        var list = s.List;
        var node = JsonSerializer.SerializeToNode(list, DossierStorageNames.Json)!.AsObject();
        node["id"] = list.Id.Value;
        node["etag"] = s.ETag;
        node["planId"] = list.Id.PlanId;
        node["stage"] = JsonSerializer.SerializeToNode(new { kind = DossierChecks.Word(list.Id.Stage.Kind), year = list.Id.Stage.Year }, DossierStorageNames.Json);
        node["awardFormId"] = list.Id.AwardFormId;
        node["bodyId"] = list.Id.BodyId;
        node["rule"] = JsonSerializer.SerializeToNode(new
        {
            rule.Id, rule.Clause, rule.Text, rule.To,
            deadline = new { date = rule.Deadline.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), rule.Deadline.Clause, rule.Deadline.Text },
        }, DossierStorageNames.Json);
        node["components"] = JsonSerializer.SerializeToNode(rule.Components.Select(c => new
        {
            c.Id, c.Text, c.Template, c.Required, c.Clause,
            accepted = list.Files.Count(f => f.ComponentId == c.Id && f.State == FileState.Accepted),
        }), DossierStorageNames.Json);
        // Units by their name in the stage's year ("Huyện Tân Yên (216)", "Tỉnh Bắc Giang (24)"), never only their code.
        foreach (var entry in node["entries"]!.AsArray())
            entry!["nominatingUnitName"] = UnitName(entry["nominatingUnitCode"]!.GetValue<string>(), list.Id.Stage.Year);
        node["pendingForwards"] = JsonSerializer.SerializeToNode(list.PendingForwards.Select(e => e.DossierId), DossierStorageNames.Json);
        var listed = list.Entries.Select(e => e.DossierId).ToHashSet(StringComparer.Ordinal);
        node["notListed"] = JsonSerializer.SerializeToNode(candidates.Where(c => !listed.Contains(c.Entry.DossierId)).Select(c => new
        {
            c.Entry.DossierId, c.Entry.NominatingUnitCode, nominatingUnitName = UnitName(c.Entry.NominatingUnitCode, list.Id.Stage.Year), c.Entry.NomineeName, c.Entry.Own,
            status = DossierProblems.Word(c.Status), eligible = c.Eligible,
        }), DossierStorageNames.Json);
        node["allowedActions"] = list.Status == NomineeListStatus.Draft ? new JsonArray("assemble", "add-file", "remove-file", "submit") : new JsonArray();
        return new EtagResult(Results.Json(node, DossierStorageNames.Json, statusCode: status), s.ETag);
    }

    private static string UnitName(string code, int year) =>
        Domain.Units.UnitRegistry.Embedded.Find(Domain.Units.UnitCode.Parse(code), new DateOnly(year, 6, 30)) is { } unit ? $"{unit.FullName} ({code})" : DossierViews.UnitName(code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dossier {DossierId} on list {ListId} could not be forwarded (its status no longer allows it); it stays pending")]
    private static partial void LogNotForwarded(ILogger logger, string dossierId, string listId);
}

/// <summary>The integration event of a list (docs/events.md), written with the submission in one transaction.</summary>
internal static class NomineeListEvents
{
    /// <summary><c>vn.gov.noonelb.nominee-list.submitted</c>.</summary>
    public static IntegrationEvent Submitted(NomineeList list, NomineeListRule rule, NominatingBody body) =>
        IntegrationEvent.Create(IntegrationEventTypes.NomineeListSubmitted, "/bodies/" + body.Id + "/nominee-lists", list.Id.Value, list.SubmittedAt ?? list.UpdatedAt, new
        {
            listId = list.Id.Value,
            planId = list.Id.PlanId,
            stage = new { kind = DossierChecks.Word(list.Id.Stage.Kind), year = list.Id.Stage.Year },
            awardFormId = list.Id.AwardFormId,
            clause = rule.Clause,
            body = new { id = body.Id, name = body.Name, unitCode = body.UnitCode },
            to = rule.To,
            submittedAt = list.SubmittedAt,
            dossiers = list.Entries.Select(e => new
            {
                dossierId = e.DossierId, nominatingUnitCode = e.NominatingUnitCode, own = e.Own,
                nominee = new { kind = SubjectKinds.ToContract(e.NomineeKind), name = e.NomineeName },
            }),
            documents = list.Files.Where(f => f.State == FileState.Accepted).Select(f => new { componentId = f.ComponentId, fileName = f.OriginalName, sha256 = f.Sha256 }),
        });
}
