using System.Collections.Concurrent;
using Azure.Storage.Queues;

namespace NoOneLeftBehind.FunctionsHost;

/// <summary>
/// Queue clients for a binding's <c>connection</c> (default <c>AzureWebJobsStorage</c>): the app setting of that name,
/// <c>AzureWebJobs&lt;name&gt;</c>, or local.settings.json's <c>ConnectionStrings</c>, holding a connection string
/// (identity-based <c>&lt;name&gt;__queueServiceUri</c> connections are not supported here); encoded as host.json's
/// <c>messageEncoding</c> says.
/// </summary>
internal sealed class StorageClients(AppSettings settings, HostJson hostJson)
{
    private readonly ConcurrentDictionary<(string Connection, bool Raw), QueueServiceClient> _services = new();

    /// <summary>The client of a queue for a binding's connection (raw: no base64, for messages that do not decode).</summary>
    /// <exception cref="InvalidOperationException">The connection names no setting.</exception>
    public QueueClient Queue(string? connection, string queueName, bool raw = false) =>
        _services.GetOrAdd((string.IsNullOrWhiteSpace(connection) ? "AzureWebJobsStorage" : connection, raw), key =>
        {
            var connectionString = settings.Get(key.Connection) ?? settings.Get("AzureWebJobs" + key.Connection) ?? settings.Get("ConnectionStrings__" + key.Connection)
                ?? throw new InvalidOperationException($"The connection setting '{key.Connection}' is not set (local.settings.json Values or the environment).");
            var options = new QueueClientOptions
            {
                MessageEncoding = key.Raw || !hostJson.Queues.Base64 ? QueueMessageEncoding.None : QueueMessageEncoding.Base64,
            };
            return new QueueServiceClient(connectionString, options);
        }).GetQueueClient(queueName);
}
