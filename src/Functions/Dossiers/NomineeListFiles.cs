using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;
using NoOneLeftBehind.Domain.Dossiers;
using NoOneLeftBehind.Functions.Identity;
using NoOneLeftBehind.Infrastructure.Dossiers;
using NoOneLeftBehind.Infrastructure.Storage.Blobs;

namespace NoOneLeftBehind.Functions.Dossiers;

/// <summary>
/// A list's own documents (the tờ trình with the list, the council's minutes: IV.3.b) through the dossier file pipeline:
/// a direct upload with a SAS for one staging blob, then the server pins a copy no link can write, sniffs it (allow-list,
/// content against the extension, zip limits), hashes and records it (<see cref="DossierFilePins"/>, <see cref="DossierFileInspector"/>);
/// the same size and count limits as a dossier's. An interrupted upload resumes as a dossier's does (<see cref="StagedUploads"/>:
/// a fresh link, the staged blocks). Blobs: <c>lists/{listId}/staging/{fileId}</c>, pinned <c>lists/{listId}/{fileId}/{n}</c>.
/// </summary>
internal sealed class NomineeListFiles(
    NomineeListStore store,
    NomineeListWriter writer,
    NomineeLists lists,
    BlobServiceClient blobs,
    IBlobSasIssuer sas,
    FileConfirmation confirmation,
    StagedUploads uploads,
    DossierClock clock,
    IOptions<DossierOptions> options)
{
    private readonly DossierOptions _options = options.Value;
    private readonly BlobContainerClient _files = blobs.GetBlobContainerClient(DossierStorageNames.FilesContainer);

    /// <summary><c>POST /api/nominee-lists/{id}/files</c>: a pending document and its upload link.</summary>
    public async Task<IResult> AddAsync(NomineeListId id, string? ifMatch, FileInput input, ICurrentUser user, Caller caller, CancellationToken ct)
    {
        if (await ForbiddenAsync(id, user, ct) is { } refused) return refused;
        var rule = lists.RuleOf(id)!.Value.Rule;
        var fileId = Guid.NewGuid().ToString("N");
        var result = await writer.ApplyAsync(id, ifMatch, caller, (s, _) => ValueTask.FromResult(
            s.List.AddFile(input.ComponentId ?? "", input.FileName, input.Size, fileId, rule.Components, _options.FileLimits, clock.UtcNow)), ct);
        if (result.Error is not null) return result.Error;
        var upload = await uploads.IssueAsync(Staging(result.Stored!.List, fileId), ct);
        var added = result.Stored.List.Files.First(f => f.Id == fileId);
        return Results.Json(new { file = added, upload, etag = result.Stored.ETag }, DossierStorageNames.Json, statusCode: StatusCodes.Status201Created);
    }

    /// <summary>
    /// <c>POST /api/nominee-lists/{id}/files/{fileId}/upload-url</c>: a fresh upload link for a pending document of a draft list
    /// (to resume an upload whose link expired); refused once the document is confirmed or rejected, or the list submitted.
    /// </summary>
    public async Task<IResult> UploadUrlAsync(NomineeListId id, string fileId, ICurrentUser user, CancellationToken ct)
    {
        if (await ForbiddenAsync(id, user, ct) is { } refused) return refused;
        var s = await store.GetAsync(id, ct);
        if (s?.List.Files.FirstOrDefault(f => f.Id == fileId) is not { } file) return DossierProblems.FileNotFound();
        if (file.State != FileState.Pending || s.List.Status != NomineeListStatus.Draft) return StagedUploads.NotPending(fileId);
        return Results.Json(new { file, upload = await uploads.IssueAsync(Staging(s.List, fileId), ct) }, DossierStorageNames.Json);
    }

    /// <summary><c>GET /api/nominee-lists/{id}/files/{fileId}/blocks</c>: the blocks staged for a document, for a resumed upload.</summary>
    public async Task<IResult> BlocksAsync(NomineeListId id, string fileId, ICurrentUser user, CancellationToken ct)
    {
        if (await ForbiddenAsync(id, user, ct) is { } refused) return refused;
        var s = await store.GetAsync(id, ct);
        if (s?.List.Files.FirstOrDefault(f => f.Id == fileId) is null) return DossierProblems.FileNotFound();
        return await uploads.BlocksAsync(fileId, Staging(s.List, fileId), ct);
    }

    /// <summary><c>POST /api/nominee-lists/{id}/files/{fileId}/confirm</c>: pins, inspects and records the uploaded document.</summary>
    public async Task<IResult> ConfirmAsync(NomineeListId id, string fileId, ICurrentUser user, Caller caller, CancellationToken ct)
    {
        if (await ForbiddenAsync(id, user, ct) is { } refused) return refused;
        var found = lists.RuleOf(id)!.Value;
        var s = await store.GetAsync(id, ct);
        var file = s?.List.Files.FirstOrDefault(f => f.Id == fileId);
        if (s is null || file is null) return DossierProblems.FileNotFound();
        if (file.State != FileState.Pending || s.List.Status != NomineeListStatus.Draft)
        {
            // Accepted already (a retry), rejected, or the list submitted: the decision says which.
            var early = await writer.ApplyAsync(id, null, caller, (l, _) => ValueTask.FromResult(
                l.List.ConfirmFile(fileId, new InspectedFile(file.StoredName, file.Size ?? 0, file.Kind, file.Sha256, null), _options.FileLimits, clock.UtcNow)), ct);
            return early.Error ?? NomineeLists.View(early.Stored!, found.Rule, []);
        }
        var staging = Staging(s.List, fileId);
        var others = s.List.Files.Where(f => f.State == FileState.Accepted).Sum(f => f.Size ?? 0);
        var pinned = s.List.BlobPrefix + fileId + "/" + Guid.NewGuid().ToString("N");
        var (inspected, incomplete) = await confirmation.PinAndInspectAsync(file, staging, pinned, others, new Dictionary<string, string> { ["list"] = id.Value }, ct);
        if (incomplete is not null) return DossierProblems.Refused([incomplete]);
        var result = await writer.ApplyAsync(id, null, caller, (l, _) => ValueTask.FromResult(l.List.ConfirmFile(fileId, inspected!, _options.FileLimits, clock.UtcNow)), ct);
        if (inspected!.Problem is { } problem) return DossierProblems.Refused([problem]);
        if (result.Error is not null)
        {
            await confirmation.DropPinnedAsync(pinned, ct);
            return result.Error;
        }
        await confirmation.DropStagingAsync(staging, ct);
        return NomineeLists.View(result.Stored!, found.Rule, []);
    }

    /// <summary><c>DELETE /api/nominee-lists/{id}/files/{fileId}</c> (If-Match).</summary>
    public async Task<IResult> RemoveAsync(NomineeListId id, string fileId, string? ifMatch, ICurrentUser user, Caller caller, CancellationToken ct)
    {
        if (await ForbiddenAsync(id, user, ct) is { } refused) return refused;
        DossierFile? removed = null;
        var result = await writer.ApplyAsync(id, ifMatch, caller, (s, _) =>
        {
            removed = s.List.Files.FirstOrDefault(f => f.Id == fileId);
            return ValueTask.FromResult(s.List.RemoveFile(fileId, clock.UtcNow));
        }, ct);
        if (result.Error is not null) return result.Error;
        await Task.WhenAll(_files.DeleteBlobIfExistsAsync(removed!.StoredName, cancellationToken: ct),
            _files.DeleteBlobIfExistsAsync(Staging(result.Stored!.List, fileId), cancellationToken: ct));
        return NomineeLists.View(result.Stored!, lists.RuleOf(id)!.Value.Rule, []);
    }

    /// <summary><c>GET /api/nominee-lists/{id}/files/{fileId}/download</c>: a short read link to the inspected copy.</summary>
    public async Task<IResult> DownloadAsync(NomineeListId id, string fileId, ICurrentUser user, CancellationToken ct)
    {
        var s = await store.GetAsync(id, ct);
        if (s is null || lists.RuleOf(id) is not { } found) return NomineeListProblems.NotFound();
        if (!user.CanRead(s.List.BodyUnitCode) && (await lists.ActingBodyAsync(user, found.Plan, found.Rule, ct))?.Id != id.BodyId) return Hosting.ApiProblem.Forbidden();
        if (s.List.Files.FirstOrDefault(f => f.Id == fileId && f.State == FileState.Accepted) is not { } file) return DossierProblems.FileNotFound();
        var url = await sas.IssueDownloadAsync(DossierStorageNames.FilesContainer, file.StoredName, file.OriginalName,
            file.Kind is { } kind ? FileInspection.MimeType(kind) : "application/octet-stream", TimeSpan.FromMinutes(_options.DownloadSasMinutes), ct);
        return Results.Json(new { url = url.Uri, expiresOn = url.ExpiresOn, fileName = file.OriginalName, size = file.Size, sha256 = file.Sha256, kind = file.Kind }, DossierStorageNames.Json);
    }

    /// <summary>The staging blob of a list's document: <c>lists/{listId}/staging/{fileId}</c>.</summary>
    private static string Staging(NomineeList list, string fileId) => list.BlobPrefix + StagedUploads.StagingSegment + fileId;

    private async Task<IResult?> ForbiddenAsync(NomineeListId id, ICurrentUser user, CancellationToken ct)
    {
        if (lists.RuleOf(id) is not { } found) return NomineeListProblems.NotFound();
        return (await lists.ActingBodyAsync(user, found.Plan, found.Rule, ct))?.Id == id.BodyId ? null : NomineeListProblems.NotTheListsBody(found.Rule.ByRole, found.Rule.Within);
    }
}
