using NoOneLeftBehind.Domain.Statistics;
using NoOneLeftBehind.Domain.Statistics.Generation;
using NoOneLeftBehind.Domain.Units;

namespace NoOneLeftBehind.Domain.Tests.Statistics;

public class PovertyAggregationTests
{
    private static readonly UnitRegistry Registry = UnitRegistry.Embedded;
    private static readonly DateOnly ReformDay = new(2025, 7, 1);

    private static UnitCode C(string code) => UnitCode.Parse(code);

    private static UnitYearFigures F(string code, int year, long households, long poor, long nearPoor) =>
        new(C(code), year, new HouseholdCounts(households, poor, nearPoor));

    [Fact]
    public void ByHistoricalBoundaries_TwoCommunes_RateComesFromSummedCountsNotAveragedRates()
    {
        // Phúc Xá 50 % poor of 100 households, Trúc Bạch 1 % of 900: averaging the rates would say 25.5 %.
        var totals = PovertyAggregation.ByHistoricalBoundaries([F("00001", 2024, 100, 50, 10), F("00004", 2024, 900, 9, 0)], Registry);

        var district = totals.Get(C("001"), 2024).ShouldNotBeNull();
        district.Counts.Households.ShouldBe(1000);
        district.Counts.Poor.ShouldBe(59);
        district.Counts.PoorRate.Percent.ShouldBe(5.9m);
        district.Counts.PoorRate.Percent.ShouldNotBe((50m + 1m) / 2);
        district.ContributingUnits.ShouldBe(2);
        totals.Get(C("01"), 2024)!.Counts.PoorAndNearPoorRate.Percent.ShouldBe(6.9m);
        totals.National(2024)!.Counts.Households.ShouldBe(1000);
    }

    [Fact]
    public void ByBoundariesOf_FiguresOf2024_ProvinceTotalsEqualTheSumOfTheirOldProvinces()
    {
        var figures = Generated.Figures.Where(f => f.Year == 2024).ToArray();
        var historical = PovertyAggregation.ByHistoricalBoundaries(figures, Registry);
        var today = PovertyAggregation.ByBoundariesOf(ReformDay, figures, Registry);

        today.Unplaced.ShouldBeEmpty();
        var newProvinces = Registry.UnitsAt(ReformDay, UnitLevel.Province);
        newProvinces.Count.ShouldBe(34);
        foreach (var province in newProvinces)
        {
            var oldProvinces = Registry.PredecessorsOf(province).Select(l => historical.Get(l.Predecessor.Code, 2024)!.Counts).ToArray();
            var restated = today.Get(province.Code, 2024).ShouldNotBeNull().Counts;
            restated.Households.ShouldBe(oldProvinces.Sum(c => c.Households), province.FullName);
            restated.Poor.ShouldBe(oldProvinces.Sum(c => c.Poor), province.FullName);
            restated.NearPoor.ShouldBe(oldProvinces.Sum(c => c.NearPoor), province.FullName);
            restated.Minority!.Value.Poor.ShouldBe(oldProvinces.Sum(c => c.Minority!.Value.Poor), province.FullName);
        }

        today.National(2024).ShouldBe(historical.National(2024));
    }

    [Fact]
    public void ByBoundariesOf_GiaLaiAndBinhDinh_AddUpToTheNewGiaLai()
    {
        var figures = Generated.Figures.Where(f => f.Year == 2024);
        var historical = PovertyAggregation.ByHistoricalBoundaries(figures, Registry);
        var today = PovertyAggregation.ByBoundariesOf(ReformDay, figures, Registry);

        var giaLai = historical.Get(C("64"), 2024)!.Counts;
        var binhDinh = historical.Get(C("52"), 2024)!.Counts;
        var newGiaLai = today.Get(C("52"), 2024)!.Counts;
        newGiaLai.Poor.ShouldBe(giaLai.Poor + binhDinh.Poor);
        newGiaLai.Households.ShouldBe(giaLai.Households + binhDinh.Households);
        newGiaLai.PoorRate.Percent.ShouldBe((giaLai.Poor + binhDinh.Poor) * 100m / (giaLai.Households + binhDinh.Households));
    }

    [Fact]
    public void ByBoundariesOf_SplitCommune_GoesWholeToItsMainSuccessor()
    {
        // Cống Vị (00007) was split between Ngọc Hà (00008) and Giảng Võ (00025); Giảng Võ is the main successor.
        var totals = PovertyAggregation.ByBoundariesOf(ReformDay, [F("00007", 2024, 1000, 20, 30)], Registry);
        totals.Get(C("00025"), 2024)!.Counts.Poor.ShouldBe(20);
        totals.Get(C("00008"), 2024).ShouldBeNull();
        totals.Get(C("01"), 2024)!.Counts.Households.ShouldBe(1000);
    }

    [Fact]
    public void ByBoundariesOf_UnitsThatCannotBePlaced_AreReportedNotDropped()
    {
        var totals = PovertyAggregation.ByBoundariesOf(ReformDay,
            [F("540", 2024, 1000, 10, 10), F("11948", 2024, 100, 1, 1), F("318", 2024, 300, 3, 3)], Registry);
        totals.Unplaced.Select(u => (u.Figure.Unit.Value, u.Reason)).ShouldBe(
            [("540", UnplacedReason.NoSuccessor), ("11948", UnplacedReason.UnitNotValidInYear)]);
        totals.Get(C("11948"), 2024)!.Counts.Households.ShouldBe(300); // Bạch Long Vĩ district → đặc khu
    }

    [Fact]
    public void ByHistoricalBoundaries_UnitGivenTwice_Throws() =>
        Should.Throw<ArgumentException>(() =>
            PovertyAggregation.ByHistoricalBoundaries([F("00001", 2024, 10, 1, 1), F("00001", 2024, 10, 1, 1)], Registry));

    [Fact]
    public void ByHistoricalBoundaries_UnitGivenWithItsDistrict_Throws() =>
        Should.Throw<ArgumentException>(() =>
            PovertyAggregation.ByHistoricalBoundaries([F("00001", 2024, 10, 1, 1), F("001", 2024, 100, 1, 1)], Registry));

    [Fact]
    public void ByHistoricalBoundaries_MinorityMissingSomewhere_TotalHasNoMinorityPart()
    {
        var withMinority = new UnitYearFigures(C("00001"), 2024, new HouseholdCounts(100, 10, 5, new MinorityCounts(20, 6, 2)));
        var totals = PovertyAggregation.ByHistoricalBoundaries([withMinority, F("00004", 2024, 100, 1, 1)], Registry);
        var district = totals.Get(C("001"), 2024)!;
        district.Counts.Minority.ShouldBeNull();
        district.ContributingUnitsWithMinority.ShouldBe(1);
        totals.Get(C("00001"), 2024)!.Counts.MinorityPoorRate!.Value.Percent.ShouldBe(30m);
    }

    [Fact]
    public void ByHistoricalBoundaries_YearsOnBothSidesOfTheReform_UseEachYearsUnits()
    {
        // 2024 binds to old Gia Lai (64), 2025 to the new one (52).
        var totals = PovertyAggregation.ByHistoricalBoundaries([F("23938", 2024, 1000, 100, 50), F("23938", 2025, 1010, 80, 60)], Registry);
        totals.Get(C("64"), 2024)!.Counts.Poor.ShouldBe(100);
        totals.Get(C("52"), 2024).ShouldBeNull();
        totals.Get(C("52"), 2025)!.Counts.Poor.ShouldBe(80);
        totals.SeriesOf(C("23938")).Years.ShouldBe([2024, 2025]);
    }
}

/// <summary>One generated data set shared by the tests (generation takes about a second).</summary>
internal static class Generated
{
    private static readonly Lazy<IReadOnlyList<UnitYearFigures>> Lazy = new(() =>
        new PovertyFigureGenerator(UnitRegistry.Embedded).Generate(2015, 2025, seed: 20250701));

    public static IReadOnlyList<UnitYearFigures> Figures => Lazy.Value;
}
