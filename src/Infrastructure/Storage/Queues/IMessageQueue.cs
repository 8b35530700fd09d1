namespace NoOneLeftBehind.Infrastructure.Storage.Queues;

/// <summary>Hands out queues by name; the features and the local trigger runner depend on this, not on the REST client.</summary>
public interface IMessageQueueFactory
{
    IMessageQueue GetQueue(string queueName);
}

/// <summary>
/// One storage queue with the Functions host's semantics: message text travels base64-encoded,
/// a received message is leased for the visibility timeout and must be deleted with its pop receipt.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "It is a message queue; the name is the contract the trigger runner codes against.")]
public interface IMessageQueue
{
    string Name { get; }

    Task CreateIfNotExistsAsync(CancellationToken cancellationToken = default);

    Task<SentMessage> SendAsync(string text, TimeSpan? visibilityDelay = null, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ReceivedMessage>> ReceiveAsync(int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default);

    /// <summary>Extends or shortens the lease; returns the new pop receipt (the old one stops working).</summary>
    Task<string> UpdateVisibilityAsync(string messageId, string popReceipt, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default);

    Task DeleteAsync(string messageId, string popReceipt, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<PeekedMessage>> PeekAsync(int maxMessages, CancellationToken cancellationToken = default);

    Task<int> GetApproximateCountAsync(CancellationToken cancellationToken = default);
}

public sealed record SentMessage(string MessageId, string PopReceipt, DateTimeOffset InsertionTime, DateTimeOffset ExpirationTime, DateTimeOffset NextVisibleTime);

public sealed record ReceivedMessage(string MessageId, string PopReceipt, string Text, long DequeueCount, DateTimeOffset InsertionTime, DateTimeOffset ExpirationTime, DateTimeOffset NextVisibleTime);

public sealed record PeekedMessage(string MessageId, string Text, long DequeueCount, DateTimeOffset InsertionTime, DateTimeOffset ExpirationTime);
