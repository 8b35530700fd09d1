using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker.Grpc.Messages;

namespace NoOneLeftBehind.FunctionsHost;

/// <summary>
/// Queue triggers with the semantics of host.json's <c>extensions.queues</c>: up to <c>batchSize</c> messages are
/// fetched at once and run in parallel, a new batch is fetched once no more than <c>newBatchThreshold</c> are still
/// running, an empty queue is polled with a back-off that doubles up to <c>maxPollingInterval</c>. A message stays
/// invisible while it runs (lease renewed); success deletes it; failure makes it visible again after
/// <c>visibilityTimeout</c>; after <c>maxDequeueCount</c> attempts it moves to <c>&lt;queue&gt;-poison</c>. A worker that
/// dies mid-invocation fails the attempt, so the message comes back after <c>visibilityTimeout</c>. At-least-once.
/// </summary>
internal sealed partial class QueueTriggers(
    WorkerSupervisor supervisor,
    StorageClients storage,
    HostJson hostJson,
    AppSettings settings,
    FunctionsHostOptions options,
    TimeProvider time,
    ILogger<QueueTriggers> logger) : BackgroundService
{
    private QueueSettings Settings => hostJson.Queues;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var listeners = new List<Task>();
        foreach (var function in await supervisor.TriggeredByAsync("queueTrigger", stoppingToken).ConfigureAwait(false))
        {
            string queueName;
            QueueClient queue, poison, rawPoison;
            try
            {
                queueName = settings.Resolve(function.Trigger.Text("queueName") ?? throw new InvalidOperationException("queueName is missing."));
                var connection = function.Trigger.Text("connection");
                // Received raw and decoded here, so that a message that is not base64 can go to -poison instead of failing the batch.
                queue = storage.Queue(connection, queueName, raw: true);
                poison = storage.Queue(connection, queueName + "-poison");
                rawPoison = storage.Queue(connection, queueName + "-poison", raw: true);
            }
            catch (InvalidOperationException ex)
            {
                LogCannotListen(logger, ex, function.Name);
                continue;
            }
            listeners.Add(ListenAsync(function, queue, poison, rawPoison, stoppingToken));
            LogListening(logger, function.Name, queueName);
        }
        await Task.WhenAll(listeners).ConfigureAwait(false);
    }

    private async Task ListenAsync(IndexedFunction function, QueueClient queue, QueueClient poison, QueueClient rawPoison, CancellationToken stoppingToken)
    {
        var inFlight = 0;
        using var finished = new SemaphoreSlim(0);
        var backoff = new PollingBackoff(Settings.MaxPollingInterval);
        var created = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!created)
                {
                    await queue.CreateIfNotExistsAsync(cancellationToken: stoppingToken).ConfigureAwait(false);
                    await poison.CreateIfNotExistsAsync(cancellationToken: stoppingToken).ConfigureAwait(false);
                    created = true;
                }
                while (Volatile.Read(ref inFlight) > Settings.NewBatchThreshold) await finished.WaitAsync(stoppingToken).ConfigureAwait(false);
                await supervisor.WaitForWorkerAsync(stoppingToken).ConfigureAwait(false);
                var received = await queue.ReceiveMessagesAsync(Math.Clamp(Settings.BatchSize, 1, 32), options.QueueLease, stoppingToken).ConfigureAwait(false);
                var batch = await DecodedAsync(queue, rawPoison, received.Value, stoppingToken).ConfigureAwait(false);
                if (received.Value.Length == 0)
                {
                    // An empty queue: back off (PollingBackoff); a message of this function finishing meanwhile wakes the
                    // listener, which polls at once, and the waits after that start short.
                    if (await IdleAsync(backoff.Empty(), finished, stoppingToken).ConfigureAwait(false)) backoff.Completed();
                    continue;
                }
                backoff.Found();
                foreach (var message in batch)
                {
                    Interlocked.Increment(ref inFlight);
                    _ = ProcessAsync(function, queue, poison, message, stoppingToken).ContinueWith(_ =>
                    {
                        Interlocked.Decrement(ref inFlight);
                        try
                        {
                            finished.Release();
                        }
                        catch (ObjectDisposedException)
                        {
                            // the listener has stopped
                        }
                    }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (RequestFailedException ex)
            {
                LogPollFailed(logger, ex, function.Name, queue.Name);
                await DelayQuietlyAsync(Settings.MaxPollingInterval, stoppingToken).ConfigureAwait(false);
            }
            catch (HttpRequestException ex)
            {
                LogPollFailed(logger, ex, function.Name, queue.Name);
                await DelayQuietlyAsync(Settings.MaxPollingInterval, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Waits <paramref name="idle"/>, or less when one of the listener's messages finishes meanwhile (its completion is then
    /// taken from <paramref name="finished"/>); true when a completion ended the wait.
    /// </summary>
    private async Task<bool> IdleAsync(TimeSpan idle, SemaphoreSlim finished, CancellationToken stoppingToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var delay = Task.Delay(idle, time, stop.Token);
        var completion = finished.WaitAsync(stop.Token);
        var first = await Task.WhenAny(delay, completion).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(delay, completion).ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
        stoppingToken.ThrowIfCancellationRequested();
        return first == completion && completion.IsCompletedSuccessfully;
    }

    /// <summary>
    /// The received messages whose body decodes (base64 when host.json says so); the others go to the poison queue as
    /// they are, as the host does with a message it cannot decode.
    /// </summary>
    private async Task<List<(QueueMessage Message, string Text)>> DecodedAsync(QueueClient queue, QueueClient rawPoison, QueueMessage[] messages, CancellationToken cancellationToken)
    {
        var decoded = new List<(QueueMessage, string)>(messages.Length);
        foreach (var message in messages)
        {
            var raw = message.Body.ToString();
            if (!Settings.Base64)
            {
                decoded.Add((message, raw));
                continue;
            }
            var bytes = new byte[raw.Length];
            if (Convert.TryFromBase64String(raw, bytes, out var length))
            {
                decoded.Add((message, System.Text.Encoding.UTF8.GetString(bytes, 0, length)));
                continue;
            }
            await rawPoison.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            await rawPoison.SendMessageAsync(raw, cancellationToken).ConfigureAwait(false);
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken).ConfigureAwait(false);
            LogUndecodable(logger, message.MessageId, queue.Name, rawPoison.Name);
        }
        return decoded;
    }

    private async Task ProcessAsync(IndexedFunction function, QueueClient queue, QueueClient poison, (QueueMessage Message, string Text) item, CancellationToken stoppingToken)
    {
        var (message, text) = item;
        var popReceipt = message.PopReceipt;
        try
        {
            if (message.DequeueCount > Settings.MaxDequeueCount)
            {
                await MoveToPoisonAsync(function, queue, poison, message, text, popReceipt, stoppingToken).ConfigureAwait(false);
                return;
            }
            bool succeeded;
            using (var renewal = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
            {
                var renewing = RenewAsync(renewal.Token);
                try
                {
                    succeeded = await InvokeAsync(function, message, text, stoppingToken).ConfigureAwait(false);
                }
                finally
                {
                    await renewal.CancelAsync().ConfigureAwait(false);
                    await renewing.ConfigureAwait(false);
                }
            }
            if (!succeeded && (stoppingToken.IsCancellationRequested || supervisor.IsStopping))
            {
                // The host is stopping (it stops the worker first): not the message's fault, so no step towards -poison
                // beyond the receive itself; it comes back at once for the next host.
                await queue.UpdateMessageAsync(message.MessageId, popReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: CancellationToken.None).ConfigureAwait(false);
                return;
            }
            if (succeeded)
                await queue.DeleteMessageAsync(message.MessageId, popReceipt, CancellationToken.None).ConfigureAwait(false);
            else if (message.DequeueCount >= Settings.MaxDequeueCount)
                await MoveToPoisonAsync(function, queue, poison, message, text, popReceipt, CancellationToken.None).ConfigureAwait(false);
            else
                await queue.UpdateMessageAsync(message.MessageId, popReceipt, visibilityTimeout: Settings.VisibilityTimeout, cancellationToken: CancellationToken.None).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // the lease runs out and the message comes back
        }
        catch (RequestFailedException ex)
        {
            // e.g. the lease was lost and another attempt took the message: it is redelivered, at least once
            LogSettleFailed(logger, ex, function.Name, message.MessageId);
        }

        async Task RenewAsync(CancellationToken cancellationToken)
        {
            var every = TimeSpan.FromTicks(Math.Max(options.QueueLease.Ticks / 2, TimeSpan.FromMilliseconds(200).Ticks));
            try
            {
                while (true)
                {
                    await Task.Delay(every, time, cancellationToken).ConfigureAwait(false);
                    var updated = await queue.UpdateMessageAsync(message.MessageId, popReceipt, visibilityTimeout: options.QueueLease, cancellationToken: cancellationToken).ConfigureAwait(false);
                    popReceipt = updated.Value.PopReceipt;
                }
            }
            catch (OperationCanceledException)
            {
                // the invocation finished
            }
            catch (RequestFailedException ex)
            {
                LogRenewFailed(logger, ex, function.Name, message.MessageId);
            }
        }
    }

    private async Task<bool> InvokeAsync(IndexedFunction function, QueueMessage message, string text, CancellationToken stoppingToken)
    {
        try
        {
            var response = await supervisor.InvokeAsync(function.Name, request =>
            {
                request.InputData.Add(new ParameterBinding { Name = function.Trigger.Name, Data = new TypedData { String = text } });
                request.TriggerMetadata["QueueTrigger"] = new TypedData { String = text };
                // As JSON: the worker rejects TypedData.Int in trigger metadata ("Int is not supported").
                request.TriggerMetadata["DequeueCount"] = new TypedData { Json = message.DequeueCount.ToString(CultureInfo.InvariantCulture) };
                request.TriggerMetadata["Id"] = new TypedData { String = message.MessageId };
                request.TriggerMetadata["PopReceipt"] = new TypedData { String = message.PopReceipt };
                request.TriggerMetadata["InsertionTime"] = Json(message.InsertedOn);
                request.TriggerMetadata["ExpirationTime"] = Json(message.ExpiresOn);
                request.TriggerMetadata["NextVisibleTime"] = Json(message.NextVisibleOn);
            }, stoppingToken).ConfigureAwait(false);
            if (response.Succeeded()) return true;
            LogFailed(logger, function.Name, message.MessageId, message.DequeueCount, response.Reason());
            return false;
        }
        catch (Exception ex) when (ex is WorkerUnavailableException or RequestFailedException)
        {
            LogFailed(logger, function.Name, message.MessageId, message.DequeueCount, ex.Message);
            return false;
        }
    }

    private async Task MoveToPoisonAsync(IndexedFunction function, QueueClient queue, QueueClient poison, QueueMessage message, string text, string popReceipt, CancellationToken cancellationToken)
    {
        // Copy first, then delete: a crash in between leaves a duplicate in -poison, never a lost message.
        await poison.SendMessageAsync(text, cancellationToken).ConfigureAwait(false);
        await queue.DeleteMessageAsync(message.MessageId, popReceipt, cancellationToken).ConfigureAwait(false);
        LogPoisoned(logger, function.Name, message.MessageId, message.DequeueCount, poison.Name);
    }

    private static TypedData Json(DateTimeOffset? value) =>
        new() { Json = value is null ? "null" : JsonSerializer.Serialize(value.Value.ToString("O", CultureInfo.InvariantCulture)) };

    private async Task DelayQuietlyAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Queue trigger {Function} listens on {Queue}")]
    private static partial void LogListening(ILogger logger, string function, string queue);

    [LoggerMessage(Level = LogLevel.Error, Message = "Queue trigger {Function} cannot listen")]
    private static partial void LogCannotListen(ILogger logger, Exception exception, string function);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Polling queue {Queue} for {Function} failed; retrying")]
    private static partial void LogPollFailed(ILogger logger, Exception exception, string function, string queue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Function}: message {MessageId} (attempt {DequeueCount}) failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string function, string messageId, long dequeueCount, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Function}: message {MessageId} failed {DequeueCount} time(s) and was moved to {PoisonQueue}")]
    private static partial void LogPoisoned(ILogger logger, string function, string messageId, long dequeueCount, string poisonQueue);

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId} of {Queue} is not base64 (host.json messageEncoding); moved to {PoisonQueue} as it is")]
    private static partial void LogUndecodable(ILogger logger, string messageId, string queue, string poisonQueue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew the lease of message {MessageId} for {Function}")]
    private static partial void LogRenewFailed(ILogger logger, Exception exception, string function, string messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Function}: could not settle message {MessageId}; it will be redelivered")]
    private static partial void LogSettleFailed(ILogger logger, Exception exception, string function, string messageId);
}
