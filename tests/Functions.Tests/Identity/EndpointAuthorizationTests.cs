using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NoOneLeftBehind.Domain.Identity;
using NoOneLeftBehind.Functions.Hosting;
using NoOneLeftBehind.Functions.Identity;

namespace NoOneLeftBehind.Functions.Tests.Identity;

/// <summary>
/// The mechanism features will use (RequireRoles + RequireUnitScope + ICurrentUser), on probe
/// endpoints shaped like the dossier endpoints to come, in a host wired exactly as Program wires identity.
/// </summary>
public sealed class EndpointAuthorizationTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string> DossierUnits = new()
    {
        ["d-639"] = "639", // district Chư Pưh
        ["d-23971"] = "23971", // commune Ia Hrú, in Chư Pưh
        ["d-52"] = "52", // province Bình Định, elsewhere
    };

    private readonly TestAuthority _authority = new();
    private readonly InMemoryUnitScopeStore _scopes = new();
    private WebApplication? _app;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Identity:Instance"] = TestAuthority.Instance,
            ["Identity:TenantId"] = TestAuthority.HomeTenant,
            ["Identity:ClientId"] = TestAuthority.ClientId,
            ["Identity:ScopeCacheSeconds"] = "0",
            ["Identity:DevIssuer:Enabled"] = "false",
        });
        builder.AddIdentityAndAccess();
        builder.Services.AddJsonBodyGuard(builder.Configuration);
        builder.Services.AddSingleton<IUnitScopeStore>(_scopes);
        builder.Services.AddHttpClient("identity-metadata").ConfigurePrimaryHttpMessageHandler(() => new AuthorityHandler(_authority));

        _app = builder.Build();
        _app.UseJsonBodyGuard();
        _app.UseIdentityAndAccess();
        _app.MapIdentity();

        _app.MapGet("/probe/units/{unitCode}/dossiers", (string unitCode) => Results.Ok(unitCode))
            .RequireRoles(AppRole.Submitter, AppRole.Reviewer, AppRole.Leader)
            .RequireUnitScope(UnitAccess.Read, UnitFrom.Route("unitCode"));
        _app.MapPost("/probe/units/{unitCode}/decisions", (string unitCode) => Results.Ok(unitCode))
            .RequireRoles(AppRole.Submitter, AppRole.Reviewer, AppRole.Leader)
            .RequireUnitScope(UnitAccess.Act, UnitFrom.Route("unitCode"));
        _app.MapPost("/probe/dossiers", (JsonBody<NewDossier> body) => Results.Ok(body.Value.Title))
            .RequireRoles(AppRole.Submitter)
            .RequireUnitScope(UnitAccess.Act, UnitFrom.Body<NewDossier>(d => d.UnitCode));
        _app.MapGet("/probe/dossiers/{id}", (string id) => Results.Ok(id))
            .RequireRoles(AppRole.Submitter, AppRole.Reviewer, AppRole.Leader)
            .RequireUnitScope(UnitAccess.Read, UnitFrom.Resolve(context =>
                ValueTask.FromResult(DossierUnits.TryGetValue((string)context.Request.RouteValues["id"]!, out var unit)
                    ? UnitTarget.Of(unit)
                    : UnitTarget.Unresolved)));
        _app.MapGet("/probe/dossiers", (ICurrentUser user) => Results.Ok(user.WhereReadable(DossierUnits, d => d.Value).Select(d => d.Key).Order()))
            .RequireRoles(AppRole.Submitter, AppRole.Reviewer, AppRole.Leader);

        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        _authority.Dispose();
    }

    private HttpClient Client(string? scope, params AppRole[] roles)
    {
        var user = new UserKey(Guid.Parse(TestAuthority.HomeTenant), Guid.NewGuid());
        if (scope is not null) _scopes.Seed(user, scope);
        var client = _app!.GetTestClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            _authority.Mint(objectId: user.ObjectId, roles: roles.Select(r => r.ClaimValue())));
        return client;
    }

    [Theory]
    [InlineData("639", AppRole.Submitter, "639", HttpStatusCode.OK)] // own unit
    [InlineData("639", AppRole.Submitter, "23971", HttpStatusCode.Forbidden)] // a submitter's scope is not a subtree
    [InlineData("639", AppRole.Submitter, "52", HttpStatusCode.Forbidden)]
    [InlineData("64", AppRole.Reviewer, "23971", HttpStatusCode.OK)] // commune in the reviewer's province
    [InlineData("64", AppRole.Reviewer, "52", HttpStatusCode.Forbidden)]
    [InlineData("64", AppRole.Leader, "639", HttpStatusCode.OK)]
    [InlineData("52", AppRole.Leader, "639", HttpStatusCode.OK)] // the new Gia Lai's leader reads the former district (ADR 0010)
    [InlineData("52", AppRole.Leader, "64", HttpStatusCode.OK)] // and the old province it took over
    [InlineData("23971", AppRole.Reviewer, "639", HttpStatusCode.Forbidden)] // one new commune does not hold the whole district
    [InlineData("VN", AppRole.Leader, "52", HttpStatusCode.OK)] // national leader
    [InlineData("VN", AppRole.Admin, "52", HttpStatusCode.Forbidden)] // role not named by the endpoint
    public async Task Read_ByRoleAndScope(string scope, AppRole role, string unit, HttpStatusCode expected)
    {
        using var client = Client(scope, role);
        using var response = await client.GetAsync($"/probe/units/{unit}/dossiers");
        response.StatusCode.ShouldBe(expected);
    }

    [Theory]
    [InlineData("639", AppRole.Submitter, "639", HttpStatusCode.OK)]
    [InlineData("64", AppRole.Reviewer, "23971", HttpStatusCode.OK)]
    [InlineData("64", AppRole.Leader, "639", HttpStatusCode.Forbidden)] // leaders are read-only
    [InlineData("VN", AppRole.Leader, "639", HttpStatusCode.Forbidden)]
    public async Task Act_ByRoleAndScope(string scope, AppRole role, string unit, HttpStatusCode expected)
    {
        using var client = Client(scope, role);
        using var response = await client.PostAsync($"/probe/units/{unit}/decisions", null);
        response.StatusCode.ShouldBe(expected);
    }

    [Theory]
    [InlineData("d-639", HttpStatusCode.OK)]
    [InlineData("d-23971", HttpStatusCode.Forbidden)] // another unit's dossier, id guessed
    [InlineData("d-52", HttpStatusCode.Forbidden)]
    [InlineData("d-unknown", HttpStatusCode.Forbidden)] // same answer as "not yours": guessing reveals nothing
    public async Task ReadById_Submitter_OnlyOwnUnitsDossiers(string id, HttpStatusCode expected)
    {
        using var client = Client("639", AppRole.Submitter);
        using var response = await client.GetAsync($"/probe/dossiers/{id}");
        response.StatusCode.ShouldBe(expected);
    }

    [Theory]
    [InlineData("639", HttpStatusCode.OK)]
    [InlineData("23971", HttpStatusCode.Forbidden)]
    public async Task Create_UnitFromBody_CheckedAndBodyStillBound(string unit, HttpStatusCode expected)
    {
        using var client = Client("639", AppRole.Submitter);
        using var response = await client.PostAsJsonAsync("/probe/dossiers", new { unitCode = unit, title = "Hồ sơ thử" });
        response.StatusCode.ShouldBe(expected);
        if (expected == HttpStatusCode.OK) (await response.Content.ReadFromJsonAsync<string>()).ShouldBe("Hồ sơ thử");
    }

    [Fact]
    public async Task Create_SubmitterWhoIsAlsoReviewer_ActsOnlyAsSubmitter()
    {
        // As a reviewer of 64 they could decide on 23971's dossier, but this endpoint is for submitting.
        using var client = Client("64", AppRole.Submitter, AppRole.Reviewer);
        using var response = await client.PostAsJsonAsync("/probe/dossiers", new { unitCode = "23971", title = "x" });
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("639", AppRole.Submitter, new[] { "d-639" })]
    [InlineData("64", AppRole.Reviewer, new[] { "d-23971", "d-639" })]
    [InlineData("VN", AppRole.Leader, new[] { "d-23971", "d-52", "d-639" })]
    public async Task List_FilteredToScope(string scope, AppRole role, string[] expected)
    {
        using var client = Client(scope, role);
        (await client.GetFromJsonAsync<string[]>("/probe/dossiers")).ShouldBe(expected);
    }

    [Fact]
    public async Task List_RoleWithoutScope_Forbidden()
    {
        using var client = Client(null, AppRole.Reviewer);
        using var response = await client.GetAsync("/probe/dossiers");
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using var me = await client.GetAsync("/api/me");
        me.StatusCode.ShouldBe(HttpStatusCode.OK); // all they can do
    }

    [Fact]
    public async Task AnyProbe_NoToken_Unauthorized()
    {
        using var client = _app!.GetTestClient();
        using var response = await client.GetAsync("/probe/units/639/dossiers");
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    private sealed record NewDossier(string? UnitCode, string Title);

    private sealed class AuthorityHandler(TestAuthority authority) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(authority.Serve(request) ?? new HttpResponseMessage(HttpStatusCode.NotFound));
    }
}
