using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using NoOneLeftBehind.Functions.Hosting;
using NoOneLeftBehind.InProcessHost;
using Xunit.Abstractions;

namespace NoOneLeftBehind.Functions.Tests.Hosting;

/// <summary>
/// The worker's start-up check (ADR 0009 item 3) over the app's real functions and endpoints: every HTTP function names an
/// endpoint with the same route and methods, whose authorization is explicit; and the check does refuse a function that
/// breaks any of these.
/// </summary>
public sealed class FunctionRoutesTests(ITestOutputHelper output) : IDisposable
{
    // Development with the development issuer on: every endpoint, the development ones included, is mapped.
    private readonly WebApplicationFactory<InProcessApp> _factory = new WebApplicationFactory<InProcessApp>().WithWebHostBuilder(b =>
    {
        b.UseEnvironment("Development");
        b.UseSetting("Identity:DevIssuer:Enabled", "true");
        b.UseSetting("Statistics:SeedDemoData", "false");
        b.UseSetting("Dossiers:SeedDemoData", "false");
        b.UseSetting("Identity:DevIssuer:SeedDemoScopes", "false");
    });

    private EndpointTable Table() => new(_factory.Services);

    [Fact]
    public void AppFunctions_EachNamesAnEndpoint_WithItsRouteMethodsAndExplicitAuthorization()
    {
        var functions = HttpFunction.In(typeof(EndpointTable).Assembly);
        functions.Count.ShouldBeGreaterThan(60);
        var table = Table();
        table.Check(functions).ShouldBeEmpty();
        // The list the ADR asks for: every HTTP function, its endpoint and how that endpoint is authorized.
        foreach (var f in functions)
        {
            var policy = f.Endpoint == EndpointTable.Routed ? "(front end: routing decides)" : EndpointTable.AuthorizationOf(table.Endpoints[f.Endpoint!]);
            policy.ShouldNotBeNull(f.Name);
            output.WriteLine($"{f.Name,-28} {string.Join(",", f.Methods),-7} /{f.Route,-60} {f.Endpoint,-30} {policy}");
        }
        functions.Single(f => f.Endpoint == EndpointTable.Routed).Route.ShouldBe("{*path}");
    }

    [Fact]
    public void Check_RefusesAFunction_WithoutEndpoint_WithAnotherRouteOrMethod_OrAnUnknownEndpoint()
    {
        var table = Table();
        var problems = table.Check(
        [
            new HttpFunction("NoEndpoint", "api/x", ["get"], null),
            new HttpFunction("WrongRoute", "api/dossier/{id}", ["get"], "dossiers:get"),
            new HttpFunction("WrongMethod", "api/dossiers/{id}", ["post"], "dossiers:get"),
            new HttpFunction("Unknown", "api/nothing", ["get"], "nothing:here"),
            new HttpFunction("NotCatchAll", "api/{*rest}", ["get"], EndpointTable.Routed),
        ]);
        problems.ShouldContain(p => p.StartsWith("NoEndpoint: names no endpoint", StringComparison.Ordinal));
        problems.ShouldContain(p => p.StartsWith("WrongRoute: route 'api/dossier/{id}'", StringComparison.Ordinal));
        problems.ShouldContain(p => p.StartsWith("WrongMethod: methods post", StringComparison.Ordinal));
        problems.ShouldContain(p => p.StartsWith("Unknown: endpoint 'nothing:here' is not mapped", StringComparison.Ordinal));
        problems.ShouldContain(p => p.StartsWith("NotCatchAll: only the front end's catch-all", StringComparison.Ordinal));
        // Endpoints no function names are reported too (here: all but dossiers:get).
        problems.ShouldContain("endpoint 'evaluation:evaluate' has no function.");
    }

    [Fact]
    public void AuthorizationOf_AnonymousOutsideTheAllowList_IsNotExplicit()
    {
        var table = Table();
        EndpointTable.AuthorizationOf(table.Endpoints["evaluation:evaluate"]).ShouldBe("anonymous");
        EndpointTable.AuthorizationOf(table.Endpoints["dossiers:create"]).ShouldNotBeNull().ShouldContain("Submitter");
        EndpointTable.AnonymousAllowList.ShouldNotContain("dossiers:list");
    }

    public void Dispose() => _factory.Dispose();
}
