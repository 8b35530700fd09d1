using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace NoOneLeftBehind.Functions.Identity;

/// <summary>
/// The OpenID Connect metadata (issuer, JWKS) of one trusted authority, fetched on first use and
/// cached. Unlike the library's <c>ConfigurationManager</c>, a refresh requested because a token
/// names an unknown <c>kid</c> happens before the token is re-validated, so a key rotation costs
/// no failed request; such refreshes are throttled by <paramref name="minimumRefreshInterval"/>.
/// </summary>
/// <remarks>
/// The token handler calls <see cref="RequestRefresh"/> then <see cref="GetBaseConfigurationAsync"/>
/// when a signature key is not found, and re-validates only if it gets a different instance back.
/// </remarks>
internal sealed partial class IssuerMetadata : BaseConfigurationManager, IConfigurationManager<OpenIdConnectConfiguration>, IDisposable
{
    private static readonly TimeSpan AutomaticRefresh = TimeSpan.FromHours(12);
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(30);

    private readonly IDocumentRetriever _retriever;
    private readonly TimeProvider _time;
    private readonly TimeSpan _minimumRefreshInterval;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private OpenIdConnectConfiguration? _current;
    private DateTimeOffset _fetchedAt = DateTimeOffset.MinValue;
    private DateTimeOffset _refreshAfter = DateTimeOffset.MinValue;
    private volatile bool _refreshRequested;

    public IssuerMetadata(string metadataAddress, IDocumentRetriever retriever, TimeProvider time, TimeSpan minimumRefreshInterval, ILogger logger)
    {
        MetadataAddress = metadataAddress;
        _retriever = retriever;
        _time = time;
        _minimumRefreshInterval = minimumRefreshInterval;
        _logger = logger;
        UseLastKnownGoodConfiguration = false;
    }

    public override async Task<BaseConfiguration> GetBaseConfigurationAsync(CancellationToken cancel) =>
        await GetConfigurationAsync(cancel).ConfigureAwait(false);

    public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(CancellationToken cancel)
    {
        var current = _current;
        if (current is not null && !_refreshRequested && _time.GetUtcNow() < _refreshAfter) return current;

        await _lock.WaitAsync(cancel).ConfigureAwait(false);
        try
        {
            var now = _time.GetUtcNow();
            if (_current is not null && !_refreshRequested && now < _refreshAfter) return _current;
            _refreshRequested = false;
            try
            {
                // A shared fetch: one caller's cancellation must not fail it for the others.
                var fetched = await OpenIdConnectConfigurationRetriever.GetAsync(MetadataAddress, _retriever, CancellationToken.None).ConfigureAwait(false);
                _current = fetched;
                _fetchedAt = now;
                _refreshAfter = now + AutomaticRefresh;
                LogFetched(_logger, MetadataAddress, fetched.SigningKeys.Count);
            }
#pragma warning disable CA1031 // stale keys are better than none; the failure is logged and retried
            catch (Exception ex) when (_current is not null)
#pragma warning restore CA1031
            {
                _refreshAfter = now + RetryAfterFailure;
                LogFetchFailed(_logger, ex, MetadataAddress);
            }
            return _current;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Asks for fresh metadata on the next read, unless the last fetch is too recent.</summary>
    public override void RequestRefresh()
    {
        if (_time.GetUtcNow() - _fetchedAt >= _minimumRefreshInterval) _refreshRequested = true;
    }

    public void Dispose() => _lock.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "Fetched OpenID Connect metadata from {Address}: {KeyCount} signing keys")]
    private static partial void LogFetched(ILogger logger, string address, int keyCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not refresh OpenID Connect metadata from {Address}; keeping the cached keys")]
    private static partial void LogFetchFailed(ILogger logger, Exception exception, string address);
}

/// <summary>Fetches metadata documents through a named <see cref="HttpClient"/> (replaceable in tests).</summary>
internal sealed class HttpClientDocumentRetriever(IHttpClientFactory clients, bool requireHttps) : IDocumentRetriever
{
    public const string ClientName = "identity-metadata";

    public async Task<string> GetDocumentAsync(string address, CancellationToken cancel)
    {
        var uri = new Uri(address, UriKind.Absolute);
        if (requireHttps && uri.Scheme != Uri.UriSchemeHttps)
            throw new InvalidOperationException($"Metadata must be fetched over HTTPS: {address}");
        using var client = clients.CreateClient(ClientName);
        using var response = await client.GetAsync(uri, cancel).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync(cancel).ConfigureAwait(false);
    }
}
