using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using NoOneLeftBehind.TestSupport;

namespace NoOneLeftBehind.Benchmarks.Hosting;

/// <summary>
/// Load script (issue 15, "Measure"; fixed budget: N messages, at most K in flight): a queue invocation's round trip
/// through tools/FunctionsHost and an isolated worker, both real processes — this script sends to the queue
/// <c>probe</c> → the host receives it → InvocationRequest to the sample worker's <c>Probe</c> function (no work) → the
/// host writes its output on <c>probe-done</c> and deletes the message → this script sees the report. The scenario and
/// the measurement are those of the old local trigger runner's <c>runner-roundtrip</c> (removed with the runner in
/// cde0ea3; its numbers are in docs/benchmarks.md), and so are the queue settings: the repository's host.json with
/// <c>maxPollingInterval</c> 100 ms, as that run set it (<c>TriggerRunner__MaxPollingInterval</c>).
/// Usage: dotnet NoOneLeftBehind.Benchmarks.dll host-queue-roundtrip [messages=1000] [inFlight=16]
/// </summary>
internal static class HostQueueRoundTrip
{
    public static async Task<int> RunAsync(string[] args)
    {
        var total = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
        var inFlight = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 16;

        using var azurite = new AzuriteFixture();
        await azurite.InitializeAsync();
        // The host reads and writes base64 bodies (host.json messageEncoding), as the Functions host does.
        var queues = new QueueServiceClient(azurite.ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var queue = queues.GetQueueClient("probe");
        var done = queues.GetQueueClient("probe-done");
        await queue.CreateIfNotExistsAsync();
        await done.CreateIfNotExistsAsync();

        var scriptRoot = SampleWorkerWithAppQueueSettings();
        Console.WriteLine($"load average at start: {WorkerLatency.LoadAverage()}");
        using var app = AppProcess.Start(new Dictionary<string, string>
        {
            ["Logging__LogLevel__Default"] = "Warning",
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["WorkQueue"] = "work", // the sample worker's other queue function; idle here
        }, scriptRoot: scriptRoot);
        try
        {
            // Warm-up: one message through (the worker's start, JIT, connections are not measured).
            await queue.SendMessageAsync(Body("warm-up"));
            await WaitForAsync(done, "warm-up", TimeSpan.FromSeconds(120), app);

            var sent = new ConcurrentDictionary<string, long>();
            var latencies = new ConcurrentBag<double>();
            using var slots = new SemaphoreSlim(inFlight);
            var clock = Stopwatch.StartNew();
            var collector = Task.Run(async () =>
            {
                while (latencies.Count < total)
                {
                    var batch = (await done.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(30))).Value;
                    var now = clock.ElapsedTicks;
                    foreach (var m in batch)
                    {
                        if (sent.TryRemove(Id(m.Body.ToString()), out var start))
                        {
                            latencies.Add((now - start) * 1000.0 / Stopwatch.Frequency);
                            slots.Release();
                        }
                        await done.DeleteMessageAsync(m.MessageId, m.PopReceipt);
                    }
                }
            });
            for (var i = 0; i < total; i++)
            {
                await slots.WaitAsync();
                var id = i.ToString(CultureInfo.InvariantCulture);
                sent[id] = clock.ElapsedTicks;
                await queue.SendMessageAsync(Body(id));
            }
            if (await Task.WhenAny(collector, Task.Delay(TimeSpan.FromMinutes(10))) != collector)
                throw new TimeoutException($"Only {latencies.Count} of {total} messages came back within 10 minutes.");
            await collector;
            var elapsed = clock.Elapsed;
            var sorted = latencies.Order().ToArray();
            double P(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"host queue round trip: {total} messages, {inFlight} in flight, {elapsed.TotalSeconds:F1} s, {total / elapsed.TotalSeconds:F0} msg/s; p50 {P(0.50):F1} ms, p95 {P(0.95):F1} ms, max {sorted[^1]:F1} ms (load {WorkerLatency.LoadAverage()})"));
            return 0;
        }
        finally
        {
            await app.KillAsync();
            Directory.Delete(scriptRoot, recursive: true);
        }
    }

    private static string Body(string id) => JsonSerializer.Serialize(new { id }, JsonSerializerOptions.Web);

    private static string Id(string body) => JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;

    private static async Task WaitForAsync(QueueClient done, string id, TimeSpan timeout, AppProcess app)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The message {id} did not come back:{Environment.NewLine}{app.Output}");
            foreach (var m in (await done.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(30))).Value)
            {
                await done.DeleteMessageAsync(m.MessageId, m.PopReceipt);
                if (Id(m.Body.ToString()) == id) return;
            }
            await Task.Delay(10);
        }
    }

    /// <summary>
    /// A copy of the sample worker's build whose host.json has the app's queue settings (the repository's host.json:
    /// batchSize 16, newBatchThreshold 8, visibilityTimeout 5 s, maxDequeueCount 5, base64) and maxPollingInterval
    /// 100 ms, the old run's.
    /// </summary>
    private static string SampleWorkerWithAppQueueSettings()
    {
        var source = typeof(HostQueueRoundTrip).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "SampleWorkerDirectory").Value!;
        var target = Directory.CreateTempSubdirectory("host-queue-roundtrip-").FullName;
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
        var hostJson = JsonNode.Parse(File.ReadAllText(Path.Combine(AzuriteFixture.FindRepositoryRoot(), "host.json")))!;
        hostJson["extensions"]!["http"]!["routePrefix"] = "api";
        hostJson["extensions"]!["queues"]!["maxPollingInterval"] = "00:00:00.100";
        File.WriteAllText(Path.Combine(target, "host.json"), hostJson.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        Console.WriteLine($"host.json extensions.queues: {hostJson["extensions"]!["queues"]!.ToJsonString()}");
        return target;
    }
}
