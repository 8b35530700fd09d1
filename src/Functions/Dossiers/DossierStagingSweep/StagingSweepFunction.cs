using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Options;
using NoOneLeftBehind.Domain.Dossiers;
using NoOneLeftBehind.Functions.Hosting;
using NoOneLeftBehind.Infrastructure.Dossiers;

namespace NoOneLeftBehind.Functions.Dossiers.DossierStagingSweep;

/// <summary>
/// Timer-triggered, hourly (<c>0 35 * * * *</c>): removes staging blobs — what upload links write — that no upload
/// needs any more. An upload link stays valid for its lifetime whatever happens to the file, so after a file is
/// confirmed, rejected or removed (or its dossier has left the editable states) the link can still create its
/// staging blob again; nothing serves it, and this sweep deletes it. A pending file's staging blob is kept
/// <see cref="DossierOptions.StagingRetentionHours"/> after its last write, for a resumed upload.
/// </summary>
internal sealed partial class StagingSweepFunction(
    BlobServiceClient blobs,
    DossierStore store,
    DossierClock clock,
    IOptions<DossierOptions> options,
    ILogger<StagingSweepFunction> logger) : ITriggerFunction
{
    public const string FunctionName = "DossierStagingSweep";

    public string Name => FunctionName;

    public async Task InvokeAsync(TriggerContext context, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        var keepPending = TimeSpan.FromHours(Math.Max(1, options.Value.StagingRetentionHours));
        var dossiers = new Dictionary<string, Dossier?>(StringComparer.Ordinal);
        int seen = 0, removed = 0;
        var files = blobs.GetBlobContainerClient(DossierStorageNames.FilesContainer);
        // Committed blobs only: blocks staged and never committed are not listed, and expire on their own after a week.
        await foreach (var blob in files.GetBlobsAsync(new GetBlobsOptions { Prefix = DossierStorageNames.StagingPrefix }, cancellationToken))
        {
            seen++;
            var parts = blob.Name[DossierStorageNames.StagingPrefix.Length..].Split('/');
            Dossier? dossier = null;
            if (parts.Length == 2 && DossierId.TryParse(parts[0], out var id))
            {
                if (!dossiers.TryGetValue(parts[0], out dossier))
                    dossiers[parts[0]] = dossier = (await store.GetAsync(id, cancellationToken))?.Dossier;
            }
            var file = dossier?.Files.FirstOrDefault(f => f.Id == parts[^1]);
            var stillUploading = dossier is not null && file is { State: FileState.Pending } && DossierWorkflow.IsEditable(dossier.Status)
                && (blob.Properties.LastModified is not { } written || now - written < keepPending);
            if (stillUploading) continue;
            await files.DeleteBlobIfExistsAsync(blob.Name, cancellationToken: cancellationToken);
            removed++;
        }
        LogSwept(logger, seen, removed);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Staging sweep: {Seen} staging blob(s), {Removed} removed.")]
    private static partial void LogSwept(ILogger logger, int seen, int removed);
}
