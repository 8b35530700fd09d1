namespace NoOneLeftBehind.Domain.Identity;

/// <summary>
/// Unit codes as a unit scope uses them: the official codes of the General Statistics Office
/// (province 2 digits, district 3, commune 5) plus <see cref="National"/> for the whole country.
/// </summary>
public static class ScopeUnitCodes
{
    /// <summary>The scope of national bodies: every unit of the country.</summary>
    public const string National = "VN";

    /// <summary>True for <see cref="National"/> or a 2-, 3- or 5-digit official code.</summary>
    public static bool IsValid(string? unitCode)
    {
        if (unitCode is null) return false;
        if (string.Equals(unitCode, National, StringComparison.Ordinal)) return true;
        if (unitCode.Length is not (2 or 3 or 5)) return false;
        foreach (var c in unitCode)
        {
            if (c is < '0' or > '9') return false;
        }
        return true;
    }
}
