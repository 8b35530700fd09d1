using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace NoOneLeftBehind.FunctionsHost.Tests;

/// <summary>Route matching as the Functions host does it, including what a front end needs: an empty routePrefix and a catch-all.</summary>
public sealed class HttpRoutesTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddRouting().BuildServiceProvider();

    public void Dispose() => _services.Dispose();

    [Theory]
    [InlineData("GET", "/api/health", "Health", null)] // a literal route beats the catch-all
    [InlineData("GET", "/api/plans", "Plans", null)] // optional parameter left out
    [InlineData("GET", "/api/plans/bac-giang-2025", "Plans", "bac-giang-2025")]
    [InlineData("GET", "/agency/status.html", "Web", null)] // anything else: the front end's catch-all
    [InlineData("GET", "/", "Web", null)]
    [InlineData("POST", "/api/evaluate", "Evaluate", null)]
    public void Match_EmptyPrefixWithCatchAll_PicksTheMostSpecificRoute(string method, string path, string function, string? planId)
    {
        var match = Routes("").Match(Request(method, path));

        match.Function!.Name.ShouldBe(function);
        match.Values.TryGetValue("planId", out var value);
        value?.ToString().ShouldBe(planId);
    }

    [Fact]
    public void Match_WrongMethodOnALiteralRoute_FallsToTheCatchAllOnlyIfItTakesTheMethod()
    {
        var match = Routes("").Match(Request("DELETE", "/api/evaluate"));

        match.Function.ShouldBeNull(); // the catch-all takes GET only
        match.AllowedMethods.ShouldBe(["POST", "GET"], ignoreOrder: true);
    }

    [Fact]
    public void Match_DisabledFunction_IsNotRouted()
    {
        var settings = new AppSettings(new Dictionary<string, string> { ["AzureWebJobs.Health.Disabled"] = "true" });

        var match = new HttpRoutes(Functions(), "", _services.GetRequiredService<IInlineConstraintResolver>(), settings).Match(Request("GET", "/api/health"));

        match.Function!.Name.ShouldBe("Web");
    }

    private HttpRoutes Routes(string prefix) =>
        new(Functions(), prefix, _services.GetRequiredService<IInlineConstraintResolver>(), new AppSettings(new Dictionary<string, string>()));

    private static IndexedFunction[] Functions() =>
    [
        Http("Health", """["get"]""", "api/health"),
        Http("Plans", """["get"]""", "api/plans/{planId?}"),
        Http("Evaluate", """["post"]""", "api/evaluate"),
        Http("Web", """["get"]""", "{*path}"),
    ];

    private static IndexedFunction Http(string name, string methods, string route) =>
        new(name, name, Binding.Parse($$"""{ "name": "req", "type": "httpTrigger", "direction": "In", "methods": {{methods}}, "route": "{{route}}" }"""),
            new Dictionary<string, Binding>());

    private static DefaultHttpContext Request(string method, string path)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Path = path;
        return context;
    }
}
