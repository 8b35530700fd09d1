using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure;
using Azure.Core;
using NoOneLeftBehind.Infrastructure.Storage.Core;

namespace NoOneLeftBehind.Infrastructure.Storage.Tables;

/// <summary>
/// Table service REST client (OData v3 JSON) on Azure.Core; stands in for Azure.Data.Tables' TableClient.
/// Covers what the product uses: tables, point reads and writes with ETags, queries and entity-group transactions.
/// </summary>
public sealed partial class StorageTableClient : StorageRestClient, ITableStore
{
    internal const string JsonContentType = "application/json";
    private const string AcceptMinimalMetadata = "application/json;odata=minimalmetadata";
    private static readonly RequestMethod Merge = new("MERGE");

    public StorageTableClient(StorageAccount account, StorageClientOptions? options = null)
        : base(account, StorageService.Table, options)
    {
    }

    public IEntityTable GetTable(string tableName)
    {
        ValidateTableName(tableName);
        return new EntityTable(this, tableName);
    }

    public async Task<bool> CreateTableIfNotExistsAsync(string tableName, CancellationToken cancellationToken = default)
    {
        ValidateTableName(tableName);
        using var message = CreateTableMessage(RequestMethod.Post, BuildUri("Tables"));
        message.Request.Headers.SetValue("Prefer", "return-no-content");
        SetJsonContent(message, Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new Dictionary<string, string> { ["TableName"] = tableName })));
        var response = await SendAsync(message, $"Create Table {tableName}", cancellationToken, 201, 204, 409).ConfigureAwait(false);
        if (response.Status == 409 && ErrorCode(response) is not ("TableAlreadyExists" or null))
        {
            throw StorageRequestException.FromResponse(response, $"Create Table {tableName}");
        }
        return response.Status != 409;
    }

    /// <summary>Deletes the table; false when there was none.</summary>
    public async Task<bool> DeleteTableAsync(string tableName, CancellationToken cancellationToken = default)
    {
        ValidateTableName(tableName);
        using var message = CreateTableMessage(RequestMethod.Delete, BuildUri($"Tables('{tableName}')"));
        var response = await SendAsync(message, $"Delete Table {tableName}", cancellationToken, 204, 404).ConfigureAwait(false);
        return response.Status == 204;
    }

    public async Task<TableEntity?> GetEntityAsync(string tableName, string partitionKey, string rowKey, IReadOnlyList<string>? properties = null, CancellationToken cancellationToken = default)
    {
        ValidateTableName(tableName);
        var query = new List<KeyValuePair<string, string?>>();
        if (properties is { Count: > 0 })
        {
            query.Add(new("$select", SelectList(properties)));
        }
        using var message = CreateTableMessage(RequestMethod.Get, BuildUri(EntityPath(tableName, partitionKey, rowKey), query));
        var operation = $"Get Entity {tableName}";
        var response = await SendAsync(message, operation, cancellationToken, 200, 404).ConfigureAwait(false);
        if (response.Status == 404)
        {
            ThrowIfTableMissing(response, operation);
            return null;
        }
        using var doc = JsonDocument.Parse(response.Content.ToMemory());
        var entity = TableJson.ReadEntity(doc.RootElement);
        if (response.Headers.ETag is { } etag)
        {
            entity.ETag = etag.ToString();
        }
        return entity;
    }

    public async Task<TableWriteResult> InsertEntityAsync(string tableName, TableEntity entity, CancellationToken cancellationToken = default)
    {
        ValidateEntity(tableName, entity);
        using var message = CreateTableMessage(RequestMethod.Post, BuildUri(tableName));
        message.Request.Headers.SetValue("Prefer", "return-no-content");
        SetJsonContent(message, TableJson.Serialize(entity));
        return await WriteAsync(message, $"Insert Entity {tableName}", cancellationToken).ConfigureAwait(false);
    }

    public async Task<TableWriteResult> UpsertEntityAsync(string tableName, TableEntity entity, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken cancellationToken = default)
    {
        ValidateEntity(tableName, entity);
        // No If-Match: the service inserts or merges/replaces.
        using var message = CreateTableMessage(mode == TableUpdateMode.Merge ? Merge : RequestMethod.Put, BuildUri(EntityPath(tableName, entity.PartitionKey, entity.RowKey)));
        SetJsonContent(message, TableJson.Serialize(entity));
        return await WriteAsync(message, $"Upsert Entity {tableName}", cancellationToken).ConfigureAwait(false);
    }

    public async Task<TableWriteResult> UpdateEntityAsync(string tableName, TableEntity entity, string ifMatch, TableUpdateMode mode = TableUpdateMode.Replace, CancellationToken cancellationToken = default)
    {
        ValidateEntity(tableName, entity);
        ArgumentException.ThrowIfNullOrEmpty(ifMatch);
        using var message = CreateTableMessage(mode == TableUpdateMode.Merge ? Merge : RequestMethod.Put, BuildUri(EntityPath(tableName, entity.PartitionKey, entity.RowKey)));
        message.Request.Headers.SetValue("If-Match", ifMatch);
        SetJsonContent(message, TableJson.Serialize(entity));
        return await WriteAsync(message, $"Update Entity {tableName}", cancellationToken).ConfigureAwait(false);
    }

    public async Task<TableWriteResult> DeleteEntityAsync(string tableName, string partitionKey, string rowKey, string ifMatch = "*", CancellationToken cancellationToken = default)
    {
        ValidateTableName(tableName);
        ArgumentException.ThrowIfNullOrEmpty(ifMatch);
        using var message = CreateTableMessage(RequestMethod.Delete, BuildUri(EntityPath(tableName, partitionKey, rowKey)));
        message.Request.Headers.SetValue("If-Match", ifMatch);
        return await WriteAsync(message, $"Delete Entity {tableName}", cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<TableEntity> QueryAsync(string tableName, TableFilter? filter = null, IReadOnlyList<string>? properties = null, int? maxPerPage = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        TableContinuation? continuation = null;
        do
        {
            var page = await QueryPageAsync(tableName, filter, properties, maxPerPage, continuation, cancellationToken).ConfigureAwait(false);
            foreach (var entity in page.Entities)
            {
                yield return entity;
            }
            continuation = page.Continuation;
        }
        while (continuation is not null);
    }

    public async Task<TablePage> QueryPageAsync(string tableName, TableFilter? filter, IReadOnlyList<string>? properties, int? maxPerPage, TableContinuation? continuation, CancellationToken cancellationToken = default)
    {
        ValidateTableName(tableName);
        if (maxPerPage is < 1 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(maxPerPage), maxPerPage, "A page holds 1 to 1000 entities.");
        }
        var query = new List<KeyValuePair<string, string?>>
        {
            new("$filter", filter?.Expression),
            new("$select", properties is { Count: > 0 } ? SelectList(properties) : null),
            new("$top", maxPerPage?.ToString(CultureInfo.InvariantCulture)),
            new("NextPartitionKey", continuation?.NextPartitionKey),
            new("NextRowKey", continuation?.NextRowKey),
        };
        using var message = CreateTableMessage(RequestMethod.Get, BuildUri(tableName + "()", query));
        var response = await SendAsync(message, $"Query Entities {tableName}", cancellationToken, 200).ConfigureAwait(false);
        var entities = new List<TableEntity>();
        using (var doc = JsonDocument.Parse(response.Content.ToMemory()))
        {
            if (doc.RootElement.TryGetProperty("value", out var value))
            {
                foreach (var element in value.EnumerateArray())
                {
                    entities.Add(TableJson.ReadEntity(element));
                }
            }
        }
        var nextPartition = Header(response, "x-ms-continuation-NextPartitionKey");
        var nextRow = Header(response, "x-ms-continuation-NextRowKey");
        var next = nextPartition.Length > 0 ? new TableContinuation(nextPartition, nextRow.Length > 0 ? nextRow : null) : null;
        return new TablePage(entities, next);
    }

    public async Task<TableTransactionResult> SubmitTransactionAsync(string tableName, IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken = default)
    {
        ValidateTableName(tableName);
        var batch = TableBatch.Build(this, tableName, actions);
        using var message = CreateTableMessage(RequestMethod.Post, BuildUri("$batch"));
        message.Request.Headers.SetValue("Content-Type", "multipart/mixed; boundary=" + batch.Boundary);
        message.Request.Content = RequestContent.Create(batch.Body);
        var response = await SendAsync(message, $"Entity Group Transaction {tableName}", cancellationToken, 202).ConfigureAwait(false);
        var contentType = Header(response, "Content-Type");
        return TableBatch.ParseResponse(contentType, response.Content.ToString(), actions.Count);
    }

    /// <summary>Cheap authenticated call for the health probe: list tables, one result.</summary>
    internal async Task ProbeAsync(CancellationToken cancellationToken)
    {
        using var message = CreateTableMessage(RequestMethod.Get, BuildUri("Tables", [new("$top", "1")]));
        await SendAsync(message, "Query Tables", cancellationToken, 200).ConfigureAwait(false);
    }

    internal Uri EntityUri(string tableName, string partitionKey, string rowKey) => BuildUri(EntityPath(tableName, partitionKey, rowKey));

    internal Uri TableUri(string tableName) => BuildUri(tableName);

    internal static void ValidateTableName(string tableName)
    {
        ArgumentException.ThrowIfNullOrEmpty(tableName);
        if (!TableNamePattern().IsMatch(tableName))
        {
            throw new ArgumentException($"'{tableName}' is not a valid table name (3-63 letters or digits, starting with a letter).", nameof(tableName));
        }
    }

    internal static void ValidateKey(string key, string what)
    {
        ArgumentNullException.ThrowIfNull(key, what);
        if (key.Length > 1024)
        {
            throw new ArgumentException($"{what} is longer than 1 KiB.", what);
        }
        foreach (var c in key)
        {
            if (c is '/' or '\\' or '#' or '?' || char.IsControl(c))
            {
                throw new ArgumentException($"{what} '{key}' contains a character tables do not allow in keys (/ \\ # ? or a control character).", what);
            }
        }
    }

    internal static void ValidateEntity(string tableName, TableEntity entity)
    {
        ValidateTableName(tableName);
        ArgumentNullException.ThrowIfNull(entity);
        ValidateKey(entity.PartitionKey, "PartitionKey");
        ValidateKey(entity.RowKey, "RowKey");
    }

    /// <summary><c>table(PartitionKey='…',RowKey='…')</c> with quotes doubled and the keys percent-encoded.</summary>
    internal static string EntityPath(string tableName, string partitionKey, string rowKey)
    {
        ValidateKey(partitionKey, nameof(partitionKey));
        ValidateKey(rowKey, nameof(rowKey));
        return $"{tableName}(PartitionKey='{EscapeKey(partitionKey)}',RowKey='{EscapeKey(rowKey)}')";
    }

    private static string EscapeKey(string key) => Uri.EscapeDataString(key.Replace("'", "''", StringComparison.Ordinal));

    // The keys are always selected: an entity that cannot say which row it is would be of little use.
    private static string SelectList(IReadOnlyList<string> properties)
    {
        foreach (var name in properties)
        {
            _ = TableFilter.Property(name); // validates the name
        }
        return string.Join(',', properties.Prepend(TableEntity.RowKeyName).Prepend(TableEntity.PartitionKeyName).Distinct(StringComparer.Ordinal));
    }

    private HttpMessage CreateTableMessage(RequestMethod method, Uri uri)
    {
        var message = CreateMessage(method, uri);
        message.Request.Headers.SetValue("Accept", AcceptMinimalMetadata);
        message.Request.Headers.SetValue("DataServiceVersion", "3.0");
        message.Request.Headers.SetValue("MaxDataServiceVersion", "3.0;NetFx");
        return message;
    }

    private static void SetJsonContent(HttpMessage message, byte[] body)
    {
        message.Request.Headers.SetValue("Content-Type", JsonContentType);
        message.Request.Content = RequestContent.Create(body);
    }

    private async Task<TableWriteResult> WriteAsync(HttpMessage message, string operation, CancellationToken cancellationToken)
    {
        var response = await SendAsync(message, operation, cancellationToken, 200, 201, 204, 404, 409, 412).ConfigureAwait(false);
        var code = ErrorCode(response);
        switch (response.Status)
        {
            case 404:
                ThrowIfTableMissing(response, operation);
                return new TableWriteResult(TableWriteOutcome.NotFound, null, code);
            case 409:
                return new TableWriteResult(TableWriteOutcome.Conflict, null, code);
            case 412:
                return new TableWriteResult(TableWriteOutcome.PreconditionFailed, null, code);
            default:
                return new TableWriteResult(TableWriteOutcome.Succeeded, response.Headers.ETag?.ToString(), null);
        }
    }

    // A missing table is a deployment or programming error, not an outcome to branch on.
    private static void ThrowIfTableMissing(Response response, string operation)
    {
        if (ErrorCode(response) == "TableNotFound")
        {
            throw StorageRequestException.FromResponse(response, operation);
        }
    }

    private static string? ErrorCode(Response response)
    {
        if (response.Headers.TryGetValue("x-ms-error-code", out var code))
        {
            return code;
        }
        var body = response.Content?.ToString();
        return string.IsNullOrWhiteSpace(body) ? null : StorageErrorBody.Parse(body).Code;
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    private static partial Regex TableNamePattern();

    private sealed class EntityTable(StorageTableClient client, string name) : IEntityTable
    {
        public string Name => name;

        public Task<bool> CreateIfNotExistsAsync(CancellationToken cancellationToken = default) =>
            client.CreateTableIfNotExistsAsync(name, cancellationToken);

        public Task<TableEntity?> GetAsync(string partitionKey, string rowKey, IReadOnlyList<string>? properties = null, CancellationToken cancellationToken = default) =>
            client.GetEntityAsync(name, partitionKey, rowKey, properties, cancellationToken);

        public Task<TableWriteResult> InsertAsync(TableEntity entity, CancellationToken cancellationToken = default) =>
            client.InsertEntityAsync(name, entity, cancellationToken);

        public Task<TableWriteResult> UpsertAsync(TableEntity entity, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken cancellationToken = default) =>
            client.UpsertEntityAsync(name, entity, mode, cancellationToken);

        public Task<TableWriteResult> UpdateAsync(TableEntity entity, string ifMatch, TableUpdateMode mode = TableUpdateMode.Replace, CancellationToken cancellationToken = default) =>
            client.UpdateEntityAsync(name, entity, ifMatch, mode, cancellationToken);

        public Task<TableWriteResult> DeleteAsync(string partitionKey, string rowKey, string ifMatch = "*", CancellationToken cancellationToken = default) =>
            client.DeleteEntityAsync(name, partitionKey, rowKey, ifMatch, cancellationToken);

        public IAsyncEnumerable<TableEntity> QueryAsync(TableFilter? filter = null, IReadOnlyList<string>? properties = null, int? maxPerPage = null, CancellationToken cancellationToken = default) =>
            client.QueryAsync(name, filter, properties, maxPerPage, cancellationToken);

        public Task<TablePage> QueryPageAsync(TableFilter? filter, IReadOnlyList<string>? properties, int? maxPerPage, TableContinuation? continuation, CancellationToken cancellationToken = default) =>
            client.QueryPageAsync(name, filter, properties, maxPerPage, continuation, cancellationToken);

        public Task<TableTransactionResult> SubmitTransactionAsync(IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken = default) =>
            client.SubmitTransactionAsync(name, actions, cancellationToken);
    }
}
