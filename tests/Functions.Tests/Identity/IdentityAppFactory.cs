using NoOneLeftBehind.InProcessHost;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NoOneLeftBehind.Domain.Identity;
using NoOneLeftBehind.Functions.Identity;

namespace NoOneLeftBehind.Functions.Tests.Identity;

/// <summary>
/// The real app (Program) with Entra ID pointed at <see cref="TestAuthority"/>, the development
/// issuer on the test server's own origin, and the scope store in memory.
/// </summary>
public sealed class IdentityAppFactory : WebApplicationFactory<InProcessApp>
{
    public const string DevIssuerUrl = "http://localhost/dev-issuer";
    public const string DevTenant = "00000000-0000-4000-8000-0000000d0001";

    public TestAuthority Authority { get; } = new();

    public InMemoryUnitScopeStore Scopes { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Identity:Instance", TestAuthority.Instance);
        builder.UseSetting("Identity:TenantId", TestAuthority.HomeTenant);
        builder.UseSetting("Identity:ClientId", TestAuthority.ClientId);
        builder.UseSetting("Identity:AppIdUri", TestAuthority.AppIdUri);
        builder.UseSetting("Identity:KeyRefreshIntervalSeconds", "0");
        builder.UseSetting("Identity:ScopeCacheSeconds", "0");
        builder.UseSetting("Identity:DevIssuer:Enabled", "true");
        builder.UseSetting("Identity:DevIssuer:Issuer", DevIssuerUrl);
        builder.UseSetting("Identity:DevIssuer:TenantId", DevTenant);
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<IUnitScopeStore>();
            services.AddSingleton<IUnitScopeStore>(Scopes);
            services.AddHttpClient("identity-metadata")
                .ConfigurePrimaryHttpMessageHandler(() => new RoutingHandler(Authority, () => Server));
        });
    }

    /// <summary>A client that sends <paramref name="token"/> as a bearer token.</summary>
    public HttpClient ClientWith(string? token)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A token from the development issuer for a demo user.</summary>
    public async Task<string> DevTokenAsync(string demoUser)
    {
        using var client = CreateClient();
        using var response = await client.PostAsJsonAsync("/dev/token", new { user = demoUser });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<Dictionary<string, object>>();
        return body!["access_token"].ToString()!;
    }

    /// <summary>A user of the home tenant with the given roles and, if <paramref name="unitCode"/> is set, that scope.</summary>
    public (UserKey User, string Token) EntraUser(string? unitCode, params AppRole[] roles)
    {
        var user = new UserKey(Guid.Parse(TestAuthority.HomeTenant), Guid.NewGuid());
        if (unitCode is not null) Scopes.Seed(user, unitCode);
        return (user, Authority.Mint(objectId: user.ObjectId, roles: roles.Select(r => r.ClaimValue())));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) Authority.Dispose();
        base.Dispose(disposing);
    }

    /// <summary>login.test goes to the test authority; anything else (the dev issuer) to the test server.</summary>
    private sealed class RoutingHandler(TestAuthority authority, Func<TestServer> server) : HttpMessageHandler
    {
        private HttpMessageInvoker? _server;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (authority.Serve(request) is { } response) return Task.FromResult(response);
            _server ??= new HttpMessageInvoker(server().CreateHandler());
            return _server.SendAsync(request, cancellationToken);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _server?.Dispose();
            base.Dispose(disposing);
        }
    }
}
