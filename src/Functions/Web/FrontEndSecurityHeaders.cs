using NoOneLeftBehind.Functions.Identity;

namespace NoOneLeftBehind.Functions.Web;

/// <summary>
/// Security headers of the front end's files. The Content-Security-Policy allows only the app's own
/// origin, plus: the Entra ID sign-in host (connect/frame/form) when Entra is configured, the Blob
/// endpoint for direct uploads with a SAS (connect) and its dossier-files container for inline evidence (frames), and — for the embed page only — the
/// portals listed in <c>Embedding:AllowedOrigins</c> as frame ancestors. Scripts come from 'self' only
/// (no inline script, no eval); inline styles are allowed because ECharts' tooltips use them.
/// </summary>
public sealed class FrontEndSecurityHeaders
{
    private readonly string policy;
    private readonly string embedPolicy;

    private FrontEndSecurityHeaders(string policy, string embedPolicy)
    {
        this.policy = policy;
        this.embedPolicy = embedPolicy;
    }

    /// <summary>The policy of every page but the embed page.</summary>
    public string ContentSecurityPolicy => policy;

    /// <summary>The policy of <c>/dashboards/embed.html</c>.</summary>
    public string EmbedContentSecurityPolicy => embedPolicy;

    /// <summary>Builds the headers from the identity settings, the Blob endpoint and the allowed embedding origins.</summary>
    public static FrontEndSecurityHeaders Create(IdentityOptions? identity, Uri? blobEndpoint, IEnumerable<string> embeddingOrigins)
    {
        var entra = identity is { EntraConfigured: true } && Uri.TryCreate(identity.Instance, UriKind.Absolute, out var instance)
            ? " " + Origin(instance)
            : "";
        var blob = blobEndpoint is not null ? " " + Origin(blobEndpoint) : "";
        // Frames need only the dossier files' container (evidence shown inline in the reviewers' console).
        var blobFrames = blobEndpoint is not null
            ? " " + blobEndpoint.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/" + Infrastructure.Dossiers.DossierStorageNames.FilesContainer + "/"
            : "";
        var ancestors = ParseOrigins(embeddingOrigins);
        var source = Source.Value;
        string Build(string frameAncestors) => string.Join("; ", source.ContentSecurityPolicy.Select(d => d
            .Replace("{blobFrames}", blobFrames, StringComparison.Ordinal)
            .Replace("{blob}", blob, StringComparison.Ordinal)
            .Replace("{entra}", entra, StringComparison.Ordinal)
            .Replace("{frameAncestors}", frameAncestors, StringComparison.Ordinal)));
        return new FrontEndSecurityHeaders(
            Build("'self'"),
            Build(ancestors.Count == 0 ? "'self'" : "'self' " + string.Join(' ', ancestors)));
    }

    /// <summary>
    /// Validates <c>Embedding:AllowedOrigins</c>: each must be an absolute http(s) origin without path,
    /// query or wildcard (a policy is never built from an arbitrary string).
    /// </summary>
    public static IReadOnlyList<string> ParseOrigins(IEnumerable<string> origins)
    {
        ArgumentNullException.ThrowIfNull(origins);
        var result = new List<string>();
        foreach (var raw in origins)
        {
            var text = raw?.Trim() ?? "";
            if (text.Length == 0) continue;
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri)
                || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
                || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0
                || text.Contains('*', StringComparison.Ordinal) || text.Contains(';', StringComparison.Ordinal) || text.Contains(' ', StringComparison.Ordinal))
            {
                throw new InvalidOperationException(
                    $"Embedding:AllowedOrigins: '{text}' is not an origin such as https://portal.example.gov.vn (scheme, host and optional port only).");
            }
            result.Add(Origin(uri));
        }
        return result;
    }

    /// <summary>Sets the headers on a response.</summary>
    public void Apply(HttpResponse response, bool embedding)
    {
        ArgumentNullException.ThrowIfNull(response);
        var h = response.Headers;
        var source = Source.Value;
        h.ContentSecurityPolicy = embedding ? embedPolicy : policy;
        foreach (var (name, value) in source.Headers) h[name] = value;
        foreach (var (name, value) in embedding ? source.EmbedHeaders : source.PageHeaders) h[name] = value;
    }

    private static string Origin(Uri uri) => uri.GetLeftPart(UriPartial.Authority);

    private static readonly System.Text.Json.JsonSerializerOptions SourceJson = new(System.Text.Json.JsonSerializerDefaults.Web);

    /// <summary>Web/security-headers.json, embedded in the assembly (scripts/build-web.sh reads the same file).</summary>
    private static readonly Lazy<HeaderSource> Source = new(() =>
    {
        using var stream = typeof(FrontEndSecurityHeaders).Assembly.GetManifestResourceStream("NoOneLeftBehind.Functions.Web.security-headers.json")
            ?? throw new InvalidOperationException("The embedded Web/security-headers.json is missing.");
        return System.Text.Json.JsonSerializer.Deserialize<HeaderSource>(stream, SourceJson)
            ?? throw new InvalidOperationException("Web/security-headers.json is empty.");
    });

    private sealed record HeaderSource(
        IReadOnlyList<string> ContentSecurityPolicy,
        IReadOnlyDictionary<string, string> Headers,
        IReadOnlyDictionary<string, string> PageHeaders,
        IReadOnlyDictionary<string, string> EmbedHeaders);
}
