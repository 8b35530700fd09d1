using Azure.Data.Tables;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NoOneLeftBehind.Domain.Bodies;
using NoOneLeftBehind.Domain.Identity;
using NoOneLeftBehind.Domain.Units;
using NoOneLeftBehind.Functions.Hosting;
using NoOneLeftBehind.Functions.Identity;
using NoOneLeftBehind.Infrastructure.Bodies;

namespace NoOneLeftBehind.Functions.Bodies;

/// <summary>
/// Nominating-body administration (ADR 0008), for <c>Admin</c>s within their unit scope's subtree:
/// <c>GET|POST /api/admin/bodies</c>, <c>GET|PUT|DELETE /api/admin/bodies/{id}</c>,
/// <c>GET /api/admin/bodies/{id}/audit</c>. Every change is audited (who, when, before → after).
/// A body outside the admin's scope answers 403; a body as entered with problems answers 400 naming each field.
/// </summary>
internal static class NominatingBodyEndpoints
{
    private const string BodyRoute = "/{id}";

    public static IServiceCollection AddNominatingBodies(this IServiceCollection services)
    {
        services.TryAddSingleton<INominatingBodyStore>(sp => new TableNominatingBodyStore(sp.GetRequiredService<TableServiceClient>()));
        return services;
    }

    public static IEndpointRouteBuilder MapNominatingBodies(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin/bodies").WithTags("Bodies");
        group.MapGet("", List).RequireRoles(AppRole.Admin).WithName("bodies:list");
        group.MapPost("", Create).RequireRoles(AppRole.Admin).WithName("bodies:create");
        group.MapGet(BodyRoute, Get).RequireRoles(AppRole.Admin).WithName("bodies:get");
        group.MapPut(BodyRoute, Update).RequireRoles(AppRole.Admin).WithName("bodies:update");
        group.MapDelete(BodyRoute, Delete).RequireRoles(AppRole.Admin).WithName("bodies:delete");
        group.MapGet(BodyRoute + "/audit", Audit).RequireRoles(AppRole.Admin).WithName("bodies:audit");
        return app;
    }

    /// <summary>The registered bodies the admin may manage, optionally of one unit (<c>?unitCode=</c>), by unit then id.</summary>
    private static async Task<IResult> List(string? unitCode, [FromServices] INominatingBodyStore store, ICurrentUser admin, CancellationToken ct)
    {
        var all = await store.ListAsync(ct);
        return Results.Ok(all
            .Where(b => admin.CanAdminister(b.UnitCode) && (unitCode is null || string.Equals(b.UnitCode, unitCode, StringComparison.Ordinal)))
            .OrderBy(b => b.UnitCode, StringComparer.Ordinal).ThenBy(b => b.Id, StringComparer.Ordinal)
            .Select(BodyResponse.From));
    }

    private static async Task<IResult> Get(string id, [FromServices] INominatingBodyStore store, ICurrentUser admin, CancellationToken ct)
    {
        if (NominatingBody.ImplicitUnitOf(id) is { } unit)
            return admin.CanAdminister(unit) ? Results.Ok(BodyResponse.From(NominatingBody.PeoplesCommittee(unit))) : ApiProblem.Forbidden();
        var body = await store.FindAsync(id, ct);
        if (body is null) return NoBody();
        return admin.CanAdminister(body.UnitCode) ? Results.Ok(BodyResponse.From(body)) : ApiProblem.Forbidden();
    }

    private static async Task<IResult> Create(
        JsonBody<BodyRequest> request, [FromServices] INominatingBodyStore store, ICurrentUser admin, TimeProvider time, CancellationToken ct)
    {
        var body = request.Value.ToBody(request.Value.Id);
        if (Invalid(body) is { } invalid) return invalid;
        if (!admin.CanAdminister(body.UnitCode)) return ApiProblem.Forbidden(OutsideScope(body.UnitCode));
        if (!await store.CreateAsync(body, Actor(admin), time.GetUtcNow(), ct))
            return ApiProblem.Create(StatusCodes.Status409Conflict, "body-exists", new("Mã cơ quan đã có", "Body id taken"),
                new($"Đã có cơ quan mã '{body.Id}'; chọn mã khác hoặc sửa cơ quan đó.", $"A body with id '{body.Id}' exists; choose another id or update that body."));
        return Results.Created($"/api/admin/bodies/{body.Id}", BodyResponse.From(body));
    }

    private static async Task<IResult> Update(
        string id, JsonBody<BodyRequest> request, [FromServices] INominatingBodyStore store, ICurrentUser admin, TimeProvider time, CancellationToken ct)
    {
        if (request.Value.Id is { } bodyId && !string.Equals(bodyId, id, StringComparison.Ordinal))
            return ApiProblem.InvalidField("id", "id-mismatch", $"Mã trong nội dung ('{bodyId}') khác mã trên đường dẫn ('{id}'); mã cơ quan không đổi được.",
                $"The id in the body ('{bodyId}') differs from the path's ('{id}'); a body's id cannot change.");
        var body = request.Value.ToBody(id);
        if (Invalid(body) is { } invalid) return invalid;
        var current = await store.FindAsync(id, ct);
        if (current is null) return NoBody();
        // Both the unit it leaves and the unit it moves to must be the admin's to manage.
        if (!admin.CanAdminister(current.UnitCode)) return ApiProblem.Forbidden(OutsideScope(current.UnitCode));
        if (!admin.CanAdminister(body.UnitCode)) return ApiProblem.Forbidden(OutsideScope(body.UnitCode));
        return await store.UpdateAsync(body, Actor(admin), time.GetUtcNow(), ct) is null ? NoBody() : Results.Ok(BodyResponse.From(body));
    }

    private static async Task<IResult> Delete(string id, [FromServices] INominatingBodyStore store, ICurrentUser admin, TimeProvider time, CancellationToken ct)
    {
        if (NominatingBody.ImplicitUnitOf(id) is not null) return ReservedId();
        var current = await store.FindAsync(id, ct);
        if (current is null) return NoBody();
        if (!admin.CanAdminister(current.UnitCode)) return ApiProblem.Forbidden(OutsideScope(current.UnitCode));
        return await store.DeleteAsync(id, Actor(admin), time.GetUtcNow(), ct) is null ? NoBody() : Results.NoContent();
    }

    /// <summary>The audit of a body, newest first; readable by an admin of its current unit or, once deleted, of its last unit.</summary>
    private static async Task<IResult> Audit(string id, [FromServices] INominatingBodyStore store, ICurrentUser admin, CancellationToken ct)
    {
        var entries = await store.GetAuditAsync(id, ct);
        if (entries.Count == 0) return NoBody();
        var last = entries[0].After ?? entries[0].Before!;
        if (!admin.CanAdminister(last.UnitCode)) return ApiProblem.Forbidden(OutsideScope(last.UnitCode));
        return Results.Ok(entries.Select(e => new BodyAuditResponse(
            e.At, e.Actor, e.Action, e.Before is null ? null : BodyResponse.From(e.Before), e.After is null ? null : BodyResponse.From(e.After))));
    }

    /// <summary>True when the unit registry has <paramref name="code"/> (any version).</summary>
    internal static bool UnitExists(string code) =>
        UnitCode.TryParse(code, out var unit) && UnitRegistry.Embedded.VersionsOf(unit).Count > 0;

    private static IResult? Invalid(NominatingBody body)
    {
        var problems = BodyValidation.Check(body, UnitExists);
        return problems.Count == 0
            ? null
            : ApiProblem.Invalid("invalid-request", ApiProblem.InvalidRequestTitle, problems.Select(p => new ProblemItem(p.Code, p.Vi, p.En) { Field = p.Field }));
    }

    private static IResult ReservedId() => ApiProblem.InvalidField("id", "reserved-id",
        "Mã 'ubnd:…' là UBND của đơn vị hành chính, có sẵn, không xoá được.", "Ids 'ubnd:…' are the implicit people's committees of units; they cannot be deleted.");

    private static Bilingual OutsideScope(string unitCode) => new(
        $"Đơn vị {unitCode} nằm ngoài phạm vi quản trị của bạn.", $"Unit {unitCode} is outside your administration scope.");

    private static IResult NoBody() => ApiProblem.NotFound(new("cơ quan đề nghị này", "nominating body"));

    private static string Actor(ICurrentUser admin) =>
        admin.Name is { Length: > 0 } name ? $"{admin.Key!.Value.Value} ({name})" : admin.Key!.Value.Value;
}

internal sealed record BodyRequest(string? Id, string? Name, string? Kind, string? UnitCode, IReadOnlyList<string>? Roles)
{
    public NominatingBody ToBody(string? id) => new(id ?? "", Name?.Trim() ?? "", Kind ?? "", UnitCode ?? "", Roles ?? []);
}

internal sealed record BodyResponse(string Id, string Name, string Kind, string UnitCode, IReadOnlyList<string> Roles, bool Implicit)
{
    public static BodyResponse From(NominatingBody b) => new(b.Id, b.Name, b.Kind, b.UnitCode, b.Roles, b.IsImplicit);
}

internal sealed record BodyAuditResponse(DateTimeOffset At, string Actor, string Action, BodyResponse? Before, BodyResponse? After);
