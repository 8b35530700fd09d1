using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace NoOneLeftBehind.Functions.Embedding;

/// <summary>What an embed token grants: one dashboard, one unit scope, one host origin, until it expires.</summary>
/// <param name="Id">Random id (for the log and as the embed caller's object id).</param>
/// <param name="DashboardId">The dashboard definition id (e.g. <c>poverty</c>).</param>
/// <param name="UnitCode">The unit scope: the token reads this unit and the units below it.</param>
/// <param name="HostOrigin">The portal that frames the dashboard (one of <c>Embedding:AllowedOrigins</c>).</param>
/// <param name="IssuedAt">When it was minted.</param>
/// <param name="ExpiresAt">When it stops working.</param>
/// <param name="IssuedBy">The minting user's key (<c>tid_oid</c>), for the audit log.</param>
public sealed record EmbedGrant(
    Guid Id, string DashboardId, string UnitCode, string HostOrigin, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt, string IssuedBy);

/// <summary>Why a token was refused.</summary>
public enum EmbedTokenError
{
    /// <summary>Accepted.</summary>
    None,

    /// <summary>Not a token of ours: wrong shape, wrong version, bad signature or unreadable payload.</summary>
    Invalid,

    /// <summary>Well signed but past its expiry.</summary>
    Expired,
}

/// <summary>
/// The embed token format (ADR 0005): <c>e1.</c> + base64url(JSON payload) + <c>.</c> + base64url(HMAC-SHA256
/// over everything before the last dot). Compact, readable by nobody but this API as a grant, and checked
/// in constant time. Not a JWT on purpose: the bearer schemes refuse HMAC-signed JWTs, so an embed token
/// can never pass as a user's token, and a user's token never passes here.
/// </summary>
public sealed class EmbedTokenCodec
{
    /// <summary>Prefix of every token of this format version.</summary>
    public const string Prefix = "e1.";

    private const int MaxTokenLength = 2048;
    private readonly byte[] key;

    /// <summary>Creates a codec with an HMAC key of at least 32 bytes.</summary>
    public EmbedTokenCodec(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length < 32) throw new ArgumentException("The embed signing key must have at least 32 bytes.", nameof(key));
        this.key = [.. key];
    }

    /// <summary>Signs a grant.</summary>
    public string Encode(EmbedGrant grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        var payload = new Payload(grant.Id.ToString("N"), grant.DashboardId, grant.UnitCode, grant.HostOrigin,
            grant.IssuedAt.ToUnixTimeSeconds(), grant.ExpiresAt.ToUnixTimeSeconds(), grant.IssuedBy);
        var body = Prefix + Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(payload, PayloadContext.Default.Payload));
        return body + "." + Base64Url.EncodeToString(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(body)));
    }

    /// <summary>Checks the signature, then the expiry against <paramref name="now"/>.</summary>
    public EmbedTokenError TryDecode(string? token, DateTimeOffset now, out EmbedGrant? grant)
    {
        grant = null;
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength || !token.StartsWith(Prefix, StringComparison.Ordinal)) return EmbedTokenError.Invalid;
        var dot = token.LastIndexOf('.');
        if (dot <= Prefix.Length) return EmbedTokenError.Invalid;
        var body = token[..dot];
        var signatureText = token[(dot + 1)..];
        if (!Base64Url.IsValid(signatureText)) return EmbedTokenError.Invalid;
        var signature = Base64Url.DecodeFromChars(signatureText);
        var expected = HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(body));
        if (!CryptographicOperations.FixedTimeEquals(signature, expected)) return EmbedTokenError.Invalid;

        Payload? payload;
        try
        {
            var json = body[Prefix.Length..];
            if (!Base64Url.IsValid(json)) return EmbedTokenError.Invalid;
            payload = JsonSerializer.Deserialize(Base64Url.DecodeFromChars(json), PayloadContext.Default.Payload);
        }
        catch (JsonException)
        {
            return EmbedTokenError.Invalid;
        }
        if (payload is null || !Guid.TryParseExact(payload.Jti, "N", out var id)
            || string.IsNullOrEmpty(payload.Dashboard) || string.IsNullOrEmpty(payload.Unit) || string.IsNullOrEmpty(payload.Origin))
            return EmbedTokenError.Invalid;
        grant = new EmbedGrant(id, payload.Dashboard, payload.Unit, payload.Origin,
            DateTimeOffset.FromUnixTimeSeconds(payload.Iat), DateTimeOffset.FromUnixTimeSeconds(payload.Exp), payload.Sub ?? "");
        return now >= grant.ExpiresAt ? EmbedTokenError.Expired : EmbedTokenError.None;
    }

    internal sealed record Payload(
        [property: JsonPropertyName("jti")] string Jti,
        [property: JsonPropertyName("dsh")] string Dashboard,
        [property: JsonPropertyName("unit")] string Unit,
        [property: JsonPropertyName("org")] string Origin,
        [property: JsonPropertyName("iat")] long Iat,
        [property: JsonPropertyName("exp")] long Exp,
        [property: JsonPropertyName("sub")] string? Sub);
}

[JsonSerializable(typeof(EmbedTokenCodec.Payload))]
internal sealed partial class PayloadContext : JsonSerializerContext;
