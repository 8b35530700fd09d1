using NoOneLeftBehind.Domain.Bodies;
using NoOneLeftBehind.Domain.Dossiers;
using NoOneLeftBehind.Domain.Identity;
using NoOneLeftBehind.Domain.Plans;
using NoOneLeftBehind.Domain.Units;
using Dossier = NoOneLeftBehind.Domain.Dossiers.Dossier;

namespace NoOneLeftBehind.Domain.Tests.Dossiers;

/// <summary>
/// Bắc Giang's Bằng khen quotas (seed 003, IV.2.a) by nominating body and, for officials, by level (ADR 0008).
/// Before bodies, each of the eight provincial bodies got quota 0 and two district-level officials were accepted.
/// </summary>
public sealed class BodyQuotaTests
{
    private const string Plan = "bac-giang-so-ket-2023";
    private const string Award = "bang-khen-chu-tich-tinh";
    private static readonly PlanCatalogue Catalogue = PlanCatalogue.LoadEmbedded();
    private static readonly DossierRuleBook Rules = DossierRuleBook.LoadEmbedded();
    private static readonly RegistryUnitHierarchy Units = new(UnitRegistry.Embedded, TimeProvider.System);
    private static readonly DateTimeOffset Now = new(2023, 11, 20, 9, 0, 0, TimeSpan.FromHours(7));
    private static readonly Plan BacGiang = Catalogue.TryGet(PlanId.Parse(Plan), out var p) ? p : throw new InvalidOperationException(Plan);

    // As the app judges plan rules: on the plan period's unit tree, not on the scope relation (ADR 0010).
    private static Func<string, string, bool> Within(Plan plan) => PlanUnits.WithinDuring(plan, UnitRegistry.Embedded, Units.IsWithin);

    private static NominatingBody Body(string role, string unit = "24", string kind = BodyKinds.SoBan) => new($"bg-{role}", role, kind, unit, [role]);

    private static QuotaLimit? Quota(NominatingBody body, SubjectKind kind, string? level = null) =>
        Rules.QuotaFor(BacGiang, Award, kind, body, level, Within(BacGiang));

    private static Dossier Draft(NominatingBody body, SubjectKind kind, string? level = null)
    {
        var id = DossierId.New(body.UnitCode);
        return new Dossier
        {
            Id = id,
            PlanId = PlanId.Parse(Plan),
            Stage = new DossierStage(StageKind.MidTerm, 2023),
            NominatingUnitCode = id.Unit,
            NominatorBodyId = body.IsImplicit ? null : body.Id,
            Nominee = new Nominee { Kind = kind, Name = "Đối tượng " + Guid.NewGuid().ToString("N")[..6], Level = level },
            AwardFormId = Award,
            NominationYear = 2023,
            CreatedAt = Now,
            CreatedBy = "test",
            UpdatedAt = Now,
        };
    }

    /// <summary>Submits <paramref name="d"/> with the quota its body has and the slots <paramref name="holders"/> hold (components left out: the quota alone decides).</summary>
    private static DossierDecision Submit(NominatingBody body, Dossier d, IReadOnlyList<string> holders) =>
        d.Submit([], Rules.SubmissionDeadline(BacGiang, d, body), Quota(body, d.Nominee.Kind, d.Nominee.Level), holders, Now);

    [Theory]
    [InlineData("so-ldtbxh", "collective", 1)]
    [InlineData("so-ldtbxh", "individual", 1)]
    [InlineData("mttq-tinh", "enterprise", 3)]
    [InlineData("mttq-tinh", "collective", 1)]
    [InlineData("mttq-tinh", "individual", 1)]
    [InlineData("so-khdt", "collective", 1)]
    [InlineData("so-khdt", "individual", 1)]
    [InlineData("so-tai-chinh", "collective", 1)]
    [InlineData("ban-dan-toc", "collective", 1)]
    [InlineData("hoi-lhpn-tinh", "collective", 1)]
    [InlineData("nhcsxh-tinh", "collective", 1)]
    [InlineData("van-phong-ubnd-tinh", "individual", 1)]
    [InlineData("so-tai-chinh", "individual", 0)]      // "Mỗi cơ quan … 01 tập thể": no individual
    [InlineData("van-phong-ubnd-tinh", "collective", 0)] // "01 cá nhân": no collective
    public void ProvincialBodies_GetTheCountsOfIV2a(string role, string kind, int count)
    {
        SubjectKinds.TryParse(kind, out var k).ShouldBeTrue();
        var limit = Quota(Body(role), k).ShouldNotBeNull();
        limit.Count.ShouldBe(count, $"IV.2.a: {role} {kind}");
        limit.Clause.ShouldBe("IV.2.a");
    }

    [Fact]
    public void SoLdtbxh_DistrictUnits_NoCountInThePlan() => Quota(Body("so-ldtbxh"), SubjectKind.District).ShouldBeNull();

    [Fact]
    public void SoKhdt_OneCollectiveAndOneIndividualAccepted_SecondCollectiveRefused_CitingIV2a()
    {
        var soKhdt = Body("so-khdt");
        var collective = Draft(soKhdt, SubjectKind.Collective);
        var first = Submit(soKhdt, collective, []);
        first.Problems.ShouldBeEmpty("IV.2.a gives Sở KH&ĐT 01 tập thể");
        first.Quota!.Holders.ShouldBe([collective.Id.Value]);

        // The individual has its own slots (its own quota key).
        var individual = Submit(soKhdt, Draft(soKhdt, SubjectKind.Individual), []);
        individual.Problems.ShouldBeEmpty("IV.2.a gives Sở KH&ĐT 01 cá nhân");

        var second = Submit(soKhdt, Draft(soKhdt, SubjectKind.Collective), [collective.Id.Value]);
        var problem = second.Problems.ShouldHaveSingleItem();
        problem.Code.ShouldBe("quota-exceeded");
        problem.MessageVi.ShouldContain("IV.2.a");
        problem.MessageEn.ShouldContain("IV.2.a");
    }

    [Fact]
    public void ProvincesCommittee_HasNoQuota_AsBefore()
    {
        // The implicit body of the province (ubnd:24) is none of the plan's nominators.
        var limit = Quota(NominatingBody.PeoplesCommittee("24"), SubjectKind.Collective).ShouldNotBeNull();
        limit.Count.ShouldBe(0);
        limit.Clause.ShouldBe("IV.2.a");
    }

    [Fact]
    public void RoleOutsideThePlansProvince_HasNoQuota() =>
        Quota(Body("so-khdt", unit: "64"), SubjectKind.Collective)!.Count.ShouldBe(0, "IV.2.a allocates to Bắc Giang's bodies (within 24)");

    [Theory]
    [InlineData("213", "commune", 1)]   // thành phố Bắc Giang
    [InlineData("213", "village", 1)]
    [InlineData("213", "household", 2)]
    [InlineData("220", "commune", 2)]   // "Riêng huyện Sơn Động … 02 đơn vị cấp xã"
    [InlineData("220", "village", 2)]   // "riêng huyện Sơn Động đề nghị 02 thôn"
    [InlineData("220", "household", 2)]
    public void Districts_ThroughTheirPeoplesCommittee_SonDongExceptions(string unit, string kind, int count)
    {
        SubjectKinds.TryParse(kind, out var k).ShouldBeTrue();
        Quota(NominatingBody.PeoplesCommittee(unit), k)!.Count.ShouldBe(count, $"IV.2.a: {unit} {kind}");
    }

    [Fact]
    public void Officials_OneAtDistrictLevelAndOneAtCommuneVillageLevel()
    {
        var district = NominatingBody.PeoplesCommittee("216");
        Quota(district, SubjectKind.Official, QuotaLevels.District)!.Count.ShouldBe(1);
        Quota(district, SubjectKind.Official, QuotaLevels.CommuneVillage)!.Count.ShouldBe(1);

        var first = Draft(district, SubjectKind.Official, QuotaLevels.District);
        Submit(district, first, []).Problems.ShouldBeEmpty("IV.2.a: 01 cá nhân ở cấp huyện");
        // Before: the quota was 2 officials of any level, so a second district-level one was accepted.
        var second = Submit(district, Draft(district, SubjectKind.Official, QuotaLevels.District), [first.Id.Value]);
        var over = second.Problems.ShouldHaveSingleItem();
        over.Code.ShouldBe("quota-exceeded");
        over.MessageVi.ShouldContain("cấp huyện");
        over.MessageVi.ShouldContain("IV.2.a");
        // The commune/village-level slot is another key (empty holders): accepted.
        Submit(district, Draft(district, SubjectKind.Official, QuotaLevels.CommuneVillage), []).Problems.ShouldBeEmpty("IV.2.a: 01 cá nhân ở cấp xã, thôn");
    }

    [Fact]
    public void Officials_WithoutLevel_RefusedNamingTheField()
    {
        var district = NominatingBody.PeoplesCommittee("216");
        var problem = Submit(district, Draft(district, SubjectKind.Official), []).Problems.ShouldHaveSingleItem();
        (problem.Code, problem.Field).ShouldBe(("level-required", "nominee.level"));
        problem.MessageVi.ShouldContain("IV.2.a");
        problem.MessageEn.ShouldContain("IV.2.a");
    }

    [Fact]
    public void Level_OnAQuotaNotSplitByLevel_Refused()
    {
        // Otherwise a level would open separate slots and let a unit exceed "02 hộ gia đình".
        var district = NominatingBody.PeoplesCommittee("216");
        var problem = Submit(district, Draft(district, SubjectKind.Household, QuotaLevels.District), []).Problems.ShouldHaveSingleItem();
        (problem.Code, problem.Field).ShouldBe(("level-not-applicable", "nominee.level"));
        problem.MessageVi.ShouldContain("IV.2.a");
    }

    [Fact]
    public void DossierWithoutBody_IsTheUnitsPeoplesCommittees()
    {
        var d = Draft(NominatingBody.PeoplesCommittee("220"), SubjectKind.Commune);
        d.NominatorBodyId.ShouldBeNull();
        d.NominatingBodyId.ShouldBe("ubnd:220");
        (d with { NominatorBodyId = "bg-so-khdt" }).NominatingBodyId.ShouldBe("bg-so-khdt");
    }

    [Fact]
    public void GiayKhen_DecidedByTheUnitsHead_NoProvincialDeadlineOrQuota()
    {
        var district = NominatingBody.PeoplesCommittee("213");
        var late = new DateTimeOffset(2023, 12, 1, 0, 30, 0, TimeSpan.FromHours(7));
        DossierRuleBook.DecidedByUnitHead(BacGiang, "giay-khen").ShouldBeTrue("IV.2.b: Thủ trưởng các cơ quan, địa phương quyết định");
        DossierRuleBook.DecidedByUnitHead(BacGiang, Award).ShouldBeFalse("IV.2.a: Bằng khen of the Chủ tịch UBND tỉnh");

        var giayKhen = Draft(district, SubjectKind.Household) with { AwardFormId = "giay-khen" };
        Rules.SubmissionDeadline(BacGiang, giayKhen, district).ShouldBeNull("IV.2.b: no provincial deadline for Giấy khen");
        Rules.QuotaFor(BacGiang, "giay-khen", SubjectKind.Household, district, null, Within(BacGiang)).ShouldBeNull("IV.2.b: the head decides the number");
        giayKhen.Submit([], Rules.SubmissionDeadline(BacGiang, giayKhen, district), null, [], late).Problems.ShouldBeEmpty("IV.2.b: accepted after 30/11/2023");

        // The Bằng khen of the same unit keeps IV.3.a's 30/11/2023.
        var bangKhen = Draft(district, SubjectKind.Household);
        var deadline = Rules.SubmissionDeadline(BacGiang, bangKhen, district).ShouldNotBeNull();
        deadline.Date.ShouldBe(new DateOnly(2023, 11, 30));
        bangKhen.Submit([], deadline, null, [], late).Problems.ShouldHaveSingleItem().Code.ShouldBe("deadline-passed", "IV.3.a");
    }

    [Theory]
    [InlineData("bac-giang-so-ket-2023", "213", true)]     // TP Bắc Giang
    [InlineData("bac-giang-so-ket-2023", "24", true)]      // the province's own bodies
    [InlineData("bac-giang-so-ket-2023", "23971", false)]  // Xã Ia Hrú, Gia Lai: not offered Bắc Giang's plan
    [InlineData("chu-puh-2021-2025", "23971", true)]       // Ia Hrú lies in Chư Pưh
    [InlineData("chu-puh-2021-2025", "64", false)]         // the province is above the district's plan
    [InlineData("binh-dinh-2021-2025", "639", false)]
    public void PlanForUnit_OnlyUnitsThePlanGoverns(string planId, string unit, bool allowed)
    {
        Catalogue.TryGet(PlanId.Parse(planId), out var plan).ShouldBeTrue();
        var problem = DossierChecks.PlanForUnit(plan, unit, Within(plan));
        (problem is null).ShouldBe(allowed, $"{planId} governs {string.Join(", ", plan.Governs!)}");
        if (problem is not null) (problem.Code, problem.Field).ShouldBe(("plan-not-for-unit", "planId"));
    }
}
