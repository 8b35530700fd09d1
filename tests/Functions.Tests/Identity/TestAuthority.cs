using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace NoOneLeftBehind.Functions.Tests.Identity;

/// <summary>
/// A stand-in for Entra ID in tests: real RSA keys generated here, OpenID Connect metadata and JWKS
/// served over an <see cref="HttpMessageHandler"/> the validator fetches through, tokens minted
/// with whatever flaw a test needs.
/// </summary>
public sealed class TestAuthority : IDisposable
{
    public const string Instance = "https://login.test/";
    public static readonly string HomeTenant = "7f1d3c2a-0b1e-4c55-9a3e-5d1b2c3d4e5f";
    public static readonly string OtherTenant = "2b9e8d7c-6f5a-4b3c-8d2e-1f0a9b8c7d6e";
    public const string ClientId = "11111111-2222-4333-8444-555555555555";
    public const string AppIdUri = "api://no-one-left-behind-test";

    private readonly List<RsaSecurityKey> _published = [];
    private int _metadataFetches;

    public TestAuthority() => Rotate();

    /// <summary>The key tokens are signed with by default (the latest published one).</summary>
    public RsaSecurityKey CurrentKey => _published[^1];

    public int MetadataFetches => Volatile.Read(ref _metadataFetches);

    /// <summary>Publishes a new key (new kid); the old ones stay published.</summary>
    public RsaSecurityKey Rotate()
    {
        var key = NewKey();
        lock (_published) _published.Add(key);
        return key;
    }

    /// <summary>A key that is never published.</summary>
    public static RsaSecurityKey NewKey(string? kid = null)
    {
        var key = new RsaSecurityKey(RSA.Create(2048));
        key.KeyId = kid ?? Base64UrlEncoder.Encode(key.ComputeJwkThumbprint());
        return key;
    }

    public static string V2Issuer(string tenant) => $"{Instance}{tenant}/v2.0";

    public static string V1Issuer(string tenant) => $"https://sts.windows.net/{tenant}/";

    /// <summary>Mints a token; every part can be overridden.</summary>
    public string Mint(
        string? tenant = null,
        string? issuer = null,
        string? audience = ClientId,
        Guid? objectId = null,
        IEnumerable<string>? roles = null,
        DateTime? notBefore = null,
        DateTime? expires = null,
        SecurityKey? key = null,
        string algorithm = SecurityAlgorithms.RsaSha256,
        string tokenType = "JWT",
        bool includeTenant = true,
        bool includeObjectId = true,
        string? name = "Người dùng thử")
    {
        var tid = tenant ?? HomeTenant;
        var now = DateTime.UtcNow;
        var claims = new Dictionary<string, object> { ["scp"] = "access_as_user", ["ver"] = "2.0" };
        if (includeTenant) claims["tid"] = tid;
        if (includeObjectId) claims["oid"] = (objectId ?? Guid.NewGuid()).ToString("D");
        if (name is not null) claims["name"] = name;
        if (roles is not null) claims["roles"] = roles.ToArray();
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer ?? V2Issuer(tid),
            Audience = audience,
            IssuedAt = (notBefore ?? now.AddMinutes(-1)),
            NotBefore = notBefore ?? now.AddMinutes(-1),
            Expires = expires ?? now.AddMinutes(30),
            TokenType = tokenType,
            Claims = claims,
            SigningCredentials = new SigningCredentials(key ?? CurrentKey, algorithm),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    /// <summary>An unsigned token (<c>alg: none</c>) with a valid-looking payload.</summary>
    public static string MintUnsigned(string alg, Guid objectId, string tenant, IEnumerable<string> roles)
    {
        var now = DateTimeOffset.UtcNow;
        var header = JsonSerializer.Serialize(new Dictionary<string, object> { ["alg"] = alg, ["typ"] = "JWT" });
        var payload = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["iss"] = V2Issuer(tenant), ["aud"] = ClientId, ["tid"] = tenant, ["oid"] = objectId.ToString("D"),
            ["roles"] = roles.ToArray(), ["scp"] = "access_as_user",
            ["nbf"] = now.AddMinutes(-1).ToUnixTimeSeconds(), ["exp"] = now.AddMinutes(30).ToUnixTimeSeconds(),
        });
        return Base64UrlEncoder.Encode(header) + "." + Base64UrlEncoder.Encode(payload) + ".";
    }

    /// <summary>Serves metadata for any tenant path and the JWKS.</summary>
    public HttpResponseMessage? Serve(HttpRequestMessage request)
    {
        var uri = request.RequestUri!;
        if (!string.Equals(uri.Host, "login.test", StringComparison.Ordinal)) return null;
        if (uri.AbsolutePath.EndsWith("/.well-known/openid-configuration", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _metadataFetches);
            var tenantSegment = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries)[0];
            return Json(new Dictionary<string, object>
            {
                ["issuer"] = $"{Instance}{tenantSegment}/v2.0",
                ["jwks_uri"] = $"{Instance}common/discovery/v2.0/keys",
                ["authorization_endpoint"] = $"{Instance}{tenantSegment}/oauth2/v2.0/authorize",
                ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            });
        }
        if (uri.AbsolutePath == "/common/discovery/v2.0/keys")
        {
            List<Dictionary<string, string>> keys;
            lock (_published)
            {
                keys = _published.Select(k =>
                {
                    var p = k.Rsa.ExportParameters(false);
                    return new Dictionary<string, string>
                    {
                        ["kty"] = "RSA", ["use"] = "sig", ["kid"] = k.KeyId,
                        ["n"] = Base64UrlEncoder.Encode(p.Modulus), ["e"] = Base64UrlEncoder.Encode(p.Exponent),
                    };
                }).ToList();
            }
            return Json(new Dictionary<string, object> { ["keys"] = keys });
        }
        return new HttpResponseMessage(HttpStatusCode.NotFound);
    }

    private static HttpResponseMessage Json(object body) => new(HttpStatusCode.OK)
    {
        Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
    };

    public void Dispose()
    {
        foreach (var key in _published) key.Rsa.Dispose();
    }
}
