using System.Text.Json;
using Microsoft.Azure.Functions.Worker.Grpc.Messages;

namespace NoOneLeftBehind.FunctionsHost;

/// <summary>
/// Timer triggers: each fires on its schedule (and once at start when <c>runOnStartup</c> is set), sending the worker the
/// <c>TimerInfo</c> the host would (schedule status, <c>IsPastDue</c>). A firing that finds no worker waits for one.
/// </summary>
internal sealed partial class TimerTriggers(WorkerSupervisor supervisor, AppSettings settings, TimeProvider time, ILogger<TimerTriggers> logger) : BackgroundService
{
    private static readonly TimeSpan PastDueAfter = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var functions = await supervisor.TriggeredByAsync("timerTrigger", stoppingToken).ConfigureAwait(false);
        var zone = settings.Get("WEBSITE_TIME_ZONE") is { Length: > 0 } id ? TimeZoneInfo.FindSystemTimeZoneById(id) : TimeZoneInfo.Utc;
        var timers = new List<Task>();
        foreach (var function in functions)
        {
            TimerSchedule schedule;
            try
            {
                schedule = TimerSchedule.Parse(settings.Resolve(function.Trigger.Text("schedule") ?? ""), zone);
            }
            catch (Exception ex) when (ex is FormatException or InvalidOperationException)
            {
                LogBadSchedule(logger, ex, function.Name);
                continue;
            }
            timers.Add(RunAsync(function, schedule, stoppingToken));
        }
        await Task.WhenAll(timers).ConfigureAwait(false);
    }

    private async Task RunAsync(IndexedFunction function, TimerSchedule schedule, CancellationToken stoppingToken)
    {
        DateTimeOffset? last = null;
        try
        {
            if (function.Trigger.Bool("runOnStartup"))
            {
                var now = time.GetUtcNow();
                await FireAsync(function, schedule, last, now, stoppingToken).ConfigureAwait(false);
                last = now;
            }
            while (!stoppingToken.IsCancellationRequested)
            {
                var due = schedule.Next(time.GetUtcNow());
                var wait = due - time.GetUtcNow();
                if (wait > TimeSpan.Zero) await Task.Delay(wait, time, stoppingToken).ConfigureAwait(false);
                await FireAsync(function, schedule, last, due, stoppingToken).ConfigureAwait(false);
                last = due;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    private async Task FireAsync(IndexedFunction function, TimerSchedule schedule, DateTimeOffset? last, DateTimeOffset due, CancellationToken stoppingToken)
    {
        var now = time.GetUtcNow();
        var info = new
        {
            Schedule = new { AdjustForDST = true },
            ScheduleStatus = new { Last = last ?? DateTimeOffset.MinValue, Next = schedule.Next(due), LastUpdated = now },
            IsPastDue = now - due > PastDueAfter,
        };
        try
        {
            var response = await supervisor.InvokeAsync(function.Name, request =>
                request.InputData.Add(new ParameterBinding { Name = function.Trigger.Name, Data = new TypedData { Json = JsonSerializer.Serialize(info) } }),
                stoppingToken).ConfigureAwait(false);
            if (!response.Succeeded()) LogFailed(logger, function.Name, response.Reason());
        }
        catch (Exception ex) when (ex is WorkerUnavailableException or Azure.RequestFailedException)
        {
            LogFailed(logger, function.Name, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Timer trigger {Function} has a schedule this host cannot read; it will not run")]
    private static partial void LogBadSchedule(ILogger logger, Exception exception, string function);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Timer function {Function} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string function, string reason);
}
