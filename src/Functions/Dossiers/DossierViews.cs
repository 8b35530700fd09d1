using System.Text.Json;
using System.Text.Json.Nodes;
using NoOneLeftBehind.Domain.Dossiers;
using NoOneLeftBehind.Domain.Plans;
using NoOneLeftBehind.Infrastructure.Dossiers;
using Dossier = NoOneLeftBehind.Domain.Dossiers.Dossier;

namespace NoOneLeftBehind.Functions.Dossiers;

/// <summary>What every dossier use case looks up: the dossier's plan and components, and the dossier as the API shows it.</summary>
internal sealed class DossierViews(PlanCatalogue catalogue, DossierRuleBook rules, NominatingBodies bodies, Microsoft.Extensions.Options.IOptions<DossierOptions> options)
{
    /// <summary>The plan the dossier names (a dossier outlives no plan of the catalogue).</summary>
    public Plan PlanOf(Dossier d) =>
        catalogue.TryGet(d.PlanId, out var plan) ? plan : throw new InvalidOperationException($"Dossier {d.Id} names plan {d.PlanId}, which the catalogue no longer has.");

    /// <summary>The components of the dossier: its route's (who sends it to whom, ADR 0008 §5), else its plan's.</summary>
    public async Task<IReadOnlyList<ComponentRule>> ComponentsOfAsync(Dossier d, CancellationToken ct) =>
        rules.ComponentsOf(PlanOf(d), d, await bodies.OfAsync(d, ct));

    /// <summary>The dossier with its ETag, route, components, deadline and allowed actions.</summary>
    public Task<IResult> ViewAsync(StoredDossier s, CancellationToken ct, int status = StatusCodes.Status200OK) => ViewAsync(s.Dossier, s.ETag, ct, status);

    /// <summary>The dossier with its ETag, route, components, deadline and allowed actions.</summary>
    public async Task<IResult> ViewAsync(Dossier d, string etag, CancellationToken ct, int status = StatusCodes.Status200OK)
    {
        var plan = PlanOf(d);
        var body = await bodies.OfAsync(d, ct);
        var node = JsonSerializer.SerializeToNode(d, DossierStorageNames.Json)!.AsObject();
        node["etag"] = etag;
        node["components"] = JsonSerializer.SerializeToNode(rules.ComponentsOf(plan, d, body).Select(c => new
        {
            c.Id, c.Text, c.Template, c.Required, c.Clause, c.Basis,
            accepted = d.Files.Count(f => f.ComponentId == c.Id && f.State == FileState.Accepted),
        }), DossierStorageNames.Json);
        var route = rules.RouteOf(plan, d, body);
        node["route"] = route is null ? null : JsonSerializer.SerializeToNode(RouteBody(route), DossierStorageNames.Json);
        var deadline = rules.SubmissionDeadline(plan, d, body);
        node["deadline"] = deadline is null ? null : JsonSerializer.SerializeToNode(DeadlineBody(deadline), DossierStorageNames.Json);
        // What the page checks before an upload (the server stays the authority): issue 17, item 8.
        var limits = options.Value.FileLimits;
        node["fileLimits"] = JsonSerializer.SerializeToNode(new { maxFileBytes = limits.MaxFileBytes, maxDossierBytes = limits.MaxDossierBytes, maxFiles = limits.MaxFiles }, DossierStorageNames.Json);
        node["allowedActions"] = new JsonArray([.. DossierWorkflow.From(d.Status).Select(a => (JsonNode)JsonValue.Create(DossierProblems.Word(a.Action))!)]);
        return new EtagResult(Results.Json(node, DossierStorageNames.Json, statusCode: status), etag);
    }

    /// <summary>A dossier's route as the API shows it (the saved dossier's view and <see cref="DossierRoutePreview"/>).</summary>
    public static object RouteBody(DossierRoute route) => new
    {
        route.Id, route.Clause, route.Text, to = route.To.Name, toRole = route.To.Role, listId = route.ListId, route.Own, basis = route.ComponentsBasis,
    };

    /// <summary>A dossier's deadline as the API shows it: the date (yyyy-MM-dd), its clause and text.</summary>
    public static object DeadlineBody(DossierDeadline deadline) =>
        new { date = deadline.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), deadline.Clause, deadline.Text };

    /// <summary>
    /// Whether lists show the dossier to the caller (the review queue, the nominee list). A dossier for an award form
    /// decided by the head of the nominating agency or locality (level <c>agency-head</c>: Giấy khen, Bắc Giang IV.2.b
    /// "Thủ trưởng các cơ quan, địa phương quyết định") goes to no provincial list: it is listed only to callers scoped to
    /// its own nominating unit and body (its submitters and the unit's own reviewers, who decide it), not to the
    /// province's or the nation's reviewers above. Opening it by id stays governed by the read scope (audit).
    /// </summary>
    public bool Listed(Identity.ICurrentUser user, Dossier d)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(d);
        if (!DossierRuleBook.DecidedByUnitHead(PlanOf(d), d.AwardFormId)) return true;
        return user.Scope is { } scope && scope.UnitCode == d.NominatingUnitCode.Value && scope.BodyId == d.NominatorBodyId;
    }

    /// <summary>"Huyện Chư Pưh (639)": the unit's latest name and its code.</summary>
    public static string UnitName(string code)
    {
        var versions = Domain.Units.UnitRegistry.Embedded.VersionsOf(Domain.Units.UnitCode.Parse(code));
        return versions.Count > 0 ? $"{versions[^1].FullName} ({code})" : code;
    }
}
