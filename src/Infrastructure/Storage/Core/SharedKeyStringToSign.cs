using System.Text;

namespace NoOneLeftBehind.Infrastructure.Storage.Core;

/// <summary>
/// The Shared Key strings-to-sign, as documented in "Authorize with Shared Key" (version 2015-02-21 and later).
/// Kept as pure functions of method, URI and headers so the rules can be checked without a server.
/// </summary>
public static class SharedKeyStringToSign
{
    private static readonly string[] BlobQueueStandardHeaders =
    [
        "Content-Encoding", "Content-Language", "Content-Length", "Content-MD5", "Content-Type", "Date",
        "If-Modified-Since", "If-Match", "If-None-Match", "If-Unmodified-Since", "Range",
    ];

    /// <summary>
    /// Blob and Queue: VERB, eleven standard headers (Content-Length empty when zero), the canonicalized
    /// <c>x-ms-*</c> headers, then the canonicalized resource with every query parameter.
    /// </summary>
    public static string ForBlobOrQueue(string method, Uri uri, IReadOnlyDictionary<string, string> headers, string accountName)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentNullException.ThrowIfNull(headers);
        var lookup = new Dictionary<string, string>(headers, StringComparer.OrdinalIgnoreCase);
        var sb = new StringBuilder();
        sb.Append(method.ToUpperInvariant()).Append('\n');
        foreach (var name in BlobQueueStandardHeaders)
        {
            lookup.TryGetValue(name, out var value);
            if (name == "Content-Length" && value == "0")
            {
                value = null;
            }
            sb.Append(value ?? "").Append('\n');
        }
        AppendCanonicalizedHeaders(sb, lookup);
        sb.Append('/').Append(accountName).Append(uri.AbsolutePath);
        foreach (var (name, values) in QueryParameters(uri).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            values.Sort(StringComparer.Ordinal);
            sb.Append('\n').Append(name).Append(':').Append(string.Join(',', values));
        }
        return sb.ToString();
    }

    /// <summary>
    /// Table (Shared Key, not Lite): VERB, Content-MD5, Content-Type, the date (<c>x-ms-date</c> when present),
    /// then the canonicalized resource where only <c>comp</c> of the query is kept.
    /// </summary>
    public static string ForTable(string method, Uri uri, IReadOnlyDictionary<string, string> headers, string accountName)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentNullException.ThrowIfNull(headers);
        var lookup = new Dictionary<string, string>(headers, StringComparer.OrdinalIgnoreCase);
        var date = lookup.TryGetValue("x-ms-date", out var msDate) ? msDate : lookup.GetValueOrDefault("Date", "");
        var resource = "/" + accountName + uri.AbsolutePath;
        if (QueryParameters(uri).TryGetValue("comp", out var comp))
        {
            resource += "?comp=" + comp[0];
        }
        return string.Join('\n',
            method.ToUpperInvariant(),
            lookup.GetValueOrDefault("Content-MD5", ""),
            lookup.GetValueOrDefault("Content-Type", ""),
            date,
            resource);
    }

    private static void AppendCanonicalizedHeaders(StringBuilder sb, Dictionary<string, string> headers)
    {
        var msHeaders = headers
            .Where(h => h.Key.StartsWith("x-ms-", StringComparison.OrdinalIgnoreCase))
            .Select(h => (Name: h.Key.Trim().ToLowerInvariant(), Value: h.Value.Trim()))
            .OrderBy(h => h.Name, StringComparer.Ordinal);
        foreach (var (name, value) in msHeaders)
        {
            sb.Append(name).Append(':').Append(value).Append('\n');
        }
    }

    private static Dictionary<string, List<string>> QueryParameters(Uri uri)
    {
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var query = uri.Query;
        if (query.Length <= 1)
        {
            return result;
        }
        foreach (var pair in query[1..].Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]).ToLowerInvariant();
            var value = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '));
            if (!result.TryGetValue(name, out var values))
            {
                result[name] = values = [];
            }
            values.Add(value);
        }
        return result;
    }
}
