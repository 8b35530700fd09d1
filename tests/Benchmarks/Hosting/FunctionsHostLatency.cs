using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Logging;
using NoOneLeftBehind.FunctionsHost;

namespace NoOneLeftBehind.Benchmarks.Hosting;

/// <summary>
/// Load script (fixed budget: N sequential requests per path, after a warm-up): HTTP latency through the local Functions
/// host (tools/FunctionsHost) running the sample isolated worker (tests/FunctionsHost.SampleWorker) as a real process.
/// Paths: <c>GET /api/pid</c> (a whole invocation: route match, InvocationRequest on the gRPC stream, the request
/// forwarded to the worker's HttpUri, the worker's ASP.NET Core pipeline and function, InvocationResponse) and
/// <c>GET /api/nowhere</c> (the host's own 404: its HTTP floor, no worker involved).
/// Usage: dotnet run -c Release --project tests/Benchmarks -- functions-host-latency [requests]
/// </summary>
internal static class FunctionsHostLatency
{
    public static async Task<int> RunAsync(string[] args)
    {
        var requests = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2000;
        var workerDirectory = typeof(FunctionsHostLatency).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "SampleWorkerDirectory").Value!;
        await using var host = FunctionsHostApp.Create(
            new FunctionsHostOptions { ScriptRoot = workerDirectory, Port = 0, LocalSettingsPath = "/nonexistent/local.settings.json" },
            logging => logging.SetMinimumLevel(LogLevel.Error));
        await host.StartAsync();
        await host.WaitForWorkerAsync();
        using var http = new HttpClient { BaseAddress = host.BaseAddress };

        foreach (var path in new[] { "api/pid", "api/nowhere" })
        {
            for (var i = 0; i < 200; i++) await SendAsync(http, path); // warm-up: JIT, connections
            var latencies = new double[requests];
            for (var i = 0; i < requests; i++)
            {
                var start = Stopwatch.GetTimestamp();
                await SendAsync(http, path);
                latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
            Array.Sort(latencies);
            double P(double q) => latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(q * latencies.Length) - 1)];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"GET /{path}: {requests} sequential requests; p50 {P(0.50):F2} ms, p95 {P(0.95):F2} ms, p99 {P(0.99):F2} ms"));
        }
        return 0;
    }

    private static async Task SendAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        await response.Content.ReadAsByteArrayAsync();
    }
}
