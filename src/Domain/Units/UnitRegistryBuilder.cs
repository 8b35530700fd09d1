namespace NoOneLeftBehind.Domain.Units;

/// <summary>
/// Collects unit versions and succession links, then builds an immutable <see cref="UnitRegistry"/>.
/// Adding is idempotent: a version or link equal to one already added is ignored, so the same data
/// can be loaded twice (or from overlapping sources) with the same result. A version that
/// contradicts one already added (same code, overlapping period, different content) is refused.
/// </summary>
public sealed class UnitRegistryBuilder
{
    private readonly Dictionary<UnitCode, List<AdministrativeUnit>> _versions = [];
    private readonly Dictionary<(DateOnly Effective, UnitCode Old, UnitCode New), (SuccessionShare Share, bool Main)> _links = [];

    /// <summary>Adds a unit version; an equal version already present is ignored.</summary>
    /// <param name="unit">The version.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="InvalidOperationException">Another version of the code overlaps it with different content.</exception>
    public UnitRegistryBuilder Add(AdministrativeUnit unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        if (!_versions.TryGetValue(unit.Code, out var list))
            _versions[unit.Code] = list = [];
        foreach (var existing in list)
        {
            if (existing.Equals(unit))
                return this;
            if (existing.Overlaps(unit))
                throw new InvalidOperationException($"Unit versions overlap: {existing} and {unit}.");
        }

        list.Add(unit);
        return this;
    }

    /// <summary>Adds a predecessor → successor link; an equal link already present is ignored.</summary>
    /// <param name="effective">First day of the successor's version (the predecessor holds until the day before).</param>
    /// <param name="predecessor">The code of the predecessor, as it was the day before <paramref name="effective"/>.</param>
    /// <param name="successor">The code of the successor, as it is on <paramref name="effective"/>.</param>
    /// <param name="share">Whether all or part of the predecessor went into the successor.</param>
    /// <param name="isMainSuccessor">Whether figures of the predecessor are assigned to this successor.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="InvalidOperationException">The same link was added before with a different share or main flag.</exception>
    public UnitRegistryBuilder AddSuccession(DateOnly effective, UnitCode predecessor, UnitCode successor, SuccessionShare share, bool isMainSuccessor)
    {
        var key = (effective, predecessor, successor);
        if (_links.TryGetValue(key, out var existing))
        {
            if (existing != (share, isMainSuccessor))
                throw new InvalidOperationException($"Succession {predecessor} → {successor} on {effective:O} added twice with different content.");
            return this;
        }

        _links[key] = (share, isMainSuccessor);
        return this;
    }

    /// <summary>Checks the collected data and builds the registry.</summary>
    /// <returns>The registry.</returns>
    /// <exception cref="InvalidOperationException">
    /// A parent is missing or at the wrong level, a link names a version that does not exist, or a
    /// predecessor does not have exactly one main successor.
    /// </exception>
    public UnitRegistry Build()
    {
        var versions = _versions.ToDictionary(
            pair => pair.Key,
            pair => pair.Value.OrderBy(v => v.ValidFrom ?? DateOnly.MinValue).ToArray());
        AdministrativeUnit? Find(UnitCode code, DateOnly date) =>
            versions.TryGetValue(code, out var list) ? Array.Find(list, v => v.IsValidAt(date)) : null;

        foreach (var unit in versions.Values.SelectMany(v => v))
        {
            if (unit.ParentCode is not { } parentCode)
                continue;
            var date = unit.ValidFrom ?? unit.ValidTo?.AddDays(-1) ?? DateOnly.FromDayNumber(0);
            var parent = Find(parentCode, date)
                ?? throw new InvalidOperationException($"{unit}: parent {parentCode} does not exist on {date:O}.");
            if (parent.Level >= unit.Level)
                throw new InvalidOperationException($"{unit}: parent {parent} is not at a higher level.");
        }

        var links = new List<UnitSuccession>(_links.Count);
        foreach (var ((effective, oldCode, newCode), (share, main)) in _links)
        {
            var predecessor = Find(oldCode, effective.AddDays(-1))
                ?? throw new InvalidOperationException($"Succession on {effective:O}: no unit {oldCode} the day before.");
            var successor = Find(newCode, effective)
                ?? throw new InvalidOperationException($"Succession on {effective:O}: no unit {newCode} on that day.");
            if (predecessor.ValidTo != effective || successor.ValidFrom != effective)
                throw new InvalidOperationException($"Succession {predecessor} → {successor}: the versions do not meet on {effective:O}.");
            links.Add(new UnitSuccession(predecessor, successor, effective, share, main));
        }

        foreach (var group in links.GroupBy(l => l.Predecessor))
        {
            var mains = group.Count(l => l.IsMainSuccessor);
            if (mains != 1)
                throw new InvalidOperationException($"{group.Key} has {mains} main successors; exactly one is required.");
        }

        return new UnitRegistry(versions, links);
    }
}
