using NoOneLeftBehind.InProcessHost;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Hosting;
using NoOneLeftBehind.Functions.Identity;
using NoOneLeftBehind.Functions.Identity.Dev;

namespace NoOneLeftBehind.Functions.Tests.Identity;

public sealed class DevIssuerTests(IdentityAppFactory app) : IClassFixture<IdentityAppFactory>
{
    [Fact]
    public async Task Me_DevIssuerToken_AcceptedWithSeededScope()
    {
        var token = await app.DevTokenAsync("quan-tri");
        using var client = app.ClientWith(token);
        using var me = JsonDocument.Parse(await client.GetStringAsync("/api/me"));
        me.RootElement.GetProperty("name").GetString().ShouldBe("Đỗ Thị Giang");
        me.RootElement.GetProperty("roles")[0].GetString().ShouldBe("Admin");
        me.RootElement.GetProperty("scope").GetProperty("unitCode").GetString().ShouldBe("VN");
    }

    [Fact]
    public async Task Metadata_ServedForTheSamePipeline()
    {
        using var client = app.CreateClient();
        using var discovery = JsonDocument.Parse(await client.GetStringAsync("/dev-issuer/.well-known/openid-configuration"));
        discovery.RootElement.GetProperty("issuer").GetString().ShouldBe(IdentityAppFactory.DevIssuerUrl);
        using var keys = JsonDocument.Parse(await client.GetStringAsync("/dev-issuer/discovery/keys"));
        var key = keys.RootElement.GetProperty("keys")[0];
        key.GetProperty("kty").GetString().ShouldBe("RSA");
        key.TryGetProperty("d", out _).ShouldBeFalse(); // never the private part
    }

    [Fact]
    public async Task SignIn_Page_ListsEveryDemoUserInVietnamese()
    {
        using var client = app.CreateClient();
        var html = await client.GetStringAsync("/dev/sign-in");
        html.ShouldContain("lang=\"vi\"");
        html.ShouldContain("Đăng nhập");
        foreach (var user in DemoUsers.All) html.ShouldContain(user.Id);
    }

    [Fact]
    public async Task SignIn_Post_RedirectsLocallyWithTokenInFragment()
    {
        using var client = app.ClientWith(null);
        using var response = await client.PostAsync("/dev/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["user"] = "xa-ia-hru",
            ["return_url"] = "https://evil.example/steal",
        }));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var location = response.Headers.Location!.ToString();
        location.ShouldStartWith("/auth/demo.html#access_token="); // the foreign return URL was ignored
    }

    [Theory]
    [InlineData("/auth/demo.html", "/auth/demo.html")]
    [InlineData("//evil.example/", "/auth/demo.html")] // protocol-relative
    [InlineData("/\\evil.example/", "/auth/demo.html")] // backslash trick
    [InlineData("https://evil.example/", "/auth/demo.html")]
    [InlineData(null, "/auth/demo.html")]
    public void SafeReturnUrl_OnlyLocalPaths(string? input, string expected) =>
        DevIssuerEndpoints.SafeReturnUrl(input).ShouldBe(expected);

    [Fact]
    public async Task Token_UnknownUser_BadRequest()
    {
        using var client = app.CreateClient();
        using var response = await client.PostAsJsonAsync("/dev/token", new { user = "nobody" });
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task AuthConfig_AnonymousAndWithoutSecrets()
    {
        using var client = app.ClientWith(null);
        using var config = JsonDocument.Parse(await client.GetStringAsync("/api/auth-config"));
        config.RootElement.GetProperty("mode").GetString().ShouldBe("dev"); // no SPA client id configured
        config.RootElement.GetProperty("dev").GetProperty("signInUrl").GetString().ShouldBe("/dev/sign-in");
    }
}

public sealed class DevIssuerGuardTests
{
    [Fact]
    public void App_DevIssuerEnabledInProduction_RefusesToStart()
    {
        using var factory = new WebApplicationFactory<InProcessApp>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment(Environments.Production);
            b.UseSetting("Identity:DevIssuer:Enabled", "true");
        });
        var error = Should.Throw<InvalidOperationException>(() => factory.CreateClient());
        error.Message.ShouldContain("Production");
        error.Message.ShouldContain("Identity:DevIssuer:Enabled");
    }

    [Fact]
    public async Task App_DevIssuerDisabledInProduction_StartsWithoutDevRoutes()
    {
        using var factory = new WebApplicationFactory<InProcessApp>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment(Environments.Production);
            b.UseSetting("Identity:DevIssuer:Enabled", "false");
        });
        using var client = factory.CreateClient();
        // Secure by default: an unknown route needs a token too, so no 404 oracle for anonymous callers.
        using var response = await client.GetAsync("/dev/sign-in");
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
