using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace NoOneLeftBehind.Integration.Tests.Identity;

/// <summary>Signs test clients in as the development issuer's demo users (<c>POST /dev/token</c>).</summary>
internal static class DevUsers
{
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
