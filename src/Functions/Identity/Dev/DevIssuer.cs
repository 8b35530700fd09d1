using System.Security.Cryptography;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using NoOneLeftBehind.Domain.Identity;

namespace NoOneLeftBehind.Functions.Identity.Dev;

/// <summary>
/// The development issuer: an RSA key generated at start (never written anywhere, so tokens die
/// with the process) that signs Entra-shaped access tokens for the demo users. Its metadata and
/// JWKS are served over HTTP so that the same validation pipeline as Entra ID checks its tokens.
/// </summary>
internal sealed class DevIssuer : IDisposable
{
    private readonly RSA _rsa = RSA.Create(2048);
    private readonly DevIssuerOptions _options;
    private readonly TimeProvider _time;
    private readonly SigningCredentials _credentials;
    private readonly JsonWebTokenHandler _handler = new();

    public DevIssuer(IOptions<IdentityOptions> options, TimeProvider time)
    {
        _options = options.Value.DevIssuer;
        _time = time;
        var key = new RsaSecurityKey(_rsa);
        key.KeyId = Base64UrlEncoder.Encode(key.ComputeJwkThumbprint());
        KeyId = key.KeyId;
        _credentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256);
    }

    public string KeyId { get; }

    public string Issuer => _options.Issuer;

    public static string MetadataAddress(DevIssuerOptions options) => options.Issuer.TrimEnd('/') + "/.well-known/openid-configuration";

    public static string PathOf(DevIssuerOptions options) => new Uri(options.Issuer, UriKind.Absolute).AbsolutePath.TrimEnd('/');

    /// <summary>A signed access token for <paramref name="user"/>, valid for the configured lifetime.</summary>
    public IssuedToken Issue(DemoUser user)
    {
        var now = _time.GetUtcNow();
        var lifetime = TimeSpan.FromMinutes(Math.Clamp(_options.TokenLifetimeMinutes, 1, 24 * 60));
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = _options.Issuer,
            Audience = _options.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + lifetime).UtcDateTime,
            TokenType = "JWT",
            SigningCredentials = _credentials,
            Claims = new Dictionary<string, object>
            {
                ["tid"] = _options.TenantId,
                ["oid"] = user.ObjectId.ToString("D"),
                ["sub"] = user.ObjectId.ToString("N"),
                ["name"] = user.Name,
                ["preferred_username"] = user.Id + "@dev.local",
                ["roles"] = new[] { user.Role.ClaimValue() },
                ["scp"] = "access_as_user",
                ["ver"] = "2.0",
            },
        });
        return new IssuedToken(token, "Bearer", (int)lifetime.TotalSeconds);
    }

    public DiscoveryDocument Discovery(string signInUrl) => new(
        _options.Issuer,
        _options.Issuer.TrimEnd('/') + "/discovery/keys",
        signInUrl,
        [SecurityAlgorithms.RsaSha256]);

    public JsonWebKeySetDocument Keys()
    {
        var parameters = _rsa.ExportParameters(includePrivateParameters: false);
        return new JsonWebKeySetDocument([
            new PublicJwk("RSA", "sig", KeyId, SecurityAlgorithms.RsaSha256,
                Base64UrlEncoder.Encode(parameters.Modulus), Base64UrlEncoder.Encode(parameters.Exponent)),
        ]);
    }

    public void Dispose() => _rsa.Dispose();
}

internal sealed record IssuedToken(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("expires_in")] int ExpiresIn);

internal sealed record DiscoveryDocument(
    [property: JsonPropertyName("issuer")] string Issuer,
    [property: JsonPropertyName("jwks_uri")] string JwksUri,
    [property: JsonPropertyName("authorization_endpoint")] string AuthorizationEndpoint,
    [property: JsonPropertyName("id_token_signing_alg_values_supported")] IReadOnlyList<string> Algorithms);

internal sealed record JsonWebKeySetDocument([property: JsonPropertyName("keys")] IReadOnlyList<PublicJwk> Keys);

internal sealed record PublicJwk(
    [property: JsonPropertyName("kty")] string Kty,
    [property: JsonPropertyName("use")] string Use,
    [property: JsonPropertyName("kid")] string Kid,
    [property: JsonPropertyName("alg")] string Alg,
    [property: JsonPropertyName("n")] string N,
    [property: JsonPropertyName("e")] string E);
