using System.Text.Json;
using System.Text.Json.Serialization;
using NoOneLeftBehind.Domain.Statistics.Import;
using NoOneLeftBehind.Infrastructure.Storage.Blobs;
using NoOneLeftBehind.Infrastructure.Storage.Tables;

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
public sealed class ImportJobStore(StatisticsStore store, IBlobStore blobs, StatisticsStorageOptions options)
{
    private const string Partition = "import";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The job, or null.</summary>
    public async Task<ImportJob?> GetAsync(string importId, CancellationToken cancellationToken)
    {
        await store.EnsureCreatedAsync(cancellationToken);
        var e = await store.Table.GetAsync(Partition, importId, cancellationToken: cancellationToken);
        return e is null ? null : ToJob(e);
    }

    /// <summary>Writes the whole job.</summary>
    public async Task PutAsync(ImportJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        await store.EnsureCreatedAsync(cancellationToken);
        var e = new TableEntity(Partition, job.ImportId)
        {
            ["Status"] = job.Status.ToString(),
            ["FileName"] = job.FileName,
            ["VersionId"] = job.VersionId,
            ["BlobName"] = job.BlobName,
            ["RowsProcessed"] = job.RowsProcessed,
            ["RowsTotal"] = job.RowsTotal,
            ["ProblemCount"] = job.ProblemCount,
            ["Error"] = job.Error,
            ["AlreadyImported"] = job.AlreadyImported,
            ["UploadedByOid"] = job.UploadedByOid,
            ["UploadedByName"] = job.UploadedByName,
            ["ScopeUnit"] = job.ScopeUnit,
            ["CreatedAt"] = job.CreatedAt,
            ["UpdatedAt"] = job.UpdatedAt,
        };
        await store.Table.UpsertAsync(e, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Stores the problem list of a refused file.</summary>
    public async Task PutProblemsAsync(string importId, IReadOnlyList<ImportProblem> problems, CancellationToken cancellationToken)
    {
        await blobs.CreateContainerIfNotExistsAsync(options.ImportsContainer, cancellationToken);
        using var content = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(problems, Json));
        await blobs.UploadAsync(options.ImportsContainer, "problems/" + importId + ".json", content,
            new BlobUploadOptions { ContentType = "application/json; charset=utf-8" }, cancellationToken);
    }

    /// <summary>The problems of a refused file (at most <paramref name="max"/>), empty when there are none.</summary>
    public async Task<IReadOnlyList<ImportProblem>> GetProblemsAsync(string importId, int max, CancellationToken cancellationToken)
    {
        var download = await blobs.DownloadAsync(options.ImportsContainer, "problems/" + importId + ".json", cancellationToken: cancellationToken);
        if (download is null) return [];
        await using (download)
        {
            var list = await JsonSerializer.DeserializeAsync<List<ImportProblem>>(download.Content, Json, cancellationToken) ?? [];
            return list.Count > max ? list[..max] : list;
        }
    }

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
