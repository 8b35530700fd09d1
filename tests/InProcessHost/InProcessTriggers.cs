using System.Globalization;
using System.Reflection;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using NCrontab;
using NoOneLeftBehind.Functions.Hosting;

namespace NoOneLeftBehind.InProcessHost;

/// <summary>
/// Runs the app's queue and timer functions inside the in-process test host, with the Functions host's queue semantics
/// as tools/FunctionsHost applies them from host.json (a message stays invisible while it runs, the lease renewed; success
/// deletes it; failure makes it visible again after <c>visibilityTimeout</c>; after <c>maxDequeueCount</c> attempts it
/// moves to <c>&lt;queue&gt;-poison</c>). The functions are read from their <c>[QueueTrigger]</c>/<c>[TimerTrigger]</c>
/// attributes; each invocation runs its handler as the function does (<see cref="TriggerFunctions.RunAsync(IServiceProvider, TriggerContext, CancellationToken)"/>).
/// Settings (section <c>InProcessTriggers</c>) shorten polling and retries for tests. Real-process behaviour (kill -9,
/// the worker protocol) is tested against tools/FunctionsHost and the worker instead.
/// </summary>
internal sealed partial class InProcessTriggers(
    IServiceProvider services,
    QueueServiceClient queues,
    QueueHostSettings hostSettings,
    IConfiguration configuration,
    IHostApplicationLifetime lifetime,
    ILogger<InProcessTriggers> logger) : BackgroundService
{
    private TimeSpan Lease => configuration.GetValue<TimeSpan?>("InProcessTriggers:Lease") ?? TimeSpan.FromMinutes(1);

    private TimeSpan RetryDelay => configuration.GetValue<TimeSpan?>("InProcessTriggers:VisibilityTimeout") ?? hostSettings.VisibilityTimeout;

    private TimeSpan MaxPollingInterval => configuration.GetValue<TimeSpan?>("InProcessTriggers:MaxPollingInterval") ?? hostSettings.MaxPollingInterval;

    /// <summary>The queue- and timer-triggered functions of the app: name, queue (or null) and timer attribute (or null).</summary>
    public static IReadOnlyList<(string Name, string? Queue, TimerTriggerAttribute? Timer)> Functions { get; } =
    [
        .. typeof(AppComposition).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Select(m => (Function: m.GetCustomAttribute<FunctionAttribute>(), Parameters: m.GetParameters()))
            .Where(x => x.Function is not null)
            .Select(x => (x.Function!.Name,
                x.Parameters.Select(p => p.GetCustomAttribute<QueueTriggerAttribute>()?.QueueName).FirstOrDefault(q => q is not null),
                x.Parameters.Select(p => p.GetCustomAttribute<TimerTriggerAttribute>()).FirstOrDefault(t => t is not null)))
            .Where(f => f.Item2 is not null || f.Item3 is not null),
    ];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            try
            {
                await started.Task;
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
        var loops = new List<Task>();
        foreach (var (name, queue, timer) in Functions)
        {
            // As the host does: AzureWebJobs.<name>.Disabled (here AzureWebJobs:<name>:Disabled) turns a function off.
            if (configuration.GetValue($"AzureWebJobs:{name}:Disabled", false)) continue;
            if (queue is not null) loops.Add(RunQueueAsync(name, queue, stoppingToken));
            else if (timer is not null) loops.Add(RunTimerAsync(name, timer, stoppingToken));
        }
        await Task.WhenAll(loops);
    }

    private async Task<bool> InvokeAsync(TriggerContext context, CancellationToken stoppingToken)
    {
        await using var scope = services.CreateAsyncScope();
        try
        {
            await TriggerFunctions.RunAsync(scope.ServiceProvider, context, stoppingToken);
            return true;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // a failed invocation is a failed attempt (TriggerFunctions logged it)
        catch (Exception)
#pragma warning restore CA1031
        {
            return false;
        }
    }

    private async Task RunQueueAsync(string name, string queueName, CancellationToken stoppingToken)
    {
        var queue = queues.GetQueueClient(queueName);
        var poison = queues.GetQueueClient(queueName + "-poison");
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
                QueueMessage[] batch = await queue.ReceiveMessagesAsync(Math.Clamp(hostSettings.BatchSize, 1, 32), Lease, stoppingToken);
                if (batch.Length == 0)
                {
                    await Task.Delay(idle, stoppingToken);
                    idle = TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, MaxPollingInterval.Ticks));
                    continue;
                }
                idle = TimeSpan.FromMilliseconds(100);
                await Task.WhenAll(batch.Select(m => ProcessAsync(name, queue, poison, m, stoppingToken)));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // storage down or a transient fault: keep polling
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogPollFailed(logger, ex, name, queueName);
                try
                {
                    await Task.Delay(MaxPollingInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task ProcessAsync(string name, QueueClient queue, QueueClient poison, QueueMessage message, CancellationToken stoppingToken)
    {
        var popReceipt = message.PopReceipt;
        if (message.DequeueCount > hostSettings.MaxDequeueCount)
        {
            await MoveToPoisonAsync(name, queue, poison, message, popReceipt, stoppingToken);
            return;
        }
        using var renewal = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var renewing = RenewAsync();
        bool succeeded;
        try
        {
            succeeded = await InvokeAsync(new TriggerContext(name, message.Body.ToString(), message.DequeueCount, message.MessageId), stoppingToken);
        }
        finally
        {
            await renewal.CancelAsync();
            await renewing;
        }
        if (stoppingToken.IsCancellationRequested) return; // stopping: the lease runs out and the message comes back
        if (succeeded)
            await queue.DeleteMessageAsync(message.MessageId, popReceipt, CancellationToken.None);
        else if (message.DequeueCount >= hostSettings.MaxDequeueCount)
            await MoveToPoisonAsync(name, queue, poison, message, popReceipt, CancellationToken.None);
        else
            await queue.UpdateMessageAsync(message.MessageId, popReceipt, visibilityTimeout: RetryDelay, cancellationToken: CancellationToken.None);

        async Task RenewAsync()
        {
            var every = TimeSpan.FromTicks(Math.Max(Lease.Ticks / 2, TimeSpan.FromMilliseconds(200).Ticks));
            try
            {
                while (true)
                {
                    await Task.Delay(every, renewal.Token);
                    popReceipt = (await queue.UpdateMessageAsync(message.MessageId, popReceipt, visibilityTimeout: Lease, cancellationToken: renewal.Token)).Value.PopReceipt;
                }
            }
            catch (OperationCanceledException)
            {
                // the invocation finished
            }
#pragma warning disable CA1031 // a lost lease means a redelivery, which the functions tolerate
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogRenewFailed(logger, ex, name, message.MessageId);
            }
        }
    }

    private async Task MoveToPoisonAsync(string name, QueueClient queue, QueueClient poison, QueueMessage message, string popReceipt, CancellationToken cancellationToken)
    {
        // Copy first, then delete: a crash in between leaves a duplicate in -poison, never a lost message.
        await poison.SendMessageAsync(message.Body, cancellationToken: cancellationToken);
        await queue.DeleteMessageAsync(message.MessageId, popReceipt, cancellationToken);
        LogPoisoned(logger, name, message.MessageId, message.DequeueCount, poison.Name);
    }

    private async Task RunTimerAsync(string name, TimerTriggerAttribute timer, CancellationToken stoppingToken)
    {
        var schedule = CrontabSchedule.Parse(timer.Schedule, new CrontabSchedule.ParseOptions { IncludingSeconds = true });
        try
        {
            if (timer.RunOnStartup) await InvokeAsync(new TriggerContext(name, ""), stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                var now = DateTime.UtcNow;
                await Task.Delay(schedule.GetNextOccurrence(now) - now, stoppingToken);
                if (!await InvokeAsync(new TriggerContext(name, ""), stoppingToken))
                    LogTimerFailed(logger, name, DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Polling queue {Queue} for {Function} failed; retrying")]
    private static partial void LogPollFailed(ILogger logger, Exception exception, string function, string queue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew the lease of message {MessageId} for {Function}")]
    private static partial void LogRenewFailed(ILogger logger, Exception exception, string function, string messageId);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Function}: message {MessageId} failed {DequeueCount} time(s) and was moved to {PoisonQueue}")]
    private static partial void LogPoisoned(ILogger logger, string function, string messageId, long dequeueCount, string poisonQueue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Timer function {Function} at {Due} failed")]
    private static partial void LogTimerFailed(ILogger logger, string function, string due);
}
