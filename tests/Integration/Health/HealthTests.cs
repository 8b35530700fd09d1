using NoOneLeftBehind.InProcessHost;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using NoOneLeftBehind.TestSupport;

namespace NoOneLeftBehind.Integration.Tests.Health;

public sealed class HealthTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Health_AzuriteUp_ReportsHealthyWithEveryServiceReachable()
    {
        await using var app = new WebApplicationFactory<InProcessApp>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Development");
            b.UseSetting("DataStorage:ConnectionString", azurite.ConnectionString);
        });
        var response = await app.CreateClient().GetAsync(new Uri("/api/health", UriKind.Relative));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        body.RootElement.GetProperty("status").GetString().ShouldBe("healthy");
        body.RootElement.GetProperty("storage").EnumerateArray().ShouldAllBe(s => s.GetProperty("reachable").GetBoolean());
    }
}
