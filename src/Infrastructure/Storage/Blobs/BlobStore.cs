namespace NoOneLeftBehind.Infrastructure.Storage.Blobs;

/// <summary><see cref="IBlobStore"/> over the REST client.</summary>
public sealed class BlobStore(StorageBlobClient client) : IBlobStore
{
    public Task<bool> CreateContainerIfNotExistsAsync(string container, CancellationToken cancellationToken = default) =>
        client.CreateContainerIfNotExistsAsync(container, cancellationToken);

    public Task<BlobUploadResult> UploadAsync(string container, string blobName, Stream content, BlobUploadOptions? options = null, CancellationToken cancellationToken = default) =>
        client.UploadAsync(container, blobName, content, options, cancellationToken);

    public Task<BlobDownload?> DownloadAsync(string container, string blobName, BlobRange? range = null, CancellationToken cancellationToken = default) =>
        client.DownloadAsync(container, blobName, range, cancellationToken);

    public Task<BlobProperties?> GetPropertiesAsync(string container, string blobName, CancellationToken cancellationToken = default) =>
        client.GetPropertiesAsync(container, blobName, cancellationToken);

    public Task<bool> SetMetadataAsync(string container, string blobName, IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken = default) =>
        client.SetMetadataAsync(container, blobName, metadata, cancellationToken);

    public Task<bool> DeleteAsync(string container, string blobName, CancellationToken cancellationToken = default) =>
        client.DeleteAsync(container, blobName, cancellationToken);

    public IAsyncEnumerable<BlobItem> ListAsync(string container, string? prefix = null, CancellationToken cancellationToken = default) =>
        client.ListAsync(container, prefix, null, cancellationToken);
}
