using System.Collections.Concurrent;
using NoOneLeftBehind.Domain.Units;

namespace NoOneLeftBehind.Domain.Identity;

/// <summary>
/// <see cref="IUnitHierarchy"/> over the dated unit registry (ADR 0010). A unit is within an ancestor if
/// <list type="bullet">
/// <item>it is so today;</item>
/// <item>or it was so on the last day of one of its versions: a scope on Gia Lai (64), assigned before the
/// reform, still covers the former district Chư Pưh (639) for the 2021–2025 plans;</item>
/// <item>or one of its ended versions lies <b>wholly</b> within the ancestor today: every unit that covers that version's
/// territory today (its successors, and for a unit abolished without successor, such as the districts on
/// 01/07/2025, its children's) lies within the ancestor. A scope on the new Gia Lai (52) covers the former district
/// Chư Pưh (639) and the old Gia Lai (64) itself, whose authorities it took over; a commune split between two new
/// communes is covered by neither of them alone.</item>
/// </list>
/// A scope on a pre-reform unit does not reach post-reform units; assign the new code for work on the new units.
/// </summary>
/// <param name="registry">The registry.</param>
/// <param name="time">The clock (today's date in Vietnam).</param>
public sealed class RegistryUnitHierarchy(UnitRegistry registry, TimeProvider time) : IUnitHierarchy
{
    private readonly CurrentUnitHierarchy _today = new(registry, time);

    // Today's units covering an ended version, computed once per day (the registry is immutable; only "today" moves).
    private volatile DayCache _covering = new(DateOnly.MinValue);

    /// <inheritdoc />
    public bool IsWithin(string unitCode, string ancestorCode)
    {
        if (!UnitCode.TryParse(unitCode, out var unit) || !UnitCode.TryParse(ancestorCode, out var ancestor)) return false;
        if (unit == ancestor || _today.IsWithin(unitCode, ancestorCode)) return true;
        var versions = registry.VersionsOf(unit);
        foreach (var version in versions)
        {
            if (version.ValidTo is { } end && registry.IsWithin(unit, ancestor, end.AddDays(-1))) return true;
        }
        foreach (var version in versions)
        {
            if (version.ValidTo is null) continue;
            var covering = CoveringToday(version);
            if (covering.Length > 0 && Array.TrueForAll(covering, c => _today.IsWithin(c, ancestorCode))) return true;
        }
        return false;
    }

    private string[] CoveringToday(AdministrativeUnit version)
    {
        var today = _today.Today;
        var cache = _covering;
        if (cache.Day != today) _covering = cache = new DayCache(today);
        return cache.Units.GetOrAdd(version, v => [.. Covering(v, today).Select(u => u.Code.ToString()).Distinct(StringComparer.Ordinal)]);
    }

    private IEnumerable<AdministrativeUnit> Covering(AdministrativeUnit version, DateOnly today)
    {
        var forward = registry.MapForward(version, today);
        if (forward.Count > 0) return forward.Select(m => m.Unit);
        if (version.ValidTo is not { } end) return [];
        // Abolished without successor (the districts on 01/07/2025): its territory is its children's on its last day.
        // A unit that ended with neither successor nor children covers nothing: empty, so nothing is within by this rule.
        var children = registry.ChildrenOf(version.Code, end.AddDays(-1));
        var result = new List<AdministrativeUnit>();
        foreach (var child in children)
        {
            var covering = Covering(child, today).ToList();
            if (covering.Count == 0) return [];
            result.AddRange(covering);
        }
        return result;
    }

    private sealed class DayCache(DateOnly day)
    {
        public DateOnly Day { get; } = day;

        public ConcurrentDictionary<AdministrativeUnit, string[]> Units { get; } = new();
    }
}
