using System.Globalization;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace NoOneLeftBehind.Functions.Identity;

/// <summary>
/// Which issuers an authority may use, per tenant: Entra ID signs v1 tokens as
/// <c>https://sts.windows.net/{tid}/</c> and v2 tokens as <c>{instance}{tid}/v2.0</c>; the
/// development issuer has one fixed issuer and tenant.
/// </summary>
internal sealed class TrustedAuthority
{
    // Allowed tenant (normalised) → its issuers, built once: nothing is formatted per request.
    private readonly Dictionary<string, string[]> _issuers;

    private TrustedAuthority(string name, IEnumerable<string> tenants, Func<string, IEnumerable<string>> issuersOf, IReadOnlyList<string> audiences)
    {
        Name = name;
        _issuers = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var tenant in tenants.Select(Normalise))
            _issuers[tenant] = [.. issuersOf(tenant)];
        Audiences = audiences;
    }

    public string Name { get; }

    public IReadOnlyList<string> Audiences { get; }

    public static TrustedAuthority EntraId(IdentityOptions options)
    {
        var instance = options.Instance.EndsWith('/') ? options.Instance : options.Instance + "/";
        var audiences = new[] { options.ClientId, options.AppIdUri }
            .Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => a!).ToArray();
        return new TrustedAuthority(
            IdentitySchemes.EntraId,
            options.EffectiveAllowedTenants,
            tid => [$"https://sts.windows.net/{tid}/", $"{instance}{tid}/v2.0"],
            audiences);
    }

    public static TrustedAuthority Development(DevIssuerOptions options) =>
        new(IdentitySchemes.DevIssuer, [options.TenantId], _ => [options.Issuer], [options.Audience]);

    /// <summary>An <see cref="IssuerValidator"/>: the token's <c>tid</c> must be allowed and its <c>iss</c> one of that tenant's issuers.</summary>
    public string ValidateIssuer(string issuer, SecurityToken token, TokenValidationParameters parameters)
    {
        if (token is not JsonWebToken jwt || !jwt.TryGetPayloadValue<string>("tid", out var tid) || string.IsNullOrEmpty(tid))
            throw new SecurityTokenInvalidIssuerException("The token has no tenant id (tid).") { InvalidIssuer = issuer };
        // Entra sends tid in the normalised form already; only other spellings need normalising.
        if (!_issuers.TryGetValue(tid, out var issuers))
        {
            var tenant = Normalise(tid);
            if (!_issuers.TryGetValue(tenant, out issuers))
                throw new SecurityTokenInvalidIssuerException(string.Create(CultureInfo.InvariantCulture, $"Tenant {tenant} is not allowed.")) { InvalidIssuer = issuer };
        }
        foreach (var expected in issuers)
        {
            if (string.Equals(expected, issuer, StringComparison.Ordinal)) return issuer;
        }
        throw new SecurityTokenInvalidIssuerException("The issuer does not match the tenant.") { InvalidIssuer = issuer };
    }

    private static string Normalise(string tenant) =>
        Guid.TryParse(tenant, out var g) ? g.ToString("D", CultureInfo.InvariantCulture) : tenant.ToLowerInvariant();
}

/// <summary>The validation rules every bearer token goes through, whoever issued it.</summary>
internal static class TokenValidation
{
    /// <summary>Signature algorithms accepted; <c>none</c> and the HMAC family (shared secrets) never are.</summary>
    public static readonly string[] AllowedAlgorithms =
        [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512];

    /// <summary>Token types accepted in the <c>typ</c> header (Entra ID access tokens say <c>JWT</c>).</summary>
    public static readonly string[] AllowedTypes = ["JWT", "at+jwt"];

    public static TokenValidationParameters CreateParameters(TrustedAuthority authority, TimeSpan clockSkew) => new()
    {
        ValidateIssuer = true,
        IssuerValidator = authority.ValidateIssuer,
        ValidateAudience = true,
        ValidAudiences = authority.Audiences,
        ValidateLifetime = true,
        RequireExpirationTime = true,
        ClockSkew = clockSkew,
        RequireSignedTokens = true,
        ValidateIssuerSigningKey = true,
        // A kid that names no published key fails (and triggers a metadata refresh) rather than
        // being tried against every key.
        TryAllIssuerSigningKeys = false,
        ValidAlgorithms = AllowedAlgorithms,
        ValidTypes = AllowedTypes,
        NameClaimType = "name",
        RoleClaimType = IdentityClaims.Roles,
    };
}

/// <summary>Claim types as Entra ID names them (inbound claim mapping is off).</summary>
internal static class IdentityClaims
{
    public const string TenantId = "tid";
    public const string ObjectId = "oid";
    public const string Roles = "roles";
    public const string Scopes = "scp";
    public const string Name = "name";
    public const string PreferredUserName = "preferred_username";
}

/// <summary>Authentication scheme names.</summary>
public static class IdentitySchemes
{
    /// <summary>The default scheme: picks <see cref="EntraId"/> or <see cref="DevIssuer"/> by the token's issuer.</summary>
    public const string Bearer = "Bearer";

    /// <summary>Microsoft Entra ID access tokens.</summary>
    public const string EntraId = "EntraId";

    /// <summary>Tokens of the local development issuer (Development only).</summary>
    public const string DevIssuer = "DevIssuer";
}
