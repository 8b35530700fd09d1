using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NoOneLeftBehind.Domain.Dossiers;
using NoOneLeftBehind.Domain.Plans;
using NoOneLeftBehind.Infrastructure.Dossiers;
using NoOneLeftBehind.Integration.Tests.Identity;
using NoOneLeftBehind.TestSupport;
using Dossier = NoOneLeftBehind.Domain.Dossiers.Dossier;

namespace NoOneLeftBehind.Integration.Tests.Dossiers;

/// <summary>
/// Award stages, exclusions and scope over HTTP against Azurite (issue 16 B): Chư Pưh III.2.b (province awards only at the
/// sơ kết / tổng kết; no province award for a unit proposed for a State award in the same stage), the plans a unit may
/// draft under, and Giấy khen kept out of the province's queue and nominee list (Bắc Giang IV.2.b).
/// </summary>
public sealed class DossierAwardStageTests(AzuriteFixture azurite) : DossierAppTests(azurite, SoKet2023Clock)
{
    [Fact]
    public async Task Create_ProvinceAwardInAnAnnualRound_Is400NamingTheStagesInWords()
    {
        // III.2.b: Cờ thi đua cấp tỉnh only at the sơ kết (2023) and tổng kết (2025).
        using var commune = await _app.ClientForAsync("xa-ia-hru");
        using var refused = await commune.PostAsJsonAsync("/api/dossiers", Browser.CommuneDossier("23971", "Xã Ia Hrú (hằng năm)", award: "co-thi-dua-tinh", stageKind: "annual"));

        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var item = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("problems").EnumerateArray()
            .Single(p => p.GetProperty("code").GetString() == "award-not-at-stage");
        item.GetProperty("field").GetString().ShouldBe("stage");
        item.GetProperty("vi").GetString()!.ShouldContain("sơ kết (2023), tổng kết (2025)");
        item.GetProperty("en").GetString()!.ShouldContain("mid-term review (2023), final review (2025)");
        (await commune.GetFromJsonAsync<JsonElement>("/api/dossiers?unitCode=23971&q=hang%20nam")).GetArrayLength().ShouldBe(0, "nothing was created");
    }

    [Fact]
    public async Task Submit_ProvinceAwardForACommuneProposedForAStateAward_Is422NamingTheOtherTrackingCode()
    {
        // The district proposes Xã Ia Hrú for the Huân chương Lao động at the 2023 sơ kết; the commune then proposes itself
        // for the province's Cờ thi đua in the same stage: III.2.b "(trừ các đơn vị đã được đề nghị khen thưởng cấp Nhà nước)".
        using var district = await _app.ClientForAsync("huyen-chu-puh");
        using var commune = await _app.ClientForAsync("xa-ia-hru");
        var state = await Browser.CreateCompleteAndSubmitAsync(district, Browser.CommuneDossier("639", "Xã Ia Hrú", award: "huan-chuong-lao-dong"));
        var code = (await Browser.GetAsync(district, state)).GetProperty("trackingCode").GetString()!;
        var province = await Browser.CreateCompleteAsync(commune, Browser.CommuneDossier("23971", "Xã Ia Hrú", award: "co-thi-dua-tinh"));
        var before = await Browser.GetAsync(commune, province);

        using var refused = await Browser.SubmitAsync(commune, province);

        refused.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("code").GetString().ShouldBe("excluded-award");
        var item = problem.GetProperty("problems").EnumerateArray().Single();
        item.GetProperty("vi").GetString()!.ShouldContain($"(hồ sơ {code})");
        item.GetProperty("vi").GetString()!.ShouldContain("III.2.b");
        item.GetProperty("en").GetString()!.ShouldContain($"(dossier {code})");
        var after = await Browser.GetAsync(commune, province);
        (after.GetProperty("status").GetString(), after.GetProperty("etag").GetString()).ShouldBe(("draft", before.GetProperty("etag").GetString()), "nothing changed");

        // The district's own Giấy khen for the commune is not excluded by the clause.
        var giayKhen = await Browser.CreateCompleteAsync(commune, Browser.CommuneDossier("23971", "Xã Ia Hrú"));
        using var accepted = await Browser.SubmitAsync(commune, giayKhen);
        accepted.StatusCode.ShouldBe(HttpStatusCode.Accepted, await accepted.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task PlansByScope_ChuPuhCommune_IsOfferedAndMayDraftOnlyUnderChuPuhsPlan()
    {
        using var commune = await _app.ClientForAsync("xa-ia-hru");

        var me = await commune.GetFromJsonAsync<JsonElement>("/api/me");
        me.GetProperty("scope").GetProperty("plans").EnumerateArray().Select(p => p.GetString()).ShouldBe(["chu-puh-2021-2025"]);

        // Bình Định's plan governs 52, which today's tree (the 2025 merger into Gia Lai, code 52) puts above Ia Hrú; in
        // 2021–2025 it was Gia Lai's (64), so Bình Định's plan never governed it.
        using var refused = await commune.PostAsJsonAsync("/api/dossiers", new
        {
            planId = "binh-dinh-2021-2025",
            stage = new { kind = "mid-term", year = 2023 },
            nominatingUnitCode = "23971",
            nominee = new { kind = "household", name = "Hộ ông Rơ Châm Thử" },
            awardFormId = "bang-khen-chu-tich-tinh",
            nominationYear = 2023,
        });
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await refused.Content.ReadAsStringAsync());
        (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("problems").EnumerateArray()
            .ShouldContain(p => p.GetProperty("code").GetString() == "plan-not-for-unit");
    }

    [Fact]
    public async Task GiayKhen_ListedToItsOwnUnit_NotInTheProvincesQueueOrNomineeList()
    {
        // Bắc Giang IV.2.b: Giấy khen are decided by the head of the agency or locality; no provincial list.
        using var admin = await _app.ClientForAsync("quan-tri");
        await DevUsers.MoveScopeAsync(admin, DistrictSubmitter, new { unitCode = "213", displayName = "Cán bộ TP Bắc Giang" });
        await DevUsers.MoveScopeAsync(admin, GiaLaiReviewer, new { unitCode = "24", displayName = "Chuyên viên tỉnh Bắc Giang" });
        var giayKhen = await SeedApprovedAsync("giay-khen", "Hộ bà Trần Thị Giấy");
        var bangKhen = await SeedApprovedAsync("bang-khen-chu-tich-tinh", "Hộ ông Nguyễn Văn Bằng");
        using var province = await _app.ClientForAsync("tham-dinh-gia-lai");
        using var unit = await _app.ClientForAsync("huyen-chu-puh");

        (await IdsAsync(province, "/api/dossiers?planId=bac-giang-so-ket-2023")).ShouldBe([bangKhen]);
        (await IdsAsync(unit, "/api/dossiers?planId=bac-giang-so-ket-2023")).ShouldBe([giayKhen, bangKhen], ignoreOrder: true);
        (await province.GetAsync($"/api/dossiers/{giayKhen}")).StatusCode.ShouldBe(HttpStatusCode.OK, "opened by id, it stays readable in scope (audit)");

        const string export = "/api/dossier-exports/approved?planId=bac-giang-so-ket-2023&stageKind=mid-term&stageYear=2023&format=csv&awardFormId=";
        var provinceGiayKhen = await province.GetStringAsync(export + "giay-khen");
        provinceGiayKhen.ShouldNotContain("Hộ bà Trần Thị Giấy");
        (await province.GetStringAsync(export + "bang-khen-chu-tich-tinh")).ShouldContain("Hộ ông Nguyễn Văn Bằng");

        // The unit's own reviewer (the head's office, which decides it) lists and exports it.
        await DevUsers.MoveScopeAsync(admin, GiaLaiReviewer, new { unitCode = "213", displayName = "Chuyên viên TP Bắc Giang" });
        using var own = await _app.ClientForAsync("tham-dinh-gia-lai");
        (await IdsAsync(own, "/api/dossiers?planId=bac-giang-so-ket-2023")).ShouldBe([giayKhen, bangKhen], ignoreOrder: true);
        (await own.GetStringAsync(export + "giay-khen")).ShouldContain("Hộ bà Trần Thị Giấy");
    }

    private async Task<string> SeedApprovedAsync(string award, string name)
    {
        var store = _app.Services.GetRequiredService<DossierStore>();
        var id = DossierId.New("213");
        var now = new DateTimeOffset(2023, 11, 20, 2, 0, 0, TimeSpan.Zero);
        var dossier = new Dossier
        {
            Id = id,
            PlanId = PlanId.Parse("bac-giang-so-ket-2023"),
            Stage = new DossierStage(StageKind.MidTerm, 2023),
            NominatingUnitCode = id.Unit,
            Nominee = new Nominee { Kind = SubjectKind.Household, Name = name, Address = "Phường Trần Phú, TP Bắc Giang" },
            AwardFormId = award,
            NominationYear = 2023,
            Status = DossierStatus.Approved,
            Revision = 1,
            AchievementsSummary = "Tự nguyện đăng ký thoát nghèo.",
            CreatedAt = now,
            CreatedBy = "test seed",
            UpdatedAt = now,
        };
        await store.EnsureCreatedAsync();
        var write = await store.CreateAsync(dossier, new DossierAuditEntry(id.Value, now, "test seed", DossierAction.Create, null, DossierStatus.Approved, 1, [], "seeded", null, null));
        write.Outcome.ShouldBe(DossierWriteOutcome.Succeeded);
        return id.Value;
    }

    private static async Task<List<string>> IdsAsync(HttpClient client, string path) =>
        [.. (await client.GetFromJsonAsync<JsonElement>(path)).EnumerateArray().Select(d => d.GetProperty("id").GetString()!)];
}
