using System.Globalization;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace NoOneLeftBehind.Functions.Hosting;

/// <summary>
/// Stands in for the Functions host's queue and timer triggers when the app runs on its own
/// (no Functions host can be installed on our machines). It polls the queues named by the
/// queueTrigger bindings and fires timerTrigger schedules, posting each invocation to the same
/// POST /{FunctionName} route the host would, with the host's semantics: the message stays
/// invisible while processed (lease renewed), is deleted on success, made visible again after
/// host.json's visibilityTimeout on failure with its dequeue count, and moved to
/// <c>&lt;queue&gt;-poison</c> after maxDequeueCount attempts. Delivery is at-least-once.
/// </summary>
internal sealed partial class LocalTriggerRunner(
    FunctionCatalog catalog,
    QueueServiceClient queues,
    IHttpClientFactory httpClients,
    IServer server,
    IHostApplicationLifetime lifetime,
    QueueHostSettings hostSettings,
    IOptions<TriggerRunnerOptions> options,
    TimeProvider time,
    IConfiguration configuration,
    ILogger<LocalTriggerRunner> logger) : BackgroundService
{
    // The host's payload names are PascalCase (Data, Metadata, DequeueCount…): no naming policy.
    private static readonly System.Text.Json.JsonSerializerOptions HostPayloadJson = new();

    private readonly TriggerRunnerOptions _options = options.Value;

    private int MaxDequeueCount => _options.MaxDequeueCount ?? hostSettings.MaxDequeueCount;

    private TimeSpan RetryDelay => _options.VisibilityTimeout ?? hostSettings.VisibilityTimeout;

    private TimeSpan MaxPollingInterval => _options.MaxPollingInterval ?? hostSettings.MaxPollingInterval;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await WaitForStartAsync(stoppingToken)) return;
        var baseUrl = _options.HandlerBaseUrl ?? OwnAddress();
        if (baseUrl is null)
        {
            LogNoAddress(logger);
            return;
        }
        var loops = new List<Task>();
        foreach (var function in catalog.Functions)
        {
            // As the host does: the app setting AzureWebJobs.<name>.Disabled (here AzureWebJobs:<name>:Disabled) turns a function off.
            if (configuration.GetValue($"AzureWebJobs:{function.Name}:Disabled", false)) continue;
            var trigger = function.Trigger;
            if (trigger.Type == "queueTrigger")
                loops.Add(RunQueueAsync(function, trigger, baseUrl, stoppingToken));
            else if (trigger.Type == "timerTrigger")
                loops.Add(RunTimerAsync(function, trigger, baseUrl, stoppingToken));
        }
        LogStarted(logger, loops.Count, baseUrl);
        await Task.WhenAll(loops);
    }

    private async Task<bool> WaitForStartAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var r1 = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var r2 = stoppingToken.Register(() => started.TrySetCanceled(stoppingToken));
        try
        {
            await started.Task;
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private Uri? OwnAddress()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses;
        var first = addresses?.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) ?? addresses?.FirstOrDefault();
        if (first is null) return null;
        // Kestrel reports wildcard hosts as + or [::]; the runner talks to loopback.
        first = first.Replace("://+", "://127.0.0.1", StringComparison.Ordinal)
                     .Replace("://*", "://127.0.0.1", StringComparison.Ordinal)
                     .Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal)
                     .Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal);
        return new Uri(first.TrimEnd('/') + "/");
    }

    private async Task RunQueueAsync(FunctionManifest function, FunctionBinding trigger, Uri baseUrl, CancellationToken stoppingToken)
    {
        var queue = queues.GetQueueClient(trigger.QueueName!);
        var poison = queues.GetQueueClient(trigger.QueueName + "-poison");
        var idle = TimeSpan.FromMilliseconds(100);
        var created = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!created)
                {
                    await queue.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
                    await poison.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
                    created = true;
                }
                QueueMessage[] batch = await queue.ReceiveMessagesAsync(Math.Clamp(hostSettings.BatchSize, 1, 32), _options.Lease, stoppingToken);
                if (batch.Length == 0)
                {
                    await Task.Delay(idle, time, stoppingToken);
                    idle = TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, MaxPollingInterval.Ticks));
                    continue;
                }
                idle = TimeSpan.FromMilliseconds(100);
                await Task.WhenAll(batch.Select(m => ProcessAsync(function, trigger, queue, poison, m, baseUrl, stoppingToken)));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // storage down or a transient fault: keep polling, never crash the app
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogPollFailed(logger, ex, function.Name, trigger.QueueName!);
                await DelayQuietlyAsync(MaxPollingInterval, stoppingToken);
            }
        }
    }

    private async Task ProcessAsync(FunctionManifest function, FunctionBinding trigger, QueueClient queue, QueueClient poison,
        QueueMessage message, Uri baseUrl, CancellationToken stoppingToken)
    {
        var popReceipt = message.PopReceipt;
        if (message.DequeueCount > MaxDequeueCount)
        {
            await MoveToPoisonAsync(function, queue, poison, message, popReceipt, stoppingToken);
            return;
        }

        using var renewal = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var renewLoop = RenewLeaseAsync();
        bool succeeded;
        try
        {
            succeeded = await InvokeAsync(baseUrl, function.Name, QueuePayload(trigger, message), stoppingToken);
        }
        finally
        {
            await renewal.CancelAsync();
            await renewLoop;
        }

        if (stoppingToken.IsCancellationRequested) return; // shutting down: the lease runs out and the message comes back
        if (succeeded)
        {
            await queue.DeleteMessageAsync(message.MessageId, popReceipt, CancellationToken.None);
        }
        else if (message.DequeueCount >= MaxDequeueCount)
        {
            await MoveToPoisonAsync(function, queue, poison, message, popReceipt, CancellationToken.None);
        }
        else
        {
            await queue.UpdateMessageAsync(message.MessageId, popReceipt, visibilityTimeout: RetryDelay, cancellationToken: CancellationToken.None);
        }

        async Task RenewLeaseAsync()
        {
            var every = TimeSpan.FromTicks(Math.Max(_options.Lease.Ticks / 2, TimeSpan.FromMilliseconds(200).Ticks));
            try
            {
                while (true)
                {
                    await Task.Delay(every, time, renewal.Token);
                    popReceipt = (await queue.UpdateMessageAsync(message.MessageId, popReceipt, visibilityTimeout: _options.Lease, cancellationToken: renewal.Token)).Value.PopReceipt;
                }
            }
            catch (OperationCanceledException)
            {
                // invocation finished
            }
#pragma warning disable CA1031 // a lost lease means at-least-once redelivery, which functions tolerate
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogRenewFailed(logger, ex, function.Name, message.MessageId);
            }
        }
    }

    private async Task MoveToPoisonAsync(FunctionManifest function, QueueClient queue, QueueClient poison, QueueMessage message, string popReceipt, CancellationToken cancellationToken)
    {
        // Copy first, then delete: a crash in between leaves a duplicate in -poison, never a lost message.
        await poison.SendMessageAsync(message.Body, cancellationToken: cancellationToken);
        await queue.DeleteMessageAsync(message.MessageId, popReceipt, cancellationToken);
        LogPoisoned(logger, function.Name, message.MessageId, message.DequeueCount, poison.Name);
    }

    private async Task<bool> InvokeAsync(Uri baseUrl, string functionName, object payload, CancellationToken cancellationToken)
    {
        try
        {
            var client = httpClients.CreateClient(TriggerFunctions.RunnerHttpClient);
            using var response = await client.PostAsJsonAsync(new Uri(baseUrl, functionName), payload, HostPayloadJson, cancellationToken);
            if (response.IsSuccessStatusCode) return true;
            LogInvocationRefused(logger, functionName, (int)response.StatusCode);
            return false;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // the handler did not answer: treated as a failed attempt, like the host does
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogInvocationError(logger, ex, functionName);
            return false;
        }
    }

    private object QueuePayload(FunctionBinding trigger, QueueMessage m)
    {
        var now = time.GetUtcNow();
        var text = m.Body.ToString();
        return new
        {
            Data = new Dictionary<string, object?> { [trigger.Name] = text },
            Metadata = new Dictionary<string, object?>
            {
                ["QueueTrigger"] = text,
                ["DequeueCount"] = m.DequeueCount,
                ["Id"] = m.MessageId,
                ["PopReceipt"] = m.PopReceipt,
                ["InsertionTime"] = m.InsertedOn,
                ["ExpirationTime"] = m.ExpiresOn,
                ["NextVisibleTime"] = m.NextVisibleOn,
                ["sys"] = new { MethodName = trigger.Name, UtcNow = now, RandGuid = Guid.NewGuid() },
            },
        };
    }

    private async Task RunTimerAsync(FunctionManifest function, FunctionBinding trigger, Uri baseUrl, CancellationToken stoppingToken)
    {
        var schedule = CronSchedule.Parse(trigger.Schedule!);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(_options.TimeZone);
        DateTimeOffset? last = null;
        if (trigger.RunOnStartup)
            await FireTimerAsync(function, trigger, schedule, zone, last, time.GetUtcNow(), baseUrl, stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            var next = schedule.GetNextOccurrence(now, zone);
            if (!await DelayQuietlyAsync(next - now, stoppingToken)) return;
            await FireTimerAsync(function, trigger, schedule, zone, last, next, baseUrl, stoppingToken);
            last = next;
        }
    }

    private async Task FireTimerAsync(FunctionManifest function, FunctionBinding trigger, CronSchedule schedule, TimeZoneInfo zone,
        DateTimeOffset? last, DateTimeOffset due, Uri baseUrl, CancellationToken stoppingToken)
    {
        var now = time.GetUtcNow();
        var payload = new
        {
            Data = new Dictionary<string, object?>
            {
                [trigger.Name] = new
                {
                    Schedule = new { AdjustForDST = true },
                    ScheduleStatus = new { Last = last, Next = schedule.GetNextOccurrence(due, zone), LastUpdated = now },
                    IsPastDue = now - due > TimeSpan.FromSeconds(30),
                },
            },
            Metadata = new Dictionary<string, object?>
            {
                ["sys"] = new { MethodName = trigger.Name, UtcNow = now, RandGuid = Guid.NewGuid() },
            },
        };
        if (!await InvokeAsync(baseUrl, function.Name, payload, stoppingToken))
            LogTimerFailed(logger, function.Name, due.ToString("O", CultureInfo.InvariantCulture));
    }

    private async Task<bool> DelayQuietlyAsync(TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            if (delay > TimeSpan.Zero) await Task.Delay(delay, time, stoppingToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Local trigger runner started: {Count} trigger(s), invoking {BaseUrl}")]
    private static partial void LogStarted(ILogger logger, int count, Uri baseUrl);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Local trigger runner found no HTTP address to invoke; queue and timer functions will not run")]
    private static partial void LogNoAddress(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Polling queue {Queue} for {Function} failed; retrying")]
    private static partial void LogPollFailed(ILogger logger, Exception exception, string function, string queue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew the lease of message {MessageId} for {Function}")]
    private static partial void LogRenewFailed(ILogger logger, Exception exception, string function, string messageId);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Function}: message {MessageId} failed {DequeueCount} time(s) and was moved to {PoisonQueue}")]
    private static partial void LogPoisoned(ILogger logger, string function, string messageId, long dequeueCount, string poisonQueue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Function} answered {Status}")]
    private static partial void LogInvocationRefused(ILogger logger, string function, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Function} could not be invoked")]
    private static partial void LogInvocationError(ILogger logger, Exception exception, string function);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Timer function {Function} due at {Due} failed")]
    private static partial void LogTimerFailed(ILogger logger, string function, string due);
}
