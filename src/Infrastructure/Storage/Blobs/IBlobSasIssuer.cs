namespace NoOneLeftBehind.Infrastructure.Storage.Blobs;

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
