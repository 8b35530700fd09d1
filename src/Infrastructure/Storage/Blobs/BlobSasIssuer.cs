namespace NoOneLeftBehind.Infrastructure.Storage.Blobs;

/// <summary>
/// Picks the signing method from how the account is authorised: the account key when there is one, otherwise a
/// user delegation key fetched with the Entra token and cached until shortly before it expires.
/// </summary>
public sealed class BlobSasIssuer : IBlobSasIssuer, IDisposable
{
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromHours(1);

    // Delegation keys are requested for longer than any SAS we sign with them, and renewed before that margin runs out.
    private static readonly TimeSpan DelegationKeyLifetime = TimeSpan.FromHours(6);
    private static readonly TimeSpan DelegationKeyClockSkew = TimeSpan.FromMinutes(5);

    private readonly StorageBlobClient _client;
    private readonly SemaphoreSlim _keyLock = new(1, 1);
    private UserDelegationKey? _delegationKey;

    public BlobSasIssuer(StorageBlobClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
    }

    /// <summary>True when SAS tokens are signed with the account key.</summary>
    public bool UsesAccountKey => _client.Account.SharedKey is not null;

    public Task<BlobSasUri> IssueUploadAsync(string container, string blobName, TimeSpan? lifetime = null, CancellationToken cancellationToken = default) =>
        IssueAsync(container, blobName, "cw", null, null, lifetime, cancellationToken);

    public Task<BlobSasUri> IssueDownloadAsync(string container, string blobName, string? downloadFileName = null, string? contentType = null, TimeSpan? lifetime = null, CancellationToken cancellationToken = default) =>
        IssueAsync(container, blobName, "r", downloadFileName is null ? null : BlobSas.AttachmentDisposition(downloadFileName), contentType, lifetime, cancellationToken);

    public Task<BlobSasUri> IssueInlineAsync(string container, string blobName, string fileName, string? contentType = null, TimeSpan? lifetime = null, CancellationToken cancellationToken = default) =>
        IssueAsync(container, blobName, "r", BlobSas.InlineDisposition(fileName), contentType, lifetime, cancellationToken);

    public void Dispose() => _keyLock.Dispose();

    private async Task<BlobSasUri> IssueAsync(string container, string blobName, string permissions, string? contentDisposition, string? contentType, TimeSpan? lifetime, CancellationToken cancellationToken)
    {
        StorageBlobClient.ValidateContainer(container);
        StorageBlobClient.ValidateBlobName(blobName);
        var span = lifetime ?? DefaultLifetime;
        if (span <= TimeSpan.Zero || span > MaxLifetime)
        {
            throw new ArgumentOutOfRangeException(nameof(lifetime), span, $"A blob SAS lives between 0 and {MaxLifetime}.");
        }
        var now = _client.TimeProvider.GetUtcNow();
        var blobUri = _client.GetBlobUri(container, blobName);
        // No start time: the SAS is valid at once, and a clock behind the service's cannot make it "not yet valid".
        var parameters = new BlobSasParameters(
            _client.Account.Name, container, blobName, permissions, now + span, _client.ServiceVersion,
            Protocol: blobUri.Scheme == Uri.UriSchemeHttps ? "https" : null,
            ContentDisposition: contentDisposition,
            ContentType: contentType);

        string query;
        if (_client.Account.SharedKey is { } key)
        {
            query = BlobSas.ServiceSasQuery(parameters, key);
        }
        else
        {
            var delegationKey = await GetDelegationKeyAsync(now, parameters.ExpiresOn, cancellationToken).ConfigureAwait(false);
            query = BlobSas.UserDelegationSasQuery(parameters, delegationKey);
        }
        return new BlobSasUri(new Uri(blobUri.AbsoluteUri + "?" + query), permissions, parameters.ExpiresOn);
    }

    private async Task<UserDelegationKey> GetDelegationKeyAsync(DateTimeOffset now, DateTimeOffset sasExpiry, CancellationToken cancellationToken)
    {
        if (_delegationKey is { } cached && cached.SignedExpiresOn >= sasExpiry + DelegationKeyClockSkew)
        {
            return cached;
        }
        await _keyLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_delegationKey is { } again && again.SignedExpiresOn >= sasExpiry + DelegationKeyClockSkew)
            {
                return again;
            }
            _delegationKey = await _client.GetUserDelegationKeyAsync(now - DelegationKeyClockSkew, now + DelegationKeyLifetime, cancellationToken).ConfigureAwait(false);
            return _delegationKey;
        }
        finally
        {
            _keyLock.Release();
        }
    }
}
