using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NoOneLeftBehind.Domain.Identity;

namespace NoOneLeftBehind.Functions.Tests.Identity;

public sealed class UnitScopeAdminTests(IdentityAppFactory app) : IClassFixture<IdentityAppFactory>
{
    private static string UserPath(UserKey user) => $"/api/admin/unit-scopes/{user.TenantId}/{user.ObjectId}";

    [Fact]
    public async Task AssignListRevoke_NationalAdmin_AppliedAndAudited()
    {
        var (adminKey, adminToken) = app.EntraUser(ScopeUnitCodes.National, AppRole.Admin);
        var (target, targetToken) = app.EntraUser(null, AppRole.Submitter);
        using var admin = app.ClientWith(adminToken);
        using var targetClient = app.ClientWith(targetToken);

        // Before: the user can only see who they are.
        (await targetClient.GetAsync("/api/admin/unit-scopes")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        using (var put = await admin.PutAsJsonAsync(UserPath(target), new { unitCode = "639", displayName = "Nguyễn Văn Thử" }))
            put.StatusCode.ShouldBe(HttpStatusCode.OK);
        using (var put = await admin.PutAsJsonAsync(UserPath(target), new { unitCode = "23971" }))
            put.StatusCode.ShouldBe(HttpStatusCode.OK);

        using (var me = JsonDocument.Parse(await targetClient.GetStringAsync("/api/me")))
            me.RootElement.GetProperty("scope").GetProperty("unitCode").GetString().ShouldBe("23971");

        var list = await admin.GetFromJsonAsync<JsonElement>("/api/admin/unit-scopes");
        list.EnumerateArray().ShouldContain(e => e.GetProperty("objectId").GetGuid() == target.ObjectId);

        using (var delete = await admin.DeleteAsync(UserPath(target)))
            delete.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        using (var me = JsonDocument.Parse(await targetClient.GetStringAsync("/api/me")))
            me.RootElement.GetProperty("scope").ValueKind.ShouldBe(JsonValueKind.Null);

        var audit = await admin.GetFromJsonAsync<JsonElement>(UserPath(target) + "/audit");
        var entries = audit.EnumerateArray().Select(e => (
            Action: e.GetProperty("action").GetString(),
            Before: e.GetProperty("before").GetString(),
            After: e.GetProperty("after").GetString(),
            Actor: e.GetProperty("actor").GetString())).ToList();
        entries.Select(e => (e.Action, e.Before, e.After)).ShouldBe([
            ("revoke", "23971", null),
            ("assign", "639", "23971"),
            ("assign", null, "639"),
        ]);
        entries.ShouldAllBe(e => e.Actor!.StartsWith(adminKey.Value, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(AppRole.Submitter)]
    [InlineData(AppRole.Reviewer)]
    [InlineData(AppRole.Leader)]
    public async Task Assign_NotAdmin_Forbidden(AppRole role)
    {
        var (_, token) = app.EntraUser(ScopeUnitCodes.National, role);
        var (target, _) = app.EntraUser(null);
        using var client = app.ClientWith(token);
        using var response = await client.PutAsJsonAsync(UserPath(target), new { unitCode = "64" });
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await app.Scopes.FindAsync(target)).ShouldBeNull();
    }

    [Theory]
    [InlineData("639", null, HttpStatusCode.OK)] // within the admin's province
    [InlineData("52", null, HttpStatusCode.Forbidden)] // another province
    [InlineData("VN", null, HttpStatusCode.Forbidden)] // escalating someone above the admin
    [InlineData("639", "52", HttpStatusCode.Forbidden)] // pulling a user out of another province
    [InlineData("6399", null, HttpStatusCode.Forbidden)] // not a unit code
    public async Task Assign_ProvincialAdmin_OnlyWithinTheirSubtree(string unitCode, string? currentUnit, HttpStatusCode expected)
    {
        var (_, token) = app.EntraUser("64", AppRole.Admin);
        var (target, _) = app.EntraUser(currentUnit);
        using var client = app.ClientWith(token);
        using var response = await client.PutAsJsonAsync(UserPath(target), new { unitCode });
        response.StatusCode.ShouldBe(expected);
    }

    [Fact]
    public async Task List_ProvincialAdmin_SeesOnlyTheirSubtree()
    {
        var (_, token) = app.EntraUser("64", AppRole.Admin);
        var (inside, _) = app.EntraUser("23971", AppRole.Submitter);
        var (outside, _) = app.EntraUser("52", AppRole.Submitter);
        using var client = app.ClientWith(token);
        var list = await client.GetFromJsonAsync<JsonElement>("/api/admin/unit-scopes");
        var ids = list.EnumerateArray().Select(e => e.GetProperty("objectId").GetGuid()).ToList();
        ids.ShouldContain(inside.ObjectId);
        ids.ShouldNotContain(outside.ObjectId);
    }

    [Fact]
    public async Task Revoke_UserOutsideSubtree_ForbiddenAndKept()
    {
        var (_, token) = app.EntraUser("64", AppRole.Admin);
        var (outside, _) = app.EntraUser("52", AppRole.Submitter);
        using var client = app.ClientWith(token);
        using var response = await client.DeleteAsync(UserPath(outside));
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await app.Scopes.FindAsync(outside)).ShouldNotBeNull();
    }

    [Fact]
    public async Task Assign_NoToken_Unauthorized()
    {
        var (target, _) = app.EntraUser(null);
        using var client = app.ClientWith(null);
        using var response = await client.PutAsJsonAsync(UserPath(target), new { unitCode = "64" });
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
