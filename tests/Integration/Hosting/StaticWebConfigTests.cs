using System.Diagnostics;
using System.Text.Json;
using NoOneLeftBehind.Functions.Identity;
using NoOneLeftBehind.Functions.Web;

namespace NoOneLeftBehind.Integration.Tests.Hosting;

/// <summary>scripts/build-web.sh: the Static Web App's headers are the app's own for the same settings.</summary>
public sealed class StaticWebConfigTests
{
    [Fact]
    public async Task BuildWeb_StaticWebAppConfig_HasTheAppsPolicy_ForTheSameBlobEntraAndEmbeddingOrigins()
    {
        var root = NoOneLeftBehind.TestSupport.AzuriteFixture.FindRepositoryRoot();
        var output = Directory.CreateTempSubdirectory("web-build-").FullName;
        try
        {
            var psi = new ProcessStartInfo("bash", [Path.Combine(root, "scripts", "build-web.sh"), output])
            {
                WorkingDirectory = root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            psi.Environment["WEB_BLOB_ENDPOINT"] = "https://stdataabc.blob.core.windows.net/";
            psi.Environment["WEB_ENTRA_INSTANCE"] = "https://login.microsoftonline.com/";
            psi.Environment["WEB_EMBEDDING_ORIGINS"] = "https://portal.example.gov.vn https://cong.example.vn:8443";
            using (var process = Process.Start(psi)!)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
                var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
                _ = await process.StandardOutput.ReadToEndAsync(timeout.Token);
                await process.WaitForExitAsync(timeout.Token);
                process.ExitCode.ShouldBe(0, await stderr);
            }

            var expected = FrontEndSecurityHeaders.Create(
                new IdentityOptions { TenantId = "00000000-0000-4000-8000-000000000001", ClientId = "00000000-0000-4000-8000-000000000002" },
                new Uri("https://stdataabc.blob.core.windows.net/"),
                ["https://portal.example.gov.vn", "https://cong.example.vn:8443"]);
            using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "staticwebapp.config.json")));
            var routes = config.RootElement.GetProperty("routes").EnumerateArray().ToList();
            // First match wins: the embed page's rule must come before the catch-all.
            routes.Select(r => r.GetProperty("route").GetString()).ShouldBe(["/dashboards/embed.html", "/assets/*", "/*"]);
            var embed = routes[0].GetProperty("headers");
            var assets = routes[1].GetProperty("headers");
            var page = routes[2].GetProperty("headers");
            // The content-hashed copies are cached for a year, the pages and everything else revalidated (as the app does).
            assets.GetProperty("Cache-Control").GetString().ShouldBe("public, max-age=31536000, immutable");
            page.GetProperty("Cache-Control").GetString().ShouldBe("no-cache");
            embed.GetProperty("Cache-Control").GetString().ShouldBe("no-cache");
            Headers(assets).Where(h => !h.StartsWith("Cache-Control", StringComparison.Ordinal)).ShouldBe(Headers(page).Where(h => !h.StartsWith("Cache-Control", StringComparison.Ordinal)));
            page.GetProperty("Content-Security-Policy").GetString().ShouldBe(expected.ContentSecurityPolicy);
            embed.GetProperty("Content-Security-Policy").GetString().ShouldBe(expected.EmbedContentSecurityPolicy);
            expected.ContentSecurityPolicy.ShouldContain("https://login.microsoftonline.com");
            expected.EmbedContentSecurityPolicy.ShouldContain("https://cong.example.vn:8443");

            // The other headers are those the app sends (FrontEndSecurityHeaders.Apply), page and embed.
            var pageResponse = new Microsoft.AspNetCore.Http.DefaultHttpContext().Response;
            expected.Apply(pageResponse, embedding: false);
            var embedResponse = new Microsoft.AspNetCore.Http.DefaultHttpContext().Response;
            expected.Apply(embedResponse, embedding: true);
            var global = config.RootElement.GetProperty("globalHeaders");
            Headers(global, page).Where(h => !h.StartsWith("Cache-Control", StringComparison.Ordinal)).ShouldBe(Headers(pageResponse), ignoreOrder: true);
            Headers(global, embed).Where(h => !h.StartsWith("Cache-Control", StringComparison.Ordinal)).ShouldBe(Headers(embedResponse), ignoreOrder: true);

            AssertHashedAndCompressed(output);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    /// <summary>scripts/hash-assets.mjs: content-hashed copies under assets/, pages and modules pointing at them, .br/.gz twins.</summary>
    private static void AssertHashedAndCompressed(string output)
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "asset-manifest.json")));
        var map = manifest.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        var echarts = map["/vendor/echarts/echarts.esm.min.mjs"];
        echarts.ShouldMatch(@"^/assets/vendor/echarts/echarts\.esm\.min\.[0-9a-f]{10}\.mjs$");
        string Read(string url) => File.ReadAllText(Path.Combine(output, url.TrimStart('/')));
        // The name is the content's: the hashed copy of a file without references is the file itself.
        Read(echarts).ShouldBe(File.ReadAllText(Path.Combine(output, "vendor", "echarts", "echarts.esm.min.mjs")));
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes("/vendor/echarts/echarts.esm.min.mjs\0" + Read(echarts) + "\0")))[..10];
        echarts.ShouldContain("." + hash + ".");

        // The dashboards page preloads and loads the hashed files; the viewer imports hashed ECharts, relative imports too.
        var page = File.ReadAllText(Path.Combine(output, "dashboards", "index.html"));
        page.ShouldContain($"href=\"{echarts}\"");
        page.ShouldContain($"src=\"{map["/dashboards/viewer/page.js"]}\"");
        page.ShouldNotContain("\"/vendor/echarts/");
        var viewer = Read(map["/dashboards/viewer/viewer.js"]);
        viewer.ShouldContain($"from \"{echarts}\"");
        viewer.ShouldContain($"from \"{map["/dashboards/viewer/dom.js"]}\"");
        viewer.ShouldNotContain("from \"./");
        Read(map["/dashboards/definitions/poverty.json"]).ShouldContain(map["/dashboards/geo/vn_provinces_34.map.geojson"]);
        Read(map["/review/pdf-viewer.js"]).ShouldContain(map["/vendor/pdfjs/pdf.worker.min.mjs"]);

        // Brotli and gzip twins that decompress to the file.
        var file = Path.Combine(output, echarts.TrimStart('/'));
        var original = File.ReadAllBytes(file);
        using (var br = new System.IO.Compression.BrotliStream(File.OpenRead(file + ".br"), System.IO.Compression.CompressionMode.Decompress))
        using (var copy = new MemoryStream())
        {
            br.CopyTo(copy);
            copy.ToArray().ShouldBe(original);
        }
        using (var gz = new System.IO.Compression.GZipStream(File.OpenRead(file + ".gz"), System.IO.Compression.CompressionMode.Decompress))
        using (var copy = new MemoryStream())
        {
            gz.CopyTo(copy);
            copy.ToArray().ShouldBe(original);
        }
        new FileInfo(file + ".br").Length.ShouldBeLessThan(original.Length / 3);
    }

    private static List<string> Headers(params JsonElement[] objects) =>
        objects.SelectMany(o => o.EnumerateObject()).Select(p => $"{p.Name}: {p.Value.GetString()}").ToList();

    private static List<string> Headers(Microsoft.AspNetCore.Http.HttpResponse response) =>
        response.Headers.Select(h => $"{h.Key}: {h.Value}").ToList();
}
