using NoOneLeftBehind.Domain.Bodies;

namespace NoOneLeftBehind.Domain.Tests.Bodies;

public sealed class NominatingBodyTests
{
    private static readonly HashSet<string> KnownUnits = ["24", "220", "07210"];

    private static NominatingBody Valid() =>
        new("bac-giang-so-ldtbxh", "Sở Lao động – Thương binh và Xã hội tỉnh Bắc Giang", BodyKinds.SoBan, "24", ["so-ldtbxh"]);

    private static IReadOnlyList<BodyProblem> Check(NominatingBody body) => BodyValidation.Check(body, KnownUnits.Contains);

    [Fact]
    public void Check_ValidBody_NoProblems() => Check(Valid()).ShouldBeEmpty();

    [Theory]
    [InlineData("id", "", "required")]
    [InlineData("id", "ubnd:24", "reserved-id")]            // implicit people's committees are not registered
    [InlineData("id", "Bac-Giang", "invalid-id")]           // upper case
    [InlineData("id", "sở-tc", "invalid-id")]               // not ASCII
    [InlineData("id", "ab", "invalid-id")]                  // too short
    [InlineData("id", "a--b", "invalid-id")]                // empty segment
    [InlineData("name", " ", "required")]
    [InlineData("kind", "", "required")]
    [InlineData("kind", "cong-ty", "unknown-kind")]
    [InlineData("kind", "ubnd-tinh", "unknown-kind")]       // only the implicit committee of a province has it
    [InlineData("unitCode", "", "required")]
    [InlineData("unitCode", "VN", "invalid-unit")]          // a scope, not a unit a body belongs to
    [InlineData("unitCode", "99", "invalid-unit")]          // well-formed, but no such unit
    [InlineData("unitCode", "2a", "invalid-unit")]
    public void Check_OneBadField_NamesThatFieldOnly(string field, string value, string code)
    {
        var body = field switch
        {
            "id" => Valid() with { Id = value },
            "name" => Valid() with { Name = value },
            "kind" => Valid() with { Kind = value },
            _ => Valid() with { UnitCode = value },
        };
        var problem = Check(body).ShouldHaveSingleItem();
        problem.Field.ShouldBe(field);
        problem.Code.ShouldBe(code);
        problem.Vi.ShouldNotBeNullOrWhiteSpace();
        problem.En.ShouldNotBeNullOrWhiteSpace();
        problem.Vi.ShouldNotBe(problem.En);
    }

    [Fact]
    public void Check_NameTooLong_Refused() =>
        Check(Valid() with { Name = new string('x', BodyValidation.MaxNameLength + 1) }).ShouldHaveSingleItem().Code.ShouldBe("too-long");

    [Fact]
    public void Check_Roles_UnknownAndDuplicateNamedByIndex()
    {
        var problems = Check(Valid() with { Roles = ["so-ldtbxh", "so-giao-duc", "so-ldtbxh"] });
        problems.Select(p => (p.Field, p.Code)).ShouldBe([("roles[1]", "unknown-role"), ("roles[2]", "duplicate-role")]);
    }

    [Fact]
    public void Check_EverythingWrong_EveryFieldNamed() =>
        Check(new NominatingBody("X", "", "?", "1", ["?"])).Select(p => p.Field).ShouldBe(["id", "name", "kind", "unitCode", "roles[0]"]);

    [Theory]
    [InlineData("24", "ubnd-tinh")]
    [InlineData("220", "ubnd-huyen")]
    [InlineData("07210", "ubnd-xa")]
    public void PeoplesCommittee_EveryUnitHasOne_KindAndRoleByLevel(string unit, string kind)
    {
        var body = NominatingBody.PeoplesCommittee(unit);
        body.Id.ShouldBe("ubnd:" + unit);
        body.IsImplicit.ShouldBeTrue();
        body.Kind.ShouldBe(kind);
        body.Plays(kind).ShouldBeTrue();
        NominatingBody.ImplicitUnitOf(body.Id).ShouldBe(unit);
    }

    [Theory]
    [InlineData("bac-giang-so-ldtbxh")]
    [InlineData("ubnd:")]
    [InlineData("ubnd:VN")]
    [InlineData(null)]
    public void ImplicitUnitOf_NotAnImplicitId_Null(string? id) => NominatingBody.ImplicitUnitOf(id).ShouldBeNull();

    [Fact]
    public void Equality_ComparesRolesByContent() =>
        Valid().ShouldBe(Valid() with { Roles = new List<string> { "so-ldtbxh" } });
}
