using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using NoOneLeftBehind.Benchmarks.Dossiers;
using NoOneLeftBehind.Domain.Statistics;
using NoOneLeftBehind.Domain.Units;
using NoOneLeftBehind.Infrastructure.Statistics.Import;
using NoOneLeftBehind.TestSupport;

namespace NoOneLeftBehind.Benchmarks.Security;

/// <summary>
/// <c>bomb-memory [megabytes=1024]</c>: a fresh Azurite and the app as a separate process; the app's idle
/// resident memory is read after a warm-up, then decompression bombs that would inflate to that many
/// megabytes are sent over real HTTP — an XLSX whose shared strings inflate to it (<c>POST /api/statistics/imports</c>),
/// and DOCX evidence files whose <c>word/document.xml</c> inflates to it, declared honestly and with a lying
/// header (upload SAS, then <c>POST …/confirm</c>) — while the app's RSS is sampled every 20 ms.
/// Exits 1 unless every bomb is refused and the peak stays under 200 MB above idle.
/// </summary>
internal static class BombMemoryLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var megabytes = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1024;
        var inflated = megabytes * 1024L * 1024;
        var clock = Stopwatch.StartNew();
        var good = ReviewFileWriter.Xlsx([new UnitYearFigures(UnitCode.Parse("23971"), 2022, new HouseholdCounts(1_850, 430, 280, null))]);
        var xlsxBomb = ZipBombs.XlsxWithHugeSharedStrings(good, inflated);
        var docxBomb = ZipBombs.DocxWithHugeDocument(inflated);
        var lyingDocx = ZipBombs.WithDeclaredSize(docxBomb, "word/document.xml", 4096);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"bombs generated in {clock.Elapsed.TotalSeconds:F1} s: XLSX {xlsxBomb.Length / 1024} KB, DOCX {docxBomb.Length / 1024} KB, each inflating to {megabytes} MB"));

        using var azurite = new AzuriteFixture();
        await azurite.InitializeAsync();
        using var app = await DossierBurstLoad.StartAppAsync(azurite, new Dictionary<string, string>());
        try
        {
            using var http = DossierBurstLoad.Client(app, 4);
            var token = await DossierBurstLoad.TokenAsync(http, "xa-ia-hru");

            // Warm-up (JIT, connections): a good import and a good DOCX through the same paths.
            using (var warm = await ImportAsync(http, token, "warm-up.xlsx", good)) Console.WriteLine($"warm-up import: {(int)warm.StatusCode}");
            var dossier = (await DossierBurstLoad.SendAsync(http, token, HttpMethod.Post, "/api/dossiers", DossierBurstLoad.Body("23971", "bom nén"))).GetProperty("id").GetString()!;
            var (status, _) = await ConfirmAsync(http, token, dossier, "warm-up.docx", ZipBombs.DocxWithHugeDocument(64 * 1024));
            Console.WriteLine($"warm-up DOCX confirm: {status}");
            GC.Collect();
            await Task.Delay(3000);
            var idle = DossierBurstLoad.RssMb(app.Id);
            Console.WriteLine($"app RSS idle: {idle} MB");

            using var sampler = new DossierBurstLoad.RssSampler(app.Id);
            var ok = true;
            sampler.TakePeak();
            clock.Restart();
            using (var refused = await ImportAsync(http, token, "bom-nen.xlsx", xlsxBomb))
            {
                var body = await refused.Content.ReadAsStringAsync();
                var kind = JsonDocument.Parse(body).RootElement.TryGetProperty("problems", out var problems) && problems.GetArrayLength() > 0
                    ? problems[0].GetProperty("kind").GetString() + ": " + problems[0].GetProperty("messageEn").GetString() : body;
                ok &= Report("XLSX import (shared strings)", (int)refused.StatusCode, kind, clock.Elapsed, sampler.TakePeak(), idle);
            }
            foreach (var (name, bytes) in new[] { ("DOCX evidence, honest header", docxBomb), ("DOCX evidence, lying header", lyingDocx) })
            {
                clock.Restart();
                var (code, reason) = await ConfirmAsync(http, token, dossier, name.Contains("lying", StringComparison.Ordinal) ? "bom-gian.docx" : "bom.docx", bytes);
                ok &= Report(name + " (confirm)", code, reason, clock.Elapsed, sampler.TakePeak(), idle);
            }
            Console.WriteLine($"app RSS after: {DossierBurstLoad.RssMb(app.Id)} MB; Azurite RSS {DossierBurstLoad.RssMb(azurite.ProcessId)} MB");
            return ok ? 0 : 1;
        }
        finally
        {
            await app.KillAsync();
        }
    }

    private static bool Report(string what, int status, string reason, TimeSpan time, long peak, long idle)
    {
        var refused = status is 400 or 413 or 422;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what}: HTTP {status} in {time.TotalSeconds:F2} s; app RSS peak {peak} MB = idle + {peak - idle} MB; {reason}"));
        return refused && peak - idle < 200;
    }

    private static async Task<HttpResponseMessage> ImportAsync(HttpClient http, string token, string name, byte[] bytes)
    {
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(bytes), "file", name);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/statistics/imports") { Content = form };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await http.SendAsync(request);
    }

    private static readonly HttpClient Blob = new() { Timeout = TimeSpan.FromMinutes(5) };

    /// <summary>Adds the file to the dossier, uploads it with the SAS in one block, confirms it: the status and the verdict.</summary>
    private static async Task<(int Status, string Reason)> ConfirmAsync(HttpClient http, string token, string dossier, string name, byte[] bytes)
    {
        var added = await DossierBurstLoad.SendAsync(http, token, HttpMethod.Post, $"/api/dossiers/{dossier}/files", new { componentId = "bien-ban", fileName = name, size = bytes.Length });
        var fileId = added.GetProperty("file").GetProperty("id").GetString()!;
        var url = added.GetProperty("upload").GetProperty("url").GetString()!;
        var blockId = Convert.ToBase64String("block-000000"u8.ToArray());
        using (var put = await Blob.PutAsync(url + "&comp=block&blockid=" + Uri.EscapeDataString(blockId), new ByteArrayContent(bytes))) put.EnsureSuccessStatusCode();
        using (var commit = await Blob.PutAsync(url + "&comp=blocklist", new StringContent($"<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList><Latest>{blockId}</Latest></BlockList>", Encoding.UTF8, "application/xml")))
            commit.EnsureSuccessStatusCode();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/dossiers/{dossier}/files/{fileId}/confirm");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        var json = await response.Content.ReadAsStringAsync();
        var root = JsonDocument.Parse(json).RootElement;
        var reason = root.TryGetProperty("errors", out var errors) && errors.TryGetProperty($"files.{fileId}", out var e) ? e[1].GetString()! : "accepted";
        return ((int)response.StatusCode, reason);
    }
}
