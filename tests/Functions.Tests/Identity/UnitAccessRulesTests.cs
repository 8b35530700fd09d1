using NoOneLeftBehind.Domain.Identity;
using NoOneLeftBehind.Domain.Units;

namespace NoOneLeftBehind.Functions.Tests.Identity;

public sealed class UnitAccessRulesTests
{
    // Gia Lai 64 → Chư Pưh 639 → Ia Hrú 23971, and a sibling district, Pleiku 622.
    private static readonly InMemoryUnitHierarchy Units = new([
        KeyValuePair.Create("639", "64"), KeyValuePair.Create("622", "64"), KeyValuePair.Create("23971", "639")]);

    [Theory]
    [InlineData(AppRole.Submitter, "639", UnitAccess.Act, "639", true)]
    [InlineData(AppRole.Submitter, "639", UnitAccess.Read, "23971", false)] // not a subtree
    [InlineData(AppRole.Reviewer, "64", UnitAccess.Act, "23971", true)] // two levels down
    [InlineData(AppRole.Reviewer, "639", UnitAccess.Read, "64", false)] // never upwards
    [InlineData(AppRole.Leader, "64", UnitAccess.Read, "23971", true)]
    [InlineData(AppRole.Leader, "64", UnitAccess.Act, "64", false)] // read-only
    [InlineData(AppRole.Admin, "64", UnitAccess.Administer, "639", true)]
    [InlineData(AppRole.Admin, "64", UnitAccess.Act, "639", false)] // admins manage people, not dossiers
    [InlineData(AppRole.Reviewer, "VN", UnitAccess.Read, "52", true)] // national covers units the hierarchy does not know
    [InlineData(AppRole.Submitter, "VN", UnitAccess.Act, "52", false)] // a national scope is no submitter's unit
    [InlineData(AppRole.Reviewer, "64", UnitAccess.Read, "not-a-code", false)]
    public void Allows(AppRole role, string scope, UnitAccess access, string unit, bool expected) =>
        UnitAccessRules.Allows([role], scope, access, unit, Units).ShouldBe(expected);

    [Fact]
    public void Allows_NoScope_NothingWhateverTheRoles() =>
        UnitAccessRules.Allows(AppRoles.All, null, UnitAccess.Read, "64", Units).ShouldBeFalse();

    [Theory]
    [InlineData("23971", "64", true)]
    [InlineData("23971", "639", true)]
    [InlineData("639", "639", true)]
    [InlineData("64", "639", false)]
    [InlineData("23971", "622", false)] // a sibling district
    [InlineData("99999", "64", false)] // unknown commune
    public void InMemoryHierarchy_IsWithin(string unit, string ancestor, bool expected) =>
        Units.IsWithin(unit, ancestor).ShouldBe(expected);

    [Theory]
    [InlineData("Submitter", true)]
    [InlineData("submitter", false)] // exact, as Entra emits the defined value
    [InlineData("Administrator", false)]
    public void AppRoles_TryParse(string value, bool expected) =>
        AppRoles.TryParse(value, out _).ShouldBe(expected);

    [Theory]
    [InlineData("23971", "639", true)] // before the 2025 reform
    [InlineData("23971", "64", true)] // two levels, before the reform
    [InlineData("23971", "52", true)] // today: Ia Hrú lies in the new Gia Lai, code 52
    [InlineData("639", "52", true)] // the district ended with the reform; its whole territory lies in the new Gia Lai today (ADR 0010)
    [InlineData("64", "52", true)] // the old province of Gia Lai went wholly into the new one (ADR 0010)
    [InlineData("23974", "23971", true)] // Ia Dreng went wholly into the new commune Ia Hrú
    [InlineData("23053", "23041", false)] // Hòa Thắng was split between 23041 and 23053: not wholly within either
    [InlineData("639", "23971", false)] // the district's territory spreads over several new communes
    [InlineData("639", "68", false)] // another province
    [InlineData("540", "64", false)] // Quy Nhơn (Bình Định) was never in old Gia Lai
    [InlineData("99999", "64", false)] // unknown
    public void RegistryHierarchy_IsWithinTodayOnTheLastDayOfAVersionOrWhollyThroughItsSuccessors(string unit, string ancestor, bool expected) =>
        new RegistryUnitHierarchy(UnitRegistry.Embedded, new FixedTime(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero)))
            .IsWithin(unit, ancestor).ShouldBe(expected);

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
