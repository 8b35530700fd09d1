using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;

namespace NoOneLeftBehind.Infrastructure.Storage.Blobs;

/// <summary>
/// Short-lived, least-privilege SAS links for one blob (<c>sr=b</c>) through the SDK's <see cref="BlobSasBuilder"/>:
/// a service SAS signed with the account key where there is one (Azurite, key-based accounts), otherwise a
/// user-delegation SAS signed with a key fetched with the Entra credential (in Azure, where account keys are off),
/// cached until shortly before it expires. No start time: a link is valid at once, and a clock behind the
/// service's cannot make it "not yet valid".
/// </summary>
public sealed class BlobSasIssuer : IBlobSasIssuer, IDisposable
{
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromHours(1);

    // Delegation keys are requested for longer than any SAS signed with them, and renewed before that margin runs out.
    private static readonly TimeSpan DelegationKeyLifetime = TimeSpan.FromHours(6);
    private static readonly TimeSpan DelegationKeyClockSkew = TimeSpan.FromMinutes(5);

    private readonly BlobServiceClient _service;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _keyLock = new(1, 1);
    private Azure.Storage.Blobs.Models.UserDelegationKey? _delegationKey;

    public BlobSasIssuer(BlobServiceClient service, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(time);
        _service = service;
        _time = time;
    }

    /// <summary>True when links are signed with the account key.</summary>
    public bool UsesAccountKey => _service.CanGenerateAccountSasUri;

    public Task<BlobSasUri> IssueUploadAsync(string container, string blobName, TimeSpan? lifetime = null, CancellationToken cancellationToken = default) =>
        IssueAsync(container, blobName, BlobSasPermissions.Create | BlobSasPermissions.Write, null, null, lifetime, cancellationToken);

    public Task<BlobSasUri> IssueDownloadAsync(string container, string blobName, string? downloadFileName = null, string? contentType = null, TimeSpan? lifetime = null, CancellationToken cancellationToken = default) =>
        IssueAsync(container, blobName, BlobSasPermissions.Read, downloadFileName is null ? null : ContentDispositions.AttachmentDisposition(downloadFileName), contentType, lifetime, cancellationToken);

    public Task<BlobSasUri> IssueInlineAsync(string container, string blobName, string fileName, string? contentType = null, TimeSpan? lifetime = null, CancellationToken cancellationToken = default) =>
        IssueAsync(container, blobName, BlobSasPermissions.Read, ContentDispositions.InlineDisposition(fileName), contentType, lifetime, cancellationToken);

    public void Dispose() => _keyLock.Dispose();

    private async Task<BlobSasUri> IssueAsync(string container, string blobName, BlobSasPermissions permissions, string? contentDisposition, string? contentType,
        TimeSpan? lifetime, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(container);
        ArgumentException.ThrowIfNullOrWhiteSpace(blobName);
        var span = lifetime ?? DefaultLifetime;
        if (span <= TimeSpan.Zero || span > MaxLifetime)
            throw new ArgumentOutOfRangeException(nameof(lifetime), span, $"A blob SAS lives between 0 and {MaxLifetime}.");

        var blob = _service.GetBlobContainerClient(container).GetBlobClient(blobName);
        var expiresOn = TruncateToSeconds(_time.GetUtcNow() + span);
        var builder = new BlobSasBuilder(permissions, expiresOn)
        {
            BlobContainerName = container,
            BlobName = blobName,
            Resource = "b",
            Protocol = blob.Uri.Scheme == Uri.UriSchemeHttps ? SasProtocol.Https : SasProtocol.HttpsAndHttp,
            ContentDisposition = contentDisposition,
            ContentType = contentType,
        };

        Uri uri;
        if (blob.CanGenerateSasUri)
        {
            uri = blob.GenerateSasUri(builder);
        }
        else
        {
            var key = await GetDelegationKeyAsync(expiresOn, cancellationToken).ConfigureAwait(false);
            uri = new BlobUriBuilder(blob.Uri) { Sas = builder.ToSasQueryParameters(key, _service.AccountName) }.ToUri();
        }
        return new BlobSasUri(uri, builder.Permissions, expiresOn);
    }

    private async Task<Azure.Storage.Blobs.Models.UserDelegationKey> GetDelegationKeyAsync(DateTimeOffset sasExpiry, CancellationToken cancellationToken)
    {
        if (_delegationKey is { } cached && cached.SignedExpiresOn >= sasExpiry + DelegationKeyClockSkew) return cached;
        await _keyLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_delegationKey is { } again && again.SignedExpiresOn >= sasExpiry + DelegationKeyClockSkew) return again;
            var now = _time.GetUtcNow();
            _delegationKey = (await _service.GetUserDelegationKeyAsync(now - DelegationKeyClockSkew, now + DelegationKeyLifetime, cancellationToken).ConfigureAwait(false)).Value;
            return _delegationKey;
        }
        finally
        {
            _keyLock.Release();
        }
    }

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset value) => value.AddTicks(-(value.Ticks % TimeSpan.TicksPerSecond));
}
