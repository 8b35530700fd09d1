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
            routes.Select(r => r.GetProperty("route").GetString()).ShouldBe(["/dashboards/embed.html", "/*"]);
            var embed = routes[0].GetProperty("headers");
            var page = routes[1].GetProperty("headers");
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
            Headers(global, page).ShouldBe(Headers(pageResponse), ignoreOrder: true);
            Headers(global, embed).ShouldBe(Headers(embedResponse), ignoreOrder: true);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    private static List<string> Headers(params JsonElement[] objects) =>
        objects.SelectMany(o => o.EnumerateObject()).Select(p => $"{p.Name}: {p.Value.GetString()}").ToList();

    private static List<string> Headers(Microsoft.AspNetCore.Http.HttpResponse response) =>
        response.Headers.Select(h => $"{h.Key}: {h.Value}").ToList();
}
