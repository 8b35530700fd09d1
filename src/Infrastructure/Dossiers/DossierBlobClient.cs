using System.Xml.Linq;
using Azure.Core;
using NoOneLeftBehind.Infrastructure.Storage;
using NoOneLeftBehind.Infrastructure.Storage.Blobs;
using NoOneLeftBehind.Infrastructure.Storage.Core;

namespace NoOneLeftBehind.Infrastructure.Dossiers;

/// <summary>A block of a blob as Get Block List reports it.</summary>
/// <param name="Id">Block id (base64, as the browser sent it).</param>
/// <param name="Size">Bytes.</param>
public sealed record BlockInfo(string Id, long Size);

/// <summary>The committed and uncommitted blocks of a blob.</summary>
/// <param name="Committed">Blocks of the committed blob.</param>
/// <param name="Uncommitted">Blocks staged and not yet committed (kept by the service for a week).</param>
public sealed record BlockListInfo(IReadOnlyList<BlockInfo> Committed, IReadOnlyList<BlockInfo> Uncommitted);

/// <summary>
/// The two Blob operations the dossier feature needs beyond <see cref="IBlobStore"/>: Get Block List
/// (the browser's create/write SAS cannot read it, so the server reports the staged blocks for a
/// resumed upload) and Set Blob Properties (the confirmed file's content type is the sniffed one).
/// </summary>
public sealed class DossierBlobClient(StorageAccount account, StorageClientOptions options)
    : StorageRestClient(account, StorageService.Blob, options)
{
    /// <summary>Committed and uncommitted blocks; empty lists when nothing was staged.</summary>
    public async Task<BlockListInfo> GetBlockListAsync(string container, string blobName, CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Get, BuildUri(StorageBlobClient.BlobPath(container, blobName),
            [new("comp", "blocklist"), new("blocklisttype", "all")]));
        var response = await SendAsync(message, $"Get Block List {container}/{blobName}", cancellationToken, 200, 404).ConfigureAwait(false);
        if (response.Status == 404) return new BlockListInfo([], []);
        var xml = XDocument.Parse(response.Content.ToString());
        static List<BlockInfo> Blocks(XElement? list) =>
            list?.Elements("Block").Select(b => new BlockInfo((string?)b.Element("Name") ?? "", (long?)b.Element("Size") ?? 0)).ToList() ?? [];
        return new BlockListInfo(Blocks(xml.Root?.Element("CommittedBlocks")), Blocks(xml.Root?.Element("UncommittedBlocks")));
    }

    /// <summary>Sets the blob's Content-Type and Content-Disposition (Set Blob Properties); false when there is no such blob.</summary>
    public async Task<bool> SetHttpHeadersAsync(string container, string blobName, string contentType, string contentDisposition, CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Put, BuildUri(StorageBlobClient.BlobPath(container, blobName), [new("comp", "properties")]));
        message.Request.Headers.SetValue("x-ms-blob-content-type", contentType);
        message.Request.Headers.SetValue("x-ms-blob-content-disposition", contentDisposition);
        var response = await SendAsync(message, $"Set Blob Properties {container}/{blobName}", cancellationToken, 200, 404).ConfigureAwait(false);
        return response.Status == 200;
    }
}
