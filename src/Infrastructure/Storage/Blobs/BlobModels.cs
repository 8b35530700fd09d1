namespace NoOneLeftBehind.Infrastructure.Storage.Blobs;

/// <summary>How to upload. Content up to <see cref="BlockSize"/> goes in one Put Blob; larger content is staged in blocks.</summary>
public sealed record BlobUploadOptions
{
    public const int DefaultBlockSize = 4 * 1024 * 1024;

    public string ContentType { get; init; } = "application/octet-stream";

    public string? ContentDisposition { get; init; }

    /// <summary>Metadata names must be C# identifiers; values ASCII (they travel as HTTP headers).</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>False: fail with 409 instead of replacing an existing blob.</summary>
    public bool Overwrite { get; init; } = true;

    public int BlockSize { get; init; } = DefaultBlockSize;
}

/// <summary>
/// What was stored. <see cref="ContentMd5"/> is set for single-shot uploads (the service verified it);
/// <see cref="Sha256"/> (lowercase hex, also in metadata <c>sha256</c>) is computed while streaming, for every upload.
/// </summary>
public sealed record BlobUploadResult(string ETag, long Length, byte[]? ContentMd5, string Sha256, int BlockCount);

public sealed record BlobProperties(
    long ContentLength,
    string? ContentType,
    string? ContentDisposition,
    byte[]? ContentMd5,
    string? ETag,
    DateTimeOffset? LastModified,
    IReadOnlyDictionary<string, string> Metadata);

public sealed record BlobItem(string Name, BlobProperties Properties);

public sealed record BlobListPage(IReadOnlyList<BlobItem> Items, string? NextMarker);

/// <summary>A byte range; <see cref="Length"/> null means "to the end".</summary>
public readonly record struct BlobRange(long Offset, long? Length = null)
{
    internal string ToHeader() => Length is { } length
        ? FormattableString.Invariant($"bytes={Offset}-{Offset + length - 1}")
        : FormattableString.Invariant($"bytes={Offset}-");
}

/// <summary>A download in progress: dispose it to release the connection.</summary>
public sealed class BlobDownload(Stream content, BlobProperties properties, long totalLength) : IAsyncDisposable, IDisposable
{
    public Stream Content { get; } = content;

    public BlobProperties Properties { get; } = properties;

    /// <summary>Length of the whole blob (for a range download, the properties' length is that of the range).</summary>
    public long TotalLength { get; } = totalLength;

    public ValueTask DisposeAsync() => Content.DisposeAsync();

    public void Dispose() => Content.Dispose();
}

/// <summary>A key the service issued for signing user-delegation SAS tokens; valid between the signed start and expiry.</summary>
public sealed record UserDelegationKey(
    string SignedObjectId,
    string SignedTenantId,
    DateTimeOffset SignedStartsOn,
    DateTimeOffset SignedExpiresOn,
    string SignedService,
    string SignedVersion,
    string Value);
