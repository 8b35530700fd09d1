using System.Diagnostics;
using System.Globalization;
using Azure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace NoOneLeftBehind.Infrastructure.Storage;

/// <summary>Whether the app can reach and use each storage service right now.</summary>
public interface IStorageHealthProbe
{
    /// <summary>One entry per service (blob, queue, table). Never throws; each check gives up after a short timeout.</summary>
    Task<IReadOnlyList<StorageServiceHealth>> CheckAsync(CancellationToken cancellationToken = default);
}

/// <param name="Service"><c>blob</c>, <c>queue</c> or <c>table</c>.</param>
/// <param name="Reachable">True when an authorised call succeeded.</param>
/// <param name="Reason"><c>ok</c>, or why not (refused, timed out, HTTP status and error code, configuration).</param>
/// <param name="Elapsed">How long the check took.</param>
public sealed record StorageServiceHealth(string Service, bool Reachable, string Reason, TimeSpan Elapsed);

/// <summary>
/// Makes one cheap authorised call per service (list with one result) through pipelines without retries whose
/// network timeout is the probe timeout, so a closed port or a hung service is reported within about that time.
/// </summary>
public sealed partial class StorageHealthProbe : IStorageHealthProbe
{
    private readonly Func<StorageAccount> _account;
    private readonly TimeSpan _timeout;
    private readonly ILogger _logger;
    private (BlobServiceClient Blob, QueueServiceClient Queue, TableServiceClient Table)? _clients;

    public StorageHealthProbe(Func<StorageAccount> account, TimeSpan timeout, ILogger<StorageHealthProbe>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(account);
        _account = account;
        _timeout = timeout;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    public async Task<IReadOnlyList<StorageServiceHealth>> CheckAsync(CancellationToken cancellationToken = default)
    {
        (BlobServiceClient Blob, QueueServiceClient Queue, TableServiceClient Table) clients;
        try
        {
            clients = _clients ??= CreateClients();
        }
#pragma warning disable CA1031 // The probe reports; it must not throw, whatever the configuration holds.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var reason = "configuration: " + ex.Message;
            LogUnhealthy(_logger, "all", reason);
            return [new("blob", false, reason, TimeSpan.Zero), new("queue", false, reason, TimeSpan.Zero), new("table", false, reason, TimeSpan.Zero)];
        }
        var results = await Task.WhenAll(
            CheckOneAsync("blob", async ct => { await foreach (var _ in clients.Blob.GetBlobContainersAsync(cancellationToken: ct).AsPages(pageSizeHint: 1).ConfigureAwait(false)) break; }, cancellationToken),
            CheckOneAsync("queue", async ct => { await foreach (var _ in clients.Queue.GetQueuesAsync(cancellationToken: ct).AsPages(pageSizeHint: 1).ConfigureAwait(false)) break; }, cancellationToken),
            CheckOneAsync("table", async ct => { await foreach (var _ in clients.Table.QueryAsync(maxPerPage: 1, cancellationToken: ct).AsPages(pageSizeHint: 1).ConfigureAwait(false)) break; }, cancellationToken)).ConfigureAwait(false);
        return results;
    }

    // No retries, and a network timeout of the probe's: a closed port or a hung service is reported within about that time.
    private (BlobServiceClient, QueueServiceClient, TableServiceClient) CreateClients()
    {
        var account = _account();
        var blob = new BlobClientOptions();
        var queue = new QueueClientOptions();
        var table = new TableClientOptions();
        foreach (var options in new Azure.Core.ClientOptions[] { blob, queue, table })
        {
            options.Retry.MaxRetries = 0;
            options.Retry.NetworkTimeout = _timeout;
        }
        return (account.CreateBlobServiceClient(blob), account.CreateQueueServiceClient(queue), account.CreateTableServiceClient(table));
    }

    private async Task<StorageServiceHealth> CheckOneAsync(string service, Func<CancellationToken, Task> probe, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        string reason;
        try
        {
            await probe(timeout.Token).ConfigureAwait(false);
            return new StorageServiceHealth(service, true, "ok", Stopwatch.GetElapsedTime(started));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            reason = string.Create(CultureInfo.InvariantCulture, $"timed out after {_timeout.TotalSeconds:0.#}s");
        }
        catch (OperationCanceledException)
        {
            reason = "cancelled";
        }
        catch (RequestFailedException ex) when (ex.Status != 0)
        {
            reason = string.IsNullOrEmpty(ex.ErrorCode) ? $"HTTP {ex.Status}" : $"HTTP {ex.Status} {ex.ErrorCode}";
        }
        catch (RequestFailedException ex)
        {
            reason = Innermost(ex);
        }
#pragma warning disable CA1031 // The probe reports; it must not throw (credential failures, DNS, TLS…).
        catch (Exception ex)
#pragma warning restore CA1031
        {
            reason = Innermost(ex);
        }
        LogUnhealthy(_logger, service, reason);
        return new StorageServiceHealth(service, false, reason, Stopwatch.GetElapsedTime(started));
    }

    private static string Innermost(Exception ex)
    {
        while (ex.InnerException is not null)
        {
            ex = ex.InnerException;
        }
        var message = ex.Message.Split('\n', 2)[0].Trim();
        return message.Length > 200 ? message[..200] : message;
    }

    [LoggerMessage(EventId = 4100, Level = LogLevel.Warning, Message = "Storage service {Service} is not usable: {Reason}")]
    private static partial void LogUnhealthy(ILogger logger, string service, string reason);
}
