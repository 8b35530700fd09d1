using System.Runtime.InteropServices;
using NoOneLeftBehind.Domain.Units;

namespace NoOneLeftBehind.Domain.Statistics;

/// <summary>
/// Adds unit figures up the hierarchy, year by year, by adding counts (rates are derived from the
/// sums, never averaged). Two bases: the boundaries of each figure's own year, or the boundaries of
/// one chosen date (e.g. today's post-2025 units), where each earlier unit's figures go to its
/// main successor (rule in docs/statistics.md).
/// </summary>
/// <remarks>
/// Input figures are leaves: for a given year, no unit may be given together with one of its
/// ancestors or twice (that would count households twice); this is a programming error and throws.
/// </remarks>
public static class PovertyAggregation
{
    /// <summary>Aggregates each year in the boundaries that held on that year's reference date.</summary>
    /// <param name="figures">Leaf figures (e.g. every commune's review result).</param>
    /// <param name="registry">The unit registry.</param>
    /// <returns>The totals per unit, level and year, plus the national total.</returns>
    /// <exception cref="ArgumentException">A unit is given twice, or together with an ancestor, in the same year.</exception>
    public static PovertyAggregates ByHistoricalBoundaries(IEnumerable<UnitYearFigures> figures, UnitRegistry registry) =>
        Aggregate(figures, registry, boundaryDate: null);

    /// <summary>
    /// Aggregates every year in the boundaries that hold on <paramref name="boundaryDate"/>: each
    /// figure is assigned to the main successor of its unit on that date, then added up that date's hierarchy.
    /// </summary>
    /// <param name="boundaryDate">The date whose boundaries are used, e.g. 2025-07-01 or today.</param>
    /// <param name="figures">Leaf figures.</param>
    /// <param name="registry">The unit registry.</param>
    /// <returns>The totals, keyed by the units of <paramref name="boundaryDate"/>.</returns>
    /// <exception cref="ArgumentException">A unit is given twice, or together with an ancestor, in the same year.</exception>
    public static PovertyAggregates ByBoundariesOf(DateOnly boundaryDate, IEnumerable<UnitYearFigures> figures, UnitRegistry registry) =>
        Aggregate(figures, registry, boundaryDate);

    private static PovertyAggregates Aggregate(IEnumerable<UnitYearFigures> figures, UnitRegistry registry, DateOnly? boundaryDate)
    {
        ArgumentNullException.ThrowIfNull(figures);
        ArgumentNullException.ThrowIfNull(registry);
        // Placements are cached per unit version: the chain of codes above a version does not change
        // while it holds, so 10,000 communes × 11 years need about 10,000 look-ups, not 110,000.
        var chains = new Dictionary<AdministrativeUnit, Placement>(ReferenceEqualityComparer.Instance);
        var historicalChains = new Dictionary<AdministrativeUnit, UnitCode[]>(ReferenceEqualityComparer.Instance);
        var totals = new Dictionary<(int Year, UnitCode Code), Accumulator>();
        var national = new Dictionary<int, Accumulator>();
        var supplied = new HashSet<(int Year, UnitCode Code)>();
        var unplaced = new List<UnplacedFigure>();

        foreach (var figure in figures)
        {
            var date = ReviewCalendar.ReferenceDate(figure.Year);
            if (registry.Find(figure.Unit, date) is not { } unit)
            {
                unplaced.Add(new UnplacedFigure(figure, UnplacedReason.UnitNotValidInYear));
                continue;
            }

            if (!chains.TryGetValue(unit, out var placement))
                chains[unit] = placement = Place(unit, date, registry, boundaryDate);
            if (placement.Reason is { } reason)
            {
                unplaced.Add(new UnplacedFigure(figure, reason));
                continue;
            }

            if (boundaryDate is not null && !historicalChains.ContainsKey(unit))
                historicalChains[unit] = [.. registry.AncestorsOf(unit.Code, date).Select(a => a.Code)];

            if (!supplied.Add((figure.Year, figure.Unit)))
                throw new ArgumentException($"Unit {figure.Unit} is given twice for {figure.Year}.", nameof(figures));
            var chain = placement.Chain!;
            for (var i = 0; i < chain.Length; i++)
            {
                ref var acc = ref CollectionsMarshal.GetValueRefOrAddDefault(totals, (figure.Year, chain[i].Code), out _);
                acc.Add(figure.Counts, direct: i == 0 && boundaryDate is null);
                acc.Level = chain[i].Level;
            }

            ref var all = ref CollectionsMarshal.GetValueRefOrAddDefault(national, figure.Year, out _);
            all.Add(figure.Counts, direct: false);
        }

        if (boundaryDate is null)
        {
            foreach (var (key, acc) in totals)
            {
                if (acc.Direct > 0 && acc.Units > acc.Direct)
                    throw new ArgumentException($"Unit {key.Code} is given for {key.Year} together with units inside it.", nameof(figures));
            }
        }
        else
        {
            CheckNoAncestorGiven(supplied, historicalChains, registry, nameof(figures));
        }

        return new PovertyAggregates(boundaryDate, totals, national, unplaced);
    }

    private static void CheckNoAncestorGiven(
        HashSet<(int Year, UnitCode Code)> supplied, Dictionary<AdministrativeUnit, UnitCode[]> ancestors, UnitRegistry registry, string paramName)
    {
        foreach (var (year, code) in supplied)
        {
            var unit = registry.Find(code, ReviewCalendar.ReferenceDate(year))!;
            foreach (var ancestor in ancestors[unit])
            {
                if (supplied.Contains((year, ancestor)))
                    throw new ArgumentException($"Unit {ancestor} is given for {year} together with units inside it.", paramName);
            }
        }
    }

    private static Placement Place(AdministrativeUnit unit, DateOnly date, UnitRegistry registry, DateOnly? boundaryDate)
    {
        var target = unit;
        if (boundaryDate is { } boundary)
        {
            if (boundary < date && !unit.IsValidAt(boundary))
                return new Placement(null, UnplacedReason.BoundaryBeforeFigure);
            if (registry.MainSuccessorAt(unit, boundary) is not { } successor)
                return new Placement(null, UnplacedReason.NoSuccessor);
            target = successor;
            date = boundary;
        }

        var chain = new List<AdministrativeUnit> { target };
        chain.AddRange(registry.AncestorsOf(target.Code, date));
        return new Placement([.. chain], null);
    }

    private sealed record Placement(AdministrativeUnit[]? Chain, UnplacedReason? Reason);

    internal struct Accumulator
    {
        public long Households;
        public long Poor;
        public long NearPoor;
        public long MinorityHouseholds;
        public long MinorityPoor;
        public long MinorityNearPoor;
        public int Units;
        public int UnitsWithMinority;
        public int Direct;
        public UnitLevel Level;

        public void Add(HouseholdCounts counts, bool direct)
        {
            Households += counts.Households;
            Poor += counts.Poor;
            NearPoor += counts.NearPoor;
            if (counts.Minority is { } m)
            {
                MinorityHouseholds += m.Households;
                MinorityPoor += m.Poor;
                MinorityNearPoor += m.NearPoor;
                UnitsWithMinority++;
            }

            Units++;
            if (direct)
                Direct++;
        }

        public readonly HouseholdCounts ToCounts() => new(
            Households,
            Poor,
            NearPoor,
            UnitsWithMinority == Units ? new MinorityCounts(MinorityHouseholds, MinorityPoor, MinorityNearPoor) : null);
    }
}

/// <summary>Why a figure could not be placed in the requested boundaries.</summary>
public enum UnplacedReason
{
    /// <summary>No unit had the figure's code on its year's reference date.</summary>
    UnitNotValidInYear,

    /// <summary>The unit was abolished without successor before the boundary date (a pre-2025 district: give its communes).</summary>
    NoSuccessor,

    /// <summary>The boundary date is before the figure's year and the unit did not exist then (mapping goes forward only).</summary>
    BoundaryBeforeFigure,
}

/// <summary>A figure left out of the aggregates, and why.</summary>
/// <param name="Figure">The figure.</param>
/// <param name="Reason">Why it was left out.</param>
public sealed record UnplacedFigure(UnitYearFigures Figure, UnplacedReason Reason);

/// <summary>The total of one unit (or the nation) for one year.</summary>
/// <param name="Unit">The unit's code in the aggregation's boundaries; <see langword="null"/> for the national total.</param>
/// <param name="Level">The unit's level; <see langword="null"/> for the national total.</param>
/// <param name="Year">The review year.</param>
/// <param name="Counts">The summed counts. The minority part is present only when every contributing unit reported it.</param>
/// <param name="ContributingUnits">How many leaf figures were added (coverage, for the dashboards).</param>
/// <param name="ContributingUnitsWithMinority">How many of them reported the ethnic-minority part.</param>
public sealed record PovertyAggregate(
    UnitCode? Unit,
    UnitLevel? Level,
    int Year,
    HouseholdCounts Counts,
    int ContributingUnits,
    int ContributingUnitsWithMinority);

/// <summary>The result of an aggregation: totals per unit and year, national totals, and the figures that could not be placed.</summary>
public sealed class PovertyAggregates
{
    private readonly Dictionary<(int Year, UnitCode Code), PovertyAggregate> _totals;
    private readonly SortedDictionary<int, PovertyAggregate> _national;

    internal PovertyAggregates(
        DateOnly? boundaryDate,
        Dictionary<(int Year, UnitCode Code), PovertyAggregation.Accumulator> totals,
        Dictionary<int, PovertyAggregation.Accumulator> national,
        List<UnplacedFigure> unplaced)
    {
        BoundaryDate = boundaryDate;
        _totals = new Dictionary<(int, UnitCode), PovertyAggregate>(totals.Count);
        foreach (var ((year, code), acc) in totals)
            _totals[(year, code)] = new PovertyAggregate(code, acc.Level, year, acc.ToCounts(), acc.Units, acc.UnitsWithMinority);
        _national = new SortedDictionary<int, PovertyAggregate>();
        foreach (var (year, acc) in national)
            _national[year] = new PovertyAggregate(null, null, year, acc.ToCounts(), acc.Units, acc.UnitsWithMinority);
        Unplaced = unplaced;
    }

    /// <summary>The date whose boundaries were used; <see langword="null"/> for each year's own boundaries.</summary>
    public DateOnly? BoundaryDate { get; }

    /// <summary>The years with at least one placed figure, ascending.</summary>
    public IReadOnlyList<int> Years => [.. _national.Keys];

    /// <summary>Figures left out, with the reason.</summary>
    public IReadOnlyList<UnplacedFigure> Unplaced { get; }

    /// <summary>The total of <paramref name="unit"/> for <paramref name="year"/>.</summary>
    /// <param name="unit">The unit's code in the aggregation's boundaries.</param>
    /// <param name="year">The review year.</param>
    /// <returns>The total, or <see langword="null"/> when no figure fell inside the unit that year.</returns>
    public PovertyAggregate? Get(UnitCode unit, int year) => _totals.GetValueOrDefault((year, unit));

    /// <summary>The national total for <paramref name="year"/>.</summary>
    /// <param name="year">The review year.</param>
    /// <returns>The total, or <see langword="null"/> when there is no figure for that year.</returns>
    public PovertyAggregate? National(int year) => _national.GetValueOrDefault(year);

    /// <summary>The totals of every unit of <paramref name="level"/> for <paramref name="year"/>, ordered by code.</summary>
    /// <param name="year">The review year.</param>
    /// <param name="level">The level.</param>
    /// <returns>The totals.</returns>
    public IReadOnlyList<PovertyAggregate> ForYear(int year, UnitLevel level) =>
        [.. _totals.Values.Where(t => t.Year == year && t.Level == level).OrderBy(t => t.Unit)];

    /// <summary>The year-by-year series of <paramref name="unit"/>.</summary>
    /// <param name="unit">The unit's code.</param>
    /// <returns>The series (empty when the unit has no total).</returns>
    public PovertySeries SeriesOf(UnitCode unit) =>
        new(_national.Keys.Select(y => Get(unit, y)).OfType<PovertyAggregate>().Select(t => (t.Year, t.Counts)));

    /// <summary>The year-by-year national series.</summary>
    /// <returns>The series.</returns>
    public PovertySeries NationalSeries() => new(_national.Values.Select(t => (t.Year, t.Counts)));
}
