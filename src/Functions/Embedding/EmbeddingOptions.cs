namespace NoOneLeftBehind.Functions.Embedding;

/// <summary>
/// App settings section <c>Embedding</c>: dashboards embedded in other portals with short-lived embed
/// tokens ("app owns data", ADR 0005). No secret has a default: outside Development a signing key must
/// be configured (a Key Vault reference) or no embed token is minted.
/// </summary>
public sealed class EmbeddingOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Embedding";

    /// <summary>Portals (origins) that may frame <c>/dashboards/embed.html</c> and receive tokens for it.</summary>
    public IList<string> AllowedOrigins { get; } = [];

    /// <summary>
    /// The HMAC-SHA256 key, base64, at least 32 bytes. Unset in Development: a random key per process
    /// (tokens die with the process). Unset elsewhere: minting answers 503.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>Lifetime of a token when the request does not ask for less, in seconds (default 600: 10 min).</summary>
    public int TokenLifetimeSeconds { get; set; } = 600;

    /// <summary>The shortest lifetime a caller may ask for, in seconds (default 5).</summary>
    public int MinTokenLifetimeSeconds { get; set; } = 5;

    /// <summary>App roles allowed to mint embed tokens (default Leader, Admin).</summary>
    public IList<string> AllowedRoles { get; } = [];
}
