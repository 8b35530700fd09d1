namespace NoOneLeftBehind.Domain.Identity;

/// <summary>
/// Port: the parent links between administrative units that a subtree scope needs. Codes do not
/// encode their parent (commune 23971 does not say it lies in district 639), so the relation
/// comes from the unit registry (src/Domain/Units): an adapter over its dated hierarchy read at
/// today's date (its <c>CurrentUnitHierarchy.IsWithin(string, string)</c>) implements this port.
/// </summary>
/// <remarks>
/// Kept to one question on purpose. Implementations must be fast (called for each authorised
/// request and each row of a filtered list) and answer false for codes they do not know.
/// </remarks>
public interface IUnitHierarchy
{
    /// <summary>
    /// True if <paramref name="unitCode"/> is <paramref name="ancestorCode"/> itself or lies
    /// anywhere below it (commune → district → province). Callers never pass
    /// <see cref="ScopeUnitCodes.National"/> (<see cref="UnitAccessRules"/> decides it), but an
    /// implementation may answer it too.
    /// </summary>
    bool IsWithin(string unitCode, string ancestorCode);
}

/// <summary>
/// An <see cref="IUnitHierarchy"/> over a map child → parent held in memory, for tests, the
/// development issuer's demo units and until the unit registry provides the real one.
/// </summary>
public sealed class InMemoryUnitHierarchy : IUnitHierarchy
{
    private readonly Dictionary<string, string> _parentOf;

    /// <summary>Creates the hierarchy from child → parent pairs (province codes have no entry).</summary>
    public InMemoryUnitHierarchy(IEnumerable<KeyValuePair<string, string>> parentOf)
    {
        ArgumentNullException.ThrowIfNull(parentOf);
        _parentOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (child, parent) in parentOf)
        {
            if (!ScopeUnitCodes.IsValid(child) || !ScopeUnitCodes.IsValid(parent))
                throw new ArgumentException($"Invalid unit code in the pair {child} → {parent}.", nameof(parentOf));
            _parentOf[child] = parent;
        }
    }

    /// <inheritdoc />
    public bool IsWithin(string unitCode, string ancestorCode)
    {
        if (unitCode is null || ancestorCode is null) return false;
        if (string.Equals(ancestorCode, ScopeUnitCodes.National, StringComparison.Ordinal)) return ScopeUnitCodes.IsValid(unitCode);
        var current = unitCode;
        // Three levels at most; the bound also stops a cyclic map.
        for (var depth = 0; depth < 4; depth++)
        {
            if (string.Equals(current, ancestorCode, StringComparison.Ordinal)) return true;
            if (!_parentOf.TryGetValue(current, out var parent)) return false;
            current = parent;
        }
        return false;
    }
}
