using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using NoOneLeftBehind.Functions.Hosting;

namespace NoOneLeftBehind.Functions.Tests.Hosting;

/// <summary>
/// Every function.json the app ships must point at a route the handler serves: HTTP triggers at
/// /api/{route} with their methods, queue and timer triggers at POST /{FunctionName}.
/// </summary>
public sealed partial class FunctionRoutesTests : IClassFixture<WebApplicationFactory<Program>>
{
    private readonly WebApplicationFactory<Program> _factory;

    public FunctionRoutesTests(WebApplicationFactory<Program> factory) => _factory = factory.WithWebHostBuilder(b =>
        b.UseSetting("TriggerRunner:Enabled", "false"));

    [Fact]
    public void Discover_BuildOutput_HoldsEveryFunctionJsonOfTheSourceTree()
    {
        var source = Directory.EnumerateFiles(Path.Combine(NoOneLeftBehind.TestSupport.AzuriteFixture.FindRepositoryRoot(), "src", "Functions"), "function.json", SearchOption.AllDirectories)
            .Where(p => !p.Contains("/bin/", StringComparison.Ordinal) && !p.Contains("/obj/", StringComparison.Ordinal))
            .Select(p => Path.GetFileName(Path.GetDirectoryName(p))!)
            .Order(StringComparer.Ordinal)
            .ToList();
        source.ShouldNotBeEmpty("the app declares at least its HTTP functions");
        FunctionManifest.Discover(AppContext.BaseDirectory).Select(m => m.Name).Order(StringComparer.Ordinal).ShouldBe(source);
    }

    [Fact]
    public void EveryFunction_PointsAtARouteTheHandlerServes()
    {
        var catalog = _factory.Services.GetRequiredService<FunctionCatalog>();
        var endpoints = _factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Pattern: Normalize(e.RoutePattern.RawText ?? ""), Methods: e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []))
            .ToList();
        catalog.Functions.ShouldNotBeEmpty();
        var problems = new List<string>();
        foreach (var function in catalog.Functions)
        {
            var trigger = function.Trigger;
            if (trigger.Type == "httpTrigger")
            {
                var methods = trigger.Methods.Count == 0 ? ["GET"] : trigger.Methods.Select(m => m.ToUpperInvariant()).ToArray();
                foreach (var route in Expand("api/" + (trigger.Route ?? function.Name)))
                    foreach (var method in methods)
                        if (!endpoints.Any(e => e.Pattern == route && (e.Methods.Count == 0 || e.Methods.Contains(method, StringComparer.OrdinalIgnoreCase))))
                            problems.Add($"{function.Name}: {method} /{route} is not served");
            }
            else if (!endpoints.Any(e => e.Pattern == Normalize(function.Name) && e.Methods.Contains("POST")))
            {
                problems.Add($"{function.Name}: POST /{function.Name} is not served");
            }
        }
        problems.ShouldBeEmpty();
    }

    // A function route with an optional last parameter stands for two routes.
    private static IEnumerable<string> Expand(string route)
    {
        var normalized = Normalize(route);
        if (OptionalParameter().IsMatch(route))
        {
            yield return Normalize(OptionalParameter().Replace(route, "")).TrimEnd('/');
        }
        yield return normalized;
    }

    private static string Normalize(string pattern) => Parameter().Replace(pattern.Trim('/'), "{}").ToLowerInvariant();

    [GeneratedRegex(@"/\{[^}]*\?\}$")]
    private static partial Regex OptionalParameter();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Parameter();
}
