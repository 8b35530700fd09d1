namespace NoOneLeftBehind.Infrastructure.Storage.Blobs;

/// <summary>Files (dossier evidence, uploads) by container and name. Features depend on this, not on the REST client.</summary>
public interface IBlobStore
{
    Task<bool> CreateContainerIfNotExistsAsync(string container, CancellationToken cancellationToken = default);

    Task<BlobUploadResult> UploadAsync(string container, string blobName, Stream content, BlobUploadOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>The content (or a range), or null when there is no such blob. Dispose the result.</summary>
    Task<BlobDownload?> DownloadAsync(string container, string blobName, BlobRange? range = null, CancellationToken cancellationToken = default);

    Task<BlobProperties?> GetPropertiesAsync(string container, string blobName, CancellationToken cancellationToken = default);

    Task<bool> SetMetadataAsync(string container, string blobName, IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken = default);

    Task<bool> DeleteAsync(string container, string blobName, CancellationToken cancellationToken = default);

    IAsyncEnumerable<BlobItem> ListAsync(string container, string? prefix = null, CancellationToken cancellationToken = default);
}

/// <summary>
/// Short-lived, least-privilege SAS URLs for one blob, so browsers upload and download straight to storage.
/// Signed with the account key (Azurite, key-based accounts) or with a user delegation key (Entra identity).
/// </summary>
public interface IBlobSasIssuer
{
    /// <summary>Create + write (<c>cw</c>): Put Blob, or Put Block + Put Block List.</summary>
    Task<BlobSasUri> IssueUploadAsync(string container, string blobName, TimeSpan? lifetime = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Read (<c>r</c>); with <paramref name="downloadFileName"/> the response carries <c>Content-Disposition: attachment</c>,
    /// with <paramref name="contentType"/> that Content-Type, whatever the blob stores (both signed into the SAS).
    /// </summary>
    Task<BlobSasUri> IssueDownloadAsync(string container, string blobName, string? downloadFileName = null, string? contentType = null, TimeSpan? lifetime = null, CancellationToken cancellationToken = default);

    /// <summary>Read (<c>r</c>) with <c>Content-Disposition: inline</c> (shown in a page's frame, e.g. a PDF) and <paramref name="contentType"/>, whatever the blob stores.</summary>
    Task<BlobSasUri> IssueInlineAsync(string container, string blobName, string fileName, string? contentType = null, TimeSpan? lifetime = null, CancellationToken cancellationToken = default);
}

public sealed record BlobSasUri(Uri Uri, string Permissions, DateTimeOffset ExpiresOn);
