using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Azure.Core;
using NoOneLeftBehind.Infrastructure.Storage.Core;

namespace NoOneLeftBehind.Infrastructure.Storage.Blobs;

/// <summary>
/// Blob service REST client on Azure.Core; stands in for Azure.Storage.Blobs' BlobServiceClient/BlobClient for
/// block blobs: containers, upload (single shot or staged blocks), download (whole or range), properties,
/// metadata, delete, listing, and the user delegation key for SAS.
/// </summary>
public sealed partial class StorageBlobClient : StorageRestClient
{
    public const string Sha256MetadataName = "sha256";

    public StorageBlobClient(StorageAccount account, StorageClientOptions? options = null)
        : base(account, StorageService.Blob, options)
    {
    }

    /// <summary>The service version; SAS tokens are signed for it.</summary>
    public string ServiceVersion => Options.ServiceVersion;

    internal TimeProvider TimeProvider => Time;

    /// <summary>The blob's URI without any SAS.</summary>
    public Uri GetBlobUri(string container, string blobName) => BuildUri(BlobPath(container, blobName));

    public async Task<bool> CreateContainerIfNotExistsAsync(string container, CancellationToken cancellationToken = default)
    {
        ValidateContainer(container);
        using var message = CreateMessage(RequestMethod.Put, BuildUri(container, [new("restype", "container")]));
        var response = await SendAsync(message, $"Create Container {container}", cancellationToken, 201, 409).ConfigureAwait(false);
        if (response.Status == 409 && Header(response, "x-ms-error-code") is not ("ContainerAlreadyExists" or ""))
        {
            throw StorageRequestException.FromResponse(response, $"Create Container {container}");
        }
        return response.Status == 201;
    }

    public async Task<bool> DeleteContainerAsync(string container, CancellationToken cancellationToken = default)
    {
        ValidateContainer(container);
        using var message = CreateMessage(RequestMethod.Delete, BuildUri(container, [new("restype", "container")]));
        var response = await SendAsync(message, $"Delete Container {container}", cancellationToken, 202, 404).ConfigureAwait(false);
        return response.Status == 202;
    }

    /// <summary>
    /// Uploads <paramref name="content"/> from its current position. Up to one block: Put Blob with Content-MD5.
    /// More: Put Block per block, then Put Block List. Either way a SHA-256 of the bytes is computed while reading
    /// and stored in metadata <c>sha256</c>; only one block is held in memory at a time.
    /// </summary>
    public async Task<BlobUploadResult> UploadAsync(string container, string blobName, Stream content, BlobUploadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        options ??= new BlobUploadOptions();
        ValidateContainer(container);
        ValidateBlobName(blobName);
        ValidateMetadata(options.Metadata);
        if (options.BlockSize is < 64 * 1024 or > 100 * 1024 * 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.BlockSize, "BlockSize must be between 64 KiB and 100 MiB.");
        }

        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var current = ArrayPool<byte>.Shared.Rent(options.BlockSize);
        var next = ArrayPool<byte>.Shared.Rent(options.BlockSize);
        try
        {
            var currentLength = await ReadBlockAsync(content, current, options.BlockSize, cancellationToken).ConfigureAwait(false);
            var nextLength = currentLength == options.BlockSize
                ? await ReadBlockAsync(content, next, options.BlockSize, cancellationToken).ConfigureAwait(false)
                : 0;
            if (nextLength == 0)
            {
                sha256.AppendData(current, 0, currentLength);
                return await PutBlobAsync(container, blobName, current.AsMemory(0, currentLength), Hex(sha256.GetHashAndReset()), options, cancellationToken).ConfigureAwait(false);
            }

            var blockIds = new List<string>();
            long total = 0;
            while (currentLength > 0)
            {
                sha256.AppendData(current, 0, currentLength);
                var blockId = BlockId(blockIds.Count);
                await PutBlockAsync(container, blobName, blockId, current.AsMemory(0, currentLength), cancellationToken).ConfigureAwait(false);
                blockIds.Add(blockId);
                total += currentLength;
                (current, next) = (next, current);
                currentLength = nextLength;
                nextLength = currentLength == options.BlockSize
                    ? await ReadBlockAsync(content, next, options.BlockSize, cancellationToken).ConfigureAwait(false)
                    : 0;
            }
            var hash = Hex(sha256.GetHashAndReset());
            var etag = await PutBlockListAsync(container, blobName, blockIds, hash, options, cancellationToken).ConfigureAwait(false);
            return new BlobUploadResult(etag, total, null, hash, blockIds.Count);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(current);
            ArrayPool<byte>.Shared.Return(next);
        }
    }

    /// <summary>Stages one block (Put Block). Block ids of one blob must all have the same length.</summary>
    public async Task PutBlockAsync(string container, string blobName, string blockId, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Put, BuildUri(BlobPath(container, blobName), [new("comp", "block"), new("blockid", blockId)]));
        message.Request.Content = RequestContent.Create(data);
        await SendAsync(message, $"Put Block {container}/{blobName}", cancellationToken, 201).ConfigureAwait(false);
    }

    /// <summary>Commits staged blocks in order (Put Block List); returns the blob's ETag.</summary>
    public async Task<string> PutBlockListAsync(string container, string blobName, IReadOnlyList<string> blockIds, string? sha256Hex, BlobUploadOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blockIds);
        ArgumentNullException.ThrowIfNull(options);
        var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>");
        foreach (var id in blockIds)
        {
            xml.Append("<Latest>").Append(id).Append("</Latest>");
        }
        xml.Append("</BlockList>");
        using var message = CreateMessage(RequestMethod.Put, BuildUri(BlobPath(container, blobName), [new("comp", "blocklist")]));
        message.Request.Headers.SetValue("Content-Type", "application/xml");
        message.Request.Headers.SetValue("x-ms-blob-content-type", options.ContentType);
        SetCommonUploadHeaders(message, sha256Hex, options, contentDispositionHeader: "x-ms-blob-content-disposition");
        message.Request.Content = RequestContent.Create(Encoding.UTF8.GetBytes(xml.ToString()));
        var response = await SendAsync(message, $"Put Block List {container}/{blobName}", cancellationToken, 201).ConfigureAwait(false);
        return response.Headers.ETag?.ToString() ?? "";
    }

    /// <summary>The blob's content (or a range of it) as a stream, or null when there is no such blob.</summary>
    public async Task<BlobDownload?> DownloadAsync(string container, string blobName, BlobRange? range = null, CancellationToken cancellationToken = default)
    {
        ValidateContainer(container);
        ValidateBlobName(blobName);
        var message = CreateMessage(RequestMethod.Get, BuildUri(BlobPath(container, blobName)));
        try
        {
            message.BufferResponse = false;
            if (range is { } r)
            {
                message.Request.Headers.SetValue("x-ms-range", r.ToHeader());
            }
            var response = await SendAsync(message, $"Get Blob {container}/{blobName}", cancellationToken, 200, 206, 404).ConfigureAwait(false);
            if (response.Status == 404)
            {
                return null;
            }
            var properties = ReadProperties(response);
            var totalLength = properties.ContentLength;
            var contentRange = Header(response, "Content-Range");
            var slash = contentRange.LastIndexOf('/');
            if (slash >= 0 && long.TryParse(contentRange[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var total))
            {
                totalLength = total;
            }
            var stream = message.ExtractResponseContent() ?? Stream.Null;
            return new BlobDownload(stream, properties, totalLength);
        }
        finally
        {
            message.Dispose();
        }
    }

    public async Task<BlobProperties?> GetPropertiesAsync(string container, string blobName, CancellationToken cancellationToken = default)
    {
        ValidateContainer(container);
        ValidateBlobName(blobName);
        using var message = CreateMessage(RequestMethod.Head, BuildUri(BlobPath(container, blobName)));
        var response = await SendAsync(message, $"Get Blob Properties {container}/{blobName}", cancellationToken, 200, 404).ConfigureAwait(false);
        return response.Status == 404 ? null : ReadProperties(response);
    }

    /// <summary>Replaces the blob's metadata; false when there is no such blob.</summary>
    public async Task<bool> SetMetadataAsync(string container, string blobName, IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken = default)
    {
        ValidateContainer(container);
        ValidateBlobName(blobName);
        ValidateMetadata(metadata);
        using var message = CreateMessage(RequestMethod.Put, BuildUri(BlobPath(container, blobName), [new("comp", "metadata")]));
        foreach (var (name, value) in metadata)
        {
            message.Request.Headers.SetValue("x-ms-meta-" + name, value);
        }
        var response = await SendAsync(message, $"Set Blob Metadata {container}/{blobName}", cancellationToken, 200, 404).ConfigureAwait(false);
        return response.Status == 200;
    }

    /// <summary>Deletes the blob and its snapshots; false when there was none.</summary>
    public async Task<bool> DeleteAsync(string container, string blobName, CancellationToken cancellationToken = default)
    {
        ValidateContainer(container);
        ValidateBlobName(blobName);
        using var message = CreateMessage(RequestMethod.Delete, BuildUri(BlobPath(container, blobName)));
        message.Request.Headers.SetValue("x-ms-delete-snapshots", "include");
        var response = await SendAsync(message, $"Delete Blob {container}/{blobName}", cancellationToken, 202, 404).ConfigureAwait(false);
        return response.Status == 202;
    }

    public async IAsyncEnumerable<BlobItem> ListAsync(string container, string? prefix = null, int? maxPerPage = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? marker = null;
        do
        {
            var page = await ListPageAsync(container, prefix, maxPerPage, marker, cancellationToken).ConfigureAwait(false);
            foreach (var item in page.Items)
            {
                yield return item;
            }
            marker = page.NextMarker;
        }
        while (!string.IsNullOrEmpty(marker));
    }

    public async Task<BlobListPage> ListPageAsync(string container, string? prefix, int? maxPerPage, string? marker, CancellationToken cancellationToken = default)
    {
        ValidateContainer(container);
        if (maxPerPage is < 1 or > 5000)
        {
            throw new ArgumentOutOfRangeException(nameof(maxPerPage), maxPerPage, "A page holds 1 to 5000 blobs.");
        }
        using var message = CreateMessage(RequestMethod.Get, BuildUri(container,
        [
            new("restype", "container"), new("comp", "list"), new("include", "metadata"),
            new("prefix", string.IsNullOrEmpty(prefix) ? null : prefix),
            new("marker", string.IsNullOrEmpty(marker) ? null : marker),
            new("maxresults", maxPerPage?.ToString(CultureInfo.InvariantCulture)),
        ]));
        var response = await SendAsync(message, $"List Blobs {container}", cancellationToken, 200).ConfigureAwait(false);
        var root = XDocument.Parse(response.Content.ToString()).Root!;
        var items = new List<BlobItem>();
        foreach (var blob in root.Element("Blobs")?.Elements("Blob") ?? [])
        {
            var p = blob.Element("Properties");
            var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var m in blob.Element("Metadata")?.Elements() ?? [])
            {
                metadata[m.Name.LocalName] = m.Value;
            }
            items.Add(new BlobItem(blob.Element("Name")?.Value ?? "", new BlobProperties(
                long.TryParse(p?.Element("Content-Length")?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var length) ? length : 0,
                NullIfEmpty(p?.Element("Content-Type")?.Value),
                NullIfEmpty(p?.Element("Content-Disposition")?.Value),
                FromBase64OrNull(p?.Element("Content-MD5")?.Value),
                NullIfEmpty(p?.Element("Etag")?.Value),
                p?.Element("Last-Modified")?.Value is { Length: > 0 } lm ? ParseHttpDate(lm) : null,
                metadata)));
        }
        return new BlobListPage(items, NullIfEmpty(root.Element("NextMarker")?.Value));
    }

    /// <summary>Get User Delegation Key: needs a bearer token (the identity's role must allow generateUserDelegationKey).</summary>
    public async Task<UserDelegationKey> GetUserDelegationKeyAsync(DateTimeOffset startsOn, DateTimeOffset expiresOn, CancellationToken cancellationToken = default)
    {
        var body = $"<?xml version=\"1.0\" encoding=\"utf-8\"?><KeyInfo><Start>{SasTime(startsOn)}</Start><Expiry>{SasTime(expiresOn)}</Expiry></KeyInfo>";
        using var message = CreateMessage(RequestMethod.Post, BuildUri("", [new("restype", "service"), new("comp", "userdelegationkey")]));
        message.Request.Headers.SetValue("Content-Type", "application/xml");
        message.Request.Content = RequestContent.Create(Encoding.UTF8.GetBytes(body));
        var response = await SendAsync(message, "Get User Delegation Key", cancellationToken, 200).ConfigureAwait(false);
        var root = XDocument.Parse(response.Content.ToString()).Root!;
        string Value(string name) => root.Element(name)?.Value ?? throw new StorageRequestException($"Get User Delegation Key: the answer has no {name}.");
        return new UserDelegationKey(
            Value("SignedOid"), Value("SignedTid"),
            DateTimeOffset.Parse(Value("SignedStart"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
            DateTimeOffset.Parse(Value("SignedExpiry"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
            Value("SignedService"), Value("SignedVersion"), Value("Value"));
    }

    /// <summary>Cheap authenticated call for the health probe: list containers, one result.</summary>
    internal async Task ProbeAsync(CancellationToken cancellationToken)
    {
        using var message = CreateMessage(RequestMethod.Get, BuildUri("", [new("comp", "list"), new("maxresults", "1")]));
        await SendAsync(message, "List Containers", cancellationToken, 200).ConfigureAwait(false);
    }

    internal static string SasTime(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    internal static void ValidateContainer(string container)
    {
        ArgumentException.ThrowIfNullOrEmpty(container);
        if (!ContainerPattern().IsMatch(container) || container.Contains("--", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{container}' is not a valid container name (3-63 lowercase letters, digits and single hyphens).", nameof(container));
        }
    }

    internal static void ValidateBlobName(string blobName)
    {
        ArgumentException.ThrowIfNullOrEmpty(blobName);
        if (blobName.Length > 1024 || blobName.EndsWith('.') || blobName.EndsWith('/') || blobName.Any(char.IsControl))
        {
            throw new ArgumentException($"'{blobName}' is not a valid blob name.", nameof(blobName));
        }
    }

    /// <summary>Container and blob name, each path segment percent-encoded ('/' kept as the virtual directory separator).</summary>
    internal static string BlobPath(string container, string blobName) =>
        container + "/" + string.Join('/', blobName.Split('/').Select(Uri.EscapeDataString));

    private async Task<BlobUploadResult> PutBlobAsync(string container, string blobName, ReadOnlyMemory<byte> data, string sha256Hex, BlobUploadOptions options, CancellationToken cancellationToken)
    {
#pragma warning disable CA5351 // Content-MD5 is the transport checksum the Blob service verifies, not a security measure.
        var md5 = MD5.HashData(data.Span);
#pragma warning restore CA5351
        using var message = CreateMessage(RequestMethod.Put, BuildUri(BlobPath(container, blobName)));
        message.Request.Headers.SetValue("x-ms-blob-type", "BlockBlob");
        message.Request.Headers.SetValue("Content-Type", options.ContentType);
        message.Request.Headers.SetValue("Content-MD5", Convert.ToBase64String(md5));
        SetCommonUploadHeaders(message, sha256Hex, options, contentDispositionHeader: "x-ms-blob-content-disposition");
        message.Request.Content = RequestContent.Create(data);
        var response = await SendAsync(message, $"Put Blob {container}/{blobName}", cancellationToken, 201).ConfigureAwait(false);
        return new BlobUploadResult(response.Headers.ETag?.ToString() ?? "", data.Length, md5, sha256Hex, 0);
    }

    private static void SetCommonUploadHeaders(HttpMessage message, string? sha256Hex, BlobUploadOptions options, string contentDispositionHeader)
    {
        if (!options.Overwrite)
        {
            message.Request.Headers.SetValue("If-None-Match", "*");
        }
        if (!string.IsNullOrEmpty(options.ContentDisposition))
        {
            message.Request.Headers.SetValue(contentDispositionHeader, options.ContentDisposition);
        }
        foreach (var (name, value) in options.Metadata ?? new Dictionary<string, string>())
        {
            message.Request.Headers.SetValue("x-ms-meta-" + name, value);
        }
        if (sha256Hex is not null)
        {
            message.Request.Headers.SetValue("x-ms-meta-" + Sha256MetadataName, sha256Hex);
        }
    }

    private static BlobProperties ReadProperties(Azure.Response response)
    {
        var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in response.Headers)
        {
            if (header.Name.StartsWith("x-ms-meta-", StringComparison.OrdinalIgnoreCase))
            {
                metadata[header.Name["x-ms-meta-".Length..]] = header.Value;
            }
        }
        return new BlobProperties(
            response.Headers.ContentLength ?? 0,
            NullIfEmpty(Header(response, "Content-Type")),
            NullIfEmpty(Header(response, "Content-Disposition")),
            FromBase64OrNull(Header(response, "Content-MD5")),
            response.Headers.ETag?.ToString(),
            Header(response, "Last-Modified") is { Length: > 0 } lm ? ParseHttpDate(lm) : null,
            metadata);
    }

    private static async Task<int> ReadBlockAsync(Stream stream, byte[] buffer, int size, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < size)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(filled, size - filled), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }
            filled += read;
        }
        return filled;
    }

    // Block ids of one blob must all have the same length: a fixed-width counter.
    internal static string BlockId(int index) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes("block-" + index.ToString("d6", CultureInfo.InvariantCulture)));

    private static void ValidateMetadata(IReadOnlyDictionary<string, string>? metadata)
    {
        foreach (var (name, value) in metadata ?? new Dictionary<string, string>())
        {
            if (!MetadataNamePattern().IsMatch(name))
            {
                throw new ArgumentException($"Metadata name '{name}' must be a C# identifier (letters, digits, '_').", nameof(metadata));
            }
            if (value is null || value.Any(c => c is < ' ' or > '~'))
            {
                throw new ArgumentException($"Metadata '{name}' must be printable ASCII (it travels in an HTTP header); encode other text first.", nameof(metadata));
            }
        }
    }

    private static string Hex(byte[] hash) => Convert.ToHexStringLower(hash);

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static byte[]? FromBase64OrNull(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        var buffer = new byte[value.Length];
        return Convert.TryFromBase64String(value, buffer, out var written) ? buffer[..written] : null;
    }

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{1,61})[a-z0-9]$")]
    private static partial Regex ContainerPattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex MetadataNamePattern();
}
