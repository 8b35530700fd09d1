using System.Diagnostics;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging;
using NoOneLeftBehind.Domain.Statistics.Import;
using NoOneLeftBehind.Infrastructure.Messaging;
using NoOneLeftBehind.Infrastructure.Statistics.Import;

namespace NoOneLeftBehind.Infrastructure.Statistics.Storage;

/// <summary>Who brought a file.</summary>
/// <param name="ObjectId">The caller's <c>oid</c> (or a fixed name for the demo seeder).</param>
/// <param name="Name">The caller's display name.</param>
/// <param name="ScopeUnit">The caller's unit scope when uploading.</param>
public sealed record Uploader(string ObjectId, string? Name, string? ScopeUnit);

/// <summary>
/// The import of a review-result file, end to end: <see cref="SubmitAsync"/> keeps the upload as a blob,
/// records a queued job and enqueues it; <see cref="ProcessAsync"/> (the queue-triggered function) validates,
/// writes the rows under the version id, records the batch, flips the head and updates the dashboards.
/// Every step is idempotent, so a redelivered message or a re-run after a crash finishes the same import;
/// until the flip nothing is visible (docs/adr/0004-statistics-versions.md).
/// </summary>
public sealed partial class ReviewImportProcessor(
    StatisticsStore store,
    ImportJobStore jobs,
    DashboardProjector projector,
    ReviewFileImporter importer,
    BlobServiceClient blobs,
    QueueServiceClient queues,
    StatisticsStorageOptions options,
    TimeProvider time,
    ILogger<ReviewImportProcessor> logger,
    IntegrationEventsOptions? events = null)
{
    /// <summary>The queue of the import function (function.json of ImportReviewResults).</summary>
    public const string Queue = "statistics-imports";

    // The uploads (evidence) and the import queue; the queue client encodes messages in base64, as the Functions host reads them.
    private readonly BlobContainerClient _imports = blobs.GetBlobContainerClient(options.ImportsContainer);
    private readonly QueueClient _queue = queues.GetQueueClient(Queue);

    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>The message the function receives.</summary>
    /// <param name="ImportId">The job to run.</param>
    public sealed record ImportMessage(string ImportId);

    /// <summary>
    /// Keeps the file (blob <c>uploads/{versionId}</c>: the same bytes are one blob), records a queued job and
    /// enqueues it. When the same file is already current, returns a done job that points at it and enqueues nothing.
    /// </summary>
    public async Task<ImportJob> SubmitAsync(string fileName, byte[] content, Uploader uploader, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(uploader);
        var version = ContentHash.Of(content).ToString();
        var now = time.GetUtcNow();
        var importId = Guid.NewGuid().ToString("N");
        var existing = await store.GetBatchAsync(version, cancellationToken).ConfigureAwait(false);
        if (existing is not null && (await store.GetHeadAsync(cancellationToken).ConfigureAwait(false)).Manifest.Contains(version, StringComparer.Ordinal))
        {
            var repeat = new ImportJob(importId, ImportStatus.Done, fileName, version, existing.BlobName, existing.RowCount, existing.RowCount, 0,
                null, AlreadyImported: true, uploader.ObjectId, uploader.Name, uploader.ScopeUnit, now, now);
            await jobs.PutAsync(repeat, cancellationToken).ConfigureAwait(false);
            return repeat;
        }

        var blobName = "uploads/" + version;
        await UploadAsync(blobName, content, new Dictionary<string, string> { ["importId"] = importId }, cancellationToken).ConfigureAwait(false);
        var job = new ImportJob(importId, ImportStatus.Queued, fileName, version, blobName, 0, 0, 0, null, false,
            uploader.ObjectId, uploader.Name, uploader.ScopeUnit, now, now);
        await jobs.PutAsync(job, cancellationToken).ConfigureAwait(false);
        await _queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await _queue.SendMessageAsync(JsonSerializer.Serialize(new ImportMessage(importId), JsonSerializerOptions.Web), cancellationToken).ConfigureAwait(false);
        return job;
    }

    /// <summary>Runs (or resumes) an import. Throws on storage failures so that the message is retried.</summary>
    public async Task<ImportJob?> ProcessAsync(string importId, CancellationToken cancellationToken)
    {
        var job = await jobs.GetAsync(importId, cancellationToken).ConfigureAwait(false);
        if (job is null)
        {
            LogUnknownJob(logger, importId);
            return null;
        }
        if (job.Status is ImportStatus.Done or ImportStatus.Failed) return job;
        var started = Stopwatch.StartNew();

        job = await SaveAsync(job with { Status = ImportStatus.Validating }, cancellationToken).ConfigureAwait(false);
        byte[] content;
        try
        {
            var download = await _imports.GetBlobClient(job.BlobName).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            content = download.Value.Content.ToArray();
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return await SaveAsync(job with { Status = ImportStatus.Failed, Error = "Tệp tải lên không còn trong kho lưu trữ. / The uploaded file is no longer in storage." }, cancellationToken).ConfigureAwait(false);
        }

        var result = importer.Import(job.FileName, content);
        if (result.Batch is not { } batch)
        {
            await jobs.PutProblemsAsync(importId, result.Problems, cancellationToken).ConfigureAwait(false);
            LogRefused(logger, importId, job.FileName, result.Problems.Count);
            return await SaveAsync(job with { Status = ImportStatus.Failed, ProblemCount = result.Problems.Count }, cancellationToken).ConfigureAwait(false);
        }
        return await WriteAsync(job, batch, started, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes a validated batch that did not come through the queue (the demo seeder), with the same steps.</summary>
    public async Task<ImportJob> ImportDirectAsync(string fileName, byte[] content, Uploader uploader, Func<int, int, Task>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(uploader);
        var result = importer.Import(fileName, content);
        if (result.Batch is not { } batch)
            throw new InvalidOperationException("The file is not valid: " + string.Join("; ", result.Problems.Take(5)));
        var blobName = "uploads/" + batch.VersionId;
        await UploadAsync(blobName, content, null, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var job = new ImportJob("direct-" + batch.ContentHash.Hex[..16], ImportStatus.Writing, fileName, batch.VersionId, blobName, 0, batch.Rows.Count, 0,
            null, false, uploader.ObjectId, uploader.Name, uploader.ScopeUnit, now, now);
        return await WriteAsync(job, batch, Stopwatch.StartNew(), cancellationToken, progress).ConfigureAwait(false);
    }

    private async Task<ImportJob> WriteAsync(ImportJob job, ReviewBatch batch, Stopwatch started, CancellationToken cancellationToken, Func<int, int, Task>? progress = null)
    {
        var version = batch.VersionId;
        var head = await store.GetHeadAsync(cancellationToken).ConfigureAwait(false);
        var existing = await store.GetBatchAsync(version, cancellationToken).ConfigureAwait(false);
        if (existing is not null && head.Manifest.Contains(version, StringComparer.Ordinal))
        {
            // The same bytes were imported before (or this is a redelivery after the flip): make sure the dashboards are up to date.
            await projector.ProjectAsync(existing.Keys, cancellationToken).ConfigureAwait(false);
            return await SaveAsync(job with { Status = ImportStatus.Done, RowsProcessed = existing.RowCount, RowsTotal = existing.RowCount, AlreadyImported = job.ImportId != existing.ImportId }, cancellationToken).ConfigureAwait(false);
        }

        job = await SaveAsync(job with { Status = ImportStatus.Writing, RowsTotal = batch.Rows.Count, RowsProcessed = 0 }, cancellationToken).ConfigureAwait(false);
        var gate = new SemaphoreSlim(1, 1);
        var lastReport = Stopwatch.StartNew();
        var current = job;
        await store.WriteRowsAsync(batch, async written =>
        {
            if (lastReport.Elapsed < ProgressInterval || !await gate.WaitAsync(0, cancellationToken).ConfigureAwait(false)) return;
            try
            {
                if (written > current.RowsProcessed)
                {
                    current = await SaveAsync(current with { RowsProcessed = written }, cancellationToken).ConfigureAwait(false);
                    if (progress is not null) await progress(written, batch.Rows.Count).ConfigureAwait(false);
                }
                lastReport.Restart();
            }
            finally
            {
                gate.Release();
            }
        }, cancellationToken).ConfigureAwait(false);
        job = current with { RowsProcessed = batch.Rows.Count };

        var keys = batch.Figures.Select(store.KeyOf).Distinct().OrderBy(k => k.Year).ThenBy(k => k.Province, StringComparer.Ordinal).ToList();
        var record = new BatchRecord(version, job.FileName, batch.Sheet, batch.Rows.Count, batch.Years, keys,
            job.UploadedByOid, job.UploadedByName, job.CreatedAt, job.BlobName, job.ImportId);

        // Refuse, before anything is visible, figures that would count households twice with figures of earlier files.
        var batches = await store.ListBatchesAsync(cancellationToken).ConfigureAwait(false);
        head = await store.GetHeadAsync(cancellationToken).ConfigureAwait(false);
        if (await projector.CheckAsync(head.Manifest, batches.Where(b => b.VersionId != version).ToList(), record, cancellationToken).ConfigureAwait(false) is { } overlap)
        {
            LogOverlap(logger, job.ImportId, overlap);
            return await SaveAsync(job with
            {
                Status = ImportStatus.Failed,
                Error = "Số liệu trùng với số liệu đã nhập (một đơn vị và đơn vị cấp trên của nó cùng một năm): " + overlap
                        + " / The figures overlap figures already imported (a unit and a unit containing it in the same year): " + overlap,
            }, cancellationToken).ConfigureAwait(false);
        }

        await store.PutBatchAsync(record, cancellationToken).ConfigureAwait(false);
        var flipped = await store.FlipAsync(version, cancellationToken, events is { Enabled: true } ? Published(record, batch.Rows.Count) : null).ConfigureAwait(false);
        var projected = await projector.ProjectAsync(keys, cancellationToken).ConfigureAwait(false);
        LogImported(logger, job.ImportId, version, batch.Rows.Count, projected, flipped, started.ElapsedMilliseconds);
        return await SaveAsync(job with { Status = ImportStatus.Done }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>vn.gov.noonelb.statistics.version-published</c> (docs/events.md).</summary>
    private IntegrationEvent Published(BatchRecord record, int rows)
    {
        var now = time.GetUtcNow();
        return IntegrationEvent.Create(IntegrationEventTypes.StatisticsVersionPublished, "/statistics", record.VersionId, now, new
        {
            versionId = record.VersionId,
            importId = record.ImportId,
            years = record.Years,
            provinces = record.Keys.Select(k => k.Province).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray(),
            rows,
            publishedAt = now,
            publishedBy = record.UploadedByName,
        });
    }

    /// <summary>Keeps the uploaded bytes (replacing a blob of the same name: the name is their hash, so the bytes are the same).</summary>
    private async Task UploadAsync(string blobName, byte[] content, IDictionary<string, string>? metadata, CancellationToken cancellationToken)
    {
        await _imports.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await _imports.GetBlobClient(blobName).UploadAsync(BinaryData.FromBytes(content), new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/octet-stream" },
            Metadata = metadata,
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ImportJob> SaveAsync(ImportJob job, CancellationToken cancellationToken)
    {
        var updated = job with { UpdatedAt = time.GetUtcNow() };
        await jobs.PutAsync(updated, cancellationToken).ConfigureAwait(false);
        return updated;
    }

    /// <summary>Marks a job failed after its last attempt (the message goes to the poison queue).</summary>
    public async Task GiveUpAsync(string importId, string error, CancellationToken cancellationToken)
    {
        if (await jobs.GetAsync(importId, cancellationToken).ConfigureAwait(false) is { Status: not (ImportStatus.Done or ImportStatus.Failed) } job)
            await SaveAsync(job with { Status = ImportStatus.Failed, Error = error }, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Statistics import {ImportId}: no such job; message dropped")]
    private static partial void LogUnknownJob(ILogger logger, string importId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Statistics import {ImportId} ({FileName}) refused: {Problems} problems")]
    private static partial void LogRefused(ILogger logger, string importId, string fileName, int problems);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Statistics import {ImportId} refused: {Overlap}")]
    private static partial void LogOverlap(ILogger logger, string importId, string overlap);

    [LoggerMessage(Level = LogLevel.Information, Message = "Statistics import {ImportId}: {VersionId} with {Rows} rows current (flipped now: {Flipped}); {Projected} projection entities written in {ElapsedMs} ms")]
    private static partial void LogImported(ILogger logger, string importId, string versionId, int rows, int projected, bool flipped, long elapsedMs);
}
