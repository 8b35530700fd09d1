using NoOneLeftBehind.Domain.Units;

namespace NoOneLeftBehind.Domain.Statistics.Generation;

/// <summary>A published (or assumed) figure a generated province must reproduce.</summary>
/// <param name="Province">The province's code as it was in <paramref name="Year"/> (pre-2025 codes before the reform).</param>
/// <param name="Year">The review year.</param>
/// <param name="PoorRate">The poor rate in percent.</param>
/// <param name="NearPoorRate">The near-poor rate in percent, when published.</param>
/// <param name="Households">The number of households, when published.</param>
public sealed record ProvinceAnchor(UnitCode Province, int Year, decimal PoorRate, decimal? NearPoorRate = null, long? Households = null);

/// <summary>
/// What the synthetic-data generator reproduces: national rates per year, province anchors and the
/// national number of households. All of it is data; <see cref="Default"/> holds the figures of
/// docs (domain.md §5), with the years before 2022 approximate.
/// </summary>
/// <param name="NationalPoorRate">National poor rate per year, in percent.</param>
/// <param name="NationalNearPoorRate">National near-poor rate per year, in percent.</param>
/// <param name="NationalHouseholds2022">National households in 2022 (other years grow from it).</param>
/// <param name="Anchors">Province figures to reproduce.</param>
/// <param name="UninhabitedUnits">Units that get no figures (no resident households), e.g. Hoàng Sa.</param>
public sealed record GeneratorSettings(
    IReadOnlyDictionary<int, decimal> NationalPoorRate,
    IReadOnlyDictionary<int, decimal> NationalNearPoorRate,
    long NationalHouseholds2022,
    IReadOnlyList<ProvinceAnchor> Anchors,
    IReadOnlySet<UnitCode> UninhabitedUnits)
{
    /// <summary>
    /// National: 2022 4.03 % poor / 3.49 % near-poor, 2023 2.93 % / 2.78 %, 2024 1.93 % / 2.13 %,
    /// 2025 ≈ 1.3 % (published, domain.md §5); 2015–2021 approximate (2016–2020 standard until 2020,
    /// the 2022–2025 standard from the 2021 baseline review). Gia Lai (old code 64): 2021 12.09 %,
    /// 2022 10.06 %, 2024 6.07 % of ≈ 393,760 households. Bắc Giang (old code 24): 2022 3.86 % /
    /// 4.25 %. Hoàng Sa (district 498, special zone 20333) has no resident households.
    /// </summary>
    public static GeneratorSettings Default { get; } = new(
        new Dictionary<int, decimal>
        {
            [2015] = 9.88m, [2016] = 8.23m, [2017] = 6.70m, [2018] = 5.35m, [2019] = 3.75m, [2020] = 2.75m,
            [2021] = 5.20m, [2022] = 4.03m, [2023] = 2.93m, [2024] = 1.93m, [2025] = 1.30m,
        },
        new Dictionary<int, decimal>
        {
            [2015] = 5.97m, [2016] = 5.20m, [2017] = 5.10m, [2018] = 4.50m, [2019] = 3.90m, [2020] = 3.35m,
            [2021] = 3.95m, [2022] = 3.49m, [2023] = 2.78m, [2024] = 2.13m, [2025] = 1.80m,
        },
        26_237_000,
        [
            new(UnitCode.Parse("64"), 2021, 12.09m, 8.96m, 377_900),
            new(UnitCode.Parse("64"), 2022, 10.06m, 9.72m),
            new(UnitCode.Parse("64"), 2024, 6.07m, 8.77m, 393_760),
            new(UnitCode.Parse("24"), 2022, 3.86m, 4.25m, 468_900),
        ],
        new HashSet<UnitCode> { UnitCode.Parse("498"), UnitCode.Parse("20333") });
}
