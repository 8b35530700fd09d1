using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Options;
using NoOneLeftBehind.Domain.Dossiers;
using NoOneLeftBehind.Infrastructure.Dossiers;
using NoOneLeftBehind.Infrastructure.Storage.Blobs;

namespace NoOneLeftBehind.Functions.Dossiers;

/// <summary>
/// The server's half of confirming an uploaded file, for a dossier's files and a list's documents alike: the upload
/// link writes only the staging blob (and may still write it after this), so the staged bytes are first copied to a
/// pinned name no link can write, and that copy is inspected (allow-list, content sniffing, zip limits, size), hashed,
/// and given its type, disposition and metadata. Refused bytes never stay: both blobs are deleted.
/// </summary>
internal sealed class FileConfirmation(BlobServiceClient blobs, DossierFilePins pins, DossierFileInspector inspector, IOptions<DossierOptions> options)
{
    private readonly BlobContainerClient _files = blobs.GetBlobContainerClient(DossierStorageNames.FilesContainer);

    /// <summary>
    /// Pins and inspects <paramref name="file"/>'s staged upload: the inspected file to record (its <c>Problem</c> set when
    /// the bytes are refused), or — when nothing was fully uploaded — the <c>upload-incomplete</c> problem, with the staged
    /// blocks left for a resume. <paramref name="others"/> is the size of the owner's other accepted files.
    /// </summary>
    public async Task<(InspectedFile? Inspected, DossierProblem? Incomplete)> PinAndInspectAsync(DossierFile file, string staging, string pinned, long others,
        IReadOnlyDictionary<string, string> metadata, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(file);
        var field = "files." + file.Id;
        var limits = options.Value.FileLimits;
        var pin = await pins.PinAsync(DossierStorageNames.FilesContainer, staging, pinned, limits.MaxFileBytes, ct);
        if (pin == PinOutcome.NoBlob) return (null, DossierFileInspector.UploadIncomplete(field, file.OriginalName));
        // Too large: refused from the staging blob's size alone, nothing copied.
        var inspection = await inspector.InspectAsync(DossierStorageNames.FilesContainer, pin == PinOutcome.TooLarge ? staging : pinned, field, file.OriginalName,
            others, limits, ct);
        var inspected = new InspectedFile(pinned, inspection.Size, inspection.Kind, inspection.Sha256, inspection.Problem);
        if (inspection.Problem is not null)
        {
            await _files.DeleteBlobIfExistsAsync(pinned, cancellationToken: ct);
            await _files.DeleteBlobIfExistsAsync(staging, cancellationToken: ct);
            return (inspected, null);
        }
        var blob = _files.GetBlobClient(pinned);
        await blob.SetHttpHeadersAsync(new BlobHttpHeaders
        {
            ContentType = FileInspection.MimeType(inspection.Kind!.Value),
            ContentDisposition = ContentDispositions.AttachmentDisposition(file.OriginalName),
        }, cancellationToken: ct);
        await blob.SetMetadataAsync(new Dictionary<string, string>(metadata)
        {
            ["sha256"] = inspection.Sha256!,
            ["originalname"] = Uri.EscapeDataString(file.OriginalName),
            ["component"] = file.ComponentId,
        }, cancellationToken: ct);
        return (inspected, null);
    }

    /// <summary>After the owner recorded the file: the staged upload is no longer needed (the staging sweep removes it if this is lost).</summary>
    public Task DropStagingAsync(string staging, CancellationToken ct) => _files.DeleteBlobIfExistsAsync(staging, cancellationToken: ct);

    /// <summary>The owner did not take this copy: it goes, and the staged upload stays so that the user can confirm again.</summary>
    public Task DropPinnedAsync(string pinned, CancellationToken ct) => _files.DeleteBlobIfExistsAsync(pinned, cancellationToken: ct);
}
