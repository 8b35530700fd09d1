using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;
using NoOneLeftBehind.Domain.Dossiers;
using NoOneLeftBehind.Infrastructure.Dossiers;
using Dossier = NoOneLeftBehind.Domain.Dossiers.Dossier;
using NoOneLeftBehind.Infrastructure.Storage.Blobs;

namespace NoOneLeftBehind.Functions.Dossiers;

/// <summary>
/// The files of a dossier: add one (<see cref="Dossier.AddFile"/>) and get its upload link, resume an upload, confirm
/// it (<see cref="Dossier.ConfirmFile"/>), remove it (<see cref="Dossier.RemoveFile"/>), download it.
/// </summary>
internal sealed class DossierFiles(
    DossierStore store,
    DossierWriter writer,
    DossierViews views,
    BlobServiceClient blobs,
    IBlobSasIssuer sas,
    FileConfirmation confirmation,
    StagedUploads uploads,
    DossierClock clock,
    IOptions<DossierOptions> options)
{
    private readonly DossierOptions _options = options.Value;
    private readonly BlobContainerClient _files = blobs.GetBlobContainerClient(DossierStorageNames.FilesContainer);

    public async Task<IResult> AddAsync(DossierId id, string? ifMatch, FileInput input, Caller caller, CancellationToken ct)
    {
        var fileId = Guid.NewGuid().ToString("N");
        var result = await writer.ApplyAsync(id, ifMatch, caller, async (a, token) => a.Dossier.AddFile(input.ComponentId ?? "", input.FileName, input.Size, fileId,
            await views.ComponentsOfAsync(a.Dossier, token), _options.FileLimits, clock.UtcNow), ct);
        if (result.Error is not null) return result.Error;
        var added = result.Stored!.Dossier.Files.First(f => f.Id == fileId);
        var upload = await uploads.IssueAsync(DossierStorageNames.StagingName(id.Value, fileId), ct);
        return Results.Json(new { file = added, upload, etag = result.Stored.ETag }, DossierStorageNames.Json, statusCode: StatusCodes.Status201Created);
    }

    public async Task<IResult> UploadUrlAsync(DossierId id, string fileId, CancellationToken ct)
    {
        var s = await store.GetAsync(id, ct);
        var file = s?.Dossier.Files.FirstOrDefault(f => f.Id == fileId);
        if (s is null || file is null) return DossierProblems.FileNotFound();
        if (file.State != FileState.Pending || !s.Dossier.IsEditable) return StagedUploads.NotPending(fileId);
        return Results.Json(new { file, upload = await uploads.IssueAsync(DossierStorageNames.StagingName(id.Value, file.Id), ct) }, DossierStorageNames.Json);
    }

    public async Task<IResult> BlocksAsync(DossierId id, string fileId, CancellationToken ct)
    {
        var s = await store.GetAsync(id, ct);
        var file = s?.Dossier.Files.FirstOrDefault(f => f.Id == fileId);
        if (s is null || file is null) return DossierProblems.FileNotFound();
        return await uploads.BlocksAsync(file.Id, DossierStorageNames.StagingName(id.Value, file.Id), ct);
    }

    /// <summary>
    /// Confirms an uploaded file. The upload link writes only the staging blob, and may still write it after this; so the
    /// staged bytes are first copied to a pinned name that no link can write, and that copy is what is inspected, hashed,
    /// recorded and later served. A half-finished upload is refused and its staged blocks are left for the resume.
    /// </summary>
    public async Task<IResult> ConfirmAsync(DossierId id, string fileId, Caller caller, CancellationToken ct)
    {
        var s = await store.GetAsync(id, ct);
        if (s is null) return DossierProblems.FileNotFound();
        if (s.Dossier.RefuseConfirmation(fileId) is { } early)
            return early.Refusal == DossierRefusal.None ? await views.ViewAsync(s, ct) : DossierWriter.Answer(early, s);
        var file = s.Dossier.Files.First(f => f.Id == fileId);
        var staging = DossierStorageNames.StagingName(id.Value, fileId);
        var others = s.Dossier.Files.Where(f => f.State == FileState.Accepted).Sum(f => f.Size ?? 0);
        var pinned = DossierStorageNames.PinnedName(id.Value, fileId, Guid.NewGuid());
        var (inspected, incomplete) = await confirmation.PinAndInspectAsync(file, staging, pinned, others, new Dictionary<string, string> { ["dossier"] = id.Value }, ct);
        if (incomplete is not null) return DossierProblems.Refused([incomplete]);
        if (inspected!.Problem is { } problem)
        {
            // Rejected bytes never stay in storage; the dossier keeps the reason to show.
            await writer.ApplyAsync(id, null, caller, a => a.Dossier.ConfirmFile(fileId, inspected, _options.FileLimits, clock.UtcNow), ct);
            return DossierProblems.Refused([problem]);
        }
        var result = await writer.ApplyAsync(id, null, caller, a => a.Dossier.ConfirmFile(fileId, inspected, _options.FileLimits, clock.UtcNow), ct);
        if (result.Error is not null)
        {
            await confirmation.DropPinnedAsync(pinned, ct);
            return result.Error;
        }
        await confirmation.DropStagingAsync(staging, ct);
        return await views.ViewAsync(result.Stored!, ct);
    }

    public async Task<IResult> RemoveAsync(DossierId id, string fileId, string? ifMatch, Caller caller, CancellationToken ct)
    {
        DossierFile? removed = null;
        var result = await writer.ApplyAsync(id, ifMatch, caller, a =>
        {
            removed = a.Dossier.Files.FirstOrDefault(f => f.Id == fileId);
            return a.Dossier.RemoveFile(fileId, clock.UtcNow);
        }, ct);
        if (result.Error is not null) return result.Error;
        // Both blobs at once: the answer (and the page's next write, which waits for it) does not wait for two round trips.
        var staging = DossierStorageNames.StagingName(id.Value, removed!.Id);
        await Task.WhenAll(
            _files.DeleteBlobIfExistsAsync(removed.StoredName, cancellationToken: ct),
            removed.StoredName == staging ? Task.CompletedTask : _files.DeleteBlobIfExistsAsync(staging, cancellationToken: ct));
        return await views.ViewAsync(result.Stored!, ct);
    }

    public async Task<IResult> DownloadAsync(DossierId id, string fileId, bool inline, CancellationToken ct)
    {
        var s = await store.GetAsync(id, ct);
        var file = s?.Dossier.Files.FirstOrDefault(f => f.Id == fileId && f.State == FileState.Accepted);
        if (s is null || file is null) return DossierProblems.FileNotFound();
        // Viewed in the page (reviewers' console): only kinds a browser renders itself, sniffed at confirmation.
        var viewable = inline && file.Kind is FileKind.Pdf or FileKind.Png or FileKind.Jpeg;
        var lifetime = TimeSpan.FromMinutes(_options.DownloadSasMinutes);
        // Read-only, for the pinned copy that was inspected; the type and disposition are signed into the link, so
        // neither what the blob stores nor the caller decides how a browser treats it.
        var contentType = file.Kind is { } kind ? FileInspection.MimeType(kind) : "application/octet-stream";
        var url = viewable
            ? await sas.IssueInlineAsync(DossierStorageNames.FilesContainer, file.StoredName, file.OriginalName, contentType, lifetime, ct)
            : await sas.IssueDownloadAsync(DossierStorageNames.FilesContainer, file.StoredName, file.OriginalName, contentType, lifetime, ct);
        return Results.Json(new { url = url.Uri, expiresOn = url.ExpiresOn, fileName = file.OriginalName, size = file.Size, sha256 = file.Sha256, kind = file.Kind, inline = viewable }, DossierStorageNames.Json);
    }
}
