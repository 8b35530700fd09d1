using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NoOneLeftBehind.Integration.Tests.Identity;
using NoOneLeftBehind.TestSupport;

namespace NoOneLeftBehind.Integration.Tests.Dossiers;

/// <summary>
/// <c>GET /api/dossier-route</c> over HTTP on Azurite: before a dossier exists, the form learns what the caller's body will
/// send (seed 003 IV.3.a–b): TP Bắc Giang its own proposal and the Mẫu 07 report to Sở LĐ-TB&amp;XH by 30/11/2023; the
/// Sở its own nominee's report, due with its list on 05/12/2023; a Giấy khen no route and no deadline. The same answer as
/// the saved dossier's view.
/// </summary>
public sealed class DossierRoutePreviewTests(AzuriteFixture azurite) : DossierAppTests(azurite, SoKet2023Clock)
{
    private const string Query = "/api/dossier-route?planId=bac-giang-so-ket-2023&stageKind=mid-term&stageYear=2023";

    [Fact]
    public async Task UnitAndSo_GetTheirOwnRoute_ComponentsAndDeadline_AsTheSavedDossierWill()
    {
        using var admin = await _app.ClientForAsync("quan-tri");
        await DevUsers.MoveScopeAsync(admin, DistrictSubmitter, new { unitCode = "213", displayName = "Cán bộ TP Bắc Giang" });
        using var district = await _app.ClientForAsync("huyen-chu-puh");
        using var so = await _app.ClientForAsync("so-ldtbxh-bac-giang");

        var unit = await district.GetFromJsonAsync<JsonElement>($"{Query}&awardFormId=bang-khen-chu-tich-tinh&nominatingUnitCode=213");
        unit.GetProperty("route").GetProperty("id").GetString().ShouldBe("unit-to-so-ldtbxh");
        unit.GetProperty("deadline").GetProperty("date").GetString().ShouldBe("2023-11-30");
        Components(unit).ShouldBe([("to-trinh-don-vi", true), ("bao-cao-thanh-tich", true), ("minh-chung", false)]);
        Components(unit).ShouldNotContain(c => c.Id == "bien-ban", "the Sở's council minutes are the list's, never a unit's");

        var own = await so.GetFromJsonAsync<JsonElement>($"{Query}&awardFormId=bang-khen-chu-tich-tinh&nominatingUnitCode=24");
        own.GetProperty("route").GetProperty("own").GetBoolean().ShouldBeTrue();
        own.GetProperty("deadline").GetProperty("date").GetString().ShouldBe("2023-12-05");
        Components(own).Where(c => c.Required).Select(c => c.Id).ShouldBe(["bao-cao-thanh-tich"]);

        // Giấy khen: the unit's head decides (IV.2.b) — no route, no provincial deadline, the law's default list.
        var giayKhen = await district.GetFromJsonAsync<JsonElement>($"{Query}&awardFormId=giay-khen&nominatingUnitCode=213");
        giayKhen.GetProperty("route").ValueKind.ShouldBe(JsonValueKind.Null);
        giayKhen.GetProperty("deadline").ValueKind.ShouldBe(JsonValueKind.Null);
        Components(giayKhen).Select(c => c.Id).ShouldContain("bao-cao-thanh-tich");

        // The saved dossier answers the same components and deadline.
        var saved = await Browser.CreateAsync(district, new
        {
            planId = "bac-giang-so-ket-2023", stage = new { kind = "mid-term", year = 2023 }, nominatingUnitCode = "213",
            nominee = new { kind = "household", name = "Hộ ông Nguyễn Văn Hạnh", address = "TP Bắc Giang" },
            awardFormId = "bang-khen-chu-tich-tinh", nominationYear = 2023, achievementsSummary = "Thành tích tiêu biểu.",
        });
        Components(saved).ShouldBe(Components(unit));
        saved.GetProperty("deadline").GetProperty("date").GetString().ShouldBe("2023-11-30");
    }

    [Fact]
    public async Task AnotherUnit_Is403_BadQuery_Is400WithTheField()
    {
        using var district = await _app.ClientForAsync("huyen-chu-puh"); // Chư Pưh (639) by default
        using (var foreign = await district.GetAsync($"{Query}&awardFormId=bang-khen-chu-tich-tinh&nominatingUnitCode=213"))
            foreign.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using var bad = await district.GetAsync("/api/dossier-route?planId=bac-giang-so-ket-2023&stageKind=mid-term&stageYear=2023&awardFormId=huy-chuong&nominatingUnitCode=639");
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await bad.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("field").GetString()).ShouldBe(["awardFormId"]);
        using (var anonymous = await new HttpClient { BaseAddress = _app.BaseAddress }.GetAsync($"{Query}&awardFormId=giay-khen&nominatingUnitCode=639"))
            anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    private static List<(string Id, bool Required)> Components(JsonElement answer) =>
        [.. answer.GetProperty("components").EnumerateArray().Select(c => (c.GetProperty("id").GetString()!, c.GetProperty("required").GetBoolean()))];
}
