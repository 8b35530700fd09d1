using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Options;
using NoOneLeftBehind.Domain.Dossiers;
using NoOneLeftBehind.Domain.Reports;
using NoOneLeftBehind.Functions.Hosting;
using NoOneLeftBehind.Infrastructure.Dossiers;
using NoOneLeftBehind.Infrastructure.Reports;

namespace NoOneLeftBehind.Functions.Dossiers.DossierStagingSweep;

/// <summary>
/// Timer-triggered, hourly (<c>0 35 * * * *</c>): removes staging blobs — what upload links write — that no upload
/// needs any more, for the three owners of direct uploads alike: a dossier's files (<c>staging/{dossierId}/{fileId}</c>),
/// a nominee list's documents (<c>lists/{listId}/staging/{fileId}</c>) and a signed report's versions
/// (<c>reports/{id}/staging/{fileId}</c>). An upload link stays valid for its lifetime whatever happens to the file, so
/// after a file is confirmed, rejected or removed (or its owner no longer takes files: a dossier left the editable
/// states, a list was submitted) the link can still create its staging blob again; nothing serves it, and this sweep
/// deletes it. A pending file's staging blob is kept <see cref="DossierOptions.StagingRetentionHours"/> after its last
/// write, for a resumed upload (<see cref="StagedUploads"/>).
/// </summary>
internal sealed partial class StagingSweepFunction(
    BlobServiceClient blobs,
    DossierStore dossiers,
    NomineeListStore lists,
    ReportSubmissionStore reports,
    DossierClock clock,
    IOptions<DossierOptions> options,
    ILogger<StagingSweepFunction> logger) : ITriggerFunction
{
    public const string FunctionName = "DossierStagingSweep";

    private static readonly IReadOnlySet<string> None = new HashSet<string>();

    public string Name => FunctionName;

    public async Task InvokeAsync(TriggerContext context, CancellationToken cancellationToken)
    {
        var keepPending = TimeSpan.FromHours(Math.Max(1, options.Value.StagingRetentionHours));
        var files = blobs.GetBlobContainerClient(DossierStorageNames.FilesContainer);
        // One rule for all three: a staging blob stays while its owner still takes its file (pending) and it was written within retention.
        StagingArea[] areas =
        [
            new(DossierStorageNames.StagingPrefix, Dossier, DossierUploadsAsync),
            new("lists/", Owned, ListUploadsAsync),
            new("reports/", Owned, ReportUploadsAsync),
        ];
        foreach (var area in areas)
        {
            var (seen, removed) = await SweepAsync(files, area, clock.UtcNow, keepPending, cancellationToken);
            LogSwept(logger, area.Prefix, seen, removed);
        }
    }

    /// <summary>Blobs under a prefix; which of them are staging blobs and whose (<c>Parse</c>); the file ids whose uploads the owner still takes.</summary>
    private sealed record StagingArea(string Prefix, Func<string, (string Owner, string FileId)?> Parse, Func<string, CancellationToken, Task<IReadOnlySet<string>>> PendingOf);

    private static async Task<(int Seen, int Removed)> SweepAsync(BlobContainerClient files, StagingArea area, DateTimeOffset now, TimeSpan keepPending, CancellationToken ct)
    {
        var owners = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        int seen = 0, removed = 0;
        // Committed blobs only: blocks staged and never committed are not listed, and expire on their own after a week.
        await foreach (var blob in files.GetBlobsAsync(new GetBlobsOptions { Prefix = area.Prefix }, ct))
        {
            if (area.Parse(blob.Name[area.Prefix.Length..]) is not var (owner, fileId)) continue; // a pinned copy, not a staging blob
            seen++;
            if (!owners.TryGetValue(owner, out var pending)) owners[owner] = pending = await area.PendingOf(owner, ct);
            var stillUploading = pending.Contains(fileId) && (blob.Properties.LastModified is not { } written || now - written < keepPending);
            if (stillUploading) continue;
            await files.DeleteBlobIfExistsAsync(blob.Name, cancellationToken: ct);
            removed++;
        }
        return (seen, removed);
    }

    /// <summary><c>{dossierId}/{fileId}</c> under <c>staging/</c>; anything else there is no upload's and is swept (no owner has it).</summary>
    private static (string, string)? Dossier(string rest) => rest.Split('/') is [var owner, var fileId] ? (owner, fileId) : (rest, "");

    /// <summary><c>{ownerId}/staging/{fileId}</c> under <c>lists/</c> or <c>reports/</c>; the pinned copies beside them (<c>{ownerId}/{fileId}/{n}</c>) are not staging.</summary>
    private static (string, string)? Owned(string rest) => rest.Split('/') is [var owner, var segment, var fileId] && segment + "/" == StagedUploads.StagingSegment ? (owner, fileId) : null;

    private async Task<IReadOnlySet<string>> DossierUploadsAsync(string owner, CancellationToken ct)
    {
        if (!DossierId.TryParse(owner, out var id) || (await dossiers.GetAsync(id, ct))?.Dossier is not { } dossier || !DossierWorkflow.IsEditable(dossier.Status)) return None;
        return PendingIds(dossier.Files);
    }

    private async Task<IReadOnlySet<string>> ListUploadsAsync(string owner, CancellationToken ct)
    {
        if (!NomineeListId.TryParse(owner, out var id) || (await lists.GetAsync(id, ct))?.List is not { Status: NomineeListStatus.Draft } list) return None;
        return PendingIds(list.Files);
    }

    private async Task<IReadOnlySet<string>> ReportUploadsAsync(string owner, CancellationToken ct)
    {
        if (!ReportSubmissionId.TryParse(owner, out var id) || (await reports.GetAsync(id, ct))?.Submission is not { } submission) return None;
        return submission.Pending.Select(f => f.Id).ToHashSet(StringComparer.Ordinal); // confirmed uploads become versions, refused ones are dropped
    }

    private static HashSet<string> PendingIds(IEnumerable<DossierFile> files) =>
        files.Where(f => f.State == FileState.Pending).Select(f => f.Id).ToHashSet(StringComparer.Ordinal);

    [LoggerMessage(Level = LogLevel.Information, Message = "Staging sweep of {Prefix}: {Seen} staging blob(s), {Removed} removed.")]
    private static partial void LogSwept(ILogger logger, string prefix, int seen, int removed);
}
