using NoOneLeftBehind.Domain.Units;

namespace NoOneLeftBehind.Domain.Tests.Units;

public class UnitRegistryTests
{
    private static readonly DateOnly LastDayBefore = new(2025, 6, 30);
    private static readonly DateOnly ReformDay = new(2025, 7, 1);
    private static readonly UnitRegistry Registry = UnitRegistry.Embedded;

    private static UnitCode C(string code) => UnitCode.Parse(code);

    [Theory]
    [InlineData("2025-06-30", 63, 696, 10_035)] // last day before NQ 202/2025/QH15
    [InlineData("2020-01-01", 63, 696, 10_035)] // earlier years use the last pre-reform state
    [InlineData("2025-07-01", 34, 0, 3_321)]    // districts abolished
    [InlineData("2026-05-01", 34, 0, 3_321)]    // after the kind changes of 30/04/2026
    public void UnitsAt_Date_HasOfficialCounts(string date, int provinces, int districts, int communes)
    {
        var day = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture);
        Registry.UnitsAt(day, UnitLevel.Province).Count.ShouldBe(provinces);
        Registry.UnitsAt(day, UnitLevel.District).Count.ShouldBe(districts);
        Registry.UnitsAt(day, UnitLevel.Commune).Count.ShouldBe(communes);
    }

    [Fact]
    public void UnitsAt_AfterReform_HasOfficialKinds()
    {
        var communes = Registry.UnitsAt(ReformDay, UnitLevel.Commune);
        communes.Count(u => u.Kind == UnitKind.Commune).ShouldBe(2_621);
        communes.Count(u => u.Kind == UnitKind.Ward).ShouldBe(687);
        communes.Count(u => u.Kind == UnitKind.SpecialZone).ShouldBe(13);
    }

    [Theory]
    [InlineData("64", "52", "52", "Gia Lai")]      // Gia Lai + Bình Định → Gia Lai (code of Bình Định)
    [InlineData("02", "08", "08", "Tuyên Quang")]  // Hà Giang + Tuyên Quang → Tuyên Quang
    [InlineData("24", "27", "24", "Bắc Ninh")]     // Bắc Giang + Bắc Ninh → Bắc Ninh (code of Bắc Giang)
    [InlineData("58", "56", "56", "Khánh Hòa")]    // Ninh Thuận + Khánh Hòa → Khánh Hòa
    public void MapForward_MergedProvinces_GoToTheNewProvince(string oldA, string oldB, string newCode, string newName)
    {
        foreach (var old in new[] { oldA, oldB })
        {
            var mapping = Registry.MapForward(C(old), LastDayBefore, ReformDay).ShouldHaveSingleItem();
            mapping.Unit.Code.ShouldBe(C(newCode));
            mapping.Unit.Name.ShouldBe(newName);
            mapping.Share.ShouldBe(SuccessionShare.Full);
            mapping.IsMainSuccessor.ShouldBeTrue();
        }

        var merged = Registry.Find(C(newCode), ReformDay)!;
        Registry.PredecessorsOf(merged).Select(l => l.Predecessor.Code.Value).Order().ShouldBe(new[] { oldA, oldB }.Order());
    }

    [Theory]
    [InlineData("52", "2025-06-30", "Bình Định", UnitKind.Province)] // code reused by the reform
    [InlineData("52", "2025-07-01", "Gia Lai", UnitKind.Province)]
    [InlineData("00004", "2025-06-30", "Trúc Bạch", UnitKind.Ward)]
    [InlineData("00004", "2025-07-01", "Ba Đình", UnitKind.Ward)]
    [InlineData("75", "2026-04-29", "Đồng Nai", UnitKind.Province)] // became a centrally-run city on 30/04/2026
    [InlineData("75", "2026-04-30", "Đồng Nai", UnitKind.Municipality)]
    [InlineData("25270", "2026-04-29", "Lộc Ninh", UnitKind.Commune)]
    [InlineData("25270", "2026-04-30", "Lộc Ninh", UnitKind.Ward)]
    public void Find_CodeAtDate_ReturnsTheUnitOfThatDate(string code, string date, string name, UnitKind kind)
    {
        var unit = Registry.Find(C(code), DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)).ShouldNotBeNull();
        unit.Name.ShouldBe(name);
        unit.Kind.ShouldBe(kind);
    }

    [Theory]
    [InlineData("64", "2025-07-01")]    // old Gia Lai code not reused
    [InlineData("540", "2025-07-01")]   // district Quy Nhơn: the level was abolished
    [InlineData("11948", "2025-06-30")] // đặc khu Bạch Long Vĩ did not exist yet
    [InlineData("06978", "2025-07-01")] // erratum of the source: Ba Chẽ is 06970
    public void Find_CodeNotValidAtDate_ReturnsNull(string code, string date) =>
        Registry.Find(C(code), DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)).ShouldBeNull();

    [Fact]
    public void Errata_AreApplied()
    {
        Registry.Find(C("06970"), ReformDay)!.Name.ShouldBe("Ba Chẽ");
        Registry.VersionsOf(C("06978")).ShouldBeEmpty();
        Registry.Find(C("00745"), ReformDay)!.Name.ShouldBe("Phố Bảng");
        var iaMo = Registry.MapForward(C("23938"), LastDayBefore, ReformDay).ShouldHaveSingleItem();
        iaMo.Unit.Code.ShouldBe(C("23938"));
        iaMo.Unit.Name.ShouldBe("Ia Mơ");
        Registry.VersionsOf(C("07693")).ShouldBeEmpty(); // stale code dissolved before 01/03/2025
    }

    [Fact]
    public void MapForward_CommunelessDistrict_GoesToItsSpecialZone()
    {
        var zone = Registry.MapForward(C("318"), LastDayBefore, ReformDay).ShouldHaveSingleItem();
        zone.Unit.Code.ShouldBe(C("11948"));
        zone.Unit.Kind.ShouldBe(UnitKind.SpecialZone);
    }

    [Fact]
    public void MapForward_SplitCommune_IsPartialWithOneMainSuccessor()
    {
        var mappings = Registry.MapForward(C("00007"), LastDayBefore, ReformDay); // Cống Vị
        mappings.Select(m => m.Unit.Code.Value).ShouldBe(["00008", "00025"]);
        mappings.ShouldAllBe(m => m.Share == SuccessionShare.Partial);
        mappings.Count(m => m.IsMainSuccessor).ShouldBe(1);
    }

    [Fact]
    public void MapForward_DistrictWithCommunes_HasNoSuccessor() =>
        Registry.MapForward(C("540"), LastDayBefore, ReformDay).ShouldBeEmpty();

    [Fact]
    public void MapForward_ThroughTwoChanges_FollowsBoth()
    {
        var mapping = Registry.MapForward(C("75"), LastDayBefore, new DateOnly(2026, 5, 1)).ShouldHaveSingleItem();
        mapping.Unit.Kind.ShouldBe(UnitKind.Municipality);
        mapping.IsMainSuccessor.ShouldBeTrue();
    }

    [Fact]
    public void Successions_EveryOldCommune_StaysInTheNewProvinceOfItsOldProvince()
    {
        // Why province totals survive the merge whatever successor a split commune's figures go to.
        var violations = new List<string>();
        foreach (var commune in Registry.UnitsAt(LastDayBefore, UnitLevel.Commune))
        {
            var oldProvince = Registry.AncestorsOf(commune.Code, LastDayBefore)[^1];
            var newProvince = Registry.MapForward(oldProvince, ReformDay).Single().Unit;
            var successors = Registry.MapForward(commune, ReformDay);
            if (successors.Count == 0 || successors.Count(s => s.IsMainSuccessor) != 1
                || successors.Any(s => s.Unit.ParentCode != newProvince.Code))
            {
                violations.Add(commune.ToString());
            }
        }

        violations.ShouldBeEmpty();
    }

    [Fact]
    public void AncestorsOf_Commune_NearestFirst()
    {
        Registry.AncestorsOf(C("00001"), LastDayBefore).Select(u => u.Code.Value).ShouldBe(["001", "01"]);
        Registry.AncestorsOf(C("00004"), ReformDay).Select(u => u.Code.Value).ShouldBe(["01"]);
        Registry.AncestorsOf(C("01"), ReformDay).ShouldBeEmpty();
    }

    [Fact]
    public void ChildrenOf_UnitAtDate_ReturnsThatDatesChildren()
    {
        Registry.ChildrenOf(C("01"), ReformDay).Count.ShouldBe(126);
        Registry.ChildrenOf(C("01"), ReformDay).ShouldAllBe(u => u.Level == UnitLevel.Commune);
        Registry.ChildrenOf(C("01"), LastDayBefore).ShouldAllBe(u => u.Level == UnitLevel.District);
        Registry.ChildrenOf(C("001"), LastDayBefore).ShouldContain(u => u.Code == C("00001"));
        Registry.ChildrenOf(C("001"), ReformDay).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("00001", "01", "2025-06-30", true)]  // commune in its province
    [InlineData("00001", "001", "2025-06-30", true)] // commune in its district
    [InlineData("00001", "00001", "2025-06-30", true)] // a unit is within itself
    [InlineData("00001", "02", "2025-06-30", false)]
    [InlineData("00001", "01", "2025-07-01", false)] // Phúc Xá no longer exists
    [InlineData("23938", "64", "2025-06-30", true)]  // Ia Mơ was in Gia Lai (64) …
    [InlineData("23938", "52", "2025-06-30", false)] // … not in Bình Định …
    [InlineData("23938", "52", "2025-07-01", true)]  // … and is in the new Gia Lai (52)
    [InlineData("abc", "01", "2025-06-30", false)]   // malformed codes are within nothing
    [InlineData("00001", "", "2025-06-30", false)]
    public void IsWithin_Codes_AnswersAtTheDate(string unit, string ancestor, string date, bool expected) =>
        Registry.IsWithin(unit, ancestor, DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(expected);

    [Fact]
    public void CurrentUnitHierarchy_UsesTodayInVietnam()
    {
        // 30/06/2025 18:00 UTC is already 01/07/2025 in Vietnam.
        var hierarchy = new CurrentUnitHierarchy(Registry, new FixedTime(new DateTimeOffset(2025, 6, 30, 18, 0, 0, TimeSpan.Zero)));
        hierarchy.Today.ShouldBe(ReformDay);
        hierarchy.IsWithin("23938", "52").ShouldBeTrue();
        hierarchy.IsWithin("23938", "64").ShouldBeFalse();
    }

    [Fact]
    public void Load_Twice_GivesTheSameRegistry()
    {
        var builder = new UnitRegistryBuilder();
        UnitRegistryData.AddEmbedded(builder);
        UnitRegistryData.AddEmbedded(builder);
        var twice = builder.Build();
        twice.VersionCount.ShouldBe(Registry.VersionCount);
        twice.Successions.Count.ShouldBe(Registry.Successions.Count);
    }

    [Fact]
    public void Add_ConflictingVersion_Throws()
    {
        var builder = new UnitRegistryBuilder().Add(new AdministrativeUnit(C("01"), UnitKind.Municipality, "Hà Nội", null, null, ReformDay));
        Should.Throw<InvalidOperationException>(() =>
            builder.Add(new AdministrativeUnit(C("01"), UnitKind.Province, "Hà Nội", null, null, ReformDay)));
    }

    [Fact]
    public void Build_LinkWithoutMainSuccessor_Throws()
    {
        var builder = new UnitRegistryBuilder()
            .Add(new AdministrativeUnit(C("10"), UnitKind.Province, "A", null, null, ReformDay))
            .Add(new AdministrativeUnit(C("10"), UnitKind.Province, "B", null, ReformDay, null))
            .AddSuccession(ReformDay, C("10"), C("10"), SuccessionShare.Full, isMainSuccessor: false);
        Should.Throw<InvalidOperationException>(() => builder.Build());
    }

    [Theory]
    [InlineData("01", true)]
    [InlineData("00001", true)]
    [InlineData("1", false)]       // leading zero lost
    [InlineData("1.0", false)]
    [InlineData(" 01", false)]
    [InlineData("０１", false)]     // full-width digits are not ASCII
    public void UnitCode_TryParse_AcceptsDigitsOnly(string text, bool valid) =>
        UnitCode.TryParse(text, out _).ShouldBe(valid);

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
