using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using NoOneLeftBehind.TestSupport;

namespace NoOneLeftBehind.Benchmarks.Hosting;

/// <summary>
/// Load script (issue 15, "Measure"; fixed budget): the real app (src/Functions, the isolated worker) under
/// tools/FunctionsHost as real processes, side by side with the same composition on Kestrel (tests/InProcessHost, one
/// process, no host hop), both against one in-memory Azurite, in one run.
/// <para>Start: <c>starts</c> times each — process start → first 200 on <c>GET /api/health</c> (for the host, also
/// when it printed its address, i.e. was listening, before the worker was ready).</para>
/// <para>HTTP: N sequential requests each (after 200 warm-up) of <c>GET /api/plans</c> and <c>POST /api/evaluate</c>,
/// alternating the two apps per block of 500 so both see the same machine load. The anonymous rate limit is raised for
/// the run (<c>Evaluation:RateLimit:PermitLimit</c>).</para>
/// Usage: dotnet NoOneLeftBehind.Benchmarks.dll worker-latency [requests=5000] [starts=3]
/// </summary>
internal static class WorkerLatency
{
    private const string EvaluateBody = """
        {"planId":"binh-dinh-2021-2025","subject":{"kind":"district","name":"Huyện X","unitCode":"540","tags":["poor-district"]},
         "nominationYear":2025,"statistics":[{"year":2021,"households":12000,"poor":3600,"nearPoor":1500},
         {"year":2025,"households":12400,"poor":1200,"nearPoor":900}],"facts":{"policyHouseholdsPoor":0}}
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var requests = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5000;
        var starts = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        using var azurite = new AzuriteFixture();
        await azurite.InitializeAsync();
        var settings = new Dictionary<string, string>
        {
            ["Logging__LogLevel__Default"] = "Warning",
            ["DataStorage__ConnectionString"] = azurite.ConnectionString,
            ["Statistics__SeedDemoData"] = "false",
            ["Dossiers__SeedDemoData"] = "false",
            ["Evaluation__RateLimit__PermitLimit"] = "100000000",
        };

        Console.WriteLine($"load average at start: {LoadAverage()}");
        for (var i = 0; i < starts; i++)
        {
            var clock = Stopwatch.StartNew();
            using (var app = AppProcess.Start(settings))
            {
                var address = await app.BaseAddress.WaitAsync(TimeSpan.FromSeconds(90));
                var listening = clock.Elapsed;
                await FirstHealthAsync(address, clock);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"start {i + 1}, host + worker: host listening after {listening.TotalMilliseconds:F0} ms, first 200 on /api/health after {clock.Elapsed.TotalMilliseconds:F0} ms (load {LoadAverage()})"));
                await app.KillAsync();
            }
            clock.Restart();
            using (var kestrel = StartInProcess(settings, out var address))
            {
                await FirstHealthAsync(address, clock);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"start {i + 1}, in-process (Kestrel): first 200 on /api/health after {clock.Elapsed.TotalMilliseconds:F0} ms (load {LoadAverage()})"));
                kestrel.Kill(entireProcessTree: true);
                await kestrel.WaitForExitAsync();
            }
        }

        using var hosted = AppProcess.Start(settings);
        var hostedAddress = await hosted.WaitUntilServingAsync(TimeSpan.FromSeconds(90));
        using var inProcess = StartInProcess(settings, out var inProcessAddress);
        await FirstHealthAsync(inProcessAddress, Stopwatch.StartNew());
        try
        {
            var apps = new[] { ("host + worker", hostedAddress), ("in-process (Kestrel)", inProcessAddress) };
            var failures = 0;
            // Both apps must answer the same real evaluation (a verdict with criteria), not merely a 2xx.
            var answers = new List<string>();
            foreach (var (_, address) in apps)
            {
                using var client = new HttpClient { BaseAddress = address };
                using var response = await client.PostAsync(new Uri("api/evaluate", UriKind.Relative), new StringContent(EvaluateBody, Encoding.UTF8, "application/json"));
                var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
                answers.Add($"{json.GetProperty("verdict").GetString()}, {json.GetProperty("criteria").GetArrayLength()} criteria");
            }
            Console.WriteLine($"POST /api/evaluate answers: {string.Join(" | ", answers)}");
            if (answers.Distinct().Count() != 1) failures++;
            foreach (var (name, path, body) in new[] { ("GET /api/plans", "api/plans", (string?)null), ("POST /api/evaluate", "api/evaluate", EvaluateBody) })
            {
                var clients = apps.Select(a => new HttpClient { BaseAddress = a.Item2 }).ToArray();
                var latencies = apps.Select(_ => new List<double>(requests)).ToArray();
                for (var a = 0; a < apps.Length; a++)
                    for (var i = 0; i < 200; i++) failures += await SendAsync(clients[a], path, body) ? 0 : 1; // warm-up
                for (var done = 0; done < requests; done += 500)
                {
                    for (var a = 0; a < apps.Length; a++)
                    {
                        for (var i = 0; i < Math.Min(500, requests - done); i++)
                        {
                            var start = Stopwatch.GetTimestamp();
                            failures += await SendAsync(clients[a], path, body) ? 0 : 1;
                            latencies[a].Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                        }
                    }
                }
                var p50 = new double[apps.Length];
                for (var a = 0; a < apps.Length; a++)
                {
                    var sorted = latencies[a].Order().ToArray();
                    double P(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
                    p50[a] = P(0.50);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{name}, {apps[a].Item1}: {requests} sequential; p50 {P(0.50):F2} ms, p95 {P(0.95):F2} ms, p99 {P(0.99):F2} ms"));
                }
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name}: the host hop adds {p50[0] - p50[1]:F2} ms at p50 (load {LoadAverage()})"));
                foreach (var c in clients) c.Dispose();
            }
            Console.WriteLine($"non-200 answers: {failures}");
            return failures == 0 ? 0 : 1;
        }
        finally
        {
            await hosted.KillAsync();
            inProcess.Kill(entireProcessTree: true);
            await inProcess.WaitForExitAsync();
        }
    }

    private static async Task<bool> SendAsync(HttpClient http, string path, string? body)
    {
        using var response = body is null
            ? await http.GetAsync(new Uri(path, UriKind.Relative))
            : await http.PostAsync(new Uri(path, UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));
        await response.Content.ReadAsByteArrayAsync();
        return response.IsSuccessStatusCode;
    }

    private static async Task FirstHealthAsync(Uri address, Stopwatch clock)
    {
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
        while (clock.Elapsed < TimeSpan.FromSeconds(90))
        {
            try
            {
                using var response = await http.GetAsync(new Uri("api/health", UriKind.Relative));
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(10);
        }
        throw new TimeoutException("no 200 on /api/health within 90 s");
    }

    /// <summary>tests/InProcessHost (the same composition and pipeline on Kestrel) as a real process on a free port.</summary>
    private static Process StartInProcess(Dictionary<string, string> settings, out Uri address)
    {
        var directory = typeof(WorkerLatency).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "InProcessHostDirectory").Value!;
        var port = FreePort.Next();
        address = new Uri($"http://127.0.0.1:{port}/");
        var psi = new ProcessStartInfo("dotnet", [Path.Combine(directory, "NoOneLeftBehind.InProcessHost.dll")])
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        psi.Environment["ASPNETCORE_URLS"] = address.ToString();
        foreach (var (k, v) in settings) psi.Environment[k] = v;
        var process = Process.Start(psi)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("in-process: " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    internal static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
}
