using NoOneLeftBehind.Domain.Units;

namespace NoOneLeftBehind.Domain.Statistics.Generation;

/// <summary>
/// Generates plausible review results for every inhabited leaf unit of the registry (communes, and
/// districts without communes) for a range of years: deterministic from a seed, consistent by
/// construction (poor + near-poor ≤ households, minority parts inside the totals; higher levels
/// are sums of the leaves), anchored to <see cref="GeneratorSettings"/>, with mountainous and
/// ethnic-minority areas poorer and wards less poor than rural communes. Years up to 2024 are
/// generated in the pre-reform communes, 2025 and later in the post-reform ones, each new
/// commune inheriting the traits of its predecessors.
/// </summary>
/// <remarks>For test data and demonstrations only: nothing here is an official figure.</remarks>
/// <param name="registry">The unit registry.</param>
/// <param name="settings">What to reproduce; <see cref="GeneratorSettings.Default"/> when null.</param>
public sealed class PovertyFigureGenerator(UnitRegistry registry, GeneratorSettings? settings = null)
{
    private const double MaxPoorRate = 0.70;
    private const double MaxPoorAndNearPoorRate = 0.90;
    private const double MinorityPoorRisk = 3.0;
    private const double MinorityNearPoorRisk = 1.8;

    private readonly GeneratorSettings _settings = settings ?? GeneratorSettings.Default;

    /// <summary>Generates figures for every year from <paramref name="fromYear"/> to <paramref name="toYear"/>.</summary>
    /// <param name="fromYear">The first year (≥ 2015 with the default settings).</param>
    /// <param name="toYear">The last year.</param>
    /// <param name="seed">The seed: the same seed gives the same figures.</param>
    /// <returns>One figure per leaf unit and year, ordered by year then code.</returns>
    /// <exception cref="ArgumentException">A year has no national rate in the settings.</exception>
    public IReadOnlyList<UnitYearFigures> Generate(int fromYear, int toYear, ulong seed)
    {
        for (var year = fromYear; year <= toYear; year++)
        {
            if (!_settings.NationalPoorRate.ContainsKey(year) || !_settings.NationalNearPoorRate.ContainsKey(year))
                throw new ArgumentException($"The settings have no national rate for {year}.", nameof(toYear));
        }

        var result = new List<UnitYearFigures>();
        Cohort? cohort = null;
        for (var year = fromYear; year <= toYear; year++)
        {
            var date = ReviewCalendar.ReferenceDate(year);
            if (cohort is null || !cohort.Leaves[0].Unit.IsValidAt(date))
                cohort = cohort is null ? NewCohort(date, year, seed) : Succeed(cohort, date, year, seed);
            GenerateYear(cohort, year, seed, result);
        }

        return result;
    }

    private Cohort NewCohort(DateOnly date, int year, ulong seed)
    {
        var leaves = Leaves(date).Select(unit => NewLeaf(unit, date, seed)).ToArray();
        var cohort = new Cohort(leaves, year);
        var provinces = leaves.Select(l => l.Province).Distinct().ToArray();
        foreach (var province in provinces)
        {
            var rng = new Noise(seed, province.Code.Value, 1);
            var (factor, _) = RegionTraits(province.Code);
            cohort.PoorMultiplier[province.Code] = factor * Math.Exp(0.25 * rng.Normal(0));
            cohort.NearPoorMultiplier[province.Code] = Math.Pow(factor, 0.5) * Math.Exp(0.2 * rng.Normal(1));
        }

        // Households: scale to the national total of 2022 and to the anchors that give households.
        var years = 2022 - year;
        var national = leaves.Sum(l => l.Households * Math.Pow(1 + l.Growth, years));
        var scale = _settings.NationalHouseholds2022 / national;
        foreach (var leaf in leaves)
            leaf.Households *= scale;
        foreach (var anchor in _settings.Anchors.Where(a => a.Households is not null))
        {
            if (!AppliesAt(anchor, date))
                continue;
            var members = leaves.Where(l => l.Province.Code == anchor.Province).ToArray();
            var total = members.Sum(l => l.Households * Math.Pow(1 + l.Growth, anchor.Year - year));
            if (total > 0 && members.Length > 0 && !cohort.HouseholdAnchored.Contains(anchor.Province))
            {
                foreach (var leaf in members)
                    leaf.Households *= anchor.Households!.Value / total;
                cohort.HouseholdAnchored.Add(anchor.Province);
            }
        }

        return cohort;
    }

    private Leaf NewLeaf(AdministrativeUnit unit, DateOnly date, ulong seed)
    {
        var province = ProvinceOf(unit, date);
        var rng = new Noise(seed, unit.Code.Value, 2);
        var (_, provinceMinority) = RegionTraits(province.Code);
        var (baseHouseholds, kindFactor, growth) = unit.Kind switch
        {
            UnitKind.Ward => (3200.0, 0.35, 0.022),
            UnitKind.Township => (2600.0, 0.7, 0.017),
            UnitKind.SpecialZone => (1500.0, 0.8, 0.015),
            UnitKind.Commune => (1900.0, 1.25, 0.011),
            _ => (1200.0, 0.8, 0.012), // districts without communes (islands)
        };
        var minority = Math.Clamp(provinceMinority * Math.Exp(0.9 * rng.Normal(0)), 0, 0.98);
        var poverty = kindFactor * Math.Exp(0.45 * rng.Normal(1)) * (1 + (2.0 * (minority - provinceMinority)));
        return new Leaf(unit, province)
        {
            Households = baseHouseholds * Math.Exp(0.45 * rng.Normal(2)),
            Growth = growth + (0.004 * rng.Normal(3)),
            Minority = minority,
            Poverty = Math.Max(0.08, poverty),
        };
    }

    private Cohort Succeed(Cohort previous, DateOnly date, int year, ulong seed)
    {
        var before = previous.Leaves.ToDictionary(l => l.Unit);
        var leaves = new List<Leaf>();
        foreach (var unit in Leaves(date))
        {
            var province = ProvinceOf(unit, date);
            var leaf = new Leaf(unit, province);
            double households = 0, minority = 0, poverty = 0, growth = 0;
            foreach (var link in registry.PredecessorsOf(unit))
            {
                if (!before.TryGetValue(link.Predecessor, out var old))
                    continue;
                var share = 1.0 / registry.SuccessorsOf(link.Predecessor).Count;
                var h = old.Households * Math.Pow(1 + old.Growth, year - previous.FirstYear) * share;
                households += h;
                minority += old.Minority * h;
                poverty += old.Poverty * h;
                growth += old.Growth * h;
            }

            if (households <= 0)
            {
                leaves.Add(NewLeaf(unit, date, seed));
                continue;
            }

            leaf.Households = households;
            leaf.Minority = minority / households;
            leaf.Poverty = poverty / households;
            leaf.Growth = growth / households;
            leaves.Add(leaf);
        }

        var cohort = new Cohort([.. leaves], year);
        foreach (var group in leaves.GroupBy(l => l.Province.Code))
        {
            // A new province carries the household-weighted traits of the old provinces it took over.
            var old = group.SelectMany(l => registry.PredecessorsOf(l.Unit))
                .Where(link => before.ContainsKey(link.Predecessor))
                .Select(link => before[link.Predecessor])
                .ToArray();
            var weight = old.Sum(o => o.Households);
            cohort.PoorMultiplier[group.Key] = weight > 0 ? old.Sum(o => o.Households * previous.PoorMultiplier[o.Province.Code]) / weight : 1;
            cohort.NearPoorMultiplier[group.Key] = weight > 0 ? old.Sum(o => o.Households * previous.NearPoorMultiplier[o.Province.Code]) / weight : 1;
        }

        return cohort;
    }

    private void GenerateYear(Cohort cohort, int year, ulong seed, List<UnitYearFigures> output)
    {
        var leaves = cohort.Leaves;
        var households = new long[leaves.Length];
        var poorRate = new double[leaves.Length];
        var nearRate = new double[leaves.Length];
        for (var i = 0; i < leaves.Length; i++)
        {
            var leaf = leaves[i];
            households[i] = Math.Max(1, (long)Math.Round(leaf.Households * Math.Pow(1 + leaf.Growth, year - cohort.FirstYear)));
        }

        var byProvince = Enumerable.Range(0, leaves.Length).GroupBy(i => leaves[i].Province.Code).ToArray();
        var anchors = _settings.Anchors.Where(a => AppliesAt(a, ReviewCalendar.ReferenceDate(year))).ToArray();
        var nationalPoor = (double)_settings.NationalPoorRate[year] / 100;
        var nationalNear = (double)_settings.NationalNearPoorRate[year] / 100;
        var totalHouseholds = households.Sum();

        var provinceRates = new Dictionary<UnitCode, (double Poor, double Near, bool Anchored)>();
        foreach (var group in byProvince)
        {
            var (poor, near) = AnchoredRates(group.Key, year, anchors, nationalPoor, nationalNear);
            provinceRates[group.Key] = poor is not null
                ? (poor.Value, near ?? nationalNear * cohort.NearPoorMultiplier[group.Key], true)
                : (nationalPoor * cohort.PoorMultiplier[group.Key], nationalNear * cohort.NearPoorMultiplier[group.Key], false);
        }

        // Scale the provinces without anchors so that the nation hits its rate, taking the caps into
        // account: a few passes are enough for the scale to settle.
        double poorScale = 1, nearScale = 1;
        for (var pass = 0; pass < 4; pass++)
        {
            FillRates(byProvince, leaves, households, provinceRates, poorScale, nearScale, poorRate, nearRate, year, seed);
            double poorSum = 0, nearSum = 0, freePoor = 0, freeNear = 0;
            for (var i = 0; i < leaves.Length; i++)
            {
                var p = households[i] * poorRate[i];
                var n = households[i] * nearRate[i];
                poorSum += p;
                nearSum += n;
                if (!provinceRates[leaves[i].Province.Code].Anchored)
                {
                    freePoor += p;
                    freeNear += n;
                }
            }

            poorScale *= freePoor > 0 ? Math.Max(0.1, 1 + (((nationalPoor * totalHouseholds) - poorSum) / freePoor)) : 1;
            nearScale *= freeNear > 0 ? Math.Max(0.1, 1 + (((nationalNear * totalHouseholds) - nearSum) / freeNear)) : 1;
        }

        FillRates(byProvince, leaves, households, provinceRates, poorScale, nearScale, poorRate, nearRate, year, seed);
        var start = output.Count;
        for (var i = 0; i < leaves.Length; i++)
            output.Add(Split(leaves[i], year, households[i], poorRate[i], nearRate[i]));
        output.Sort(start, output.Count - start, Comparer<UnitYearFigures>.Create((a, b) => a.Unit.CompareTo(b.Unit)));
    }

    private static void FillRates(
        IGrouping<UnitCode, int>[] byProvince, Leaf[] leaves, long[] households,
        Dictionary<UnitCode, (double Poor, double Near, bool Anchored)> provinceRates,
        double poorScale, double nearScale, double[] poorRate, double[] nearRate, int year, ulong seed)
    {
        foreach (var group in byProvince)
        {
            var (poor, near, anchored) = provinceRates[group.Key];
            if (!anchored)
            {
                poor *= poorScale;
                near *= nearScale;
            }

            double weighted = 0, weight = 0;
            foreach (var i in group)
            {
                weighted += households[i] * YearFactor(leaves[i], year, seed);
                weight += households[i];
            }

            var mean = weighted / weight;
            foreach (var i in group)
            {
                var factor = YearFactor(leaves[i], year, seed) / mean;
                poorRate[i] = Math.Min(MaxPoorRate, poor * factor);
                nearRate[i] = Math.Min(MaxPoorAndNearPoorRate - poorRate[i], near * Math.Sqrt(factor));
            }
        }
    }

    private static double YearFactor(Leaf leaf, int year, ulong seed) =>
        leaf.Poverty * Math.Exp(0.08 * new Noise(seed, leaf.Unit.Code.Value, 1000 + (ulong)year).Normal(0));

    private (double? Poor, double? Near) AnchoredRates(UnitCode province, int year, ProvinceAnchor[] anchors, double nationalPoor, double nationalNear)
    {
        var own = anchors.Where(a => a.Province == province).OrderBy(a => a.Year).ToArray();
        if (own.Length == 0)
            return (null, null);
        if (own.FirstOrDefault(a => a.Year == year) is { } exact)
            return ((double)exact.PoorRate / 100, exact.NearPoorRate is { } n ? (double)n / 100 : null);

        // Between or beyond anchor years: keep the province's ratio to the nation, interpolated.
        double Ratio(ProvinceAnchor a) => (double)(a.PoorRate / _settings.NationalPoorRate[a.Year]);
        double? NearRatio(ProvinceAnchor a) => a.NearPoorRate is { } n ? (double)(n / _settings.NationalNearPoorRate[a.Year]) : null;
        var before = own.LastOrDefault(a => a.Year < year);
        var after = own.FirstOrDefault(a => a.Year > year);
        double ratio;
        double? nearRatio;
        if (before is not null && after is not null)
        {
            var t = (double)(year - before.Year) / (after.Year - before.Year);
            ratio = Ratio(before) + (t * (Ratio(after) - Ratio(before)));
            nearRatio = NearRatio(before) is { } nb && NearRatio(after) is { } na ? nb + (t * (na - nb)) : null;
        }
        else
        {
            var nearest = before ?? after!;
            ratio = Ratio(nearest);
            nearRatio = NearRatio(nearest);
        }

        return (nationalPoor * ratio, nearRatio is { } r ? nationalNear * r : null);
    }

    /// <summary>An anchor applies to the province version it was published for, and only while that version holds.</summary>
    private bool AppliesAt(ProvinceAnchor anchor, DateOnly date) =>
        registry.Find(anchor.Province, ReviewCalendar.ReferenceDate(anchor.Year)) is { } published
        && published.IsValidAt(date);

    private static UnitYearFigures Split(Leaf leaf, int year, long households, double poorRate, double nearRate)
    {
        var poor = (long)Math.Round(households * poorRate);
        var near = Math.Min(households - poor, (long)Math.Round(households * nearRate));
        var minorityHouseholds = (long)Math.Round(households * leaf.Minority);
        var others = households - minorityHouseholds;

        // Minority households are more often poor: split with a relative risk, within both capacities.
        var minorityPoor = Clamp(
            Math.Round(poor * MinorityPoorRisk * minorityHouseholds / (others + (MinorityPoorRisk * minorityHouseholds) + 1e-9)),
            Math.Max(0, poor - others),
            Math.Min(poor, minorityHouseholds));
        var roomMinority = minorityHouseholds - minorityPoor;
        var roomOthers = others - (poor - minorityPoor);
        var minorityNear = Clamp(
            Math.Round(near * MinorityNearPoorRisk * roomMinority / (roomOthers + (MinorityNearPoorRisk * roomMinority) + 1e-9)),
            Math.Max(0, near - roomOthers),
            Math.Min(near, roomMinority));
        return new UnitYearFigures(leaf.Unit.Code, year, new HouseholdCounts(
            households, poor, near, new MinorityCounts(minorityHouseholds, minorityPoor, minorityNear)));
    }

    private AdministrativeUnit ProvinceOf(AdministrativeUnit unit, DateOnly date)
    {
        var ancestors = registry.AncestorsOf(unit.Code, date);
        return ancestors.Count > 0 ? ancestors[^1] : unit;
    }

    private static long Clamp(double value, long min, long max) => Math.Clamp((long)value, min, Math.Max(min, max));

    private IEnumerable<AdministrativeUnit> Leaves(DateOnly date)
    {
        foreach (var level in new[] { UnitLevel.District, UnitLevel.Commune })
        {
            foreach (var unit in registry.UnitsAt(date, level))
            {
                if (_settings.UninhabitedUnits.Contains(unit.Code))
                    continue;
                if (level == UnitLevel.Commune || registry.ChildrenOf(unit.Code, date).Count == 0)
                    yield return unit;
            }
        }
    }

    /// <summary>Poverty multiplier and ethnic-minority share by GSO region (the province code ranges follow the regions).</summary>
    private static (double Poverty, double Minority) RegionTraits(UnitCode province)
    {
        var code = int.Parse(province.Value, System.Globalization.CultureInfo.InvariantCulture);
        return code switch
        {
            10 or 11 or 12 or 14 or 15 or 17 => (3.2, 0.75),          // Tây Bắc
            2 or 4 or 6 or 8 or 19 or 20 or 22 or 24 or 25 => (1.9, 0.50), // Đông Bắc
            < 38 => (0.35, 0.02),                                    // Đồng bằng sông Hồng
            < 48 => (1.1, 0.10),                                     // Bắc Trung Bộ
            < 62 => (0.9, 0.06),                                     // Duyên hải Nam Trung Bộ
            < 70 => (2.2, 0.33),                                     // Tây Nguyên
            < 80 => (0.15, 0.04),                                    // Đông Nam Bộ
            _ => (0.8, 0.07),                                        // Đồng bằng sông Cửu Long
        };
    }

    private sealed class Cohort(Leaf[] leaves, int firstYear)
    {
        public Leaf[] Leaves { get; } = leaves;

        public int FirstYear { get; } = firstYear;

        public Dictionary<UnitCode, double> PoorMultiplier { get; } = [];

        public Dictionary<UnitCode, double> NearPoorMultiplier { get; } = [];

        public HashSet<UnitCode> HouseholdAnchored { get; } = [];
    }

    private sealed class Leaf(AdministrativeUnit unit, AdministrativeUnit province)
    {
        public AdministrativeUnit Unit { get; } = unit;

        public AdministrativeUnit Province { get; } = province;

        public double Households { get; set; }

        public double Growth { get; set; }

        public double Minority { get; set; }

        public double Poverty { get; set; }
    }

    /// <summary>Deterministic noise: SplitMix64 over (seed, unit code, stream), independent of iteration order.</summary>
    private readonly struct Noise(ulong seed, string key, ulong stream)
    {
        private readonly ulong _state = Mix(seed ^ Mix(Fnv(key) ^ (stream * 0x9E3779B97F4A7C15UL)));

        public double Normal(ulong index)
        {
            var u1 = Uniform(Mix(_state + (2 * index) + 1));
            var u2 = Uniform(Mix(_state + (2 * index) + 2));
            return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        }

        private static double Uniform(ulong bits) => ((bits >> 11) + 0.5) / (1UL << 53);

        private static ulong Fnv(string text)
        {
            var hash = 14695981039346656037UL;
            foreach (var c in text)
                hash = (hash ^ c) * 1099511628211UL;
            return hash;
        }

        private static ulong Mix(ulong z)
        {
            z += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
