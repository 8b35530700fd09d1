using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NoOneLeftBehind.Integration.Tests.Identity;
using NoOneLeftBehind.TestSupport;

namespace NoOneLeftBehind.Integration.Tests.Bodies;

/// <summary>
/// Development demo data on Azurite: Bắc Giang's eight provincial bodies (seed 003 IV.2.a) and the Sở LĐ-TB&amp;XH Bắc
/// Giang submitter, whose dossiers are the Sở's and get the Sở's quota.
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class DemoBodiesTests(AzuriteFixture azurite) : IDisposable
{
    private readonly AppOnAzurite _app = new(azurite);

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task BacGiangBodies_AndTheSoLdtbxhSubmitter_Seeded_TheirDossiersGetTheSosQuota()
    {
        using var submitter = await DevUsers.SignInAsync(_app.CreateClient(), "so-ldtbxh-bac-giang");
        var scope = (await submitter.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("scope");
        (scope.GetProperty("unitCode").GetString(), scope.GetProperty("bodyId").GetString()).ShouldBe(("24", "bac-giang-so-ldtbxh"));

        using var admin = await DevUsers.SignInAsync(_app.CreateClient(), "quan-tri-bac-giang");
        string[] expected = ["bac-giang-ban-dan-toc", "bac-giang-hoi-lhpn", "bac-giang-mttq", "bac-giang-nhcsxh", "bac-giang-so-khdt",
            "bac-giang-so-ldtbxh", "bac-giang-so-tai-chinh", "bac-giang-van-phong-ubnd"];
        List<JsonElement> bodies = [];
        // The bodies are seeded in the background after the scopes: wait for them (no time is asserted).
        for (var i = 0; i < 100; i++)
        {
            bodies = [.. (await admin.GetFromJsonAsync<JsonElement>("/api/admin/bodies?unitCode=24")).EnumerateArray()
                .Where(b => b.GetProperty("id").GetString()!.StartsWith("bac-giang-", StringComparison.Ordinal))];
            if (bodies.Count >= expected.Length) break;
            await Task.Delay(100);
        }
        bodies.Select(b => b.GetProperty("id").GetString()).ShouldBe(expected);
        bodies.Select(b => b.GetProperty("roles")[0].GetString()).ShouldBe(
            ["ban-dan-toc", "hoi-lhpn-tinh", "mttq-tinh", "nhcsxh-tinh", "so-khdt", "so-ldtbxh", "so-tai-chinh", "van-phong-ubnd-tinh"]);
        var audit = await admin.GetFromJsonAsync<JsonElement>("/api/admin/bodies/bac-giang-so-ldtbxh/audit");
        audit.EnumerateArray().ShouldAllBe(e => e.GetProperty("actor").GetString() == "dev-seed");

        using var created = await submitter.PostAsJsonAsync("/api/dossiers", new
        {
            planId = "bac-giang-so-ket-2023",
            stage = new { kind = "mid-term", year = 2023 },
            nominatingUnitCode = "24",
            nominee = new { kind = "collective", name = "Phòng Bảo trợ xã hội", position = "Sở LĐ-TB&XH Bắc Giang" },
            awardFormId = "bang-khen-chu-tich-tinh",
            nominationYear = 2023,
        });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var dossier = await created.Content.ReadFromJsonAsync<JsonElement>();
        dossier.GetProperty("nominatorBodyId").GetString().ShouldBe("bac-giang-so-ldtbxh");
        var quota = await submitter.GetFromJsonAsync<JsonElement>($"/api/dossiers/{dossier.GetProperty("id").GetString()}/quota");
        (quota.GetProperty("limit").GetInt32(), quota.GetProperty("clause").GetString()).ShouldBe((1, "IV.2.a"));
        quota.GetProperty("nominator").GetString().ShouldBe("Sở Lao động-Thương binh và Xã hội");
    }
}
