using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Azure.Storage.Queues;
using NoOneLeftBehind.TestSupport;

namespace NoOneLeftBehind.Integration.Tests.Hosting;

/// <summary>
/// The local trigger runner through the real handler: Kestrel on a free port, a real Azurite, the
/// diagnostics probe function (told by each message how to behave) and the host's retry rules.
/// </summary>
public sealed class TriggerRunnerTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private const string Queue = "probe-runner";
    private WebApplicationFactory<Program>? _app;

    private QueueServiceClient Queues => _app!.Services.GetRequiredService<QueueServiceClient>();

    public Task InitializeAsync()
    {
        (_app, _) = KnownPort.Start(port => new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Development");
            b.UseSetting("DataStorage:ConnectionString", azurite.ConnectionString);
            b.UseSetting("Diagnostics:ProbeFunction", "true");
            b.UseSetting("Diagnostics:ProbeQueue", Queue);
            b.UseSetting("TriggerRunner:Enabled", "true");
            b.UseSetting("TriggerRunner:Lease", "00:00:06");
            b.UseSetting("TriggerRunner:VisibilityTimeout", "00:00:00.200");
            b.UseSetting("TriggerRunner:MaxPollingInterval", "00:00:00.250");
            b.UseSetting("Diagnostics:ProbeTimerSchedule", "*/2 * * * * *");
            // A port of its own: without "urls" the app takes 7071, which scripts/run.sh may be using beside the tests.
            b.UseSetting("urls", $"http://127.0.0.1:{port}");
        }), app =>
        {
            app.UseKestrel();
            app.StartServer();
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }

    [Fact]
    public async Task Message_HandledOnFirstAttempt_IsProcessedOnceAndDeleted()
    {
        var id = Guid.NewGuid().ToString("N");
        await SendAsync(Queue, new { id });

        var done = await WaitForDoneAsync(Queue, id, TimeSpan.FromSeconds(30));
        done.GetProperty("dequeueCount").GetInt64().ShouldBe(1);

        await Task.Delay(1500); // a second delivery would have shown up by now
        (await ReadDoneAsync(Queue, id)).Count.ShouldBe(0);
        (await PeekAllAsync(Queue)).ShouldNotContain(t => t.Contains(id, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Message_FailingTwiceThenSucceeding_IsProcessedOnTheThirdDelivery()
    {
        var id = Guid.NewGuid().ToString("N");
        await SendAsync(Queue, new { id, failTimes = 2 });

        var done = await WaitForDoneAsync(Queue, id, TimeSpan.FromSeconds(30));
        done.GetProperty("dequeueCount").GetInt64().ShouldBe(3);
        (await PeekAllAsync(Queue + "-poison")).ShouldNotContain(t => t.Contains(id, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Message_AlwaysFailing_EndsInPoisonQueueWithItsBodyIntact()
    {
        var id = Guid.NewGuid().ToString("N");
        var body = JsonSerializer.Serialize(new { id, failTimes = 99, note = "hộ nghèo – không để ai bị bỏ lại" }, JsonSerializerOptions.Web);
        var queue = Queues.GetQueueClient(Queue);
        await queue.CreateIfNotExistsAsync();
        await queue.SendMessageAsync(body);

        var poison = Queues.GetQueueClient(Queue + "-poison");
        var deadline = DateTime.UtcNow.AddSeconds(40);
        List<string> poisoned = [];
        while (DateTime.UtcNow < deadline)
        {
            poisoned = (await PeekAllAsync(poison.Name)).Where(t => t.Contains(id, StringComparison.Ordinal)).ToList();
            if (poisoned.Count > 0) break;
            await Task.Delay(250);
        }
        poisoned.ShouldBe([body]); // moved once, nothing lost, nothing altered
        (await PeekAllAsync(Queue)).ShouldNotContain(t => t.Contains(id, StringComparison.Ordinal));
        (await ReadDoneAsync(Queue, id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Message_WhileProcessed_IsInvisibleToOtherConsumers()
    {
        var id = Guid.NewGuid().ToString("N");
        await SendAsync(Queue, new { id, delayMs = 9000 }); // longer than the 6 s lease: renewal must hold it

        await Task.Delay(7000); // past the first lease: only a renewal keeps it hidden
        (await PeekAllAsync(Queue)).ShouldNotContain(t => t.Contains(id, StringComparison.Ordinal));
        var done = await WaitForDoneAsync(Queue, id, TimeSpan.FromSeconds(30));
        done.GetProperty("dequeueCount").GetInt64().ShouldBe(1); // the lease was renewed, not lost
    }

    [Fact]
    public async Task TimerFunction_EveryTwoSeconds_FiresWithTheHostsTimerPayload()
    {
        var ticks = Queues.GetQueueClient(Queue + "-ticks");
        await ticks.CreateIfNotExistsAsync();
        var seen = new List<JsonElement>();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (seen.Count < 2 && DateTime.UtcNow < deadline)
        {
            foreach (var m in (await ticks.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(30))).Value)
            {
                seen.Add(JsonDocument.Parse(m.Body.ToString()).RootElement.Clone());
                await ticks.DeleteMessageAsync(m.MessageId, m.PopReceipt);
            }
            await Task.Delay(200);
        }
        seen.Count.ShouldBeGreaterThanOrEqualTo(2);
        foreach (var tick in seen)
        {
            tick.GetProperty("IsPastDue").GetBoolean().ShouldBeFalse();
            var next = tick.GetProperty("ScheduleStatus").GetProperty("Next").GetDateTimeOffset();
            (next.Second % 2).ShouldBe(0); // the schedule's next occurrence is on an even second
        }
        // Consecutive ticks are one schedule step apart.
        var nexts = seen.Select(t => t.GetProperty("ScheduleStatus").GetProperty("Next").GetDateTimeOffset()).ToList();
        (nexts[1] - nexts[0]).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task Process_KilledMidMessage_MessageIsDeliveredAgainAfterRestart()
    {
        const string queueName = "probe-kill";
        var id = Guid.NewGuid().ToString("N");
        await SendAsync(queueName, new { id, slowFirstAttemptMs = 120_000 });

        // A 10 s lease renewed every 5 s holds on a busy machine; the killed process renews nothing.
        using (var first = StartAppProcess(queueName, lease: "00:00:10"))
        {
            // Wait until the first process has leased the message (it disappears from peeks).
            var deadline = DateTime.UtcNow.AddSeconds(90);
            var leased = false;
            while (!leased && DateTime.UtcNow < deadline)
            {
                leased = !(await PeekAllAsync(queueName)).Any(t => t.Contains(id, StringComparison.Ordinal));
                if (!leased) await Task.Delay(200);
            }
            leased.ShouldBeTrue($"the first process never took the message:\n{first.Output}");
            await first.KillAsync();
        }

        using var second = StartAppProcess(queueName);
        try
        {
            var done = await WaitForDoneAsync(queueName, id, TimeSpan.FromSeconds(90));
            done.GetProperty("dequeueCount").GetInt64().ShouldBeGreaterThanOrEqualTo(2); // delivered again, not lost
            done.GetProperty("processId").GetInt32().ShouldBe(second.Id);
        }
        finally
        {
            await second.KillAsync();
        }
    }

    private AppProcess StartAppProcess(string queueName, string lease = "00:00:03") => AppProcess.Start(new Dictionary<string, string>
    {
        ["DataStorage__ConnectionString"] = azurite.ConnectionString,
        ["Diagnostics__ProbeFunction"] = "true",
        ["Diagnostics__ProbeQueue"] = queueName,
        ["TriggerRunner__Enabled"] = "true",
        ["TriggerRunner__Lease"] = lease,
        ["TriggerRunner__MaxPollingInterval"] = "00:00:00.250",
    });

    private async Task SendAsync(string queueName, object order)
    {
        var queue = Queues.GetQueueClient(queueName);
        await queue.CreateIfNotExistsAsync();
        await queue.SendMessageAsync(JsonSerializer.Serialize(order, JsonSerializerOptions.Web));
    }

    private async Task<List<string>> PeekAllAsync(string queueName)
    {
        var queue = Queues.GetQueueClient(queueName);
        await queue.CreateIfNotExistsAsync();
        return (await queue.PeekMessagesAsync(32)).Value.Select(m => m.Body.ToString()).ToList();
    }

    // Takes (receives and deletes) the done-reports for one probe id.
    private async Task<List<JsonElement>> ReadDoneAsync(string queueName, string id)
    {
        var queue = Queues.GetQueueClient(queueName + "-done");
        await queue.CreateIfNotExistsAsync();
        var found = new List<JsonElement>();
        foreach (var m in (await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(1))).Value)
        {
            var doc = JsonDocument.Parse(m.Body.ToString()).RootElement.Clone();
            if (doc.GetProperty("id").GetString() == id)
            {
                found.Add(doc);
                await queue.DeleteMessageAsync(m.MessageId, m.PopReceipt);
            }
        }
        return found;
    }

    private async Task<JsonElement> WaitForDoneAsync(string queueName, string id, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var found = await ReadDoneAsync(queueName, id);
            if (found.Count > 0)
            {
                found.Count.ShouldBe(1);
                return found[0];
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"Probe {id} was not reported done within {timeout}.");
    }
}
