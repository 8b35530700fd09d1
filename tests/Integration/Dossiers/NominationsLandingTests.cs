using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NoOneLeftBehind.Functions.Dossiers;
using NoOneLeftBehind.TestSupport;

namespace NoOneLeftBehind.Integration.Tests.Dossiers;

/// <summary>
/// Where the nominations dashboard opens (GET /api/nominations-landing): the plan that concerns the caller's unit and has
/// dossiers the caller may read, at the stage with data — over HTTP on Azurite, with the Development demo dossiers (Chư Pưh's
/// plan, sơ kết 2023: one by Ia Hrú 23971, three by Chư Pưh 639).
/// </summary>
public sealed class NominationsLandingTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Asked = "bac-giang-so-ket-2023,chu-puh-2021-2025,binh-dinh-2021-2025";

    [Fact]
    public async Task Landing_ThePlanOfTheCallersUnit_WithData_AtItsStage()
    {
        await using var app = new DossierTestApp(azurite, new Dictionary<string, string> { ["Dossiers:SeedDemoData"] = "true" });
        await app.Services.GetServices<IHostedService>().OfType<DemoDossierSeeder>().Single().ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(60));

        // A commune of Chư Pưh: Chư Pưh's plan (Bắc Giang's and Bình Định's do not concern it), at the stage of its dossier.
        using var commune = await app.ClientForAsync("xa-ia-hru");
        var landing = await LandingAsync(commune, l => l.GetProperty("dossiers").GetInt32() > 0);
        (landing.GetProperty("planId").GetString(), Stage(landing)).ShouldBe(("chu-puh-2021-2025", "mid-term:2023"));
        landing.GetProperty("plans").EnumerateArray().Select(p => p.GetString()).ShouldBe(["chu-puh-2021-2025"]);

        // Old Gia Lai's leader: the plan of its district Chư Pưh, where its units' dossiers are.
        using var province = await app.ClientForAsync("lanh-dao-gia-lai");
        landing = await LandingAsync(province, l => l.GetProperty("dossiers").GetInt32() >= 4);
        (landing.GetProperty("planId").GetString(), Stage(landing)).ShouldBe(("chu-puh-2021-2025", "mid-term:2023"));

        // Bắc Giang: its own plan, which has no dossier here: no stage (every stage shown).
        using var bacGiang = await app.ClientForAsync("quan-tri-bac-giang");
        landing = await bacGiang.GetFromJsonAsync<JsonElement>($"/api/nominations-landing?planIds={Asked}");
        (landing.GetProperty("planId").GetString(), landing.GetProperty("stage").ValueKind).ShouldBe(("bac-giang-so-ket-2023", JsonValueKind.Null));

        // The whole country: every plan concerns it; the first asked that has dossiers (Bắc Giang's has none).
        using var national = await app.ClientForAsync("lanh-dao-trung-uong");
        landing = await national.GetFromJsonAsync<JsonElement>($"/api/nominations-landing?planIds={Asked}");
        landing.GetProperty("plans").EnumerateArray().Select(p => p.GetString()).ShouldBe(Asked.Split(','));
        (landing.GetProperty("planId").GetString(), Stage(landing)).ShouldBe(("chu-puh-2021-2025", "mid-term:2023"));

        using var unknown = await national.GetAsync("/api/nominations-landing?planIds=chu-puh-2021-2025,khong-co");
        unknown.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await unknown.Content.ReadAsStringAsync()).ShouldContain("khong-co");
    }

    private static string? Stage(JsonElement landing) =>
        landing.GetProperty("stage") is { ValueKind: JsonValueKind.Object } s ? $"{s.GetProperty("kind").GetString()}:{s.GetProperty("year").GetInt32()}" : null;

    /// <summary>Asks until the read model has caught up with the seeded dossiers (<paramref name="ready"/>).</summary>
    private static async Task<JsonElement> LandingAsync(HttpClient client, Func<JsonElement, bool> ready)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        JsonElement landing;
        do
        {
            landing = await client.GetFromJsonAsync<JsonElement>($"/api/nominations-landing?planIds={Asked}");
            if (ready(landing)) break;
            await Task.Delay(200);
        }
        while (DateTime.UtcNow < deadline);
        return landing;
    }
}
