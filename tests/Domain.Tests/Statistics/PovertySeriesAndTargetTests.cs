using NoOneLeftBehind.Domain.Plans;
using NoOneLeftBehind.Domain.Statistics;
using NoOneLeftBehind.Domain.Tests.Criteria;

namespace NoOneLeftBehind.Domain.Tests.Statistics;

public class PovertySeriesAndTargetTests
{
    private static PovertySeries Series(params (int Year, long Households, long Poor, long NearPoor)[] points) =>
        new(points.Select(p => (p.Year, new HouseholdCounts(p.Households, p.Poor, p.NearPoor))));

    [Fact]
    public void FallFromPreviousYear_Rates_InPercentagePoints()
    {
        // National example of the plans: 5.71 % → 4.06 % is "giảm 1,65 %".
        var series = Series((2020, 10_000, 571, 0), (2021, 10_000, 406, 0));
        series.FallFromPreviousYear(PovertyIndicator.PoorRate, 2021).ShouldBe(1.65m);
        series.ChangeSinceBaseline(PovertyIndicator.PoorRate, 2020, 2021).ShouldBe(-1.65m);
        series.FallFromPreviousYear(PovertyIndicator.PoorRate, 2020).ShouldBeNull(); // no 2019
    }

    [Fact]
    public void Rate_Percent_IsExactFromCounts()
    {
        Rate.Of(1_057_374, 26_237_500).Percent.ShouldBe(1_057_374 * 100m / 26_237_500);
        Rate.Of(403, 10_000).ToString(System.Globalization.CultureInfo.GetCultureInfo("vi-VN")).ShouldBe("4,03 %");
        Rate.Of(1, 3).ToString(System.Globalization.CultureInfo.InvariantCulture).ShouldBe("33.33 %");
        Should.Throw<ArgumentOutOfRangeException>(() => Rate.Of(1, 0));
    }

    [Theory]
    [InlineData(10, 5, 6, CountsProblem.PoorAndNearPoorExceedHouseholds)] // 5 + 6 > 10
    [InlineData(10, 11, 0, CountsProblem.PoorExceedsHouseholds)]
    [InlineData(0, 0, 0, CountsProblem.NoHouseholds)]
    [InlineData(10, -1, 0, CountsProblem.Negative)]
    public void HouseholdCounts_Inconsistent_IsRefused(long households, long poor, long nearPoor, CountsProblem expected)
    {
        HouseholdCounts.Check(households, poor, nearPoor, null).ShouldContain(expected);
        Should.Throw<ArgumentException>(() => new HouseholdCounts(households, poor, nearPoor));
    }

    private static readonly PlanTarget TwoPointsAYear =
        new("chu-puh-2021-2025/poor-rate", PovertyIndicator.PoorRate, TargetRule.FallEachYear, 2m, 2021, 2025, "Giảm tỷ lệ hộ nghèo bình quân 2 %/năm");

    [Fact]
    public void Evaluate_FallEachYear_OnTrackThenBehind()
    {
        var series = Series((2021, 1000, 100, 0), (2022, 1000, 80, 0), (2023, 1000, 55, 0), (2024, 1000, 40, 0));

        var at2023 = TargetProgressCalculator.Evaluate(series, TwoPointsAYear, asOfYear: 2023);
        at2023.Status.ShouldBe(TargetStatus.OnTrack);
        at2023.Years.Select(y => y.Expected).ShouldBe([8m, 6m]);

        var at2024 = TargetProgressCalculator.Evaluate(series, TwoPointsAYear, asOfYear: 2024);
        at2024.Status.ShouldBe(TargetStatus.Behind); // 5.5 → 4.0 is a fall of 1.5 points
        at2024.Years[^1].FallFromPreviousYear.ShouldBe(1.5m);
        at2024.Years[^1].OnPath.ShouldBe(false);
    }

    [Fact]
    public void Evaluate_FallEachYear_MissingYearInside_InsufficientData()
    {
        var series = Series((2021, 1000, 100, 0), (2023, 1000, 50, 0));
        TargetProgressCalculator.Evaluate(series, TwoPointsAYear).Status.ShouldBe(TargetStatus.InsufficientData);
    }

    [Fact]
    public void Evaluate_AtEndYear_AchievedOrMissed()
    {
        var met = Series((2021, 1000, 100, 0), (2022, 1000, 80, 0), (2023, 1000, 60, 0), (2024, 1000, 40, 0), (2025, 1000, 20, 0));
        TargetProgressCalculator.Evaluate(met, TwoPointsAYear).Status.ShouldBe(TargetStatus.Achieved);
        var missed = Series((2021, 1000, 100, 0), (2022, 1000, 80, 0), (2023, 1000, 60, 0), (2024, 1000, 40, 0), (2025, 1000, 21, 0));
        TargetProgressCalculator.Evaluate(missed, TwoPointsAYear).Status.ShouldBe(TargetStatus.Missed);
    }

    [Theory]
    [InlineData(499, TargetStatus.Achieved)] // strictly less than half of 1,000
    [InlineData(500, TargetStatus.Missed)]   // exactly half is not "giảm trên 50 %"
    public void Evaluate_HalvedVsBaseline_IsStrict(long endPoorAndNearPoor, TargetStatus expected)
    {
        var target = new PlanTarget("national/halve", PovertyIndicator.PoorAndNearPoorCount, TargetRule.ReductionVsBaseline, 0.5m, 2021, 2025);
        var series = Series((2021, 10_000, 600, 400), (2025, 10_000, endPoorAndNearPoor, 0));
        TargetProgressCalculator.Evaluate(series, target).Status.ShouldBe(expected);
    }

    [Fact]
    public void Evaluate_MinorityTargetWithoutMinorityCounts_InsufficientData()
    {
        var target = new PlanTarget("chu-puh/minority", PovertyIndicator.MinorityPoorRate, TargetRule.FallEachYear, 3m, 2021, 2025);
        TargetProgressCalculator.Evaluate(Series((2021, 1000, 100, 0), (2022, 1000, 80, 0)), target).Status.ShouldBe(TargetStatus.InsufficientData);
    }

    [Theory]
    // Chư Pưh II.1.2 "Giảm tỷ lệ hộ nghèo của cả huyện bình quân trên 2%/năm … giai đoạn 2022-2025": from 10 % at the
    // 2021 baseline, 2 % in 2025 is exactly 2 points a year on average, which is not "trên 2" (more than 2).
    [InlineData(20, TargetStatus.Missed)]
    [InlineData(19, TargetStatus.Achieved)]
    public void Of_ChuPuhAverageAboveTwoPoints_IsAverageAndStrictFromThePlanData(long poor2025, TargetStatus expected)
    {
        Nominations.Catalogue.TryGet(PlanId.Parse("chu-puh-2021-2025"), out var plan).ShouldBeTrue();
        var target = PlanTarget.Of(plan, plan.Targets.Single(t => t.Id == "poor-rate")).ShouldNotBeNull();

        (target.Rule, target.Amount, target.Strict, target.BaselineYear, target.EndYear).ShouldBe((TargetRule.AverageFallPerYear, 2m, true, 2021, 2025));
        // A year off the every-year path does not matter when the average is judged.
        var series = Series((2021, 1000, 100, 0), (2022, 1000, 99, 0), (2023, 1000, 60, 0), (2024, 1000, 40, 0), (2025, 1000, poor2025, 0));
        TargetProgressCalculator.Evaluate(series, target).Status.ShouldBe(expected);
    }

    [Theory]
    // Bình Định I.1 "tỷ lệ nghèo dân tộc thiểu số giảm trên 3%/năm": every year, and a fall of exactly 3 points is not enough.
    [InlineData(170, TargetStatus.Behind)] // 20 % → 17 %: 3 points
    [InlineData(168, TargetStatus.OnTrack)] // 20 % → 16,8 %
    public void Of_BinhDinhMinorityAboveThreePoints_IsEveryYearAndStrict(long minorityPoor2022, TargetStatus expected)
    {
        Nominations.Catalogue.TryGet(PlanId.Parse("binh-dinh-2021-2025"), out var plan).ShouldBeTrue();
        var target = PlanTarget.Of(plan, plan.Targets.Single(t => t.Id == "minority-poor-rate")).ShouldNotBeNull();

        (target.Indicator, target.Rule, target.Strict).ShouldBe((PovertyIndicator.MinorityPoorRate, TargetRule.FallEachYear, true));
        var series = new PovertySeries([
            (2021, new HouseholdCounts(2000, 300, 0, new MinorityCounts(1000, 200, 0))),
            (2022, new HouseholdCounts(2000, 250, 0, new MinorityCounts(1000, minorityPoor2022, 0))),
        ]);
        TargetProgressCalculator.Evaluate(series, target).Status.ShouldBe(expected);
    }

    [Fact]
    public void Of_TuyenQuangAverageThreePoints_IsAtLeast()
    {
        // Tuyên Quang I.1 "giảm tỷ lệ hộ nghèo bình quân toàn tỉnh 3%/năm": no "trên", so exactly 3 a year on average is met.
        Nominations.Catalogue.TryGet(PlanId.Parse("tuyen-quang-2016-2020"), out var plan).ShouldBeTrue();
        var target = PlanTarget.Of(plan, plan.Targets.Single(t => t.Id == "poor-rate")).ShouldNotBeNull();

        (target.Rule, target.Strict).ShouldBe((TargetRule.AverageFallPerYear, false));
        var series = Series((2015, 1000, 200, 0), (2016, 1000, 170, 0), (2017, 1000, 140, 0), (2018, 1000, 110, 0), (2019, 1000, 80, 0), (2020, 1000, 50, 0));
        TargetProgressCalculator.Evaluate(series, target).Status.ShouldBe(TargetStatus.Achieved);
    }

    [Fact]
    public void Of_HousesBuilt_IsNotMeasured()
    {
        Nominations.Catalogue.TryGet(PlanId.Parse("binh-dinh-2021-2025"), out var plan).ShouldBeTrue();

        PlanTarget.Of(plan, plan.Targets.Single(t => t.Id == "charity-houses")).ShouldBeNull();
    }
}
