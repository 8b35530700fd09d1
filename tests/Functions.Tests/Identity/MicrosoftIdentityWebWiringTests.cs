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
}
