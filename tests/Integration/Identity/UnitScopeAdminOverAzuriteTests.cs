using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NoOneLeftBehind.TestSupport;

namespace NoOneLeftBehind.Integration.Tests.Identity;

/// <summary>
/// The whole path on real storage: the development issuer's token, the demo scopes seeded into
/// Azurite, an admin assigning, listing and revoking scopes over HTTP, the audit read back.
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class UnitScopeAdminOverAzuriteTests(AzuriteFixture azurite) : IDisposable
{
    private readonly AppOnAzurite _app = new(azurite);

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task AdminManagesScopes_PersistedAndAudited_NonAdminForbidden()
    {
        using var admin = await _app.ClientForAsync("quan-tri");
        using var submitter = await _app.ClientForAsync("huyen-chu-puh");

        // Demo scopes were seeded into Azurite at start (retry until the seeder is done).
        JsonElement me = default;
        for (var i = 0; i < 50; i++)
        {
            me = await admin.GetFromJsonAsync<JsonElement>("/api/me");
            if (me.GetProperty("scope").ValueKind != JsonValueKind.Null) break;
            await Task.Delay(100);
        }
        me.GetProperty("scope").GetProperty("unitCode").GetString().ShouldBe("VN");

        var target = $"/api/admin/unit-scopes/{DevUsers.Tenant}/{Guid.NewGuid()}";
        using (var put = await submitter.PutAsJsonAsync(target, new { unitCode = "639" }))
            put.StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        using (var put = await admin.PutAsJsonAsync(target, new { unitCode = "639", displayName = "Ksor Thử" }))
            put.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.GetFromJsonAsync<JsonElement>(target)).GetProperty("unitCode").GetString().ShouldBe("639");
        var list = await admin.GetFromJsonAsync<JsonElement>("/api/admin/unit-scopes");
        list.EnumerateArray().ShouldContain(e => e.GetProperty("displayName").GetString() == "Ksor Thử");

        using (var delete = await admin.DeleteAsync(target))
            delete.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        using (var get = await admin.GetAsync(target))
            get.StatusCode.ShouldBe(HttpStatusCode.Forbidden); // no scope left to be within the admin's

        var audit = await admin.GetFromJsonAsync<JsonElement>(target + "/audit");
        audit.EnumerateArray().Select(e => e.GetProperty("action").GetString()).ShouldBe(["revoke", "assign"]);
        audit[0].GetProperty("actor").GetString()!.ShouldContain("Đỗ Thị Giang");
    }
}
