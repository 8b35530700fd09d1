using System.Diagnostics.CodeAnalysis;

namespace NoOneLeftBehind.Domain.Units;

/// <summary>
/// The administrative units of Vietnam as dated versions, with their hierarchy and the
/// predecessor → successor links of reorganisations. Immutable and safe to share between threads.
/// Every query takes the reference date of what is being looked at: a figure, a dossier and a
/// criterion bind to the unit as it was on that date.
/// </summary>
public sealed class UnitRegistry : IDatedUnitHierarchy
{
    private static readonly Lazy<UnitRegistry> EmbeddedRegistry = new(UnitRegistryData.LoadEmbedded);

    private readonly Dictionary<UnitCode, AdministrativeUnit[]> _versions;
    private readonly Dictionary<UnitCode, AdministrativeUnit[]> _childrenByParentCode;
    private readonly Dictionary<AdministrativeUnit, UnitSuccession[]> _successors;
    private readonly Dictionary<AdministrativeUnit, UnitSuccession[]> _predecessors;

    internal UnitRegistry(Dictionary<UnitCode, AdministrativeUnit[]> versions, IReadOnlyCollection<UnitSuccession> successions)
    {
        _versions = versions;
        _childrenByParentCode = versions.Values
            .SelectMany(v => v)
            .Where(v => v.ParentCode is not null)
            .GroupBy(v => v.ParentCode!.Value)
            .ToDictionary(g => g.Key, g => g.OrderBy(v => v.Code).ToArray());
        _successors = successions
            .GroupBy(s => s.Predecessor)
            .ToDictionary(g => g.Key, g => g.OrderBy(s => s.Successor.Code).ToArray());
        _predecessors = successions
            .GroupBy(s => s.Successor)
            .ToDictionary(g => g.Key, g => g.OrderBy(s => s.Predecessor.Code).ToArray());
        Successions = successions;
    }

    /// <summary>
    /// The registry seeded from the reference data embedded in this assembly: the 63 provinces,
    /// 696 districts and 10,035 communes before 01/07/2025, the 34 provinces and 3,321 communes
    /// from then on, the old → new links, and the kind changes of 30/04/2026. Loaded once.
    /// </summary>
    public static UnitRegistry Embedded => EmbeddedRegistry.Value;

    /// <summary>The number of unit versions.</summary>
    public int VersionCount => _versions.Values.Sum(v => v.Length);

    /// <summary>All predecessor → successor links.</summary>
    public IReadOnlyCollection<UnitSuccession> Successions { get; }

    /// <summary>The version of <paramref name="code"/> that holds on <paramref name="date"/>.</summary>
    /// <param name="code">The code.</param>
    /// <param name="date">The reference date.</param>
    /// <returns>The version, or <see langword="null"/> when no unit had that code on that date.</returns>
    public AdministrativeUnit? Find(UnitCode code, DateOnly date)
    {
        if (!_versions.TryGetValue(code, out var list))
            return null;
        foreach (var version in list)
        {
            if (version.IsValidAt(date))
                return version;
        }

        return null;
    }

    /// <summary>Looks up the version of <paramref name="code"/> that holds on <paramref name="date"/>.</summary>
    /// <param name="code">The code.</param>
    /// <param name="date">The reference date.</param>
    /// <param name="unit">The version when found.</param>
    /// <returns><see langword="true"/> when a unit had that code on that date.</returns>
    public bool TryFind(UnitCode code, DateOnly date, [NotNullWhen(true)] out AdministrativeUnit? unit)
    {
        unit = Find(code, date);
        return unit is not null;
    }

    /// <summary>Every version that ever had <paramref name="code"/>, oldest first (empty when the code is unknown).</summary>
    /// <param name="code">The code.</param>
    /// <returns>The versions.</returns>
    public IReadOnlyList<AdministrativeUnit> VersionsOf(UnitCode code) =>
        _versions.TryGetValue(code, out var list) ? list : [];

    /// <summary>The units of <paramref name="level"/> that exist on <paramref name="date"/>, ordered by code.</summary>
    /// <param name="date">The reference date.</param>
    /// <param name="level">The level.</param>
    /// <returns>The units.</returns>
    public IReadOnlyList<AdministrativeUnit> UnitsAt(DateOnly date, UnitLevel level) =>
        _versions.Values
            .SelectMany(v => v)
            .Where(v => v.Level == level && v.IsValidAt(date))
            .OrderBy(v => v.Code)
            .ToArray();

    /// <summary>The direct children of the unit <paramref name="parent"/> on <paramref name="date"/>, ordered by code.</summary>
    /// <param name="parent">The parent's code.</param>
    /// <param name="date">The reference date.</param>
    /// <returns>The children; empty when the parent did not exist or had none.</returns>
    public IReadOnlyList<AdministrativeUnit> ChildrenOf(UnitCode parent, DateOnly date)
    {
        if (Find(parent, date) is null || !_childrenByParentCode.TryGetValue(parent, out var children))
            return [];
        return Array.FindAll(children, c => c.IsValidAt(date));
    }

    /// <summary>The parent of <paramref name="unit"/> as it was on <paramref name="date"/>.</summary>
    /// <param name="unit">A unit version that holds on <paramref name="date"/>.</param>
    /// <param name="date">The reference date.</param>
    /// <returns>The parent version, or <see langword="null"/> for a province.</returns>
    public AdministrativeUnit? ParentOf(AdministrativeUnit unit, DateOnly date)
    {
        ArgumentNullException.ThrowIfNull(unit);
        return unit.ParentCode is { } parent ? Find(parent, date) : null;
    }

    /// <summary>The ancestors of the unit on <paramref name="date"/>, nearest first, ending with its province.</summary>
    /// <param name="code">The unit's code.</param>
    /// <param name="date">The reference date.</param>
    /// <returns>The ancestors; empty for a province or an unknown unit.</returns>
    public IReadOnlyList<AdministrativeUnit> AncestorsOf(UnitCode code, DateOnly date)
    {
        var result = new List<AdministrativeUnit>(3);
        var current = Find(code, date);
        while (current is not null)
        {
            current = ParentOf(current, date);
            if (current is not null)
                result.Add(current);
        }

        return result;
    }

    /// <summary>
    /// Whether <paramref name="unitCode"/> lies in the subtree of <paramref name="ancestorCode"/> on
    /// <paramref name="date"/>. A unit lies within itself. Unknown units lie within nothing.
    /// </summary>
    /// <param name="unitCode">The unit.</param>
    /// <param name="ancestorCode">The root of the subtree.</param>
    /// <param name="date">The reference date.</param>
    /// <returns><see langword="true"/> when the unit is the ancestor or one of its descendants on that date.</returns>
    public bool IsWithin(UnitCode unitCode, UnitCode ancestorCode, DateOnly date)
    {
        var current = Find(unitCode, date);
        while (current is not null)
        {
            if (current.Code == ancestorCode)
                return true;
            current = ParentOf(current, date);
        }

        return false;
    }

    /// <inheritdoc/>
    public bool IsWithin(string unitCode, string ancestorCode, DateOnly referenceDate) =>
        UnitCode.TryParse(unitCode, out var unit)
        && UnitCode.TryParse(ancestorCode, out var ancestor)
        && IsWithin(unit, ancestor, referenceDate);

    /// <summary>The links from <paramref name="unit"/> to the versions that replaced it (empty if none).</summary>
    /// <param name="unit">A unit version.</param>
    /// <returns>The links, ordered by successor code.</returns>
    public IReadOnlyList<UnitSuccession> SuccessorsOf(AdministrativeUnit unit) =>
        _successors.TryGetValue(unit, out var links) ? links : [];

    /// <summary>The links into <paramref name="unit"/> from the versions it replaced (empty if none).</summary>
    /// <param name="unit">A unit version.</param>
    /// <returns>The links, ordered by predecessor code.</returns>
    public IReadOnlyList<UnitSuccession> PredecessorsOf(AdministrativeUnit unit) =>
        _predecessors.TryGetValue(unit, out var links) ? links : [];

    /// <summary>
    /// Maps the unit <paramref name="code"/> as it was on <paramref name="from"/> to the unit(s) that
    /// cover its territory on <paramref name="to"/>, following successions (e.g. a pre-reform commune
    /// or province to its post-reform unit(s)). A unit that still holds maps to itself.
    /// </summary>
    /// <param name="code">The code of the earlier unit.</param>
    /// <param name="from">The date on which the code is read.</param>
    /// <param name="to">The later date (not before <paramref name="from"/>).</param>
    /// <returns>
    /// The later units with share flags; exactly one is flagged as the main successor when the list is
    /// not empty. Empty when the unit is unknown on <paramref name="from"/> or was abolished without
    /// successor (the districts on 01/07/2025: map their communes instead).
    /// </returns>
    public IReadOnlyList<UnitMapping> MapForward(UnitCode code, DateOnly from, DateOnly to)
    {
        if (to < from)
            throw new ArgumentOutOfRangeException(nameof(to), to, "Mapping goes forward in time only.");
        return Find(code, from) is { } unit ? MapForward(unit, to) : [];
    }

    /// <summary>Maps a unit version to the unit(s) that cover its territory on <paramref name="to"/>.</summary>
    /// <param name="unit">The earlier unit version.</param>
    /// <param name="to">The later date.</param>
    /// <returns>See <see cref="MapForward(UnitCode, DateOnly, DateOnly)"/>.</returns>
    public IReadOnlyList<UnitMapping> MapForward(AdministrativeUnit unit, DateOnly to)
    {
        ArgumentNullException.ThrowIfNull(unit);
        if (unit.IsValidAt(to))
            return [new UnitMapping(unit, SuccessionShare.Full, true)];
        var merged = new Dictionary<AdministrativeUnit, UnitMapping>();
        foreach (var link in SuccessorsOf(unit))
        {
            if (link.Effective > to)
                continue;
            foreach (var later in MapForward(link.Successor, to))
            {
                var share = link.Share == SuccessionShare.Full && later.Share == SuccessionShare.Full
                    ? SuccessionShare.Full
                    : SuccessionShare.Partial;
                var mapping = new UnitMapping(later.Unit, share, link.IsMainSuccessor && later.IsMainSuccessor);
                merged[later.Unit] = merged.TryGetValue(later.Unit, out var seen)
                    ? new UnitMapping(later.Unit, seen.Share == SuccessionShare.Full ? SuccessionShare.Full : share, seen.IsMainSuccessor || mapping.IsMainSuccessor)
                    : mapping;
            }
        }

        return [.. merged.Values.OrderBy(m => m.Unit.Code)];
    }

    /// <summary>The unit that figures of <paramref name="unit"/> are assigned to on <paramref name="to"/> (the main successor, transitively).</summary>
    /// <param name="unit">The earlier unit version.</param>
    /// <param name="to">The later date.</param>
    /// <returns>The unit, or <see langword="null"/> when it was abolished without successor.</returns>
    public AdministrativeUnit? MainSuccessorAt(AdministrativeUnit unit, DateOnly to)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var current = unit;
        while (!current.IsValidAt(to))
        {
            UnitSuccession? main = null;
            foreach (var link in SuccessorsOf(current))
            {
                if (link.IsMainSuccessor && link.Effective <= to)
                    main = link;
            }

            if (main is null)
                return null;
            current = main.Successor;
        }

        return current;
    }
}
