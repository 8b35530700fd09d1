using NoOneLeftBehind.Domain.Plans;
using NoOneLeftBehind.Domain.Statistics;
using NoOneLeftBehind.Domain.Units;

namespace NoOneLeftBehind.Domain.Tests.Plans;

public class PlanGovernanceTests
{
    private static readonly PlanCatalogue Catalogue = PlanCatalogue.LoadEmbedded();
    private static UnitRegistry Registry => UnitRegistry.Embedded;

    private static Plan PlanOf(string id) => Catalogue.TryGet(PlanId.Parse(id), out var plan) ? plan : throw new InvalidOperationException(id);

    /// <summary>The version of <paramref name="code"/> on 31/12 of <paramref name="year"/>, or on 01/07/2025 for <c>reform</c>.</summary>
    private static AdministrativeUnit Unit(string code, int year) =>
        Registry.Find(UnitCode.Parse(code), year == 0 ? new DateOnly(2025, 7, 1) : ReviewCalendar.ReferenceDate(year))
        ?? throw new InvalidOperationException($"{code} in {year}");

    private static string[] PlansGoverning(AdministrativeUnit unit, int? year = null) =>
        [.. Catalogue.Plans.Where(p => PlanGovernance.GoverningUnit(p, unit, Registry, year) is not null).Select(p => p.Id)];

    [Fact]
    public void GovernedUnits_CodesReadOnThePlansDate_NotTheirLaterUnits()
    {
        // 52 is Bình Định for its 2021–2025 plan, though the code names the new Gia Lai from 01/07/2025.
        PlanGovernance.GovernedUnits(PlanOf("binh-dinh-2021-2025"), Registry).Single().FullName.ShouldBe("Tỉnh Bình Định");
        PlanGovernance.GovernedUnits(PlanOf("chu-puh-2021-2025"), Registry).Single().FullName.ShouldBe("Huyện Chư Pưh");
        PlanGovernance.GovernedUnits(PlanOf("tuyen-quang-2016-2020"), Registry).Single().ValidTo.ShouldBe(new DateOnly(2025, 7, 1));
    }

    [Theory]
    [InlineData("639", 2024, new[] { "chu-puh-2021-2025" })] // Chư Pưh: its own plan, never Bình Định's
    [InlineData("23971", 2023, new[] { "chu-puh-2021-2025" })] // Ia Hrú, a commune of Chư Pưh before the reform
    [InlineData("64", 2024, new string[0])] // old Gia Lai: Chư Pưh's plan is the district's, Bình Định's another province's
    [InlineData("52", 2024, new[] { "binh-dinh-2021-2025" })] // Bình Định itself
    [InlineData("542", 2022, new[] { "binh-dinh-2021-2025" })] // An Lão, a district of Bình Định
    [InlineData("08", 2018, new[] { "tuyen-quang-2016-2020" })] // Tuyên Quang, in its 2016–2020 plan's period
    [InlineData("071", 2017, new[] { "tuyen-quang-2016-2020" })] // Lâm Bình, a district of Tuyên Quang
    [InlineData("24", 2023, new[] { "bac-giang-so-ket-2023" })] // Bắc Giang
    [InlineData("01", 2023, new string[0])] // Hà Nội: no plan in the catalogue
    public void GoverningUnit_UnitsOfTheirYear_ThePlansOfTheirOwnUnits(string code, int year, string[] expected) =>
        PlansGoverning(Unit(code, year), year).ShouldBe(expected);

    [Theory]
    [InlineData("52")] // the new Gia Lai (Gia Lai + Bình Định) has the code 52 but is not the Bình Định of the plan
    [InlineData("23971")] // the new Ia Hrú lies in the new 52
    [InlineData("08")] // the new Tuyên Quang (Tuyên Quang + Hà Giang)
    [InlineData("24")] // Bắc Ninh since 01/07/2025 carries Bắc Giang's code
    public void GoverningUnit_UnitsOfTheReform_NoPlanOfTheOldUnits(string code) =>
        PlansGoverning(Unit(code, 0)).ShouldBeEmpty();

    [Fact]
    public void GoverningUnit_CommuneOfAGovernedDistrict_ThroughTheDistrict()
    {
        PlanGovernance.GoverningUnit(PlanOf("chu-puh-2021-2025"), Unit("23971", 2023), Registry, 2023)!.Code.Value.ShouldBe("639");
        PlanGovernance.GoverningUnit(PlanOf("binh-dinh-2021-2025"), Unit("542", 2022), Registry)!.Code.Value.ShouldBe("52");
    }

    [Theory]
    [InlineData("23971", new[] { "chu-puh-2021-2025" })] // Ia Hrú: the old commune lies in Chư Pưh (the new one in the new Gia Lai: no plan)
    [InlineData("64", new[] { "chu-puh-2021-2025" })] // old Gia Lai: its district Chư Pưh's plan
    [InlineData("52", new[] { "binh-dinh-2021-2025" })] // Bình Định (not through the new Gia Lai under the same code)
    [InlineData("216", new[] { "bac-giang-so-ket-2023" })] // Tân Yên, a district of Bắc Giang
    [InlineData("01", new string[0])] // Hà Nội
    public void Concerns_AnyVersionOfTheCode_PlansOfTheUnitItsPartsOrWhatItLiesIn(string code, string[] expected) =>
        Catalogue.Plans.Where(p => PlanGovernance.Concerns(p, UnitCode.Parse(code), Registry)).Select(p => p.Id).ShouldBe(expected);

    [Theory]
    [InlineData("tuyen-quang-2016-2020", 2016, true)] // first year of the period
    [InlineData("tuyen-quang-2016-2020", 2020, true)] // last year
    [InlineData("tuyen-quang-2016-2020", 2021, false)] // after it: the 2021–2025 figures are not its targets'
    [InlineData("chu-puh-2021-2025", 2015, false)]
    public void Covers_PeriodBothEndsIncluded(string planId, int year, bool expected) =>
        PlanGovernance.Covers(PlanOf(planId), year).ShouldBe(expected);
}
