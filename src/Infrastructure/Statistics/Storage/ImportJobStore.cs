using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using NoOneLeftBehind.Infrastructure.Storage;
using NoOneLeftBehind.Domain.Statistics.Import;

namespace NoOneLeftBehind.Infrastructure.Statistics.Storage;

/// <summary>Where an import is.</summary>
public enum ImportStatus
{
    /// <summary>Stored and waiting for the background function.</summary>
    Queued,

    /// <summary>The file is being read and checked.</summary>
    Validating,

    /// <summary>Rows are being written (invisible until the flip), then the dashboards updated.</summary>
    Writing,

    /// <summary>The batch is current and the dashboards show it.</summary>
    Done,

    /// <summary>The file was refused (see the problems) or the import gave up; nothing became visible.</summary>
    Failed,
}

/// <summary>An import the user follows: status, progress and problems.</summary>
public sealed record ImportJob(
    string ImportId,
    ImportStatus Status,
    string FileName,
    string VersionId,
    string BlobName,
    int RowsProcessed,
    int RowsTotal,
    int ProblemCount,
    string? Error,
    bool AlreadyImported,
    string? UploadedByOid,
    string? UploadedByName,
    string? ScopeUnit,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>
/// Import jobs in the statistics table (PartitionKey <c>import</c>, RowKey the import id) and their
/// problem lists as blobs (<c>problems/{importId}.json</c> in the imports container): a list of 55,000
/// problems does not fit in an entity.
/// </summary>
public sealed class ImportJobStore
{
    private const string Partition = "import";

    private readonly StatisticsStore _store;
    private readonly BlobContainerClient _container;

    /// <summary>Creates the store on the statistics table and the imports container.</summary>
    public ImportJobStore(StatisticsStore store, BlobServiceClient blobs, StatisticsStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _container = blobs.GetBlobContainerClient(options.ImportsContainer);
    }

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The job, or null.</summary>
    public async Task<ImportJob?> GetAsync(string importId, CancellationToken cancellationToken)
    {
        await _store.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var e = await _store.Table.GetEntityIfExistsAsync<TableEntity>(Partition, importId, cancellationToken: cancellationToken).ConfigureAwait(false);
        return e.HasValue ? ToJob(e.Value!) : null;
    }

    /// <summary>Writes the whole job.</summary>
    public async Task PutAsync(ImportJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        await _store.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var e = new TableEntity(Partition, job.ImportId)
        {
            ["Status"] = job.Status.ToString(),
            ["FileName"] = TableLimits.Fit(job.FileName),
            ["VersionId"] = job.VersionId,
            ["BlobName"] = job.BlobName,
            ["RowsProcessed"] = job.RowsProcessed,
            ["RowsTotal"] = job.RowsTotal,
            ["ProblemCount"] = job.ProblemCount,
            ["AlreadyImported"] = job.AlreadyImported,
            ["CreatedAt"] = job.CreatedAt,
            ["UpdatedAt"] = job.UpdatedAt,
        };
        // Tables store no nulls: an absent value is no property. Free text is cut to what one property holds.
        if (TableLimits.Fit(job.Error) is { } error) e["Error"] = error;
        if (job.UploadedByOid is { } oid) e["UploadedByOid"] = oid;
        if (TableLimits.Fit(job.UploadedByName) is { } name) e["UploadedByName"] = name;
        if (job.ScopeUnit is { } scope) e["ScopeUnit"] = scope;
        TableLimits.Check(e);
        await _store.Table.UpsertEntityAsync(e, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stores the problem list of a refused file.</summary>
    public async Task PutProblemsAsync(string importId, IReadOnlyList<ImportProblem> problems, CancellationToken cancellationToken)
    {
        await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        // With options and no conditions the upload overwrites: a re-run stores the same list again.
        await _container.GetBlobClient(ProblemsBlob(importId)).UploadAsync(
            BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(problems, Json)),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json; charset=utf-8" } },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The problems of a refused file (at most <paramref name="max"/>), empty when there are none.</summary>
    public async Task<IReadOnlyList<ImportProblem>> GetProblemsAsync(string importId, int max, CancellationToken cancellationToken)
    {
        BlobDownloadStreamingResult download;
        try
        {
            download = await _container.GetBlobClient(ProblemsBlob(importId)).DownloadStreamingAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return []; // no such blob, or no container yet
        }
        using (download)
        {
            var list = await JsonSerializer.DeserializeAsync<List<ImportProblem>>(download.Content, Json, cancellationToken).ConfigureAwait(false) ?? [];
            return list.Count > max ? list[..max] : list;
        }
    }

    private static string ProblemsBlob(string importId) => "problems/" + importId + ".json";

    private static ImportJob ToJob(TableEntity e) => new(
        e.RowKey,
        Enum.TryParse<ImportStatus>(e.GetString("Status"), out var s) ? s : ImportStatus.Queued,
        e.GetString("FileName") ?? "",
        e.GetString("VersionId") ?? "",
        e.GetString("BlobName") ?? "",
        e.GetInt32("RowsProcessed") ?? 0,
        e.GetInt32("RowsTotal") ?? 0,
        e.GetInt32("ProblemCount") ?? 0,
        e.GetString("Error"),
        e.GetBoolean("AlreadyImported") ?? false,
        e.GetString("UploadedByOid"),
        e.GetString("UploadedByName"),
        e.GetString("ScopeUnit"),
        e.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
        e.GetDateTimeOffset("UpdatedAt") ?? DateTimeOffset.MinValue);
}
