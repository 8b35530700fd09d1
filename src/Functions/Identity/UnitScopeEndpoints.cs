using Microsoft.AspNetCore.Mvc;
using NoOneLeftBehind.Functions.Hosting;
using NoOneLeftBehind.Domain.Bodies;
using NoOneLeftBehind.Domain.Identity;

namespace NoOneLeftBehind.Functions.Identity;

/// <summary>
/// Unit-scope administration, for <c>Admin</c>s within their own scope's subtree:
/// <c>GET /api/admin/unit-scopes</c>, <c>GET|PUT|DELETE /api/admin/unit-scopes/{tenantId}/{objectId}</c>,
/// <c>GET /api/admin/unit-scopes/{tenantId}/{objectId}/audit</c>. Every change is audited.
/// </summary>
internal static class UnitScopeEndpoints
{
    private const string UserRoute = "/{tenantId:guid}/{objectId:guid}";

    public static IEndpointRouteBuilder MapUnitScopes(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin/unit-scopes").WithTags("Identity");

        group.MapGet("", List)
            .RequireRoles(AppRole.Admin).WithName("unit-scopes:list");
        group.MapGet(UserRoute, Get)
            .RequireRoles(AppRole.Admin)
            .RequireUnitScope(UnitAccess.Administer, CurrentUnit).WithName("unit-scopes:get");
        group.MapPut(UserRoute, Assign)
            .RequireRoles(AppRole.Admin)
            // Both the new unit and the one the user leaves must be the admin's to manage.
            .RequireUnitScope(UnitAccess.Administer, NewAndCurrentUnit).WithName("unit-scopes:assign");
        group.MapDelete(UserRoute, Revoke)
            .RequireRoles(AppRole.Admin)
            .RequireUnitScope(UnitAccess.Administer, CurrentUnit).WithName("unit-scopes:revoke");
        group.MapGet(UserRoute + "/audit", Audit)
            .RequireRoles(AppRole.Admin)
            .RequireUnitScope(UnitAccess.Administer, CurrentOrLastUnit).WithName("unit-scopes:audit");
        return app;
    }

    private static async Task<IResult> List([FromServices] IUnitScopeStore store, ICurrentUser admin, CancellationToken ct)
    {
        var all = await store.ListAsync(ct);
        return Results.Ok(all.Where(a => admin.CanAdminister(a.UnitCode)).OrderBy(a => a.UnitCode, StringComparer.Ordinal).Select(ScopeResponse.From));
    }

    private static async Task<IResult> Get(Guid tenantId, Guid objectId, [FromServices] IUnitScopeStore store, CancellationToken ct) =>
        await store.FindAsync(new UserKey(tenantId, objectId), ct) is { } scope ? Results.Ok(ScopeResponse.From(scope)) : NoScope();

    private static async Task<IResult> Assign(
        Guid tenantId, Guid objectId, JsonBody<AssignScopeRequest> body, [FromServices] IUnitScopeStore store, [FromServices] INominatingBodyStore bodies,
        UnitScopeCache cache, ICurrentUser admin, TimeProvider time, CancellationToken ct)
    {
        // The policy has already checked the unit code of this same instance (an invalid one cannot be resolved: 403).
        var request = body.Value;
        var user = new UserKey(tenantId, objectId);
        var displayName = string.IsNullOrWhiteSpace(request.DisplayName) ? null : request.DisplayName.Trim();
        if (displayName is { Length: > 200 })
            return ApiProblem.InvalidField("displayName", "too-long", "Tên hiển thị tối đa 200 ký tự.", "displayName: at most 200 characters.");
        var bodyId = string.IsNullOrWhiteSpace(request.BodyId) ? null : request.BodyId.Trim();
        if (bodyId is not null && await BodyOfUnitAsync(bodies, bodyId, request.UnitCode!, ct) is { } wrongBody) return wrongBody;
        var assignment = new UnitScopeAssignment(user, request.UnitCode!, displayName, Actor(admin), time.GetUtcNow()) { BodyId = bodyId };
        await store.AssignAsync(assignment, ct);
        cache.Invalidate(user);
        return Results.Ok(ScopeResponse.From(assignment));
    }

    /// <summary>Null when <paramref name="bodyId"/> is a body of <paramref name="unitCode"/> (registered, or its people's committee); else the 400 naming <c>bodyId</c>.</summary>
    private static async Task<IResult?> BodyOfUnitAsync(INominatingBodyStore bodies, string bodyId, string unitCode, CancellationToken ct)
    {
        if (NominatingBody.ImplicitUnitOf(bodyId) is { } implicitUnit)
            return string.Equals(implicitUnit, unitCode, StringComparison.Ordinal) ? null : NotOfUnit(bodyId, unitCode);
        var body = await bodies.FindAsync(bodyId, ct);
        if (body is null)
            return ApiProblem.InvalidField("bodyId", "unknown-body", $"Không có cơ quan đề nghị mã '{bodyId}'.", $"No nominating body has id '{bodyId}'.");
        return string.Equals(body.UnitCode, unitCode, StringComparison.Ordinal) ? null : NotOfUnit(bodyId, unitCode);
    }

    private static IResult NotOfUnit(string bodyId, string unitCode) => ApiProblem.InvalidField("bodyId", "body-not-of-unit",
        $"Cơ quan '{bodyId}' không thuộc đơn vị {unitCode} được phân quyền.", $"Body '{bodyId}' does not belong to the assigned unit {unitCode}.");

    private static async Task<IResult> Revoke(
        Guid tenantId, Guid objectId, [FromServices] IUnitScopeStore store, UnitScopeCache cache, ICurrentUser admin, TimeProvider time, CancellationToken ct)
    {
        var user = new UserKey(tenantId, objectId);
        var revoked = await store.RevokeAsync(user, Actor(admin), time.GetUtcNow(), ct);
        cache.Invalidate(user);
        return revoked is null ? NoScope() : Results.NoContent();
    }

    private static async Task<IResult> Audit(Guid tenantId, Guid objectId, [FromServices] IUnitScopeStore store, CancellationToken ct)
    {
        var entries = await store.GetAuditAsync(new UserKey(tenantId, objectId), ct);
        return Results.Ok(entries.Select(e => new AuditResponse(e.At, e.Actor, e.Action, e.Before, e.After, e.BeforeBody, e.AfterBody)));
    }

    /// <summary><c>{tid}_{oid} (name)</c>: the stable key first, the name for humans.</summary>
    private static IResult NoScope() => ApiProblem.NotFound(new("phạm vi đơn vị của người dùng này", "unit scope for this user"));

    private static string Actor(ICurrentUser admin) =>
        admin.Name is { Length: > 0 } name ? $"{admin.Key!.Value.Value} ({name})" : admin.Key!.Value.Value;

    private static UserKey? RouteUser(HttpContext context) =>
        Guid.TryParse(context.Request.RouteValues["tenantId"] as string, out var tid) && Guid.TryParse(context.Request.RouteValues["objectId"] as string, out var oid)
            ? new UserKey(tid, oid)
            : null;

    private static async ValueTask<UnitTarget> CurrentUnit(HttpContext context) =>
        RouteUser(context) is { } user && await Store(context).FindAsync(user, context.RequestAborted) is { } scope
            ? UnitTarget.Of(scope.UnitCode)
            : UnitTarget.Unresolved;

    private static async ValueTask<UnitTarget> NewAndCurrentUnit(HttpContext context)
    {
        var requested = await UnitFrom.Body<AssignScopeRequest>(r => r.UnitCode)(context);
        if (requested.Units is null || RouteUser(context) is not { } user) return UnitTarget.Unresolved;
        var current = await Store(context).FindAsync(user, context.RequestAborted);
        return UnitTarget.Of(requested.Units[0], current?.UnitCode);
    }

    private static async ValueTask<UnitTarget> CurrentOrLastUnit(HttpContext context)
    {
        if (RouteUser(context) is not { } user) return UnitTarget.Unresolved;
        var store = Store(context);
        if (await store.FindAsync(user, context.RequestAborted) is { } scope) return UnitTarget.Of(scope.UnitCode);
        var audit = await store.GetAuditAsync(user, context.RequestAborted);
        var last = audit.Count > 0 ? audit[0] : null;
        return UnitTarget.Of(last?.Before, last?.After);
    }

    private static IUnitScopeStore Store(HttpContext context) => context.RequestServices.GetRequiredService<IUnitScopeStore>();
}

internal sealed record AssignScopeRequest(string? UnitCode, string? DisplayName, string? BodyId = null);

internal sealed record ScopeResponse(Guid TenantId, Guid ObjectId, string UnitCode, string? DisplayName, string AssignedBy, DateTimeOffset AssignedAt, string? BodyId)
{
    public static ScopeResponse From(UnitScopeAssignment a) =>
        new(a.User.TenantId, a.User.ObjectId, a.UnitCode, a.DisplayName, a.AssignedBy, a.AssignedAt, a.BodyId);
}

internal sealed record AuditResponse(DateTimeOffset At, string Actor, string Action, string? Before, string? After, string? BeforeBody, string? AfterBody);
