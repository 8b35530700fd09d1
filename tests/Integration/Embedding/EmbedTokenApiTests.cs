using Microsoft.Extensions.Time.Testing;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using NoOneLeftBehind.Functions.Embedding;
using NoOneLeftBehind.Integration.Tests.Statistics;
using NoOneLeftBehind.TestSupport;
using static NoOneLeftBehind.Integration.Tests.Statistics.StatisticsTestData;

namespace NoOneLeftBehind.Integration.Tests.Embedding;

/// <summary>
/// Embed tokens end to end (ADR 0005): the app on Kestrel with its own Azurite and the development
/// issuer; figures imported through the statistics API; the embed tokens' clock is a fake one so that
/// expiry is tested without waiting.
/// </summary>
public sealed class EmbedTokenApiTests(AzuriteFixture azurite) : StatisticsAppTests(azurite)
{
    private const string Portal = "https://cong.example.gov.vn";
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    protected override void ConfigureApp(IWebHostBuilder builder)
    {
        builder.UseSetting("Embedding:AllowedOrigins:0", Portal);
        builder.ConfigureServices(s => s.AddSingleton(sp => new EmbedTokenService(
            sp.GetRequiredService<IOptions<EmbeddingOptions>>(), sp.GetRequiredService<IHostEnvironment>(), _clock)));
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        // Chư Pưh (639, Gia Lai 64) and Ba Đình (001, Hà Nội 01), 2024, imported by the national admin.
        using var admin = await ClientForAsync("quan-tri");
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(Csv([.. Within("639", 2024, 2024), .. Within("001", 2024, 2024)])), "file", "embed.csv");
        using var upload = await admin.PostAsync("/api/statistics/imports", form);
        if (upload.StatusCode == HttpStatusCode.OK) return; // the same file, imported for an earlier test on this Azurite
        upload.StatusCode.ShouldBe(HttpStatusCode.Accepted, await upload.Content.ReadAsStringAsync());
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            var status = await admin.GetFromJsonAsync<JsonElement>(upload.Headers.Location!.ToString());
            if (status.GetProperty("status").GetString() is "done") return;
            status.GetProperty("status").GetString().ShouldNotBe("failed", status.ToString());
            await Task.Delay(200);
        }
        throw new TimeoutException("the import did not finish");
    }

    [Fact]
    public async Task Mint_WithinTheCallersScope_Only()
    {
        using var leader = await ClientForAsync("lanh-dao-gia-lai"); // Leader, Gia Lai 64
        using var submitter = await ClientForAsync("huyen-chu-puh"); // Submitter, 639

        using var ok = await MintAsync(leader, "poverty", "639");
        ok.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await ok.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("token").GetString()!.ShouldStartWith(EmbedTokenCodec.Prefix);
        body.GetProperty("unitCode").GetString().ShouldBe("639");
        body.GetProperty("hostOrigin").GetString().ShouldBe(Portal);
        body.GetProperty("expiresInSeconds").GetInt32().ShouldBe(600);
        body.GetProperty("embedUrl").GetString()!.ShouldStartWith("/dashboards/embed.html?token=");

        (await MintAsync(leader, "poverty", "01")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);  // Hà Nội: outside 64
        (await MintAsync(leader, "poverty", "VN")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);  // wider than 64
        (await MintAsync(submitter, "poverty", "639")).StatusCode.ShouldBe(HttpStatusCode.Forbidden); // submitters do not embed

        using var unknown = await MintAsync(leader, "secret-dashboard", "64");
        unknown.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("dashboardId")[1].GetString()!.ShouldContain("cannot be embedded");
        using var foreign = await MintAsync(leader, "poverty", "64", origin: "https://evil.example");
        foreign.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await foreign.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("hostOrigin", out _).ShouldBeTrue();
        (await MintAsync(leader, "poverty", "64", lifetime: 3600)).StatusCode.ShouldBe(HttpStatusCode.BadRequest); // longer than allowed

        using var anonymous = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_port}") };
        (await MintAsync(anonymous, "poverty", "64")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Mint_ForAUnitThatNeverExisted_400NamingIt_AndTheFormsOptionsListWhatMayBeChosen()
    {
        using var admin = await ClientForAsync("quan-tri"); // national scope: "99" is within it as a code, but names no unit
        using var none = await MintAsync(admin, "poverty", "99");
        none.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await none.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("unitCode");
        errors[0].GetString()!.ShouldContain("Không có đơn vị hành chính mã '99'");
        errors[1].GetString()!.ShouldContain("no administrative unit");
        (await MintAsync(admin, "poverty", "64")).StatusCode.ShouldBe(HttpStatusCode.OK); // a unit before 01/07/2025 still is one

        var options = await admin.GetFromJsonAsync<JsonElement>("/api/embed-tokens/options");
        options.GetProperty("dashboards").EnumerateArray().Select(d => d.GetString()).ShouldBe(["poverty", "nominations"]);
        options.GetProperty("allowedOrigins").EnumerateArray().Select(d => d.GetString()).ShouldBe([Portal]);
        options.GetProperty("defaultLifetimeSeconds").GetInt32().ShouldBe(600);
        options.GetProperty("scopeUnitCode").GetString().ShouldBe("VN");
        using var submitter = await ClientForAsync("huyen-chu-puh");
        (await submitter.GetAsync("/api/embed-tokens/options")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task TokenForProvinceA_NeverReadsProvinceB_WhateverTheParameters()
    {
        using var national = await ClientForAsync("lanh-dao-trung-uong");
        using var embed = EmbedClient(await TokenAsync(national, "poverty", "64"));

        var session = await embed.GetFromJsonAsync<JsonElement>("/api/embed/session");
        session.GetProperty("unitCode").GetString().ShouldBe("64");
        session.GetProperty("dashboardId").GetString().ShouldBe("poverty");
        session.GetProperty("hostOrigin").GetString().ShouldBe(Portal);

        var province = await embed.GetFromJsonAsync<JsonElement>("/api/statistics/units/64?basis=historical&from=2024&to=2024");
        province.GetProperty("unit").GetProperty("years")[0].GetProperty("households").GetInt64().ShouldBe(Sum(Within("639", 2024, 2024)).Households);
        var district = await embed.GetFromJsonAsync<JsonElement>("/api/statistics/units/639?basis=historical&from=2024&to=2024");
        district.GetProperty("children").GetProperty("total").GetInt32().ShouldBe(Within("639", 2024, 2024).Count);

        // Hà Nội (01), its district Ba Đình (001) and one of its wards: refused on every read endpoint.
        var ward = Within("001", 2024, 2024)[0].Unit.Value;
        foreach (var path in new[]
                 {
                     "/api/statistics/units/01?basis=historical", "/api/statistics/units/001?basis=historical", $"/api/statistics/units/{ward}?basis=historical",
                     "/api/statistics/units/01/ranking?year=2024&basis=historical", "/api/statistics/units/01/targets", "/api/statistics/units/VN",
                 })
        {
            using var response = await embed.GetAsync(path);
            response.StatusCode.ShouldBe(HttpStatusCode.Forbidden, path);
            (await response.Content.ReadAsStringAsync()).ShouldNotContain("\"households\"", customMessage: path);
        }

        // The national picture keeps Gia Lai only, without the national total.
        var picture = await embed.GetFromJsonAsync<JsonElement>("/api/statistics/national?basis=historical&from=2024&to=2024");
        picture.GetProperty("unit").ValueKind.ShouldBe(JsonValueKind.Null);
        picture.GetProperty("children").GetProperty("items").EnumerateArray().Select(c => c.GetProperty("code").GetString()).ShouldBe(["64"]);

        // The same request with the national leader's own token does show Hà Nội: the filter is the token's scope.
        (await national.GetFromJsonAsync<JsonElement>("/api/statistics/national?basis=historical&from=2024&to=2024"))
            .GetProperty("children").GetProperty("items").EnumerateArray().Select(c => c.GetProperty("code").GetString()).ShouldBe(["01", "64"]);
    }

    [Fact]
    public async Task Token_CannotCallOtherEndpoints_NorPassAsABearerToken_NorBeAltered()
    {
        using var national = await ClientForAsync("lanh-dao-trung-uong");
        var token = await TokenAsync(national, "poverty", "64");
        using var embed = EmbedClient(token);

        foreach (var (method, path) in new[]
                 {
                     (HttpMethod.Get, "/api/me"), (HttpMethod.Get, "/api/statistics/versions"), (HttpMethod.Post, "/api/statistics/imports?fileName=x.csv"),
                     (HttpMethod.Get, "/api/dossiers"), (HttpMethod.Get, "/api/dossier-counts?planId=chu-puh-2021-2025"),
                     (HttpMethod.Post, "/api/embed-tokens"), (HttpMethod.Get, "/api/admin/unit-scopes"),
                 })
        {
            using var request = new HttpRequestMessage(method, path) { Content = method == HttpMethod.Post ? JsonContent.Create(new { dashboardId = "poverty", unitCode = "64", hostOrigin = Portal }) : null };
            using var response = await embed.SendAsync(request);
            response.StatusCode.ShouldBe(HttpStatusCode.Forbidden, $"{method} {path}");
            (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString()!.ShouldEndWith("/embed-token-not-allowed");
        }

        // As a bearer token it is nothing.
        using var bearer = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_port}") };
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        (await bearer.GetAsync("/api/statistics/units/64")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        // One character of the payload changed (the unit 64 → 01 would need a new signature): 401.
        var dot = token.LastIndexOf('.');
        var altered = token[..(dot - 2)] + (token[dot - 2] == 'A' ? 'B' : 'A') + token[(dot - 1)..];
        using var forged = EmbedClient(altered);
        using var refused = await forged.GetAsync("/api/statistics/units/64");
        refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString()!.ShouldEndWith("/embed-token-invalid");
    }

    [Fact]
    public async Task NominationsToken_ReadsCountsAndQuotaUse_OfItsUnitOnly()
    {
        using var national = await ClientForAsync("lanh-dao-trung-uong");
        using var leader = await ClientForAsync("lanh-dao-gia-lai");
        using var nominations = EmbedClient(await TokenAsync(national, "nominations", "64"));
        var counts = await WaitForCountsAsync(nominations);
        counts.GetProperty("byUnit").EnumerateArray().Select(u => u.GetProperty("unitCode").GetString()!)
            .ShouldAllBe(u => u == "639" || u.StartsWith("239", StringComparison.Ordinal));
        counts.GetProperty("total").GetInt32().ShouldBe((await leader.GetFromJsonAsync<JsonElement>("/api/dossier-counts?planId=chu-puh-2021-2025")).GetProperty("total").GetInt32());
        (await nominations.GetAsync("/api/statistics/units/64")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        // Quota use: the same rows as the province leader's own, all within Gia Lai.
        var quota = await nominations.GetFromJsonAsync<JsonElement>("/api/dossier-quota-use?planId=chu-puh-2021-2025");
        var own = await leader.GetFromJsonAsync<JsonElement>("/api/dossier-quota-use?planId=chu-puh-2021-2025");
        quota.GetProperty("items").ToString().ShouldBe(own.GetProperty("items").ToString());
        // (The Chư Pưh plan sets no quota; NominationsQuotaUseTests reads one.)

        // A token for Hà Nội counts nothing of Gia Lai, and may not name a Gia Lai unit.
        using var hanoi = EmbedClient(await TokenAsync(national, "nominations", "01"));
        (await hanoi.GetAsync("/api/dossier-counts?planId=chu-puh-2021-2025&unitCode=639")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await hanoi.GetAsync("/api/dossier-quota-use?planId=chu-puh-2021-2025&unitCode=639")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await hanoi.GetFromJsonAsync<JsonElement>("/api/dossier-counts?planId=chu-puh-2021-2025")).GetProperty("total").GetInt32().ShouldBe(0);
        (await hanoi.GetFromJsonAsync<JsonElement>("/api/dossier-quota-use?planId=chu-puh-2021-2025")).GetProperty("items").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task ExpiredToken_Gets401_WithAClearProblem()
    {
        using var leader = await ClientForAsync("lanh-dao-gia-lai");
        using var embed = EmbedClient(await TokenAsync(leader, "poverty", "64", lifetime: 60));
        (await embed.GetAsync("/api/statistics/units/64?basis=historical")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await embed.GetFromJsonAsync<JsonElement>("/api/embed/session")).GetProperty("expiresInSeconds").GetInt32().ShouldBeInRange(59, 60);

        _clock.Advance(TimeSpan.FromSeconds(61));
        using var expired = await embed.GetAsync("/api/statistics/units/64?basis=historical");
        expired.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        expired.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        expired.Headers.WwwAuthenticate.ToString().ShouldContain("expired");
        var problem = await expired.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("type").GetString()!.ShouldEndWith("/embed-token-expired");
        problem.GetProperty("title").GetString()!.ShouldContain("hết hạn");
        problem.GetProperty("title").GetString()!.ShouldContain("expired");
        (await embed.GetAsync("/api/embed/session")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    private static async Task<JsonElement> WaitForCountsAsync(HttpClient client)
    {
        // The demo dossiers (Chư Pưh, Gia Lai) are seeded at start in Development.
        JsonElement counts = default;
        for (var i = 0; i < 100; i++)
        {
            counts = await client.GetFromJsonAsync<JsonElement>("/api/dossier-counts?planId=chu-puh-2021-2025");
            if (counts.GetProperty("total").GetInt32() > 0) return counts;
            await Task.Delay(100);
        }
        counts.GetProperty("total").GetInt32().ShouldBeGreaterThan(0, "the demo dossiers were not counted");
        return counts;
    }

    private HttpClient EmbedClient(string token)
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_port}") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(EmbeddingEndpoints.Scheme, token);
        return client;
    }

    private static Task<HttpResponseMessage> MintAsync(HttpClient client, string dashboard, string unit, string origin = Portal, int? lifetime = null) =>
        client.PostAsJsonAsync("/api/embed-tokens", new { dashboardId = dashboard, unitCode = unit, hostOrigin = origin, lifetimeSeconds = lifetime });

    private static async Task<string> TokenAsync(HttpClient client, string dashboard, string unit, int? lifetime = null)
    {
        using var response = await MintAsync(client, dashboard, unit, lifetime: lifetime);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }
}
