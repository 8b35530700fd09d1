using System.Collections.Concurrent;
using NoOneLeftBehind.Domain.Statistics;
using NoOneLeftBehind.Domain.Units;

namespace NoOneLeftBehind.Infrastructure.Statistics;

/// <summary>
/// The questions storage and projections ask the unit registry, cached: the province of a figure in
/// its own year, the post-reform province an old province went into, the parent of a unit in a basis.
/// </summary>
public sealed class UnitGeography(UnitRegistry registry)
{
    /// <summary>The date of "today's boundaries" for the second projection basis: the 1 July 2025 reform.</summary>
    public static readonly DateOnly ReformDate = new(2025, 7, 1);

    private readonly ConcurrentDictionary<(UnitCode, int), string> _provinceOf = new();
    private readonly Lazy<(Dictionary<string, HashSet<string>> NewOf, Dictionary<string, HashSet<string>> OldOf)> _reform = new(() => BuildReformMap(registry));

    /// <summary>The registry.</summary>
    public UnitRegistry Registry => registry;

    /// <summary>The province code of <paramref name="unit"/> on the reference date of <paramref name="year"/> (the unit itself for a province).</summary>
    public string ProvinceOf(UnitCode unit, int year) => _provinceOf.GetOrAdd((unit, year), key =>
    {
        var date = ReviewCalendar.ReferenceDate(key.Item2);
        var ancestors = registry.AncestorsOf(key.Item1, date);
        return ancestors.Count > 0 ? ancestors[^1].Code.Value : key.Item1.Value;
    });

    /// <summary>True when a year's figures are already in the post-reform units.</summary>
    public static bool IsPostReform(int year) => ReviewCalendar.ReferenceDate(year) >= ReformDate;

    /// <summary>
    /// The source keys whose figures are needed to recompute every projection touched by <paramref name="keys"/>:
    /// in "2025" boundaries a new province's year needs every old province that went into it.
    /// </summary>
    public IReadOnlySet<Storage.SourceKey> Expand(IEnumerable<Storage.SourceKey> keys)
    {
        var result = new HashSet<Storage.SourceKey>();
        var (newOf, oldOf) = _reform.Value;
        foreach (var key in keys)
        {
            result.Add(key);
            if (IsPostReform(key.Year) || !newOf.TryGetValue(key.Province, out var newProvinces)) continue;
            foreach (var p in newProvinces)
            {
                foreach (var old in oldOf[p]) result.Add(new Storage.SourceKey(key.Year, old));
            }
        }
        return result;
    }

    /// <summary>The parent's code of <paramref name="unit"/> on <paramref name="date"/>, or <c>VN</c> for a province.</summary>
    public string ParentOf(UnitCode unit, DateOnly date) =>
        registry.Find(unit, date)?.ParentCode?.Value ?? ProjectionKeys.National;

    private static (Dictionary<string, HashSet<string>>, Dictionary<string, HashSet<string>>) BuildReformMap(UnitRegistry registry)
    {
        var before = ReformDate.AddDays(-1);
        var newOf = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var oldOf = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var commune in registry.UnitsAt(before, UnitLevel.Commune))
        {
            var oldAncestors = registry.AncestorsOf(commune.Code, before);
            if (oldAncestors.Count == 0 || registry.MainSuccessorAt(commune, ReformDate) is not { } successor) continue;
            var newAncestors = registry.AncestorsOf(successor.Code, ReformDate);
            var oldProvince = oldAncestors[^1].Code.Value;
            var newProvince = newAncestors.Count > 0 ? newAncestors[^1].Code.Value : successor.Code.Value;
            (newOf.TryGetValue(oldProvince, out var n) ? n : newOf[oldProvince] = new HashSet<string>(StringComparer.Ordinal)).Add(newProvince);
            (oldOf.TryGetValue(newProvince, out var o) ? o : oldOf[newProvince] = new HashSet<string>(StringComparer.Ordinal)).Add(oldProvince);
        }
        return (newOf, oldOf);
    }
}
