using NoOneLeftBehind.InProcessHost;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using NoOneLeftBehind.Domain.Plans;

namespace NoOneLeftBehind.Functions.Tests.Health;

/// <summary>With storage unreachable the app still starts, health says so, and the stateless API keeps working.</summary>
public sealed class HealthEndpointTests : IClassFixture<WebApplicationFactory<InProcessApp>>
{
    private readonly WebApplicationFactory<InProcessApp> _factory;

    public HealthEndpointTests(WebApplicationFactory<InProcessApp> factory) => _factory = factory.WithWebHostBuilder(b =>
    {
        b.UseSetting("Identity:DevIssuer:SeedDemoScopes", "false");
        b.UseSetting("DataStorage:ConnectionString", "UseDevelopmentStorage=true");
        // Port 1 on loopback: nothing listens there, so every storage call is refused at once.
        foreach (var service in new[] { "Blob", "Queue", "Table" })
            b.UseSetting($"DataStorage:{service}ServiceUri", "http://127.0.0.1:1/devstoreaccount1");
    });

    [Fact]
    public async Task Health_StorageDown_IsAnonymousOkAndReportsEachServiceUnreachable()
    {
        var response = await _factory.CreateClient().GetAsync(new Uri("/api/health", UriKind.Relative));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = body.RootElement;
        root.GetProperty("status").GetString().ShouldBe("degraded");
        root.GetProperty("version").GetString().ShouldNotBeNullOrWhiteSpace();
        root.GetProperty("planCatalogueVersion").GetString().ShouldBe(_factory.Services.GetRequiredService<PlanCatalogue>().Version);
        var storage = root.GetProperty("storage").EnumerateArray().ToList();
        storage.Select(s => s.GetProperty("service").GetString()).Order(StringComparer.Ordinal).ShouldBe(["blob", "queue", "table"]);
        storage.ShouldAllBe(s => !s.GetProperty("reachable").GetBoolean());
        storage.ShouldAllBe(s => !string.IsNullOrWhiteSpace(s.GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task Evaluate_StorageDown_StillAnswers()
    {
        var request = new
        {
            planId = "chu-puh-2021-2025",
            subject = new { kind = "village", name = "Làng A" },
            nominationYear = 2025,
            statistics = new[] { new { year = 2021, households = 200, poor = 60, nearPoor = 40 }, new { year = 2024, households = 210, poor = 20, nearPoor = 25 } },
        };
        var response = await _factory.CreateClient().PostAsJsonAsync(new Uri("/api/evaluate", UriKind.Relative), request);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }
}
