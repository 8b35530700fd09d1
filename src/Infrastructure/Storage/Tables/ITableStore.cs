namespace NoOneLeftBehind.Infrastructure.Storage.Tables;

/// <summary>Hands out tables by name. Features depend on this and <see cref="IEntityTable"/>, not on the REST client.</summary>
public interface ITableStore
{
    IEntityTable GetTable(string tableName);
}

/// <summary>
/// One table. Expected outcomes (missing entity, key already taken, stale ETag) come back as
/// <see cref="TableWriteResult"/> or <c>null</c>; anything else throws <see cref="Core.StorageRequestException"/>.
/// </summary>
public interface IEntityTable
{
    string Name { get; }

    /// <summary>Creates the table; true when it was created by this call.</summary>
    Task<bool> CreateIfNotExistsAsync(CancellationToken cancellationToken = default);

    /// <summary>The entity, or null when there is none with these keys.</summary>
    Task<TableEntity?> GetAsync(string partitionKey, string rowKey, IReadOnlyList<string>? properties = null, CancellationToken cancellationToken = default);

    /// <summary>Inserts; <see cref="TableWriteOutcome.Conflict"/> when the keys are taken.</summary>
    Task<TableWriteResult> InsertAsync(TableEntity entity, CancellationToken cancellationToken = default);

    /// <summary>Insert-or-merge or insert-or-replace, unconditionally.</summary>
    Task<TableWriteResult> UpsertAsync(TableEntity entity, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken cancellationToken = default);

    /// <summary>Updates an existing entity if its ETag still is <paramref name="ifMatch"/> (<c>*</c>: any version).</summary>
    Task<TableWriteResult> UpdateAsync(TableEntity entity, string ifMatch, TableUpdateMode mode = TableUpdateMode.Replace, CancellationToken cancellationToken = default);

    Task<TableWriteResult> DeleteAsync(string partitionKey, string rowKey, string ifMatch = "*", CancellationToken cancellationToken = default);

    /// <summary>Every matching entity, following continuation tokens (pages may be empty). <paramref name="properties"/> limits the properties returned ($select); the keys always come back.</summary>
    IAsyncEnumerable<TableEntity> QueryAsync(TableFilter? filter = null, IReadOnlyList<string>? properties = null, int? maxPerPage = null, CancellationToken cancellationToken = default);

    /// <summary>One page; pass <see cref="TablePage.Continuation"/> back for the next.</summary>
    Task<TablePage> QueryPageAsync(TableFilter? filter, IReadOnlyList<string>? properties, int? maxPerPage, TableContinuation? continuation, CancellationToken cancellationToken = default);

    /// <summary>Up to 100 operations on one partition, applied all or nothing.</summary>
    Task<TableTransactionResult> SubmitTransactionAsync(IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken = default);
}

public enum TableUpdateMode
{
    /// <summary>Keeps properties the entity does not mention.</summary>
    Merge,

    /// <summary>The entity becomes exactly what is sent.</summary>
    Replace,
}

public enum TableWriteOutcome
{
    Succeeded,

    /// <summary>404: no entity with these keys.</summary>
    NotFound,

    /// <summary>409: an entity with these keys already exists.</summary>
    Conflict,

    /// <summary>412: the entity changed since the ETag was read.</summary>
    PreconditionFailed,
}

/// <summary>How a write went; <see cref="ETag"/> is the new version when it succeeded.</summary>
public readonly record struct TableWriteResult(TableWriteOutcome Outcome, string? ETag, string? ErrorCode)
{
    public bool Succeeded => Outcome == TableWriteOutcome.Succeeded;
}

/// <summary>Where the next page of a query starts.</summary>
public sealed record TableContinuation(string NextPartitionKey, string? NextRowKey);

public sealed record TablePage(IReadOnlyList<TableEntity> Entities, TableContinuation? Continuation);

public enum TableTransactionActionType
{
    Insert,
    UpsertMerge,
    UpsertReplace,
    UpdateMerge,
    UpdateReplace,
    Delete,
}

/// <summary>One operation of an entity-group transaction. <see cref="ETag"/> applies to updates and deletes (default <c>*</c>).</summary>
public sealed record TableTransactionAction(TableTransactionActionType ActionType, TableEntity Entity, string? ETag = null);

/// <summary>
/// The result of a transaction. When it failed nothing was written; <see cref="FailedIndex"/> is the (0-based)
/// action the service rejected, with its status and error code.
/// </summary>
public sealed record TableTransactionResult(
    bool Succeeded,
    IReadOnlyList<string?> ETags,
    int? FailedIndex,
    int? FailedStatus,
    string? ErrorCode,
    string? ErrorMessage);
