using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NoOneLeftBehind.Infrastructure.Storage;
using Azure.Storage.Queues;
using NoOneLeftBehind.TestSupport;

namespace NoOneLeftBehind.Benchmarks.Hosting;

/// <summary>
/// Load script (fixed budget: N messages, at most K in flight): a queue invocation's round trip
/// through the local trigger runner and the real handler process — send to the queue → runner
/// receives → POST /DiagnosticsProbe → probe reports on the done queue → this script sees it.
/// Usage: dotnet run -c Release --project tests/Benchmarks -- runner-roundtrip [messages] [inFlight]
/// </summary>
internal static class RunnerRoundTrip
{
    public static async Task<int> RunAsync(string[] args)
    {
        var total = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
        var inFlight = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 16;
        const string queueName = "bench-roundtrip";

        using var azurite = new AzuriteFixture();
        await azurite.InitializeAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(azurite.ConfigurationValues).Build();
        await using var services = new ServiceCollection().AddLogging().AddDataStorage(configuration).BuildServiceProvider();
        var queues = services.GetRequiredService<QueueServiceClient>();
        var queue = queues.GetQueueClient(queueName);
        var done = queues.GetQueueClient(queueName + "-done");
        await queue.CreateIfNotExistsAsync();
        await done.CreateIfNotExistsAsync();

        using var app = StartApp(azurite.ConnectionString, queueName);
        try
        {
            // Warm-up: one message through, so JIT and connections are not measured.
            await queue.SendMessageAsync(JsonSerializer.Serialize(new { id = "warm-up" }, JsonSerializerOptions.Web));
            await DrainUntilAsync(done, ids => ids.Contains("warm-up"), TimeSpan.FromSeconds(60));

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
                        var id = JsonDocument.Parse(m.Body.ToString()).RootElement.GetProperty("id").GetString()!;
                        if (sent.TryRemove(id, out var start))
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
                await queue.SendMessageAsync(JsonSerializer.Serialize(new { id }, JsonSerializerOptions.Web));
            }
            if (await Task.WhenAny(collector, Task.Delay(TimeSpan.FromMinutes(10))) != collector)
                throw new TimeoutException($"Only {latencies.Count} of {total} messages came back within 10 minutes.");
            var elapsed = clock.Elapsed;
            var sorted = latencies.Order().ToArray();
            double P(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"runner round trip: {total} messages, {inFlight} in flight, {elapsed.TotalSeconds:F1} s, {total / elapsed.TotalSeconds:F0} msg/s; p50 {P(0.50):F1} ms, p95 {P(0.95):F1} ms, max {sorted[^1]:F1} ms"));
            return 0;
        }
        finally
        {
            await app.KillAsync();
        }
    }

    private static async Task DrainUntilAsync(QueueClient done, Func<HashSet<string>, bool> until, TimeSpan timeout)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var deadline = DateTime.UtcNow + timeout;
        while (!until(seen))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("warm-up message did not come back");
            foreach (var m in (await done.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(30))).Value)
            {
                seen.Add(JsonDocument.Parse(m.Body.ToString()).RootElement.GetProperty("id").GetString()!);
                await done.DeleteMessageAsync(m.MessageId, m.PopReceipt);
            }
        }
    }

    private static AppProcess StartApp(string connectionString, string queueName) => AppProcess.Start(new Dictionary<string, string>
    {
        ["Logging__LogLevel__Default"] = "Warning",
        ["DataStorage__ConnectionString"] = connectionString,
        ["Diagnostics__ProbeFunction"] = "true",
        ["Diagnostics__ProbeQueue"] = queueName,
        ["TriggerRunner__Enabled"] = "true",
        ["TriggerRunner__MaxPollingInterval"] = "00:00:00.100",
    });
}
