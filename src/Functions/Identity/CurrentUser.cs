using System.Security.Claims;
using NoOneLeftBehind.Domain.Identity;

namespace NoOneLeftBehind.Functions.Identity;

/// <summary>
/// The caller of the current request: who they are, their app roles and their unit scope, and
/// the questions features ask about it. Inject it into handlers (scoped). For endpoint-level
/// checks prefer <see cref="EndpointAuthorization.RequireRoles{TBuilder}"/> and
/// <see cref="EndpointAuthorization.RequireUnitScope{TBuilder}"/>; use this for filtering
/// lists and for decisions that depend on data only the handler has.
/// </summary>
public interface ICurrentUser
{
    /// <summary>True if the request carried a valid token.</summary>
    bool IsAuthenticated { get; }

    /// <summary>The caller's <c>tid</c> + <c>oid</c>, or null if anonymous.</summary>
    UserKey? Key { get; }

    /// <summary>The display name from the token, if any.</summary>
    string? Name { get; }

    /// <summary>The app roles from the token's <c>roles</c> claim (unknown values ignored).</summary>
    IReadOnlySet<AppRole> Roles { get; }

    /// <summary>The caller's unit scope, or null: without one they can do nothing but <c>GET /api/me</c>.</summary>
    UnitScopeAssignment? Scope { get; }

    /// <summary>True if the token carries <paramref name="role"/>.</summary>
    bool IsInRole(AppRole role);

    /// <summary>May the caller read things of <paramref name="unitCode"/> (any of their roles)?</summary>
    bool CanRead(string unitCode);

    /// <summary>
    /// May the caller change things of <paramref name="unitCode"/>? With <paramref name="asRoles"/>
    /// only those of the caller's roles count (a submitter-and-reviewer submitting acts as a submitter).
    /// </summary>
    bool CanAct(string unitCode, params AppRole[] asRoles);

    /// <summary>May the caller manage unit scopes for <paramref name="unitCode"/>?</summary>
    bool CanAdminister(string unitCode);

    /// <summary>The general question: is <paramref name="access"/> to <paramref name="unitCode"/> allowed by one of <paramref name="asRoles"/> (all the caller's roles if empty)?</summary>
    bool Can(UnitAccess access, string unitCode, IReadOnlyCollection<AppRole>? asRoles = null);

    /// <summary>What the caller may read, for building list queries.</summary>
    UnitScopeFilter ReadFilter { get; }

    /// <summary>Keeps only the items whose unit the caller may read.</summary>
    IEnumerable<T> WhereReadable<T>(IEnumerable<T> items, Func<T, string> unitOf);
}

/// <summary>How far a caller's read access reaches; lets list queries be narrowed before filtering.</summary>
public enum UnitScopeReach
{
    /// <summary>Nothing (no scope or no role that reads).</summary>
    None,

    /// <summary>Exactly <see cref="UnitScopeFilter.UnitCode"/> (submitters).</summary>
    Unit,

    /// <summary><see cref="UnitScopeFilter.UnitCode"/> and every unit below it.</summary>
    Subtree,

    /// <summary>Every unit (national scope with a role that reads a subtree).</summary>
    All,
}

/// <summary>The caller's read reach and a predicate that applies it exactly.</summary>
/// <param name="Reach">How far it reaches.</param>
/// <param name="UnitCode">The scope's unit code (null for <see cref="UnitScopeReach.None"/>).</param>
/// <param name="Matches">True for a unit code the caller may read.</param>
public sealed record UnitScopeFilter(UnitScopeReach Reach, string? UnitCode, Func<string, bool> Matches);

/// <summary>The unit scope loaded for the request's user when the token was validated.</summary>
internal sealed record UnitScopeFeature(UnitScopeAssignment? Scope);

internal sealed class CurrentUser(IHttpContextAccessor accessor, IUnitHierarchy hierarchy) : ICurrentUser
{
    private Snapshot? _snapshot;
    private ClaimsPrincipal? _snapshotOf;

    // Re-read if authentication replaced the principal after this service was first used.
    private Snapshot State
    {
        get
        {
            var principal = accessor.HttpContext?.User;
            if (_snapshot is null || !ReferenceEquals(principal, _snapshotOf))
            {
                _snapshot = Snapshot.From(accessor.HttpContext);
                _snapshotOf = principal;
            }
            return _snapshot;
        }
    }

    public bool IsAuthenticated => State.Key is not null;

    public UserKey? Key => State.Key;

    public string? Name => State.Name;

    public IReadOnlySet<AppRole> Roles => State.Roles;

    public UnitScopeAssignment? Scope => State.Scope;

    public bool IsInRole(AppRole role) => State.Roles.Contains(role);

    public bool CanRead(string unitCode) => Can(UnitAccess.Read, unitCode);

    public bool CanAct(string unitCode, params AppRole[] asRoles) => Can(UnitAccess.Act, unitCode, asRoles);

    public bool CanAdminister(string unitCode) => Can(UnitAccess.Administer, unitCode);

    public bool Can(UnitAccess access, string unitCode, IReadOnlyCollection<AppRole>? asRoles = null)
    {
        var roles = asRoles is { Count: > 0 } ? State.Roles.Where(asRoles.Contains) : State.Roles;
        return UnitAccessRules.Allows(roles, State.Scope?.UnitCode, access, unitCode, hierarchy);
    }

    public UnitScopeFilter ReadFilter
    {
        get
        {
            var scope = State.Scope?.UnitCode;
            if (scope is null) return new UnitScopeFilter(UnitScopeReach.None, null, _ => false);
            var subtree = State.Roles.Any(r => r is AppRole.Reviewer or AppRole.Leader or AppRole.Admin);
            var reach = subtree
                ? string.Equals(scope, ScopeUnitCodes.National, StringComparison.Ordinal) ? UnitScopeReach.All : UnitScopeReach.Subtree
                : State.Roles.Contains(AppRole.Submitter) ? UnitScopeReach.Unit : UnitScopeReach.None;
            return new UnitScopeFilter(reach, reach == UnitScopeReach.None ? null : scope, CanRead);
        }
    }

    public IEnumerable<T> WhereReadable<T>(IEnumerable<T> items, Func<T, string> unitOf)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(unitOf);
        var filter = ReadFilter;
        return filter.Reach == UnitScopeReach.None ? [] : items.Where(i => filter.Matches(unitOf(i)));
    }

    private sealed record Snapshot(UserKey? Key, string? Name, IReadOnlySet<AppRole> Roles, UnitScopeAssignment? Scope)
    {
        public static Snapshot From(HttpContext? http)
        {
            var user = http?.User;
            if (user?.Identity?.IsAuthenticated != true || !UserKey.TryCreate(user.FindFirstValue(IdentityClaims.TenantId), user.FindFirstValue(IdentityClaims.ObjectId), out var key))
                return new Snapshot(null, null, new HashSet<AppRole>(), null);
            var roles = new HashSet<AppRole>();
            foreach (var claim in user.FindAll(IdentityClaims.Roles))
            {
                if (AppRoles.TryParse(claim.Value, out var role)) roles.Add(role);
            }
            var name = user.FindFirstValue(IdentityClaims.Name) ?? user.FindFirstValue(IdentityClaims.PreferredUserName);
            return new Snapshot(key, name, roles, http!.Features.Get<UnitScopeFeature>()?.Scope);
        }
    }
}
