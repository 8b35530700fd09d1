using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using NoOneLeftBehind.Integration.Tests.Dossiers;
using NoOneLeftBehind.Integration.Tests.Identity;
using NoOneLeftBehind.TestSupport;

namespace NoOneLeftBehind.Integration.Tests.Hosting;

/// <summary>
/// The app as it runs in Azure — tools/FunctionsHost and the isolated worker as real processes (AppProcess), in
/// Development against Azurite, with the checkout's front end — started once for the API contract suite.
/// </summary>
public sealed class HostedAppFixture : IAsyncLifetime
{
    private readonly AzuriteFixture _azurite = new();
    private AppProcess? _app;

    public Uri BaseAddress { get; private set; } = null!;

    public string BlobEndpoint => $"http://127.0.0.1:{_azurite.BlobPort}/devstoreaccount1";

    public string Output => _app?.Output ?? "";

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        var root = AzuriteFixture.FindRepositoryRoot();
        // A known port: the development issuer's tokens name it. Tried again if another process takes it first.
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Next();
            _app = AppProcess.Start(new Dictionary<string, string>
            {
                ["DataStorage__ConnectionString"] = _azurite.ConnectionString,
                ["Identity__DevIssuer__Enabled"] = "true",
                ["Identity__DevIssuer__Issuer"] = $"http://127.0.0.1:{port}/dev-issuer",
                ["Statistics__SeedDemoData"] = "false",
                ["Dossiers__SeedDemoData"] = "false",
                ["Web__Root"] = Path.Combine(root, "src", "Web"),
            }, port: port);
            try
            {
                BaseAddress = await _app.WaitUntilServingAsync(TimeSpan.FromSeconds(120));
                return;
            }
            catch (InvalidOperationException) when (attempt < 3 && _app.Output.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                _app.Dispose();
            }
        }
    }

    public HttpClient Client() => new() { BaseAddress = BaseAddress };

    public async Task DisposeAsync()
    {
        _app?.Dispose();
        await _azurite.DisposeAsync();
    }
}

/// <summary>
/// The public contract through the local Functions host and the worker (ADR 0009 item 7): what a client sees over real
/// HTTP — status codes, problem+json bodies, headers — is what the in-process tests assert for the same requests.
/// </summary>
public sealed class ApiContractTests(HostedAppFixture app) : IClassFixture<HostedAppFixture>
{
    [Fact]
    public async Task Health_IsHealthy_WithStorageReachable()
    {
        using var client = app.Client();
        using var response = await client.GetAsync(new Uri("/api/health", UriKind.Relative));
        response.StatusCode.ShouldBe(HttpStatusCode.OK, app.Output);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("status").GetString().ShouldBe("healthy");
        body.GetProperty("storage").EnumerateArray().ShouldAllBe(s => s.GetProperty("reachable").GetBoolean());
    }

    [Fact]
    public async Task Plans_ListAndOne_AndAnUnknownPlan_Is404Problem()
    {
        using var client = app.Client();
        var plans = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/plans", UriKind.Relative));
        var id = plans.GetProperty("plans")[0].GetProperty("id").GetString()!;
        using (var one = await client.GetAsync(new Uri($"/api/plans/{id}", UriKind.Relative)))
            one.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var unknown = await client.GetAsync(new Uri("/api/plans/khong-co", UriKind.Relative));
        await ShouldBeProblemAsync(unknown, HttpStatusCode.NotFound, "unknown-plan");
    }

    [Fact]
    public async Task Evaluate_AValidRequest_Is200_AnUnknownPlanOrAMalformedBody_Is400Problem()
    {
        using var client = app.Client();
        var request = new Dictionary<string, object>
        {
            ["planId"] = "binh-dinh-2021-2025",
            ["subject"] = new { kind = "district", name = "Huyện X", unitCode = "540", tags = new[] { "poor-district" } },
            ["nominationYear"] = 2025,
            ["statistics"] = new[] { 2021, 2022, 2023, 2024 }.Select((y, i) => new { year = y, households = 12000, poor = 3600 - (720 * i), nearPoor = 1500 }).ToArray(),
            ["facts"] = new { policyHouseholdsPoor = 0 },
            ["attestations"] = Array.Empty<object>(),
        };
        using (var ok = await client.PostAsJsonAsync(new Uri("/api/evaluate", UriKind.Relative), request))
        {
            ok.StatusCode.ShouldBe(HttpStatusCode.OK, await ok.Content.ReadAsStringAsync());
            (await ok.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("planId").GetString().ShouldBe("binh-dinh-2021-2025");
        }
        request["planId"] = "ha-noi-2021-2025";
        using (var unknown = await client.PostAsJsonAsync(new Uri("/api/evaluate", UriKind.Relative), request))
            await ShouldBeProblemAsync(unknown, HttpStatusCode.BadRequest, "invalid-evaluation-request");
        using var malformed = await client.PostAsync(new Uri("/api/evaluate", UriKind.Relative), new StringContent("{\"planId\":", Encoding.UTF8, "application/json"));
        await ShouldBeProblemAsync(malformed, HttpStatusCode.BadRequest, "malformed-json");
    }

    [Fact]
    public async Task SignedOut_Is401Problem_WrongRole_Is403Problem()
    {
        using var anonymous = app.Client();
        using (var response = await anonymous.GetAsync(new Uri("/api/me", UriKind.Relative)))
        {
            await ShouldBeProblemAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
            response.Headers.WwwAuthenticate.ShouldNotBeEmpty();
        }
        using var submitter = await DevUsers.SignInAsync(app.Client(), "xa-ia-hru");
        using var forbidden = await submitter.GetAsync(new Uri("/api/admin/unit-scopes", UriKind.Relative));
        await ShouldBeProblemAsync(forbidden, HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task UnknownRoute_Is404Problem_WrongMethod_Is405ProblemWithAllow()
    {
        using var client = await DevUsers.SignInAsync(app.Client(), "xa-ia-hru");
        using (var unknown = await client.GetAsync(new Uri("/api/khong-co-duong-nay", UriKind.Relative)))
            await ShouldBeProblemAsync(unknown, HttpStatusCode.NotFound, "not-found");
        using var wrong = await client.DeleteAsync(new Uri("/api/health", UriKind.Relative));
        await ShouldBeProblemAsync(wrong, HttpStatusCode.MethodNotAllowed, "method-not-allowed");
        wrong.Content.Headers.Allow.ShouldContain("GET");
    }

    [Fact]
    public async Task FrontEnd_IsServedOnTheSameOrigin_WithItsSecurityHeaders()
    {
        using var client = app.Client();
        using var page = await client.GetAsync(new Uri("/", UriKind.Relative));
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        page.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        var expected = NoOneLeftBehind.Functions.Web.FrontEndSecurityHeaders.Create(null, new Uri(app.BlobEndpoint), []);
        string.Join("", page.Headers.GetValues("Content-Security-Policy")).ShouldBe(expected.ContentSecurityPolicy);
        page.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
        page.Headers.CacheControl!.NoCache.ShouldBeTrue();
    }

    [Fact]
    public async Task DossierCreate_OverTheDevelopmentIssuer_Is201_WithETag_AndReadsBackAsDraft()
    {
        using var submitter = await DevUsers.SignInAsync(app.Client(), "xa-ia-hru");
        using var response = await submitter.PostAsJsonAsync(new Uri("/api/dossiers", UriKind.Relative), Browser.CommuneDossier("23971", "Xã Ia Hrú (qua máy chủ Functions)"));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        response.StatusCode.ShouldBe(HttpStatusCode.Created, body.ToString());
        response.Headers.ETag.ShouldNotBeNull();
        var id = body.GetProperty("id").GetString()!;
        (await Browser.GetAsync(submitter, id)).GetProperty("status").GetString().ShouldBe("draft");
    }

    [Fact]
    public async Task DossierSubmitted_IsEvaluatedByTheHostsQueueTrigger()
    {
        using var submitter = await DevUsers.SignInAsync(app.Client(), "xa-ia-hru");
        var id = await Browser.CreateCompleteAndSubmitAsync(submitter, Browser.CommuneDossier("23971", "Xã Ia Hrú (hàng đợi của máy chủ)"));
        var evaluated = await Browser.WaitForStatusAsync(submitter, id, "evaluated", TimeSpan.FromSeconds(120));
        evaluated.GetProperty("revision").GetInt32().ShouldBe(1);
    }

    private static async Task ShouldBeProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, text);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        using var problem = JsonDocument.Parse(text);
        problem.RootElement.GetProperty("status").GetInt32().ShouldBe((int)status);
        problem.RootElement.GetProperty("code").GetString().ShouldBe(code);
        problem.RootElement.GetProperty("title").GetString().ShouldNotBeNullOrWhiteSpace();
    }
}
