using NoOneLeftBehind.InProcessHost;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace NoOneLeftBehind.Functions.Tests.Evaluation;

public sealed class RateLimitTests
{
    [Fact]
    public async Task Evaluate_OverTheLimit_Is429ProblemPerClientAddress()
    {
        // On Kestrel behind a trusted proxy (the Functions host on loopback): the client is the address it appended.
        await using var app = new Edge.KestrelApp(new Dictionary<string, string>
        {
            ["Evaluation:RateLimit:PermitLimit"] = "2",
            ["Evaluation:RateLimit:WindowSeconds"] = "3600",
            ["Network:ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
        });
        using var client = app.Client();

        async Task<HttpResponseMessage> GetPlans(string address)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/plans", UriKind.Relative));
            request.Headers.Add("X-Forwarded-For", address);
            return await client.SendAsync(request);
        }

        ((int)(await GetPlans("203.0.113.7")).StatusCode).ShouldBe(200);
        ((int)(await GetPlans("10.0.0.1, 203.0.113.7")).StatusCode).ShouldBe(200);
        var limited = await GetPlans("203.0.113.7");
        limited.ShouldBeProblem(429);
        limited.Headers.RetryAfter.ShouldNotBeNull();
        var problem = JsonNode.Parse(await limited.Content.ReadAsStringAsync())!;
        problem["status"]!.GetValue<int>().ShouldBe(429);
        problem["title"]!.GetValue<string>().ShouldContain("Too many requests");
        problem["code"]!.GetValue<string>().ShouldBe("rate-limited"); // the API's vocabulary (docs/api-errors.md)
        problem["localizedTitle"]!["en"]!.GetValue<string>().ShouldBe("Too many requests");

        ((int)(await GetPlans("198.51.100.20")).StatusCode).ShouldBe(200); // another client has its own window
    }
}

public sealed class CatalogueStartupTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("plans-").FullName;

    [Fact]
    public void Startup_BrokenPlanFile_FailsNamingFileAndField()
    {
        CopyEmbeddedPlans();
        var file = Path.Combine(_directory, "binh-dinh-2021-2025.json");
        var plan = JsonNode.Parse(File.ReadAllText(file))!;
        plan["subjects"]![1]!["criteria"]![7]!["rule"]!["years"] = 0;
        File.WriteAllText(file, plan.ToJsonString());

        using var factory = Factory();
        var ex = Should.Throw<Exception>(() => factory.CreateClient());

        var message = Flatten(ex);
        message.ShouldContain(file);
        message.ShouldContain("$.subjects[1].criteria[7].rule.years");
    }

    [Fact]
    public async Task Startup_PlansFromADirectory_AreServed()
    {
        CopyEmbeddedPlans();
        File.Delete(Path.Combine(_directory, "khanh-vinh-2021-2025.json"));

        using var factory = Factory();
        var plans = await factory.CreateClient().GetFromJsonAsync<JsonObject>(new Uri("/api/plans", UriKind.Relative));

        plans!["plans"]!.AsArray().Count.ShouldBe(4);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private WebApplicationFactory<InProcessApp> Factory() => new WebApplicationFactory<InProcessApp>().WithWebHostBuilder(b =>
    {
        b.UseSetting("Evaluation:PlansDirectory", _directory);
    });

    private void CopyEmbeddedPlans()
    {
        var assembly = typeof(Domain.Plans.PlanCatalogue).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("plans/", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var target = File.Create(Path.Combine(_directory, name["plans/".Length..]));
            stream.CopyTo(target);
        }
    }

    private static string Flatten(Exception ex)
    {
        var parts = new List<string>();
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            parts.Add(e.Message);
            if (e is AggregateException aggregate)
                parts.AddRange(aggregate.InnerExceptions.Select(Flatten));
        }
        return string.Join("\n", parts);
    }
}
