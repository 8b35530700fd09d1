using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using NoOneLeftBehind.Functions.Embedding;
using NoOneLeftBehind.Integration.Tests.Dossiers;
using NoOneLeftBehind.Integration.Tests.Identity;
using NoOneLeftBehind.TestSupport;

namespace NoOneLeftBehind.Integration.Tests.Embedding;

/// <summary>
/// GET /api/dossier-quota-use (the nominations dashboard's quota visual) over real HTTP on Azurite: Bắc Giang's
/// mid-term plan, clause IV.2.a (2 households per district for the provincial certificate), one submitted dossier
/// holding a slot and one draft; read by a leader and by embed tokens for Bắc Giang and for another province.
/// </summary>
public sealed class NominationsQuotaUseTests(AzuriteFixture azurite) : DossierAppTests(azurite, new Dictionary<string, string>
    {
        ["Clock:FixedNow"] = SoKet2023Now,
        ["Embedding:AllowedOrigins:0"] = Portal,
    })
{
    private const string Portal = "https://cong.example.gov.vn";

    [Fact]
    public async Task QuotaUse_CountsHeldSlots_PerNominatingUnit_WithinTheReadersScope()
    {
        using var admin = await _app.ClientForAsync("quan-tri");
        await DevUsers.MoveScopeAsync(admin, DistrictSubmitter, new { unitCode = "213", displayName = "Cán bộ TP Bắc Giang" });
        using var submitter = await _app.ClientForAsync("huyen-chu-puh");
        await Browser.CreateCompleteAndSubmitAsync(submitter, Browser.BacGiangCityDossier("Hộ ông Nguyễn Văn Một"));
        await Browser.CreateAsync(submitter, Browser.BacGiangCityDossier("Hộ bà Trần Thị Hai"));

        using var national = await _app.ClientForAsync("lanh-dao-trung-uong");
        var all = await national.GetFromJsonAsync<JsonElement>("/api/dossier-quota-use?planId=bac-giang-so-ket-2023");
        var item = all.GetProperty("items").EnumerateArray().Single();
        item.GetProperty("unitCode").GetString().ShouldBe("213");
        item.GetProperty("awardFormId").GetString().ShouldBe("bang-khen-chu-tich-tinh");
        item.GetProperty("nomineeKind").GetString().ShouldBe("household");
        item.GetProperty("limit").GetInt32().ShouldBe(2);
        item.GetProperty("used").GetInt32().ShouldBe(1);      // the submitted one holds a slot, the draft does not
        item.GetProperty("dossiers").GetInt32().ShouldBe(2);
        item.GetProperty("clause").GetString().ShouldBe("IV.2.a");

        // An embed token for Bắc Giang (24) reads the same; one for Gia Lai (64) reads nothing and may not name 213.
        using var bacGiang = await EmbedAsync(national, "24");
        (await bacGiang.GetFromJsonAsync<JsonElement>("/api/dossier-quota-use?planId=bac-giang-so-ket-2023")).GetProperty("items").ToString()
            .ShouldBe(all.GetProperty("items").ToString());
        using var giaLai = await EmbedAsync(national, "64");
        (await giaLai.GetFromJsonAsync<JsonElement>("/api/dossier-quota-use?planId=bac-giang-so-ket-2023")).GetProperty("items").GetArrayLength().ShouldBe(0);
        (await giaLai.GetAsync("/api/dossier-quota-use?planId=bac-giang-so-ket-2023&unitCode=213")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using var unknown = await national.GetAsync("/api/dossier-quota-use?planId=no-such-plan");
        unknown.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    private async Task<HttpClient> EmbedAsync(HttpClient minter, string unit)
    {
        using var response = await minter.PostAsJsonAsync("/api/embed-tokens", new { dashboardId = "nominations", unitCode = unit, hostOrigin = Portal });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        var client = new HttpClient { BaseAddress = _app.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(EmbeddingEndpoints.Scheme, token);
        return client;
    }
}
