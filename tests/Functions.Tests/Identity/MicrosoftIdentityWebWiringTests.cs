using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Web;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using NoOneLeftBehind.Functions.Identity;

namespace NoOneLeftBehind.Functions.Tests.Identity;

/// <summary>
/// The Entra ID scheme is Microsoft.Identity.Web's (ADR 0009 item 4), and it kept what we set before it: the tenant
/// allow-list's issuer validator, the audiences, and our metadata manager (which the tests point at the fake authority).
/// The behaviour itself (401/403, tenants, v1/v2, scp/roles) is asserted over HTTP in <see cref="TokenValidationTests"/>.
/// </summary>
public sealed class MicrosoftIdentityWebWiringTests(IdentityAppFactory app) : IClassFixture<IdentityAppFactory>
{
    [Fact]
    public void EntraScheme_ConfiguredByMicrosoftIdentityWeb_KeepsOurValidatorAndMetadata()
    {
        var services = app.Services;
        var identity = services.GetRequiredService<IOptionsMonitor<MicrosoftIdentityOptions>>().Get(IdentitySchemes.EntraId);
        identity.ClientId.ShouldBe(TestAuthority.ClientId);
        identity.TenantId.ShouldBe(TestAuthority.HomeTenant);

        var jwt = services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(IdentitySchemes.EntraId);
        // Set by Microsoft.Identity.Web from Instance + tenant (we never set Authority ourselves).
        jwt.Authority.ShouldBe(TestAuthority.Instance + TestAuthority.HomeTenant + "/v2.0");
        // Ours, not its AadIssuerValidator (which accepts every tenant).
        jwt.TokenValidationParameters.IssuerValidator.ShouldNotBeNull();
        jwt.TokenValidationParameters.IssuerValidator!.Target.ShouldBeOfType<TrustedAuthority>();
        jwt.TokenValidationParameters.ValidAudiences.ShouldBe([TestAuthority.ClientId, TestAuthority.AppIdUri]);
        jwt.ConfigurationManager.ShouldBeOfType<IssuerMetadata>();
        (jwt.ConfigurationManager as IConfigurationManager<OpenIdConnectConfiguration>)!.ShouldNotBeNull();
    }

    /// <summary>
    /// Several allowed tenants: Microsoft.Identity.Web gets the multi-tenant authority (<c>organizations</c>), and the
    /// allow-list still decides: a listed tenant's user gets in, an unlisted tenant's is 401 though its token is
    /// signed by the same authority (Microsoft.Identity.Web's own issuer validator would have let it in).
    /// </summary>
    [Fact]
    public async Task SeveralAllowedTenants_OrganizationsAuthority_AllowListStillDecides()
    {
        const string unlisted = "5c4b3a29-1807-46f5-9e4d-3c2b1a0f9e8d";
        using var multi = app.WithWebHostBuilder(b => b
            .UseSetting("Identity:AllowedTenants:0", TestAuthority.HomeTenant)
            .UseSetting("Identity:AllowedTenants:1", TestAuthority.OtherTenant));

        var jwt = multi.Services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(IdentitySchemes.EntraId);
        jwt.Authority.ShouldBe(TestAuthority.Instance + "organizations/v2.0");

        async Task<HttpStatusCode> MeAsync(string tenant)
        {
            using var client = multi.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", app.Authority.Mint(tenant: tenant));
            using var response = await client.GetAsync("/api/me");
            return response.StatusCode;
        }

        (await MeAsync(TestAuthority.HomeTenant)).ShouldBe(HttpStatusCode.OK);
        (await MeAsync(TestAuthority.OtherTenant)).ShouldBe(HttpStatusCode.OK);
        (await MeAsync(unlisted)).ShouldBe(HttpStatusCode.Unauthorized);
    }
}
