using System.Net;
using System.Net.Http.Json;
using Microsoft.IdentityModel.Tokens;
using NoOneLeftBehind.Domain.Identity;

namespace NoOneLeftBehind.Functions.Tests.Identity;

/// <summary>Every token goes through GET /api/me (needs only a valid token) and the admin list (needs role and scope).</summary>
public sealed class TokenValidationTests(IdentityAppFactory app) : IClassFixture<IdentityAppFactory>
{
    private const string Me = "/api/me";

    private async Task<HttpStatusCode> StatusAsync(string? token, string path = Me)
    {
        using var client = app.ClientWith(token);
        using var response = await client.GetAsync(path);
        return response.StatusCode;
    }

    [Fact]
    public async Task Me_ValidV2Token_Ok()
    {
        var oid = Guid.NewGuid();
        using var client = app.ClientWith(app.Authority.Mint(objectId: oid, roles: ["Submitter"]));
        var me = await client.GetFromJsonAsync<Dictionary<string, object?>>(Me);
        me!["objectId"]!.ToString().ShouldBe(oid.ToString());
        me["scope"].ShouldBeNull();
    }

    [Fact]
    public async Task Me_ValidV1Token_Ok() =>
        (await StatusAsync(app.Authority.Mint(issuer: TestAuthority.V1Issuer(TestAuthority.HomeTenant), audience: TestAuthority.AppIdUri)))
            .ShouldBe(HttpStatusCode.OK);

    [Fact]
    public async Task Me_NoToken_Unauthorized()
    {
        using var client = app.ClientWith(null);
        using var response = await client.GetAsync(Me);
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().ShouldStartWith("Bearer");
    }

    [Fact]
    public async Task Me_Expired_Unauthorized() =>
        (await StatusAsync(app.Authority.Mint(notBefore: DateTime.UtcNow.AddHours(-2), expires: DateTime.UtcNow.AddMinutes(-5))))
            .ShouldBe(HttpStatusCode.Unauthorized); // 5 minutes is beyond the 60 s skew

    [Fact]
    public async Task Me_NotYetValid_Unauthorized() =>
        (await StatusAsync(app.Authority.Mint(notBefore: DateTime.UtcNow.AddMinutes(10), expires: DateTime.UtcNow.AddMinutes(40))))
            .ShouldBe(HttpStatusCode.Unauthorized);

    [Theory]
    [InlineData("api://someone-else")] // another API's token
    [InlineData("00000003-0000-0000-c000-000000000000")] // Microsoft Graph's
    public async Task Me_WrongAudience_Unauthorized(string audience) =>
        (await StatusAsync(app.Authority.Mint(audience: audience))).ShouldBe(HttpStatusCode.Unauthorized);

    [Theory]
    [InlineData("https://evil.example/7f1d3c2a-0b1e-4c55-9a3e-5d1b2c3d4e5f/v2.0")] // right tenant, foreign host
    [InlineData("https://login.test/2b9e8d7c-6f5a-4b3c-8d2e-1f0a9b8c7d6e/v2.0")] // issuer of another tenant than tid says
    [InlineData("https://login.test/7f1d3c2a-0b1e-4c55-9a3e-5d1b2c3d4e5f/")] // neither the v1 nor the v2 form
    public async Task Me_WrongIssuer_Unauthorized(string issuer) =>
        (await StatusAsync(app.Authority.Mint(issuer: issuer))).ShouldBe(HttpStatusCode.Unauthorized);

    [Fact]
    public async Task Me_TenantNotAllowed_Unauthorized() =>
        (await StatusAsync(app.Authority.Mint(tenant: TestAuthority.OtherTenant))).ShouldBe(HttpStatusCode.Unauthorized);

    [Theory]
    [InlineData("none")]
    [InlineData("RS256")] // claims a signature, carries none
    public async Task Me_Unsigned_Unauthorized(string alg) =>
        (await StatusAsync(TestAuthority.MintUnsigned(alg, Guid.NewGuid(), TestAuthority.HomeTenant, ["Admin"]))).ShouldBe(HttpStatusCode.Unauthorized);

    [Fact]
    public async Task Me_SignedWithAnotherKeyUnderAPublishedKid_Unauthorized()
    {
        var impostor = TestAuthority.NewKey(kid: app.Authority.CurrentKey.KeyId);
        try
        {
            (await StatusAsync(app.Authority.Mint(key: impostor))).ShouldBe(HttpStatusCode.Unauthorized);
        }
        finally
        {
            impostor.Rsa.Dispose();
        }
    }

    [Fact]
    public async Task Me_SignedWithAnUnpublishedKey_Unauthorized()
    {
        var stranger = TestAuthority.NewKey();
        try
        {
            (await StatusAsync(app.Authority.Mint(key: stranger))).ShouldBe(HttpStatusCode.Unauthorized);
        }
        finally
        {
            stranger.Rsa.Dispose();
        }
    }

    [Fact]
    public async Task Me_HmacSignedWithThePublicKey_Unauthorized()
    {
        // The classic algorithm confusion: HS256 keyed with the RSA public key's bytes.
        var publicKey = app.Authority.CurrentKey.Rsa.ExportSubjectPublicKeyInfo();
        var hmac = new SymmetricSecurityKey(publicKey) { KeyId = app.Authority.CurrentKey.KeyId };
        (await StatusAsync(app.Authority.Mint(key: hmac, algorithm: SecurityAlgorithms.HmacSha256))).ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Me_TamperedPayload_Unauthorized()
    {
        var (_, token) = app.EntraUser(null, AppRole.Submitter);
        var parts = token.Split('.');
        var payload = Base64UrlEncoder.Decode(parts[1]).Replace("Submitter", "Admin", StringComparison.Ordinal);
        var tampered = parts[0] + "." + Base64UrlEncoder.Encode(payload) + "." + parts[2];
        (await StatusAsync(tampered)).ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("JWT", HttpStatusCode.OK)]
    [InlineData("at+jwt", HttpStatusCode.OK)]
    [InlineData("id_token+jwt", HttpStatusCode.Unauthorized)] // not an access-token type
    public async Task Me_TokenType(string type, HttpStatusCode expected) =>
        (await StatusAsync(app.Authority.Mint(tokenType: type))).ShouldBe(expected);

    [Fact]
    public async Task Me_NoObjectId_Unauthorized() =>
        (await StatusAsync(app.Authority.Mint(includeObjectId: false))).ShouldBe(HttpStatusCode.Unauthorized);

    [Fact]
    public async Task Me_Garbage_Unauthorized() =>
        (await StatusAsync("not-a-token")).ShouldBe(HttpStatusCode.Unauthorized);

    [Fact]
    public async Task AdminList_ValidTokenWithoutRole_Forbidden()
    {
        var (_, token) = app.EntraUser(ScopeUnitCodes.National, AppRole.Leader);
        (await StatusAsync(token, "/api/admin/unit-scopes")).ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task AdminList_RoleWithoutScope_Forbidden()
    {
        var (_, token) = app.EntraUser(null, AppRole.Admin);
        (await StatusAsync(token, "/api/admin/unit-scopes")).ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task AdminList_RoleAndScope_Ok()
    {
        var (_, token) = app.EntraUser(ScopeUnitCodes.National, AppRole.Admin);
        (await StatusAsync(token, "/api/admin/unit-scopes")).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Me_KeyRotatedAfterKeysWereCached_FirstRequestWithNewKidOk()
    {
        (await StatusAsync(app.Authority.Mint())).ShouldBe(HttpStatusCode.OK); // keys cached
        var fetchesBefore = app.Authority.MetadataFetches;

        app.Authority.Rotate();
        (await StatusAsync(app.Authority.Mint())).ShouldBe(HttpStatusCode.OK);

        app.Authority.MetadataFetches.ShouldBeGreaterThan(fetchesBefore);
    }
}
