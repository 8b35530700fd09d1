namespace NoOneLeftBehind.Domain.Identity;

/// <summary>What a caller wants to do with something that belongs to a unit.</summary>
public enum UnitAccess
{
    /// <summary>See it (dossiers, figures, dashboards).</summary>
    Read,

    /// <summary>Change it: a submitter for their own unit, a reviewer within their subtree. Leaders never act.</summary>
    Act,

    /// <summary>Manage users' unit scopes for it: admins within their subtree.</summary>
    Administer,
}

/// <summary>
/// The rules that join app roles and a unit scope. Pure: the caller supplies the roles, the scope
/// and the hierarchy. Who may do what:
/// <list type="table">
/// <listheader><term>Role</term><description>Read / Act / Administer</description></listheader>
/// <item><term>Submitter</term><description>own unit only / own unit only / —</description></item>
/// <item><term>Reviewer</term><description>subtree / subtree / —</description></item>
/// <item><term>Leader</term><description>subtree / — / —</description></item>
/// <item><term>Admin</term><description>subtree / — / subtree</description></item>
/// </list>
/// No scope means no access at all, whatever the roles.
/// </summary>
public static class UnitAccessRules
{
    /// <summary>
    /// True if one of <paramref name="roles"/> allows <paramref name="access"/> to
    /// <paramref name="unitCode"/> under <paramref name="scope"/>.
    /// </summary>
    public static bool Allows(IEnumerable<AppRole> roles, string? scope, UnitAccess access, string unitCode, IUnitHierarchy hierarchy)
    {
        ArgumentNullException.ThrowIfNull(roles);
        ArgumentNullException.ThrowIfNull(hierarchy);
        if (scope is null || !ScopeUnitCodes.IsValid(unitCode)) return false;
        foreach (var role in roles)
        {
            if (Allows(role, scope, access, unitCode, hierarchy)) return true;
        }
        return false;
    }

    /// <summary>True if <paramref name="role"/> alone allows the access.</summary>
    public static bool Allows(AppRole role, string scope, UnitAccess access, string unitCode, IUnitHierarchy hierarchy)
    {
        ArgumentNullException.ThrowIfNull(hierarchy);
        return (role, access) switch
        {
            (AppRole.Submitter, UnitAccess.Read or UnitAccess.Act) => string.Equals(unitCode, scope, StringComparison.Ordinal),
            (AppRole.Reviewer, UnitAccess.Read or UnitAccess.Act) => InSubtree(unitCode, scope, hierarchy),
            (AppRole.Leader, UnitAccess.Read) => InSubtree(unitCode, scope, hierarchy),
            (AppRole.Admin, UnitAccess.Read or UnitAccess.Administer) => InSubtree(unitCode, scope, hierarchy),
            _ => false,
        };
    }

    // National scope is decided here, so a hierarchy only has to know real units.
    private static bool InSubtree(string unitCode, string scope, IUnitHierarchy hierarchy) =>
        string.Equals(scope, ScopeUnitCodes.National, StringComparison.Ordinal)
            ? ScopeUnitCodes.IsValid(unitCode)
            : string.Equals(unitCode, scope, StringComparison.Ordinal) || hierarchy.IsWithin(unitCode, scope);
}
