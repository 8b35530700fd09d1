using NoOneLeftBehind.Domain.Bodies;
using NoOneLeftBehind.Domain.Dossiers;
using NoOneLeftBehind.Domain.Identity;
using NoOneLeftBehind.Domain.Plans;
using Dossier = NoOneLeftBehind.Domain.Dossiers.Dossier;

namespace NoOneLeftBehind.Domain.Tests.Dossiers;

/// <summary>
/// Who sends which dossier to whom (seed 003 IV.3.a–b, V.1; domain.md "More decisions"): the agencies' and localities'
/// dossiers go to Sở LĐ-TB&amp;XH by 30/11/2023 with their own proposal and the nominees' Mẫu 07 reports; the Sở's own
/// nominations go straight onto its list, due 05/12/2023; the Sở's tờ trình and council minutes belong to the list.
/// </summary>
public sealed class DossierRoutesTests
{
    private const string Plan = "bac-giang-so-ket-2023";
    private static readonly DossierRuleBook Rules = DossierRuleBook.LoadEmbedded();
    private static readonly Plan BacGiang = PlanCatalogue.LoadEmbedded().TryGet(PlanId.Parse(Plan), out var p) ? p : throw new InvalidOperationException(Plan);
    private static readonly NominatingBody So = new("bac-giang-so-ldtbxh", "Sở LĐ-TB&XH Bắc Giang", BodyKinds.SoBan, "24", ["so-ldtbxh"]);

    /// <summary>A Bằng khen draft of Bắc Giang's mid-term stage by <paramref name="unit"/>.</summary>
    internal static Dossier Draft(string unit, string award = "bang-khen-chu-tich-tinh", string? bodyId = null)
    {
        var id = DossierId.New(unit);
        var now = new DateTimeOffset(2023, 11, 20, 9, 0, 0, TimeSpan.FromHours(7));
        return new Dossier
        {
            Id = id, PlanId = PlanId.Parse(Plan), Stage = new DossierStage(StageKind.MidTerm, 2023), NominatingUnitCode = id.Unit, NominatorBodyId = bodyId,
            Nominee = new Nominee { Kind = SubjectKind.Household, Name = "Hộ bà Trần Thị Muộn" }, AwardFormId = award, NominationYear = 2023,
            CreatedAt = now, CreatedBy = "test", UpdatedAt = now,
        };
    }

    public static TheoryData<string, string, string[]> Senders => new()
    {
        { "TP Bắc Giang's committee", "ubnd:213", ["ubnd-huyen"] },                  // IV.3.a "các cơ quan, địa phương": a district
        { "Sở KH&ĐT", "bg-so-khdt", ["so-khdt"] },                                   // a provincial body other than the Sở
        { "Ủy ban MTTQ tỉnh", "bg-mttq", ["mttq-tinh"] },
        { "phường Thọ Xương's committee", "ubnd:07201", ["ubnd-xa"] },          // a commune-level unit of TP Bắc Giang
    };

    [Theory]
    [MemberData(nameof(Senders))]
    public void UnitDossier_GoesToTheSo_By30November_WithItsProposalAndMau07_NeverTheSosDocuments(string why, string bodyId, string[] roles)
    {
        var unit = NominatingBody.ImplicitUnitOf(bodyId) ?? "24";
        var body = new NominatingBody(bodyId, why, BodyKinds.SoBan, unit, roles);
        var d = Draft(unit, bodyId: body.IsImplicit ? null : bodyId);

        var route = Rules.RouteOf(BacGiang, d, body).ShouldNotBeNull(why);
        (route.Id, route.Clause, route.To.Role, route.Own).ShouldBe(("unit-to-so-ldtbxh", "IV.3.a", "so-ldtbxh", false), why);
        Rules.SubmissionDeadline(BacGiang, d, body)!.Date.ShouldBe(new DateOnly(2023, 11, 30), "IV.3.a: units send to the Sở by 30/11/2023");
        var components = Rules.ComponentsOf(BacGiang, d, body);
        components.Where(c => c.Required).Select(c => c.Id).ShouldBe(["to-trinh-don-vi", "bao-cao-thanh-tich"], why);
        components.Select(c => c.Id).ShouldNotContain("to-trinh", "IV.3.b: the tờ trình is the Sở's, on its list");
        components.Select(c => c.Id).ShouldNotContain("bien-ban", "IV.3.b: the minutes are of the Sở's council, on its list");
        components.Single(c => c.Id == "bao-cao-thanh-tich").Template.ShouldBe("Mẫu 07, Phụ lục Nghị định 91/2017/NĐ-CP");
        components.Single(c => c.Id == "to-trinh-don-vi").Basis!.ShouldContain("quy định chung", customMessage: "the plan is silent on a unit's own proposal: the law's default applies");
        components.Single(c => c.Id == "minh-chung").Required.ShouldBeFalse();
    }

    [Fact]
    public void SosOwnDossier_GoesStraightOntoItsList_By5December_OnlyMau07()
    {
        var d = Draft("24", bodyId: So.Id) with { Nominee = new Nominee { Kind = SubjectKind.Collective, Name = "Phòng Bảo trợ xã hội" } };

        var route = Rules.RouteOf(BacGiang, d, So).ShouldNotBeNull();
        (route.Id, route.Clause, route.Own, route.ListId).ShouldBe(("so-ldtbxh-own", "IV.2.a", true, "so-ldtbxh-to-chu-tich-tinh"), "IV.2.a: the Sở's 01 tập thể, 01 cá nhân");
        Rules.SubmissionDeadline(BacGiang, d, So)!.Date.ShouldBe(new DateOnly(2023, 12, 5), "IV.3.a: the Sở's list goes by 05/12/2023");
        Rules.ComponentsOf(BacGiang, d, So).Where(c => c.Required).Select(c => c.Id).ShouldBe(["bao-cao-thanh-tich"], "IV.3.b: the tờ trình and minutes are the list's");
    }

    [Fact]
    public void GiayKhen_HasNoRoute_AndAsksTheUnitsOwnLegalList()
    {
        var committee = NominatingBody.PeoplesCommittee("213");
        var d = Draft("213", award: "giay-khen");
        Rules.RouteOf(BacGiang, d, committee).ShouldBeNull("IV.2.b: the unit's head decides Giấy khen; nothing goes to the Sở");
        Rules.SubmissionDeadline(BacGiang, d, committee).ShouldBeNull("IV.2.b");
        // Not the plan's IV.3.b (the Sở's list): the unit's own procedure, the law's default list.
        Rules.ComponentsOf(BacGiang, d, committee).Where(c => c.Required).Select(c => c.Id).ShouldBe(["to-trinh", "bien-ban", "bao-cao-thanh-tich"]);
    }

    [Fact]
    public void SosList_IsIV3b_ToTheChuTich_By5December_WithItsToTrinhAndMinutes()
    {
        var list = Rules.ListFor(BacGiang, new DossierStage(StageKind.MidTerm, 2023), "bang-khen-chu-tich-tinh").ShouldNotBeNull();
        (list.Id, list.Clause, list.ByRole, list.Within).ShouldBe(("so-ldtbxh-to-chu-tich-tinh", "IV.3.b", "so-ldtbxh", "24"));
        list.Deadline.Date.ShouldBe(new DateOnly(2023, 12, 5), "IV.3.a: gửi Sở Nội vụ, xong trước ngày 05/12/2023");
        list.Deadline.Clause.ShouldBe("IV.3.a");
        list.Components.Select(c => c.Id).ShouldBe(["to-trinh", "bien-ban"], "IV.3.b: the Sở's tờ trình with the list, its council's minutes");
        list.Components.ShouldAllBe(c => c.Required && c.Clause == "IV.3.b");
        Rules.ListFor(BacGiang, new DossierStage(StageKind.MidTerm, 2023), "giay-khen").ShouldBeNull("IV.2.b: no provincial list for Giấy khen");
    }

    [Fact]
    public void Rules_EveryRouteAndList_NamesWhatThePlanHas() =>
        Rules.Check(PlanCatalogue.LoadEmbedded()).ShouldBeEmpty();

    [Fact]
    public void Rules_ARouteNamingAnUnknownDeadline_IsReported()
    {
        var json = """
            { "schemaVersion": 1, "defaultComponents": { "components": [], "optional": [] },
              "plans": [ { "planId": "bac-giang-so-ket-2023", "submissionDeadlines": [],
                "routes": [ { "id": "r", "clause": "IV.3.a", "text": "…", "stage": "mid-term", "year": 2023, "awardForms": ["bang-khen-chu-tich-tinh"],
                  "fromRolesExcept": ["so-ldtbxh"], "to": { "role": "so-ldtbxh", "within": "24", "name": "Sở" }, "deadlineId": "no-such",
                  "onList": "l", "componentsBasis": "…", "components": [] } ] } ] }
            """;
        DossierRuleBook.Load(json).Check(PlanCatalogue.LoadEmbedded()).ShouldBe(["bac-giang-so-ket-2023 route r: no deadline 'no-such'.", "bac-giang-so-ket-2023 route r: no list 'l'."]);
    }

    [Fact]
    public void PlansWithoutRoutes_KeepTheirComponentsAndLevelDeadlines()
    {
        var catalogue = PlanCatalogue.LoadEmbedded();
        var chuPuh = catalogue.TryGet(PlanId.Parse("chu-puh-2021-2025"), out var c) ? c : throw new InvalidOperationException();
        var d = Draft("639") with { PlanId = PlanId.Parse(chuPuh.Id) };
        var committee = NominatingBody.PeoplesCommittee("639");
        Rules.RouteOf(chuPuh, d, committee).ShouldBeNull();
        Rules.ComponentsOf(chuPuh, d, committee).ShouldBe(Rules.ComponentsOf(chuPuh));
        Rules.ListsOf(chuPuh).ShouldBeEmpty();
    }
}
