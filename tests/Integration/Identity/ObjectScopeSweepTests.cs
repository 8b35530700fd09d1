using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using NoOneLeftBehind.Integration.Tests.Dossiers;
using NoOneLeftBehind.TestSupport;

namespace NoOneLeftBehind.Integration.Tests.Identity;

/// <summary>
/// Object-level authorization (issue #4) swept over EVERY signed-in endpoint under <c>/api</c> the app maps —
/// found from the app's own endpoint table, so an endpoint added later is swept too without touching this test.
/// Huyện Chư Pưh's submitter (639) owns a submitted dossier with an accepted file; two outsiders then call
/// every method of every route with the route filled with that dossier, that file and unit 639, a body and a
/// query naming 639, and the dossier's current ETag:
/// <list type="bullet">
/// <item>Xã Ia Hrú's submitter (23971, a commune inside 639: the district's dossier is above its scope);</item>
/// <item>Gia Lai's reviewer moved to Hà Nội (01) by the admin: a reviewer of another province.</item>
/// </list>
/// A route naming the dossier, the file or the unit must never answer 2xx; any other 2xx answer must not carry
/// the dossier's id, nominee, file id or file hash; nothing answers 5xx; and afterwards the dossier, its files and
/// its audit trail are exactly as before. Gia Lai's leader (64, above 639) reads it, but no write naming it succeeds.
/// </summary>
public sealed class ObjectScopeSweepTests(AzuriteFixture azurite) : DossierAppTests(azurite)
{
    private const string Nominee = "Xã Ia Hrú (hồ sơ của huyện, kiểm tra phạm vi)";

    [Fact]
    public async Task EveryApiEndpoint_OutOfScopeCallers_NeitherSeeNorChangeAnotherUnitsDossier()
    {
        using var owner = await _app.ClientForAsync("huyen-chu-puh");
        var id = await Browser.CreateCompleteAndSubmitAsync(owner, Browser.CommuneDossier("639", Nominee));
        // Evaluated first: the queue's evaluation changes the dossier, nothing may change it after that.
        var before = await Browser.WaitForStatusAsync(owner, id, "evaluated", TimeSpan.FromSeconds(90));
        var file = before.GetProperty("files").EnumerateArray().First();
        var fileId = file.GetProperty("id").GetString()!;
        // The nominee as typed and as System.Text.Json writes it (non-ASCII escaped).
        var secrets = new[] { id, Nominee, JsonSerializer.Serialize(Nominee).Trim('"'), fileId }
            .Concat(file.TryGetProperty("sha256", out var sha) && sha.ValueKind == JsonValueKind.String ? [sha.GetString()!] : Array.Empty<string>())
            .ToArray();
        var auditBefore = await owner.GetStringAsync($"/api/dossiers/{id}/audit");

        using (var admin = await _app.ClientForAsync("quan-tri"))
        await DevUsers.MoveScopeAsync(admin, GiaLaiReviewer, new { unitCode = "01", displayName = "Chuyên viên thẩm định Hà Nội" });
        using var commune = await _app.ClientForAsync("xa-ia-hru");
        using var otherProvince = await _app.ClientForAsync("tham-dinh-gia-lai");
        (await otherProvince.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("scope").GetProperty("unitCode").GetString().ShouldBe("01");

        var routes = SignedInApiRoutes();
        routes.Select(r => r.Name).ShouldContain("dossiers:get");
        routes.Select(r => r.Name).ShouldContain("dossiers:download");
        routes.Count.ShouldBeGreaterThan(20);

        var etag = before.GetProperty("etag").GetString()!;
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["id"] = id, ["dossierId"] = id, ["fileId"] = fileId, ["unitCode"] = "639", ["unit"] = "639",
            ["tenantId"] = DevTenant, ["objectId"] = DistrictSubmitter,
        };
        var failures = new List<string>();
        var calls = 0;
        foreach (var (who, client) in new[] { ("xa-ia-hru (23971)", commune), ("reviewer of Hà Nội (01)", otherProvince) })
        {
            foreach (var route in routes)
            {
                var path = Fill(route.Pattern, values, out var namesObject);
                // Lists are also asked with no filter at all: what they return unasked must be in scope too.
                var queries = route.Method == "GET" && !namesObject
                    ? new[] { "?unitCode=639&unit=639&dossierId=" + Uri.EscapeDataString(id), "" }
                    : ["?unitCode=639&unit=639&dossierId=" + Uri.EscapeDataString(id)];
                foreach (var query in queries)
                {
                    using var request = new HttpRequestMessage(new HttpMethod(route.Method), path + query);
                    request.Headers.Authorization = client.DefaultRequestHeaders.Authorization;
                    request.Headers.TryAddWithoutValidation("If-Match", etag);
                    if (route.Method is "POST" or "PUT" or "PATCH")
                    {
                        request.Content = new StringContent(
                            JsonSerializer.Serialize(new { nominatingUnitCode = "639", unitCode = "639", scope = "639", dossierId = id, action = "approve", decision = "approve", dashboardId = "poverty" }),
                            Encoding.UTF8, "application/json");
                    }
                    using var response = await client.SendAsync(request);
                    calls++;
                    var status = (int)response.StatusCode;
                    var text = await response.Content.ReadAsStringAsync();
                    var label = $"{who}: {route.Method} {path}{query} ({route.Name ?? route.Pattern}) → {status}";
                    if (status >= 500)
                        failures.Add($"{label} crashed: {Trim(text)}");
                    else if (status is >= 200 and < 300 && namesObject)
                        failures.Add($"{label}: an out-of-scope object was served: {Trim(text)}");
                    else if (status is >= 200 and < 300 && secrets.FirstOrDefault(x => text.Contains(x, StringComparison.Ordinal)) is { } leaked)
                        failures.Add($"{label}: the answer carries '{leaked}': {Trim(text)}");
                }
            }
        }
        // A leader is read-only: Gia Lai's leader (64, above 639) may read the dossier but no write naming it (or
        // creating one for its unit) succeeds.
        using var leader = await _app.ClientForAsync("lanh-dao-gia-lai");
        using (var read = await leader.GetAsync($"/api/dossiers/{id}")) ((int)read.StatusCode).ShouldBe(200);
        foreach (var route in routes.Where(r => r.Method != "GET"))
        {
            var path = Fill(route.Pattern, values, out var namesObject);
            if (!namesObject && route.Name != "dossiers:create") continue;
            using var request = new HttpRequestMessage(new HttpMethod(route.Method), path);
            request.Headers.Authorization = leader.DefaultRequestHeaders.Authorization;
            request.Headers.TryAddWithoutValidation("If-Match", etag);
            request.Content = new StringContent(
                JsonSerializer.Serialize(new { nominatingUnitCode = "639", unitCode = "639", action = "approve", decision = "approve" }),
                Encoding.UTF8, "application/json");
            using var response = await leader.SendAsync(request);
            calls++;
            var status = (int)response.StatusCode;
            if (status is >= 200 and < 300 or >= 500)
                failures.Add($"leader of Gia Lai (64): {route.Method} {path} ({route.Name ?? route.Pattern}) → {status}: {Trim(await response.Content.ReadAsStringAsync())}");
        }
        failures.ShouldBeEmpty($"{calls} calls over {routes.Count} endpoints:\n" + string.Join("\n", failures));

        // Nothing changed: the dossier (ETag, status, revision, files) and its audit trail are as before.
        var after = await Browser.GetAsync(owner, id);
        after.GetProperty("etag").GetString().ShouldBe(etag);
        after.GetProperty("status").GetString().ShouldBe("evaluated");
        after.GetProperty("revision").GetInt32().ShouldBe(before.GetProperty("revision").GetInt32());
        after.GetProperty("files").GetArrayLength().ShouldBe(before.GetProperty("files").GetArrayLength());
        var auditAfter = await owner.GetStringAsync($"/api/dossiers/{id}/audit");
        auditAfter.ShouldBe(auditBefore);
    }

    private sealed record Route(string Method, string Pattern, string? Name);

    /// <summary>Every (method, route) under /api that needs a signed-in caller, from the app's endpoint table.</summary>
    private List<Route> SignedInApiRoutes()
    {
        var source = _app.Services.GetRequiredService<EndpointDataSource>();
        var routes = new List<Route>();
        foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            if (!pattern.StartsWith("/api/", StringComparison.Ordinal)) continue;
            if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null) continue;
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            var name = endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName;
            routes.AddRange(methods.Select(m => new Route(m, pattern, name)));
        }
        return routes;
    }

    /// <summary>The route with its parameters filled; <paramref name="namesObject"/> when it names the dossier, file or unit.</summary>
    private static string Fill(string pattern, Dictionary<string, string> values, out bool namesObject)
    {
        var names = false;
        var path = System.Text.RegularExpressions.Regex.Replace(pattern, @"\{\*{0,2}([A-Za-z]+)(:[^}]*)?\??\}", m =>
        {
            var name = m.Groups[1].Value;
            if (name is "id" or "dossierId" or "fileId" or "unitCode" or "unit") names = true;
            return Uri.EscapeDataString(values.TryGetValue(name, out var v) ? v : "x");
        });
        namesObject = names;
        return path;
    }

    private static string Trim(string body) => body.Length > 300 ? body[..300] + "…" : body;
}
