namespace NoOneLeftBehind.Domain.Identity;

/// <summary>
/// The application roles defined on the API's app registration in Microsoft Entra ID and carried
/// in the access token's <c>roles</c> claim. The claim values are exactly these names.
/// </summary>
public enum AppRole
{
    /// <summary>Prepares and submits dossiers for exactly the unit in their scope.</summary>
    Submitter,

    /// <summary>Reviews dossiers of the units in their scope's subtree.</summary>
    Reviewer,

    /// <summary>Reads dashboards and dossiers of the units in their scope's subtree; never changes anything.</summary>
    Leader,

    /// <summary>Manages users' unit scopes within their own scope's subtree.</summary>
    Admin,
}

/// <summary>Conversions between <see cref="AppRole"/> and the token's <c>roles</c> claim values.</summary>
public static class AppRoles
{
    /// <summary>Every role, in declaration order.</summary>
    public static IReadOnlyList<AppRole> All { get; } = [AppRole.Submitter, AppRole.Reviewer, AppRole.Leader, AppRole.Admin];

    /// <summary>The claim value of <paramref name="role"/>.</summary>
    public static string ClaimValue(this AppRole role) => role switch
    {
        AppRole.Submitter => "Submitter",
        AppRole.Reviewer => "Reviewer",
        AppRole.Leader => "Leader",
        AppRole.Admin => "Admin",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown role."),
    };

    /// <summary>
    /// Reads a <c>roles</c> claim value. Matching is exact (ordinal): Entra ID emits the value as
    /// defined on the app registration, and anything else is not one of our roles.
    /// </summary>
    public static bool TryParse(string? claimValue, out AppRole role)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.ClaimValue(), claimValue, StringComparison.Ordinal))
            {
                role = candidate;
                return true;
            }
        }
        role = default;
        return false;
    }
}
