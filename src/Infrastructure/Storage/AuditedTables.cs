using System.Globalization;
using Azure;
using Azure.Data.Tables;

namespace NoOneLeftBehind.Infrastructure.Storage;

/// <summary>
/// A table of current rows and its append-only audit table, created on first use: what the unit-scope and
/// nominating-body stores share. Audit rows are keyed inverted ticks + a GUID, so a partition reads newest first.
/// </summary>
public sealed class AuditedTables : IDisposable
{
    private readonly SemaphoreSlim _createLock = new(1, 1);
    private volatile bool _created;

    /// <summary>The tables <paramref name="currentTable"/> and <paramref name="auditTable"/> of <paramref name="tables"/>.</summary>
    public AuditedTables(TableServiceClient tables, string currentTable, string auditTable)
    {
        ArgumentNullException.ThrowIfNull(tables);
        Current = tables.GetTableClient(currentTable);
        Audit = tables.GetTableClient(auditTable);
    }

    /// <summary>The current rows.</summary>
    public TableClient Current { get; }

    /// <summary>The audit rows.</summary>
    public TableClient Audit { get; }

    /// <summary>Creates both tables once.</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        if (_created) return;
        await _createLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_created) return;
            await Current.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
            await Audit.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
            _created = true;
        }
        finally
        {
            _createLock.Release();
        }
    }

    /// <summary>The current row, or null.</summary>
    public async Task<TableEntity?> GetAsync(string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        var found = await Current.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        return found.HasValue ? found.Value : null;
    }

    /// <summary>
    /// Appends an audit row in <paramref name="partitionKey"/> for a change made <paramref name="at"/> with <paramref name="fields"/>.
    /// A failed audit must not be silent: it throws <see cref="InvalidOperationException"/> naming <paramref name="what"/>.
    /// </summary>
    public async Task AppendAuditAsync(string partitionKey, DateTimeOffset at, IReadOnlyDictionary<string, object?> fields, string what, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fields);
        // Inverted ticks: the newest row sorts first in its partition.
        var rowKey = string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks:D19}_{Guid.NewGuid():N}");
        var entity = new TableEntity(partitionKey, rowKey) { ["At"] = at };
        foreach (var (name, value) in fields)
        {
            if (value is not null) entity[name] = value;
        }
        // The service cannot hand us a conflict on a fresh GUID key; the write is not cancelled half-way.
        try
        {
            await Audit.AddEntityAsync(entity, CancellationToken.None).ConfigureAwait(false);
        }
        catch (RequestFailedException ex)
        {
            throw new InvalidOperationException($"The audit row for {what} could not be written ({ex.Status} {ex.ErrorCode}).", ex);
        }
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <inheritdoc />
    public void Dispose() => _createLock.Dispose();
}
