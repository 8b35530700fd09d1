using System.Diagnostics;
using System.Text;
using Azure.Storage.Queues;

namespace NoOneLeftBehind.FunctionsHost.Tests;

/// <summary>
/// The sample's queue trigger (queue "%WorkQueue%", set to "work" by the fixture) with its host.json: maxDequeueCount 3, visibilityTimeout 1 s, base64.
/// </summary>
[Collection(SampleHostCollection.Name)]
public sealed class QueueTests(SampleHostFixture fixture)
{
    [Fact]
    public async Task Message_Succeeds_IsProcessedOnceAndDeleted()
    {
        var token = Guid.NewGuid().ToString("N");
        var queue = fixture.Queue("work");

        await queue.SendMessageAsync("ok:" + token);

        await SampleHostFixture.EventuallyAsync(async () =>
            fixture.Effects("done", token).Count == 1 && (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0,
            "the message processed and deleted");
        fixture.Effects("done", token).ShouldBe(["1"]);
        await SampleHostFixture.EventuallyAsync(async () =>
            (await fixture.Queue("work-done").PeekMessagesAsync(32)).Value.Any(m => m.Body.ToString() == "done:" + token),
            "the function's queue output on work-done");
    }

    [Fact]
    public async Task Message_FailsEveryTime_MovesToPoisonAfterMaxDequeueCount()
    {
        var token = Guid.NewGuid().ToString("N");
        var poison = fixture.Queue("work-poison");

        await fixture.Queue("work").SendMessageAsync("fail:" + token);

        string? poisoned = null;
        await SampleHostFixture.EventuallyAsync(async () =>
        {
            var peeked = await poison.PeekMessagesAsync(32);
            poisoned = peeked.Value.Select(m => m.Body.ToString()).FirstOrDefault(b => b.EndsWith(token, StringComparison.Ordinal));
            return poisoned is not null;
        }, "the message in work-poison");
        poisoned.ShouldBe("fail:" + token); // the same body, readable with the app's (base64) encoding
        fixture.Effects("attempt", token).ShouldBe(["1", "2", "3"]); // maxDequeueCount attempts, no more
    }

    [Fact]
    public async Task Message_NotBase64_GoesToPoisonAsItIs()
    {
        var token = Guid.NewGuid().ToString("N");
        var raw = "not base64 " + token;

        await fixture.Queue("work", base64: false).SendMessageAsync(raw);

        var poison = fixture.Queue("work-poison", base64: false);
        await SampleHostFixture.EventuallyAsync(async () =>
            (await poison.PeekMessagesAsync(32)).Value.Any(m => m.Body.ToString() == raw), "the undecodable message in work-poison");
        Directory.EnumerateFiles(fixture.EffectsDirectory, $"*~{token}~*").ShouldBeEmpty();
    }

    [Fact]
    public async Task WorkerKilledMidInvocation_MessageIsRedeliveredAndTakesEffectOnce()
    {
        var token = Guid.NewGuid().ToString("N");

        await fixture.Queue("work").SendMessageAsync("block:" + token);
        await SampleHostFixture.EventuallyAsync(() => fixture.Effects("started", token).Count == 1, "the invocation running");
        using (var worker = Process.GetProcessById(int.Parse(fixture.Effects("started", token)[0], System.Globalization.CultureInfo.InvariantCulture)))
        {
            worker.Kill(entireProcessTree: true); // mid-invocation, as a crash
            await worker.WaitForExitAsync();
        }

        await SampleHostFixture.EventuallyAsync(() => fixture.Effects("done", token).Count > 0, "the redelivered message processed by the restarted worker");
        await fixture.Host.WaitForWorkerAsync();
        fixture.Effects("done", token).ShouldBe(["2"]); // one effect, on the second delivery
        var poison = await fixture.Queue("work-poison").PeekMessagesAsync(32);
        poison.Value.ShouldNotContain(m => m.Body.ToString().EndsWith(token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Invocation_RunsPastFunctionTimeout_IsCancelledAndRetried()
    {
        var token = Guid.NewGuid().ToString("N");

        await fixture.Queue("work").SendMessageAsync("block:" + token); // hangs on its first delivery; host.json functionTimeout 8 s

        await SampleHostFixture.EventuallyAsync(() => fixture.Effects("done", token).Count > 0, "the retry after the timeout");
        fixture.Effects("started", token).Count.ShouldBe(1);
        fixture.Effects("done", token).ShouldBe(["2"]);
    }

    [Fact]
    public async Task Batch_MoreMessagesThanBatchSize_AllAreProcessed()
    {
        var tokens = Enumerable.Range(0, 10).Select(_ => Guid.NewGuid().ToString("N")).ToArray();
        var queue = fixture.Queue("work");

        foreach (var token in tokens) await queue.SendMessageAsync(Encoding.UTF8.GetString(Encoding.UTF8.GetBytes("ok:" + token)));

        await SampleHostFixture.EventuallyAsync(() => tokens.All(t => fixture.Effects("done", t).Count == 1), "all ten messages processed");
        tokens.ShouldAllBe(t => fixture.Effects("done", t).Count == 1);
    }

    [Fact]
    public async Task Output_ToAQueueThatDoesNotExistYet_CreatesItAndSendsEveryMessage()
    {
        // The sample's Probe function (queue "probe") returns each message to "probe-done", which nothing has created.
        var done = new QueueClient(fixture.ConnectionString, "probe-done", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        (await done.ExistsAsync()).Value.ShouldBeFalse();
        var probe = fixture.Queue("probe");

        await probe.SendMessageAsync("first");
        await SampleHostFixture.EventuallyAsync(async () => (await done.ExistsAsync()).Value, "probe-done created by the host");
        await probe.SendMessageAsync("second");

        await SampleHostFixture.EventuallyAsync(async () =>
            (await done.PeekMessagesAsync(32)).Value.Select(m => m.Body.ToString()).Order(StringComparer.Ordinal).SequenceEqual(["first", "second"])
            && (await probe.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0,
            "both reports on probe-done, the probe queue drained");
    }
}
