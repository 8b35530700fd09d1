using Microsoft.AspNetCore.Authorization;
using NoOneLeftBehind.Functions.Hosting;
using NoOneLeftBehind.Domain.Identity;

namespace NoOneLeftBehind.Functions.Identity;

/// <summary>
/// The one way endpoints declare who may call them. Chain on the endpoint where it is mapped:
/// <code>
/// group.MapGet("/dossiers/{unitCode}/{id}", Get)
///      .RequireRoles(AppRole.Submitter, AppRole.Reviewer, AppRole.Leader)
///      .RequireUnitScope(UnitAccess.Read, UnitFrom.Route("unitCode"));
/// </code>
/// Every endpoint without <c>AllowAnonymous</c> needs an authenticated caller anyway (fallback
/// policy): 401 without a valid token, 403 with one that lacks the role, the scope or the unit.
/// </summary>
public static class EndpointAuthorization
{
    /// <summary>
    /// The caller must hold one of <paramref name="roles"/> and have a unit scope. The roles also
    /// tell a later <see cref="RequireUnitScope{TBuilder}"/> which of the caller's roles count.
    /// </summary>
    public static TBuilder RequireRoles<TBuilder>(this TBuilder builder, params AppRole[] roles)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(roles);
        if (roles.Length == 0) throw new ArgumentException("Name at least one role.", nameof(roles));
        builder.WithMetadata(new RequiredAppRoles(roles));
        return builder.RequireAuthorization(policy => policy
            .RequireAuthenticatedUser()
            .AddRequirements(new AppRoleRequirement(roles), new UnitScopeAssignedRequirement()));
    }

    /// <summary>
    /// Object-level check: <paramref name="resolve"/> finds the unit(s) the request touches (from
    /// the route, the body or by loading the resource) and the caller must be allowed
    /// <paramref name="access"/> to each of them. If the unit cannot be resolved (unknown id,
    /// malformed input) the answer is 403 as well, so that guessing ids reveals nothing.
    /// </summary>
    public static TBuilder RequireUnitScope<TBuilder>(this TBuilder builder, UnitAccess access, UnitResolver resolve)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(resolve);
        return builder.RequireAuthorization(policy => policy
            .RequireAuthenticatedUser()
            .AddRequirements(new UnitScopeAssignedRequirement(), new UnitAccessRequirement(access, resolve)));
    }

    /// <summary>Only a signed-in caller, no role or scope (used by <c>GET /api/me</c>).</summary>
    public static TBuilder RequireSignedIn<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(policy => policy.RequireAuthenticatedUser());
}

/// <summary>Finds the unit(s) a request is about, for <see cref="EndpointAuthorization.RequireUnitScope{TBuilder}"/>.</summary>
public delegate ValueTask<UnitTarget> UnitResolver(HttpContext context);

/// <summary>The units a request touches, or <see cref="Unresolved"/>.</summary>
public sealed class UnitTarget
{
    private UnitTarget(IReadOnlyList<string>? units) => Units = units;

    /// <summary>The request's units could not be determined: access is denied.</summary>
    public static UnitTarget Unresolved { get; } = new(null);

    /// <summary>The unit codes (all must be allowed); null when unresolved.</summary>
    public IReadOnlyList<string>? Units { get; }

    /// <summary>The request touches these units; null entries are skipped (e.g. "no previous unit").</summary>
    public static UnitTarget Of(params string?[] unitCodes)
    {
        ArgumentNullException.ThrowIfNull(unitCodes);
        var units = unitCodes.Where(u => u is not null).Select(u => u!).ToArray();
        return units.Length == 0 ? Unresolved : new UnitTarget(units);
    }
}

/// <summary>Ready-made <see cref="UnitResolver"/>s.</summary>
public static class UnitFrom
{
    /// <summary>The route value <paramref name="name"/> (e.g. <c>{unitCode}</c>).</summary>
    public static UnitResolver Route(string name) => context =>
        ValueTask.FromResult(context.Request.RouteValues.TryGetValue(name, out var value) && value is string code && ScopeUnitCodes.IsValid(code)
            ? UnitTarget.Of(code)
            : UnitTarget.Unresolved);

    /// <summary>The query-string value <paramref name="name"/>.</summary>
    public static UnitResolver Query(string name) => context =>
    {
        var values = context.Request.Query[name];
        return ValueTask.FromResult(values.Count == 1 && ScopeUnitCodes.IsValid(values[0]) ? UnitTarget.Of(values[0]) : UnitTarget.Unresolved);
    };

    /// <summary>
    /// A unit named in the JSON body, read from the same <see cref="JsonBody{T}"/> instance the handler binds
    /// (one parse, one model): the check and the handler cannot see two different units. A body that does not
    /// bind, or names no valid unit, cannot be resolved (403).
    /// </summary>
    public static UnitResolver Body<T>(Func<T, string?> unitCode) where T : class
    {
        ArgumentNullException.ThrowIfNull(unitCode);
        return context =>
        {
            var (body, _) = RequestJson.Read<T>(context);
            return ValueTask.FromResult(body is not null && unitCode(body) is { } code && ScopeUnitCodes.IsValid(code) ? UnitTarget.Of(code) : UnitTarget.Unresolved);
        };
    }

    /// <summary>A resolver of your own, e.g. loading a dossier by id and returning its unit.</summary>
    public static UnitResolver Resolve(Func<HttpContext, ValueTask<UnitTarget>> resolve) => new(resolve);

}

/// <summary>Endpoint metadata: the roles named by <see cref="EndpointAuthorization.RequireRoles{TBuilder}"/>.</summary>
/// <param name="Roles">Those roles.</param>
public sealed record RequiredAppRoles(IReadOnlyList<AppRole> Roles);

internal sealed record AppRoleRequirement(IReadOnlyList<AppRole> Roles) : IAuthorizationRequirement;

internal sealed record UnitScopeAssignedRequirement : IAuthorizationRequirement;

internal sealed record UnitAccessRequirement(UnitAccess Access, UnitResolver Resolve) : IAuthorizationRequirement;

/// <summary>Evaluates the three requirements against <see cref="ICurrentUser"/>.</summary>
internal sealed class IdentityAuthorizationHandler : IAuthorizationHandler
{
    public async Task HandleAsync(AuthorizationHandlerContext context)
    {
        if (context.Resource is not HttpContext http) return;
        var user = http.RequestServices.GetRequiredService<ICurrentUser>();
        if (!user.IsAuthenticated) return;
        foreach (var requirement in context.PendingRequirements.ToList())
        {
            var met = requirement switch
            {
                AppRoleRequirement roles => roles.Roles.Any(user.IsInRole),
                UnitScopeAssignedRequirement => user.Scope is not null,
                UnitAccessRequirement access => await IsAllowedAsync(http, user, access),
                _ => false,
            };
            if (met) context.Succeed(requirement);
        }
    }

    private static async ValueTask<bool> IsAllowedAsync(HttpContext http, ICurrentUser user, UnitAccessRequirement requirement)
    {
        if (user.Scope is null) return false;
        var asRoles = http.GetEndpoint()?.Metadata.GetMetadata<RequiredAppRoles>()?.Roles;
        var target = await requirement.Resolve(http);
        return target.Units is { Count: > 0 } units && units.All(u => user.Can(requirement.Access, u, asRoles));
    }
}
