using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NoOneLeftBehind.Infrastructure.Dossiers;
using NoOneLeftBehind.Infrastructure.Storage;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using NoOneLeftBehind.TestSupport;

namespace NoOneLeftBehind.Benchmarks.Dossiers;

/// <summary>
/// Load scripts for the dossier feature, against a fresh in-memory Azurite and the app as a separate
/// process (Development, development issuer, local trigger runner), everything over real HTTP.
/// <para><c>dossier-burst [dossiers=1000] [inFlight=64] [fileKb=1024]</c>: prepares N dossiers of the Chư Pưh
/// plan (create, 3 files uploaded with the SAS in one block each, confirmed), then submits them all
/// concurrently (at most <c>inFlight</c> requests open) as before a deadline. Reports submissions/s, the
/// latency from sending the submit to the dossier being evaluated (the evaluated dossier's update time),
/// and checks nothing was lost or duplicated: one result row per dossier, one <c>evaluate</c> audit entry
/// per dossier, nothing in the poison queue, the counts endpoint agreeing.</para>
/// <para><c>dossier-upload-memory [megabytes=200]</c>: one file of that size through the dossier path
/// (upload-url SAS, 8 MiB blocks generated while sent, confirm), sampling the app's resident memory.</para>
/// </summary>
internal static class DossierBurstLoad
{
    private const string PlanId = "chu-puh-2021-2025";
    private static readonly string[] Components = ["to-trinh", "bien-ban", "bao-cao-thanh-tich"];
    private static readonly (string User, string Unit)[] Submitters = [("xa-ia-hru", "23971"), ("huyen-chu-puh", "639")];

    public static async Task<int> BurstAsync(string[] args)
    {
        var total = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
        var inFlight = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 64;
        var fileBytes = (args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1024) * 1024;

        using var azurite = new AzuriteFixture();
        await azurite.InitializeAsync();
        await using var storage = Storage(azurite);
        using var app = await StartAppAsync(azurite, new Dictionary<string, string>());
        try
        {
            using var http = Client(app, inFlight);
            var tokens = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (user, _) in Submitters) tokens[user] = await TokenAsync(http, user);
            var reviewer = await TokenAsync(http, "tham-dinh-gia-lai");
            var pdf = Pdf(fileBytes);

            // Warm-up (JIT, connections): one dossier through the whole path, not counted.
            var warm = await PrepareAsync(http, tokens[Submitters[0].User], Submitters[0].Unit, "warm-up", pdf);
            await SubmitAsync(http, tokens[Submitters[0].User], warm.Id, warm.ETag);
            await WaitEvaluatedAsync(storage, 1, TimeSpan.FromMinutes(2));

            // Prepare N dossiers (not the burst: a unit prepares over days).
            var prepared = new ConcurrentBag<(string Id, string ETag, string User)>();
            var clock = Stopwatch.StartNew();
            await Parallel.ForEachAsync(Enumerable.Range(0, total), new ParallelOptions { MaxDegreeOfParallelism = inFlight }, async (i, ct) =>
            {
                var (user, unit) = Submitters[i % Submitters.Length];
                var d = await PrepareAsync(http, tokens[user], unit, i.ToString("D5", CultureInfo.InvariantCulture), pdf);
                prepared.Add((d.Id, d.ETag, user));
            });
            var prepareTime = clock.Elapsed;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"prepared {total} dossiers × {Components.Length} files of {fileBytes / 1024} KiB in {prepareTime.TotalSeconds:F1} s ({total * Components.Length / prepareTime.TotalSeconds:F1} files/s uploaded + confirmed)"));

            // The burst: every submission at once (at most inFlight open requests).
            var sentAt = new ConcurrentDictionary<string, DateTimeOffset>(StringComparer.Ordinal);
            var refused = 0;
            clock.Restart();
            await Parallel.ForEachAsync(prepared, new ParallelOptions { MaxDegreeOfParallelism = inFlight }, async (d, ct) =>
            {
                sentAt[d.Id] = DateTimeOffset.UtcNow;
                if (!await SubmitAsync(http, tokens[d.User], d.Id, d.ETag)) Interlocked.Increment(ref refused);
            });
            var burst = clock.Elapsed;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"burst: {total} submissions in {burst.TotalSeconds:F1} s = {total / burst.TotalSeconds:F1} submissions/s accepted; refused {refused}"));

            var evaluatedCount = await WaitEvaluatedAsync(storage, total + 1, TimeSpan.FromMinutes(30));
            var drain = clock.Elapsed;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"all evaluated {drain.TotalSeconds:F1} s after the burst began ({evaluatedCount} of {total + 1} incl. warm-up) = {evaluatedCount / drain.TotalSeconds:F1} evaluations/s"));

            // Latency and the exactly-once checks, from storage.
            var latencies = new List<double>();
            var notEvaluated = 0;
            await foreach (var s in storage.GetRequiredService<DossierStore>().ListAsync(null, PlanId))
            {
                if (!sentAt.TryGetValue(s.Dossier.Id.Value, out var sent)) continue;
                if (s.Dossier.Status != Domain.Dossiers.DossierStatus.Evaluated) { notEvaluated++; continue; }
                latencies.Add((s.Dossier.UpdatedAt - sent).TotalMilliseconds);
            }
            var results = new Dictionary<string, int>(StringComparer.Ordinal);
            var tables = storage.GetRequiredService<TableServiceClient>();
            await foreach (var e in tables.GetTableClient(DossierStorageNames.EvaluationsTable).QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"]))
                results[e.PartitionKey] = results.GetValueOrDefault(e.PartitionKey) + 1;
            var evaluateAudits = new Dictionary<string, int>(StringComparer.Ordinal);
            await foreach (var e in tables.GetTableClient(DossierStorageNames.DossiersTable)
                               .QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"Type eq {"audit"} and Action eq {"Evaluate"}"), select: ["DossierId"]))
            {
                var id = e.GetString("DossierId")!;
                evaluateAudits[id] = evaluateAudits.GetValueOrDefault(id) + 1;
            }
            var ids = sentAt.Keys.ToList();
            var lost = ids.Count(id => !results.ContainsKey(id));
            var duplicated = ids.Count(id => results.GetValueOrDefault(id) > 1 || evaluateAudits.GetValueOrDefault(id) > 1);
            var poison = storage.GetRequiredService<QueueServiceClient>().GetQueueClient(DossierStorageNames.EvaluationQueue + "-poison");
            await poison.CreateIfNotExistsAsync();
            var poisoned = (await poison.PeekMessagesAsync(32)).Value.Length;
            using var countsRequest = new HttpRequestMessage(HttpMethod.Get, $"/api/dossier-counts?planId={PlanId}&stageKind=mid-term&stageYear=2023");
            countsRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", reviewer);
            using var countsResponse = await http.SendAsync(countsRequest);
            var counts = await countsResponse.Content.ReadFromJsonAsync<JsonElement>();
            var countedEvaluated = counts.GetProperty("byStatus").GetProperty("evaluated").GetInt32();

            var sorted = latencies.Order().ToArray();
            double P(double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"submit→evaluated: p50 {P(0.50) / 1000:F1} s, p95 {P(0.95) / 1000:F1} s, max {(sorted.Length == 0 ? double.NaN : sorted[^1]) / 1000:F1} s over {sorted.Length} dossiers"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"check: lost {lost}, duplicated {duplicated}, not evaluated {notEvaluated}, poison {poisoned}, result rows {results.Where(r => sentAt.ContainsKey(r.Key)).Sum(r => r.Value)} for {ids.Count} dossiers, counts endpoint evaluated {countedEvaluated} (incl. warm-up)"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"memory: app peak RSS {PeakRssMb(app.Id)} MB, Azurite RSS {RssMb(azurite.ProcessId)} MB"));
            return lost == 0 && duplicated == 0 && notEvaluated == 0 && poisoned == 0 && refused == 0 && countedEvaluated == total + 1 ? 0 : 1;
        }
        finally
        {
            await app.KillAsync();
        }
    }

    /// <summary>
    /// <c>dossier-roundtrip [dossiers=200] [fileKb=4]</c>: the queue round trip through the host, one at a time. N dossiers
    /// are prepared, then each is submitted (the submit sends the evaluation-requests message) and awaited until it is
    /// evaluated before the next is sent, so the queue never holds more than one message. Latency: sending the submit →
    /// the evaluated dossier's update time (the queue function's write); the submit request's own time is reported beside.
    /// </summary>
    public static async Task<int> RoundTripAsync(string[] args)
    {
        var total = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
        var fileBytes = (args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 4) * 1024;
        using var azurite = new AzuriteFixture();
        await azurite.InitializeAsync();
        await using var storage = Storage(azurite);
        using var app = await StartAppAsync(azurite, new Dictionary<string, string>());
        try
        {
            using var http = Client(app, 4);
            var (user, unit) = Submitters[0];
            var token = await TokenAsync(http, user);
            var pdf = Pdf(fileBytes);
            var prepared = new List<(string Id, string ETag)>();
            for (var i = 0; i < total + 20; i++) prepared.Add(await PrepareAsync(http, token, unit, "rt-" + i.ToString("D5", CultureInfo.InvariantCulture), pdf));
            var store = storage.GetRequiredService<DossierStore>();
            var roundTrips = new List<double>();
            var submits = new List<double>();
            var failed = 0;
            for (var i = 0; i < prepared.Count; i++)
            {
                var (id, etag) = prepared[i];
                if (!Domain.Dossiers.DossierId.TryParse(id, out var dossierId)) throw new InvalidOperationException("bad dossier id " + id);
                var sent = DateTimeOffset.UtcNow;
                var clock = Stopwatch.StartNew();
                if (!await SubmitAsync(http, token, id, etag)) { failed++; continue; }
                var submitted = clock.Elapsed.TotalMilliseconds;
                var deadline = DateTime.UtcNow.AddSeconds(60);
                StoredDossier? s;
                while ((s = await store.GetAsync(dossierId))?.Dossier.Status != Domain.Dossiers.DossierStatus.Evaluated)
                {
                    if (DateTime.UtcNow > deadline) { failed++; break; }
                    await Task.Delay(2);
                }
                if (i < 20 || s?.Dossier.Status != Domain.Dossiers.DossierStatus.Evaluated) continue; // the first 20: warm-up
                submits.Add(submitted);
                roundTrips.Add((s.Dossier.UpdatedAt - sent).TotalMilliseconds);
            }
            static string Stats(List<double> values)
            {
                var sorted = values.Order().ToArray();
                double P(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
                return string.Create(CultureInfo.InvariantCulture, $"p50 {P(0.50):F1} ms, p95 {P(0.95):F1} ms, max {sorted[^1]:F1} ms");
            }
            Console.WriteLine($"{roundTrips.Count} dossiers one at a time (after 20 warm-up); failed {failed}");
            Console.WriteLine($"submit → evaluated (queue round trip incl. the submit): {Stats(roundTrips)}");
            Console.WriteLine($"the submit request alone (ends after the queue send): {Stats(submits)}");
            return failed == 0 ? 0 : 1;
        }
        finally
        {
            await app.KillAsync();
        }
    }

    public static async Task<int> UploadMemoryAsync(string[] args)
    {
        var megabytes = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
        long size = megabytes * 1024L * 1024;
        const int blockSize = 8 * 1024 * 1024;

        using var azurite = new AzuriteFixture();
        await azurite.InitializeAsync();
        using var app = await StartAppAsync(azurite, new Dictionary<string, string>
        {
            ["Dossiers__MaxFileMegabytes"] = (megabytes + 10).ToString(CultureInfo.InvariantCulture),
            ["Dossiers__MaxDossierMegabytes"] = (megabytes + 10).ToString(CultureInfo.InvariantCulture),
        });
        try
        {
            using var http = Client(app, 4);
            var token = await TokenAsync(http, "xa-ia-hru");
            // Warm-up: a small file through the same path.
            await PrepareAsync(http, token, "23971", "warm-up", Pdf(64 * 1024));
            GC.Collect();
            await Task.Delay(2000);
            var before = RssMb(app.Id);

            var id = (await SendAsync(http, token, HttpMethod.Post, "/api/dossiers", Body("23971", "200 MB"))).GetProperty("id").GetString()!;
            var added = await SendAsync(http, token, HttpMethod.Post, $"/api/dossiers/{id}/files", new { componentId = "to-trinh", fileName = "to-trinh-lon.pdf", size });
            var fileId = added.GetProperty("file").GetProperty("id").GetString()!;
            var url = (await SendAsync(http, token, HttpMethod.Post, $"/api/dossiers/{id}/files/{fileId}/upload-url", null)).GetProperty("upload").GetProperty("url").GetString()!;

            using var sampler = new RssSampler(app.Id);
            var clock = Stopwatch.StartNew();
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var block = new byte[blockSize];
            var blockIds = new List<string>();
            using var storageClient = new HttpClient { Timeout = TimeSpan.FromMinutes(10) };
            for (long offset = 0; offset < size; offset += blockSize)
            {
                var length = (int)Math.Min(blockSize, size - offset);
                Fill(block, offset, length);
                hash.AppendData(block, 0, length);
                var blockId = Convert.ToBase64String(Encoding.ASCII.GetBytes($"block-{blockIds.Count:D6}"));
                blockIds.Add(blockId);
                using var content = new ByteArrayContent(block, 0, length);
                using var put = await storageClient.PutAsync(url + "&comp=block&blockid=" + Uri.EscapeDataString(blockId), content);
                put.EnsureSuccessStatusCode();
            }
            var xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>" + string.Concat(blockIds.Select(b => "<Latest>" + b + "</Latest>")) + "</BlockList>";
            using (var commit = await storageClient.PutAsync(url + "&comp=blocklist", new StringContent(xml, Encoding.UTF8, "application/xml"))) commit.EnsureSuccessStatusCode();
            var uploadTime = clock.Elapsed;
            var duringUpload = sampler.TakePeak();

            clock.Restart();
            var confirmed = await SendAsync(http, token, HttpMethod.Post, $"/api/dossiers/{id}/files/{fileId}/confirm", null);
            var confirmTime = clock.Elapsed;
            var duringConfirm = sampler.TakePeak();
            var file = confirmed.GetProperty("files").EnumerateArray().Single(f => f.GetProperty("id").GetString() == fileId);
            var sha = file.GetProperty("sha256").GetString();
            var expected = Convert.ToHexStringLower(hash.GetHashAndReset());
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{megabytes} MB through the dossier upload-url SAS: upload {uploadTime.TotalSeconds:F1} s ({megabytes / uploadTime.TotalSeconds:F0} MB/s), confirm (stream, sniff, SHA-256) {confirmTime.TotalSeconds:F1} s; SHA-256 {(sha == expected ? "matches" : "DIFFERS")}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"app RSS: before {before} MB, peak during upload {duringUpload} MB, peak during confirm {duringConfirm} MB, after {RssMb(app.Id)} MB; Azurite RSS {RssMb(azurite.ProcessId)} MB"));
            return sha == expected ? 0 : 1;
        }
        finally
        {
            await app.KillAsync();
        }
    }

    private static ServiceProvider Storage(AzuriteFixture azurite)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(azurite.ConfigurationValues).Build();
        var services = new ServiceCollection().AddLogging().AddDataStorage(configuration);
        services.AddSingleton<DossierStore>();
        return services.BuildServiceProvider();
    }

    internal static async Task<AppProcess> StartAppAsync(AzuriteFixture azurite, IReadOnlyDictionary<string, string> extra)
    {
        var port = FreePort.Next();
        var settings = new Dictionary<string, string>
        {
            ["Logging__LogLevel__Default"] = "Warning",
            ["DataStorage__ConnectionString"] = azurite.ConnectionString,
            ["Identity__DevIssuer__Enabled"] = "true",
            ["Identity__DevIssuer__Issuer"] = $"http://127.0.0.1:{port}/dev-issuer",
            ["Statistics__SeedDemoData"] = "false",
            ["Dossiers__SeedDemoData"] = "false",
        };
        foreach (var (k, v) in extra) settings[k] = v;
        var app = AppProcess.Start(settings, port: port); // tools/FunctionsHost + the worker, on that port
        using var probe = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            try
            {
                using var health = await probe.GetAsync("/api/health");
                if (health.IsSuccessStatusCode) break;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline && !app.Process.HasExited)
            {
            }
            if (DateTime.UtcNow > deadline || app.Process.HasExited) throw new InvalidOperationException("The app did not start:\n" + app.Output);
            await Task.Delay(200);
        }
        Port[app.Id] = port;
        return app;
    }

    private static readonly ConcurrentDictionary<int, int> Port = new();

    internal static HttpClient Client(AppProcess app, int inFlight) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = Math.Max(4, inFlight * 2) })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{Port[app.Id]}/"),
            Timeout = TimeSpan.FromMinutes(5),
        };

    private static readonly HttpClient Blob = new(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { Timeout = TimeSpan.FromMinutes(5) };

    internal static async Task<string> TokenAsync(HttpClient http, string user)
    {
        using var response = await http.PostAsJsonAsync("/dev/token", new { user });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
        for (var i = 0; i < 100; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var me = await http.SendAsync(request);
            if ((await me.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("scope").ValueKind != JsonValueKind.Null) break;
            await Task.Delay(100);
        }
        return token;
    }

    internal static object Body(string unit, string name) => new
    {
        planId = PlanId,
        stage = new { kind = "mid-term", year = 2023 },
        nominatingUnitCode = unit,
        nominee = new { kind = "commune", name = "Xã Ia Hrú " + name, unitCode = "23971", tags = new[] { "region-3" } },
        awardFormId = "giay-khen-chu-tich-huyen",
        nominationYear = 2023,
        statistics = new[]
        {
            new { year = 2021, households = 1850, poor = 520, nearPoor = 310 },
            new { year = 2023, households = 1890, poor = 250, nearPoor = 150 },
        },
        achievementsSummary = "Hộ nghèo và cận nghèo giảm từ 830 hộ (2021) còn 400 hộ (2023).",
    };

    private static async Task<(string Id, string ETag)> PrepareAsync(HttpClient http, string token, string unit, string name, byte[] pdf)
    {
        var id = (await SendAsync(http, token, HttpMethod.Post, "/api/dossiers", Body(unit, name))).GetProperty("id").GetString()!;
        JsonElement last = default;
        foreach (var component in Components)
        {
            var added = await SendAsync(http, token, HttpMethod.Post, $"/api/dossiers/{id}/files", new { componentId = component, fileName = component + ".pdf", size = pdf.Length });
            var fileId = added.GetProperty("file").GetProperty("id").GetString()!;
            var url = added.GetProperty("upload").GetProperty("url").GetString()!;
            var blockId = Convert.ToBase64String("block-000000"u8.ToArray());
            using (var put = await Blob.PutAsync(url + "&comp=block&blockid=" + Uri.EscapeDataString(blockId), new ByteArrayContent(pdf))) put.EnsureSuccessStatusCode();
            using (var commit = await Blob.PutAsync(url + "&comp=blocklist", new StringContent($"<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList><Latest>{blockId}</Latest></BlockList>", Encoding.UTF8, "application/xml")))
                commit.EnsureSuccessStatusCode();
            last = await SendAsync(http, token, HttpMethod.Post, $"/api/dossiers/{id}/files/{fileId}/confirm", null);
        }
        return (id, last.GetProperty("etag").GetString()!);
    }

    private static async Task<bool> SubmitAsync(HttpClient http, string token, string id, string etag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/dossiers/{id}/submit");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        using var response = await http.SendAsync(request);
        if ((int)response.StatusCode == 202) return true;
        Console.Error.WriteLine($"submit {id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return false;
    }

    internal static async Task<JsonElement> SendAsync(HttpClient http, string token, HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {json}");
        return json;
    }

    private static async Task<int> WaitEvaluatedAsync(ServiceProvider storage, int expected, TimeSpan timeout)
    {
        var table = storage.GetRequiredService<TableServiceClient>().GetTableClient(DossierStorageNames.DossiersTable);
        var filter = TableClient.CreateQueryFilter($"Type eq {"dossier"} and Status eq {"evaluated"}");
        var deadline = DateTime.UtcNow + timeout;
        var count = 0;
        while (DateTime.UtcNow < deadline)
        {
            count = 0;
            await foreach (var _ in table.QueryAsync<TableEntity>(filter, select: ["RowKey"])) count++;
            if (count >= expected) return count;
            await Task.Delay(1000);
        }
        Console.Error.WriteLine($"timeout: {count} of {expected} evaluated");
        return count;
    }

    private static byte[] Pdf(int size)
    {
        var bytes = new byte[size];
        Fill(bytes, 0, size);
        return bytes;
    }

    // PDF header at offset 0, then printable filler; the same bytes for the same offsets.
    private static void Fill(byte[] buffer, long offset, int length)
    {
        for (var i = 0; i < length; i++) buffer[i] = (byte)('a' + ((offset + i) % 26));
        if (offset == 0) "%PDF-1.7\n"u8.CopyTo(buffer);
    }

    internal static long RssMb(int? pid) => ReadStatusKb(pid, "VmRSS:") / 1024;

    private static long PeakRssMb(int? pid) => ReadStatusKb(pid, "VmHWM:") / 1024;

    internal static long ReadStatusKb(int? pid, string field)
    {
        if (pid is null) return -1;
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                    return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }
        catch (IOException)
        {
        }
        return -1;
    }

    /// <summary>Samples a process's resident set every 20 ms; <see cref="TakePeak"/> returns the highest since the last call.</summary>
    internal sealed class RssSampler : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;
        private long _peakKb;

        public RssSampler(int pid)
        {
            _loop = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    var kb = ReadStatusKb(pid, "VmRSS:");
                    if (kb > Interlocked.Read(ref _peakKb)) Interlocked.Exchange(ref _peakKb, kb);
                    try { await Task.Delay(20, _stop.Token); } catch (OperationCanceledException) { }
                }
            });
        }

        public long TakePeak() => Interlocked.Exchange(ref _peakKb, 0) / 1024;

        public void Dispose()
        {
            _stop.Cancel();
            _loop.Wait();
            _stop.Dispose();
        }
    }
}
