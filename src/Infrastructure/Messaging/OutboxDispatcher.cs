using Azure;
using Azure.Data.Tables;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Logging;

namespace NoOneLeftBehind.Infrastructure.Messaging;

/// <summary>A table whose partitions may hold outbox rows (registered by the feature that writes them).</summary>
/// <param name="Name">The table name.</param>
public sealed record OutboxTable(string Name);

/// <summary>
/// Sends the outbox rows to the Service Bus topic and deletes them. A row is deleted only after the send
/// succeeded, and deleted with its ETag; a crash between the two sends it again with the same <c>MessageId</c>, which
/// the topic's duplicate detection drops — so an event is published at least once and delivered once.
/// </summary>
public sealed partial class OutboxDispatcher(
    TableServiceClient tables,
    IEnumerable<OutboxTable> outboxTables,
    ServiceBusSender sender,
    ILogger<OutboxDispatcher> logger)
{
    /// <summary>Rows sent per pass at most; the next pass (a minute later, or at once if asked) takes the rest.</summary>
    public const int MaxPerPass = 500;

    /// <summary>Sends what is pending; returns how many events were sent.</summary>
    public async Task<int> DispatchAsync(CancellationToken cancellationToken = default)
    {
        var sent = 0;
        foreach (var name in outboxTables.Select(t => t.Name).Distinct(StringComparer.Ordinal))
        {
            var table = tables.GetTableClient(name);
            var pending = new List<TableEntity>();
            try
            {
                // Outbox rows sit beside the state they report, in every partition: one range over the row keys.
                var filter = TableClient.CreateQueryFilter($"RowKey ge {Outbox.RowKeyPrefix} and RowKey lt {Outbox.RowKeyPrefix + "~"}");
                await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: 100, cancellationToken: cancellationToken).ConfigureAwait(false))
                {
                    pending.Add(row);
                    if (pending.Count >= MaxPerPass) break;
                }
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                continue; // the table does not exist yet: nothing was ever written to it
            }
            if (pending.Count == 0) continue;
            sent += await SendAsync(table, pending, cancellationToken).ConfigureAwait(false);
        }
        return sent;
    }

    private async Task<int> SendAsync(TableClient table, List<TableEntity> rows, CancellationToken cancellationToken)
    {
        var sent = 0;
        var queue = new Queue<TableEntity>(rows);
        while (queue.Count > 0)
        {
            using var batch = await sender.CreateMessageBatchAsync(cancellationToken).ConfigureAwait(false);
            var inBatch = new List<TableEntity>();
            while (queue.Count > 0 && batch.TryAddMessage(Message(queue.Peek())))
                inBatch.Add(queue.Dequeue());
            if (inBatch.Count == 0)
            {
                // One event larger than a whole batch: it can never be sent; say so and leave it for an operator.
                var tooLarge = queue.Dequeue();
                LogTooLarge(logger, tooLarge.RowKey, table.Name);
                continue;
            }
            await sender.SendMessagesAsync(batch, cancellationToken).ConfigureAwait(false);
            foreach (var row in inBatch)
            {
                try
                {
                    await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, row.ETag, cancellationToken).ConfigureAwait(false);
                }
                catch (RequestFailedException ex) when (ex.Status is 404 or 412)
                {
                    // Another dispatcher sent and removed it too: the topic drops the duplicate.
                }
            }
            sent += inBatch.Count;
        }
        LogSent(logger, sent, table.Name);
        return sent;
    }

    /// <summary>The Service Bus message of an outbox row: the CloudEvent as the body, its id as the MessageId.</summary>
    public static ServiceBusMessage Message(TableEntity row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var id = row.RowKey[Outbox.RowKeyPrefix.Length..];
        return new ServiceBusMessage(BinaryData.FromString(row.GetString("Event") ?? "{}"))
        {
            MessageId = id,
            ContentType = IntegrationEvent.ContentType,
            Subject = row.GetString("EventType"),
        };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Published {Count} integration event(s) from table {Table}.")]
    private static partial void LogSent(ILogger logger, int count, string table);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox row {RowKey} of table {Table} is larger than a Service Bus batch and cannot be sent; it is left in place.")]
    private static partial void LogTooLarge(ILogger logger, string rowKey, string table);
}
