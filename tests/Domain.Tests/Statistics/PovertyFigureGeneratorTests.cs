using NoOneLeftBehind.Domain.Statistics;
using NoOneLeftBehind.Domain.Statistics.Generation;
using NoOneLeftBehind.Domain.Units;

namespace NoOneLeftBehind.Domain.Tests.Statistics;

public class PovertyFigureGeneratorTests
{
    private static readonly UnitRegistry Registry = UnitRegistry.Embedded;
    private static readonly Lazy<PovertyAggregates> Totals = new(() => PovertyAggregation.ByHistoricalBoundaries(Generated.Figures, Registry));

    [Fact]
    public void Generate_SameSeed_SameFigures_OtherSeed_OtherFigures()
    {
        var generator = new PovertyFigureGenerator(Registry);
        var a = generator.Generate(2022, 2022, seed: 7);
        var b = generator.Generate(2022, 2022, seed: 7);
        var c = generator.Generate(2022, 2022, seed: 8);
        a.ShouldBe(b);
        a.SequenceEqual(c).ShouldBeFalse();
    }

    [Theory]
    [InlineData(2022, 4.03)] // published
    [InlineData(2023, 2.93)]
    [InlineData(2024, 1.93)]
    [InlineData(2015, 9.88)] // approximate anchors, still reproduced
    [InlineData(2025, 1.30)] // in the post-reform communes
    public void Generate_National_MatchesTheAnchor(int year, double expectedPercent)
    {
        var rate = Totals.Value.National(year)!.Counts.PoorRate.Percent;
        Math.Abs(rate - (decimal)expectedPercent).ShouldBeLessThan(0.05m, $"{year}: {rate}");
    }

    [Theory]
    [InlineData("64", 2021, 12.09)] // Gia Lai, start of 2022
    [InlineData("64", 2022, 10.06)]
    [InlineData("64", 2024, 6.07)]
    [InlineData("24", 2022, 3.86)]  // Bắc Giang
    public void Generate_Province_MatchesTheAnchor(string province, int year, double expectedPercent)
    {
        var rate = Totals.Value.Get(UnitCode.Parse(province), year)!.Counts.PoorRate.Percent;
        Math.Abs(rate - (decimal)expectedPercent).ShouldBeLessThan(0.1m, $"{province} {year}: {rate}");
    }

    [Fact]
    public void Generate_GiaLai2024_HasAboutThePublishedHouseholds() =>
        Totals.Value.Get(UnitCode.Parse("64"), 2024)!.Counts.Households.ShouldBeInRange(385_000, 402_000);

    [Fact]
    public void Generate_EveryInhabitedLeafEveryYear_WithConsistentCounts()
    {
        var byYear = Generated.Figures.GroupBy(f => f.Year).ToDictionary(g => g.Key, g => g.ToArray());
        byYear.Keys.Order().ShouldBe(Enumerable.Range(2015, 11));
        byYear[2024].Length.ShouldBe(10_035 + 4); // + 4 inhabited districts without communes (not Hoàng Sa)
        byYear[2025].Length.ShouldBe(3_321 - 1); // all special zones but Hoàng Sa
        foreach (var figure in Generated.Figures)
        {
            var c = figure.Counts;
            (c.Poor + c.NearPoor).ShouldBeLessThanOrEqualTo(c.Households);
            var m = c.Minority!.Value;
            (m.Poor + m.NearPoor).ShouldBeLessThanOrEqualTo(m.Households);
            ((c.Poor - m.Poor) + (c.NearPoor - m.NearPoor)).ShouldBeLessThanOrEqualTo(c.Households - m.Households);
            Registry.Find(figure.Unit, ReviewCalendar.ReferenceDate(figure.Year)).ShouldNotBeNull();
        }
    }

    [Fact]
    public void Generate_CommunesSumExactlyToProvincesAndNation()
    {
        var totals = Totals.Value;
        foreach (var year in new[] { 2016, 2024, 2025 })
        {
            var provinces = totals.ForYear(year, UnitLevel.Province);
            provinces.Sum(p => p.Counts.Poor).ShouldBe(totals.National(year)!.Counts.Poor);
            provinces.Sum(p => p.Counts.Households).ShouldBe(Generated.Figures.Where(f => f.Year == year).Sum(f => f.Counts.Households));
        }
    }

    [Fact]
    public void Generate_MountainousProvinces_PoorerThanTheDeltaAndMinorityPoorer()
    {
        var totals = Totals.Value;
        var dienBien = totals.Get(UnitCode.Parse("11"), 2022)!.Counts;
        var thaiBinh = totals.Get(UnitCode.Parse("34"), 2022)!.Counts;
        dienBien.PoorRate.Percent.ShouldBeGreaterThan(3 * thaiBinh.PoorRate.Percent);
        var national = totals.National(2022)!.Counts;
        national.MinorityPoorRate!.Value.Percent.ShouldBeGreaterThan(2 * national.PoorRate.Percent);
    }
}
