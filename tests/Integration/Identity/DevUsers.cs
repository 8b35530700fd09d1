using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace NoOneLeftBehind.Integration.Tests.Identity;

/// <summary>Signs test clients in as the development issuer's demo users (<c>POST /dev/token</c>).</summary>
internal static class DevUsers
{
    /// <summary>The development issuer's tenant (<c>Identity:TenantId</c>'s default), as the admin API's scope paths name it.</summary>
    public const string Tenant = "00000000-0000-4000-8000-0000000d0001";

    /// <summary>The fixed object id (<c>oid</c>) of <c>huyen-chu-puh</c>, Huyện Chư Pưh's submitter (639).</summary>
    public const string HuyenChuPuh = "0d000000-0000-4000-8000-000000000001";

    /// <summary>The fixed object id of <c>tham-dinh-gia-lai</c>, Gia Lai's reviewer (64).</summary>
    public const string ThamDinhGiaLai = "0d000000-0000-4000-8000-000000000003";

    /// <summary>The fixed object id of <c>lanh-dao-gia-lai</c>, Gia Lai's leader (64).</summary>
    public const string LanhDaoGiaLai = "0d000000-0000-4000-8000-000000000004";

    /// <summary>The fixed object id of <c>quan-tri</c>, the national admin.</summary>
    public const string QuanTri = "0d000000-0000-4000-8000-000000000006";

    /// <summary>The admin <paramref name="admin"/> gives the user with <paramref name="objectId"/> the unit scope <paramref name="scope"/> (<c>PUT /api/admin/unit-scopes</c>).</summary>
    public static async Task MoveScopeAsync(HttpClient admin, string objectId, object scope)
    {
        ArgumentNullException.ThrowIfNull(admin);
        using var put = await admin.PutAsJsonAsync($"/api/admin/unit-scopes/{Tenant}/{objectId}", scope);
        put.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK, await put.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// Puts a bearer token for <paramref name="demoUser"/> on <paramref name="client"/> and returns it. With
    /// <paramref name="waitForScope"/>, waits until the app has seeded the user's unit scope (done in the background at start).
    /// </summary>
    public static async Task<HttpClient> SignInAsync(HttpClient client, string demoUser, bool waitForScope = true)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.PostAsJsonAsync("/dev/token", new { user = demoUser });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        for (var i = 0; waitForScope && i < 100; i++)
        {
            var me = await client.GetFromJsonAsync<JsonElement>("/api/me");
            if (me.GetProperty("scope").ValueKind != JsonValueKind.Null) break;
            await Task.Delay(100);
        }
        return client;
    }
}
