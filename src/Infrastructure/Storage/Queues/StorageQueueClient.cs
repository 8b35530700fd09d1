using System.Globalization;
using System.Security;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Azure;
using Azure.Core;
using NoOneLeftBehind.Infrastructure.Storage.Core;

namespace NoOneLeftBehind.Infrastructure.Storage.Queues;

/// <summary>
/// Queue service REST client on Azure.Core; stands in for Azure.Storage.Queues' QueueClient. Message text is
/// base64-encoded UTF-8 on the wire, which is what the Functions host's queue trigger expects by default.
/// </summary>
public sealed partial class StorageQueueClient : StorageRestClient, IMessageQueueFactory
{
    /// <summary>The service's limit on a message body (after base64).</summary>
    public const int MaxEncodedMessageLength = 64 * 1024;

    public StorageQueueClient(StorageAccount account, StorageClientOptions? options = null)
        : base(account, StorageService.Queue, options)
    {
    }

    public IMessageQueue GetQueue(string queueName)
    {
        ValidateQueueName(queueName);
        return new MessageQueue(this, queueName);
    }

    /// <summary>Creates the queue; true when this call created it.</summary>
    public async Task<bool> CreateQueueIfNotExistsAsync(string queueName, CancellationToken cancellationToken = default)
    {
        ValidateQueueName(queueName);
        using var message = CreateMessage(RequestMethod.Put, BuildUri(queueName));
        var response = await SendAsync(message, $"Create Queue {queueName}", cancellationToken, 201, 204).ConfigureAwait(false);
        return response.Status == 201;
    }

    public async Task<bool> DeleteQueueAsync(string queueName, CancellationToken cancellationToken = default)
    {
        ValidateQueueName(queueName);
        using var message = CreateMessage(RequestMethod.Delete, BuildUri(queueName));
        var response = await SendAsync(message, $"Delete Queue {queueName}", cancellationToken, 204, 404).ConfigureAwait(false);
        return response.Status == 204;
    }

    /// <summary>Puts a message; its text is sent base64-encoded.</summary>
    /// <param name="queueName">The queue.</param>
    /// <param name="text">Any text; at most 48 KiB of UTF-8 (64 KiB once encoded).</param>
    /// <param name="visibilityDelay">Hidden this long before the first receive (0 to 7 days).</param>
    /// <param name="timeToLive">Null: the service default (7 days); <see cref="Timeout.InfiniteTimeSpan"/>: never expires.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<SentMessage> SendAsync(string queueName, string text, TimeSpan? visibilityDelay = null, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default)
    {
        ValidateQueueName(queueName);
        ArgumentNullException.ThrowIfNull(text);
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
        if (encoded.Length > MaxEncodedMessageLength)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The message is {encoded.Length} characters once base64-encoded; a queue message holds at most {MaxEncodedMessageLength}."), nameof(text));
        }
        if (visibilityDelay is { } delay && (delay < TimeSpan.Zero || delay > TimeSpan.FromDays(7)))
        {
            throw new ArgumentOutOfRangeException(nameof(visibilityDelay), delay, "The visibility delay is between 0 and 7 days.");
        }
        string? ttl = timeToLive switch
        {
            null => null,
            { } t when t == Timeout.InfiniteTimeSpan => "-1",
            { } t when t > TimeSpan.Zero => Seconds(t),
            { } t => throw new ArgumentOutOfRangeException(nameof(timeToLive), t, "The time to live is positive (or infinite)."),
        };
        using var message = CreateMessage(RequestMethod.Post, BuildUri(queueName + "/messages",
        [
            new("visibilitytimeout", visibilityDelay is { } d ? Seconds(d) : null),
            new("messagettl", ttl),
        ]));
        message.Request.Headers.SetValue("Content-Type", "application/xml");
        message.Request.Content = RequestContent.Create(Encoding.UTF8.GetBytes($"<QueueMessage><MessageText>{encoded}</MessageText></QueueMessage>"));
        var response = await SendAsync(message, $"Put Message {queueName}", cancellationToken, 201).ConfigureAwait(false);
        var m = Messages(response).Single();
        return new SentMessage(
            Text(m, "MessageId"), Text(m, "PopReceipt"),
            ParseHttpDate(Text(m, "InsertionTime")), ParseHttpDate(Text(m, "ExpirationTime")), ParseHttpDate(Text(m, "TimeNextVisible")));
    }

    public async Task<IReadOnlyList<ReceivedMessage>> ReceiveAsync(string queueName, int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default)
    {
        ValidateQueueName(queueName);
        ValidateCount(maxMessages);
        ValidateVisibility(visibilityTimeout, allowZero: false);
        using var message = CreateMessage(RequestMethod.Get, BuildUri(queueName + "/messages",
        [
            new("numofmessages", maxMessages.ToString(CultureInfo.InvariantCulture)),
            new("visibilitytimeout", Seconds(visibilityTimeout)),
        ]));
        var response = await SendAsync(message, $"Get Messages {queueName}", cancellationToken, 200).ConfigureAwait(false);
        return Messages(response).Select(m => new ReceivedMessage(
            Text(m, "MessageId"), Text(m, "PopReceipt"), Decode(Text(m, "MessageText")),
            long.Parse(Text(m, "DequeueCount"), CultureInfo.InvariantCulture),
            ParseHttpDate(Text(m, "InsertionTime")), ParseHttpDate(Text(m, "ExpirationTime")), ParseHttpDate(Text(m, "TimeNextVisible")))).ToList();
    }

    public async Task<IReadOnlyList<PeekedMessage>> PeekAsync(string queueName, int maxMessages, CancellationToken cancellationToken = default)
    {
        ValidateQueueName(queueName);
        ValidateCount(maxMessages);
        using var message = CreateMessage(RequestMethod.Get, BuildUri(queueName + "/messages",
        [
            new("peekonly", "true"),
            new("numofmessages", maxMessages.ToString(CultureInfo.InvariantCulture)),
        ]));
        var response = await SendAsync(message, $"Peek Messages {queueName}", cancellationToken, 200).ConfigureAwait(false);
        return Messages(response).Select(m => new PeekedMessage(
            Text(m, "MessageId"), Decode(Text(m, "MessageText")),
            long.Parse(Text(m, "DequeueCount"), CultureInfo.InvariantCulture),
            ParseHttpDate(Text(m, "InsertionTime")), ParseHttpDate(Text(m, "ExpirationTime")))).ToList();
    }

    /// <summary>Changes when the message becomes visible again (0 = now); returns the new pop receipt.</summary>
    public async Task<string> UpdateVisibilityAsync(string queueName, string messageId, string popReceipt, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default)
    {
        ValidateQueueName(queueName);
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        ArgumentException.ThrowIfNullOrEmpty(popReceipt);
        ValidateVisibility(visibilityTimeout, allowZero: true);
        using var message = CreateMessage(RequestMethod.Put, BuildUri($"{queueName}/messages/{Uri.EscapeDataString(messageId)}",
        [
            new("popreceipt", popReceipt),
            new("visibilitytimeout", Seconds(visibilityTimeout)),
        ]));
        var response = await SendAsync(message, $"Update Message {queueName}", cancellationToken, 204).ConfigureAwait(false);
        return Header(response, "x-ms-popreceipt");
    }

    public async Task DeleteMessageAsync(string queueName, string messageId, string popReceipt, CancellationToken cancellationToken = default)
    {
        ValidateQueueName(queueName);
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        ArgumentException.ThrowIfNullOrEmpty(popReceipt);
        using var message = CreateMessage(RequestMethod.Delete, BuildUri($"{queueName}/messages/{Uri.EscapeDataString(messageId)}", [new("popreceipt", popReceipt)]));
        await SendAsync(message, $"Delete Message {queueName}", cancellationToken, 204).ConfigureAwait(false);
    }

    public async Task ClearAsync(string queueName, CancellationToken cancellationToken = default)
    {
        ValidateQueueName(queueName);
        using var message = CreateMessage(RequestMethod.Delete, BuildUri(queueName + "/messages"));
        await SendAsync(message, $"Clear Messages {queueName}", cancellationToken, 204).ConfigureAwait(false);
    }

    public async Task<int> GetApproximateCountAsync(string queueName, CancellationToken cancellationToken = default)
    {
        ValidateQueueName(queueName);
        using var message = CreateMessage(RequestMethod.Get, BuildUri(queueName, [new("comp", "metadata")]));
        var response = await SendAsync(message, $"Get Queue Metadata {queueName}", cancellationToken, 200).ConfigureAwait(false);
        return int.Parse(Header(response, "x-ms-approximate-messages-count"), CultureInfo.InvariantCulture);
    }

    /// <summary>Cheap authenticated call for the health probe: list queues, one result.</summary>
    internal async Task ProbeAsync(CancellationToken cancellationToken)
    {
        using var message = CreateMessage(RequestMethod.Get, BuildUri("", [new("comp", "list"), new("maxresults", "1")]));
        await SendAsync(message, "List Queues", cancellationToken, 200).ConfigureAwait(false);
    }

    internal static void ValidateQueueName(string queueName)
    {
        ArgumentException.ThrowIfNullOrEmpty(queueName);
        if (!QueueNamePattern().IsMatch(queueName) || queueName.Contains("--", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{queueName}' is not a valid queue name (3-63 lowercase letters, digits and single hyphens).", nameof(queueName));
        }
    }

    /// <summary>
    /// Base64 → UTF-8 text. A body that is not base64 (sent by a tool that does not encode) is returned as it is,
    /// rather than failing the receive.
    /// </summary>
    internal static string Decode(string body)
    {
        var buffer = new byte[body.Length];
        if (Convert.TryFromBase64String(body, buffer, out var written))
        {
            try
            {
                return new UTF8Encoding(false, true).GetString(buffer, 0, written);
            }
            catch (DecoderFallbackException)
            {
                return body;
            }
        }
        return body;
    }

    private static IEnumerable<XElement> Messages(Response response) =>
        XDocument.Parse(response.Content.ToString()).Root?.Elements("QueueMessage") ?? [];

    private static string Text(XElement message, string name) =>
        message.Element(name)?.Value ?? throw new StorageRequestException($"Queue message without {name}: {SecurityElement.Escape(message.ToString())}");

    private static void ValidateCount(int maxMessages)
    {
        if (maxMessages is < 1 or > 32)
        {
            throw new ArgumentOutOfRangeException(nameof(maxMessages), maxMessages, "Between 1 and 32 messages at a time.");
        }
    }

    private static void ValidateVisibility(TimeSpan visibilityTimeout, bool allowZero)
    {
        if (visibilityTimeout < (allowZero ? TimeSpan.Zero : TimeSpan.FromSeconds(1)) || visibilityTimeout > TimeSpan.FromDays(7))
        {
            throw new ArgumentOutOfRangeException(nameof(visibilityTimeout), visibilityTimeout, "The visibility timeout is between 1 second (0 for updates) and 7 days.");
        }
    }

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{1,61})[a-z0-9]$")]
    private static partial Regex QueueNamePattern();

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "Implements IMessageQueue.")]
    private sealed class MessageQueue(StorageQueueClient client, string name) : IMessageQueue
    {
        public string Name => name;

        public async Task CreateIfNotExistsAsync(CancellationToken cancellationToken = default) =>
            await client.CreateQueueIfNotExistsAsync(name, cancellationToken).ConfigureAwait(false);

        public Task<SentMessage> SendAsync(string text, TimeSpan? visibilityDelay = null, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default) =>
            client.SendAsync(name, text, visibilityDelay, timeToLive, cancellationToken);

        public Task<IReadOnlyList<ReceivedMessage>> ReceiveAsync(int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default) =>
            client.ReceiveAsync(name, maxMessages, visibilityTimeout, cancellationToken);

        public Task<string> UpdateVisibilityAsync(string messageId, string popReceipt, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default) =>
            client.UpdateVisibilityAsync(name, messageId, popReceipt, visibilityTimeout, cancellationToken);

        public Task DeleteAsync(string messageId, string popReceipt, CancellationToken cancellationToken = default) =>
            client.DeleteMessageAsync(name, messageId, popReceipt, cancellationToken);

        public Task<IReadOnlyList<PeekedMessage>> PeekAsync(int maxMessages, CancellationToken cancellationToken = default) =>
            client.PeekAsync(name, maxMessages, cancellationToken);

        public Task<int> GetApproximateCountAsync(CancellationToken cancellationToken = default) =>
            client.GetApproximateCountAsync(name, cancellationToken);
    }
}
