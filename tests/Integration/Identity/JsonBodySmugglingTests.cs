using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using NoOneLeftBehind.Integration.Tests.Dossiers;
using NoOneLeftBehind.TestSupport;

namespace NoOneLeftBehind.Integration.Tests.Identity;

/// <summary>
/// Issue #13 item 1: a unit smuggled past the scope check by repeating a JSON key in another case
/// (the check read one spelling, the model binder the last one). Over real HTTP against Azurite, the three
/// attacks of the probe are refused 400 naming the property and change nothing; a key spelled in another
/// case alone is read by the check and the handler alike (one parse, one model); and every endpoint of the
/// app that takes a body — the anonymous ones included — refuses a repeated property.
/// </summary>
public sealed class JsonBodySmugglingTests(AzuriteFixture azurite) : DossierAppTests(azurite, new Dictionary<string, string> { ["Embedding:AllowedOrigins:0"] = "https://cong.example.gov.vn" })
{
    [Fact]
    public async Task CreateDossier_UnitRepeatedInAnotherCase_Is400AndNoDossierIsCreated()
    {
        using var commune = await _app.ClientForAsync("xa-ia-hru");
        using var district = await _app.ClientForAsync("huyen-chu-puh");
        var before = await CountAsync(district);
        var json = JsonSerializer.Serialize(Browser.CommuneDossier("23971", "Xã Ia Hrú (thử lách phạm vi)"));
        var smuggled = json.TrimEnd('}') + ",\"NominatingUnitCode\":\"639\"}";

        using var response = await PostJsonAsync(commune, "/api/dossiers", smuggled);

        var body = await AssertRefusedAsync(response, "$.NominatingUnitCode");
        body.GetProperty("detail").GetString()!.ShouldContain("NominatingUnitCode");
        (await CountAsync(district)).ShouldBe(before);
        (await CountAsync(commune)).ShouldBe(0);
    }

    [Fact]
    public async Task CreateDossier_UnitSpelledInAnotherCaseOnly_TheCheckReadsWhatTheHandlerBinds()
    {
        using var commune = await _app.ClientForAsync("xa-ia-hru");
        using var district = await _app.ClientForAsync("huyen-chu-puh");
        var json = JsonSerializer.Serialize(Browser.CommuneDossier("639", "Xã Ia Hrú (chữ hoa)"))
            .Replace("\"nominatingUnitCode\"", "\"NOMINATINGUNITCODE\"", StringComparison.Ordinal);

        // The binder reads 639 from this spelling, so the check must too: the commune may not act for the district.
        using (var outside = await PostJsonAsync(commune, "/api/dossiers", json))
            ((int)outside.StatusCode).ShouldBe(403, await outside.Content.ReadAsStringAsync());
        // The district may, and the dossier is the district's.
        using var inside = await PostJsonAsync(district, "/api/dossiers", json);
        var created = await inside.Content.ReadFromJsonAsync<JsonElement>();
        ((int)inside.StatusCode).ShouldBe(201, created.ToString());
        created.GetProperty("nominatingUnitCode").GetString().ShouldBe("639");
    }

    [Fact]
    public async Task MintEmbedToken_UnitRepeatedInAnotherCase_Is400()
    {
        using var leader = await _app.ClientForAsync("lanh-dao-gia-lai");
        foreach (var unit in new[] { "VN", "01" })
        {
            var json = $"{{\"dashboardId\":\"poverty\",\"unitCode\":\"64\",\"hostOrigin\":\"https://cong.example.gov.vn\",\"UnitCode\":\"{unit}\"}}";
            using var response = await PostJsonAsync(leader, "/api/embed-tokens", json);
            var body = await AssertRefusedAsync(response, "$.UnitCode");
            body.TryGetProperty("token", out _).ShouldBeFalse();
        }
        // Spelled once in another case, the unit is checked as the handler reads it: Hà Nội is not the leader's.
        using var other = await PostJsonAsync(leader, "/api/embed-tokens", "{\"dashboardId\":\"poverty\",\"UNITCODE\":\"01\",\"hostOrigin\":\"https://cong.example.gov.vn\"}");
        ((int)other.StatusCode).ShouldBe(403, await other.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AssignUnitScope_AdminOfAProvinceRepeatsTheUnit_Is400AndStaysInTheProvince()
    {
        using var admin = await _app.ClientForAsync("quan-tri");
        var self = $"/api/admin/unit-scopes/{DevTenant}/{NationalAdmin}";
        using (var narrow = await admin.PutAsJsonAsync(self, new { unitCode = "64", displayName = "Quản trị Gia Lai" }))
            ((int)narrow.StatusCode).ShouldBe(200, await narrow.Content.ReadAsStringAsync());
        (await admin.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("scope").GetProperty("unitCode").GetString().ShouldBe("64");

        using (var response = await PutJsonAsync(admin, self, "{\"unitCode\":\"64\",\"UnitCode\":\"VN\"}"))
            await AssertRefusedAsync(response, "$.UnitCode");
        using (var alone = await PutJsonAsync(admin, self, "{\"UnitCode\":\"VN\"}"))
            ((int)alone.StatusCode).ShouldBe(403, await alone.Content.ReadAsStringAsync());

        (await admin.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("scope").GetProperty("unitCode").GetString().ShouldBe("64");
    }

    [Fact]
    public async Task EveryEndpointTakingABody_RepeatedProperty_Is400NeverReachingTheHandler()
    {
        using var admin = await _app.ClientForAsync("quan-tri");
        using var anonymous = new HttpClient { BaseAddress = _app.BaseAddress };
        var endpoints = _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Endpoint: e, Methods: e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []))
            .Where(e => e.Methods.Any(m => m is "POST" or "PUT" or "PATCH"))
            .Where(e => e.Endpoint.RoutePattern.RawText?.StartsWith("/api", StringComparison.Ordinal) == true
                        || e.Endpoint.RoutePattern.RawText?.StartsWith("/dev/", StringComparison.Ordinal) == true)
            .ToList();
        endpoints.Select(e => e.Endpoint.RoutePattern.RawText).ShouldContain("/api/evaluate");
        endpoints.Select(e => e.Endpoint.RoutePattern.RawText).ShouldContain("/api/dossiers");
        endpoints.Count.ShouldBeGreaterThan(8);

        var failures = new List<string>();
        foreach (var (endpoint, methods) in endpoints)
        {
            var path = Fill(endpoint.RoutePattern.RawText!);
            foreach (var method in methods.Where(m => m is "POST" or "PUT" or "PATCH"))
            foreach (var client in new[] { admin, anonymous })
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path)
                {
                    Content = new StringContent("{\"note\":\"a\",\"Note\":\"b\",\"unitCode\":\"64\",\"UNITCODE\":\"VN\"}", Encoding.UTF8, "application/json"),
                };
                using var response = await client.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                if ((int)response.StatusCode != 400 || !text.Contains("duplicate-property", StringComparison.Ordinal))
                    failures.Add($"{method} {path} ({(client == admin ? "admin" : "anonymous")}): {(int)response.StatusCode} {text[..Math.Min(200, text.Length)]}");
            }
        }
        failures.ShouldBeEmpty();
    }

    private static string Fill(string pattern) => System.Text.RegularExpressions.Regex.Replace(pattern, "\\{([^}:]+)[^}]*\\}", m => m.Groups[1].Value switch
    {
        "tenantId" => DevTenant,
        "objectId" => NationalAdmin,
        "unitCode" => "64",
        _ => "x",
    });

    private static async Task<JsonElement> AssertRefusedAsync(HttpResponseMessage response, string field)
    {
        var text = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBe(400, text);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var body = JsonDocument.Parse(text).RootElement.Clone();
        body.GetProperty("code").GetString().ShouldBe("duplicate-property");
        body.GetProperty("errors").TryGetProperty(field, out var messages).ShouldBeTrue(text);
        messages.GetArrayLength().ShouldBe(2); // Vietnamese, then English
        return body;
    }

    private static async Task<int> CountAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/dossiers")).GetArrayLength();

    private static Task<HttpResponseMessage> PostJsonAsync(HttpClient client, string path, string json) =>
        client.PostAsync(path, new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json")));

    private static Task<HttpResponseMessage> PutJsonAsync(HttpClient client, string path, string json) =>
        client.PutAsync(path, new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json")));
}
