using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Options;
using NoOneLeftBehind.Domain.Dossiers;
using NoOneLeftBehind.Infrastructure.Dossiers;
using NoOneLeftBehind.Infrastructure.Storage.Blobs;

namespace NoOneLeftBehind.Functions.Dossiers;

/// <summary>
/// The browser's half of a direct upload, for a dossier's files, a list's documents and a signed report alike: the
/// write-only link to one staging blob (issued when the file is added, and again for a resume), the staged blocks the
/// link itself cannot read (for a resume), and the refusal of a link for a file no longer pending. The server's half
/// is <see cref="FileConfirmation"/>; the staging blobs no upload needs are swept by
/// <see cref="DossierStagingSweep.StagingSweepFunction"/>.
/// </summary>
internal sealed class StagedUploads(BlobServiceClient blobs, IBlobSasIssuer sas, IOptions<DossierOptions> options)
{
    /// <summary>The path segment of staging blobs under an owner's prefix: <c>lists/{id}/staging/{fileId}</c>, <c>reports/{id}/staging/{fileId}</c>.</summary>
    public const string StagingSegment = "staging/";

    private readonly BlobContainerClient _files = blobs.GetBlobContainerClient(DossierStorageNames.FilesContainer);

    /// <summary>A create/write link for the staging blob <paramref name="staging"/> only, with how to use it.</summary>
    public async Task<object> IssueAsync(string staging, CancellationToken ct)
    {
        await _files.CreateIfNotExistsAsync(cancellationToken: ct);
        var upload = await sas.IssueUploadAsync(DossierStorageNames.FilesContainer, staging, TimeSpan.FromMinutes(options.Value.UploadSasMinutes), ct);
        return new
        {
            url = upload.Uri,
            expiresOn = upload.ExpiresOn,
            method = "PUT ?comp=block&blockid=… per block, then PUT ?comp=blocklist",
            maxBlockBytes = 4 * 1024 * 1024,
            blockIdRule = "base64 of a fixed-length ASCII text, the same length for every block of the file (e.g. 'block-000001')",
        };
    }

    /// <summary>
    /// The answer of <c>…/files/{fileId}/blocks</c>: the blocks staged for <paramref name="staging"/>, committed and not (none
    /// when nothing was written yet). The browser's create/write link cannot read the block list; the server reports it.
    /// </summary>
    public async Task<IResult> BlocksAsync(string fileId, string staging, CancellationToken ct)
    {
        IReadOnlyList<BlobBlock> committed = [], uncommitted = [];
        try
        {
            var list = (await _files.GetBlockBlobClient(staging).GetBlockListAsync(BlockListTypes.All, cancellationToken: ct)).Value;
            (committed, uncommitted) = ([.. list.CommittedBlocks], [.. list.UncommittedBlocks]);
        }
        catch (RequestFailedException ex) when (ex.Status is StatusCodes.Status404NotFound)
        {
            // Nothing staged yet (or no container yet).
        }
        return Results.Json(new
        {
            fileId,
            committed = committed.Select(b => new { id = b.Name, size = b.SizeLong }),
            uncommitted = uncommitted.Select(b => new { id = b.Name, size = b.SizeLong }),
            committedBytes = committed.Sum(b => b.SizeLong),
            uncommittedBytes = uncommitted.Sum(b => b.SizeLong),
        }, DossierStorageNames.Json);
    }

    /// <summary>422 <c>file-not-pending</c>: a fresh upload link for a file confirmed, rejected, or whose owner no longer takes files.</summary>
    public static IResult NotPending(string fileId) =>
        DossierProblems.Refused([new("file-not-pending", "files." + fileId, "Tệp đã được xác nhận hoặc bị từ chối; không tải lên tiếp được.", "The file was already confirmed or rejected; it cannot be uploaded to.")]);
}
