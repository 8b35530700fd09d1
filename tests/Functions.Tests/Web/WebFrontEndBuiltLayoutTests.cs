using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace NoOneLeftBehind.Functions.Tests.Web;

/// <summary>
/// The layout scripts/build-web.sh writes (the package's wwwroot): vendored files already under the root, no
/// checkout around it. Created beside the test assembly and named by a relative path, as the template does.
/// </summary>
public sealed class BuiltFrontEndFolder : IDisposable
{
    public BuiltFrontEndFolder()
    {
        Name = "web-built-" + Guid.NewGuid().ToString("N");
        Write("index.html", "<!doctype html><title>form</title>");
        Write("auth/auth.js", "export {};");
        Write("auth/vendor/msal-browser/msal-browser.min.js", "var msal={};");
        Write("vendor/msal-browser/msal-browser.min.js", "var msal={};");
        Write("vendor/echarts/echarts.esm.min.mjs", "export default {};");
        Write("vendor/pdfjs/pdf.min.mjs", "export const version = '6';");
        Write("vendor/pdfjs/pdf.worker.min.mjs", "export const WorkerMessageHandler = {};");
        Write("dashboards/index.html", "<!doctype html><title>dashboards</title>");
        Write("dashboards/embed.html", "<!doctype html><title>embed</title>");
    }

    /// <summary>Relative to the test assembly's folder.</summary>
    public string Name { get; }

    private void Write(string relative, string text)
    {
        var path = Path.Combine(AppContext.BaseDirectory, Name, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    /// <summary>One app with Web:Layout=built for the tests that only read (starting the app is the slow part).</summary>
    public WebApplicationFactory<Program>? Built { get; set; }

    public void Dispose()
    {
        Built?.Dispose();
        Directory.Delete(Path.Combine(AppContext.BaseDirectory, Name), recursive: true);
    }
}

public sealed class WebFrontEndBuiltLayoutTests(BuiltFrontEndFolder folder) : IClassFixture<BuiltFrontEndFolder>
{
    private const string Portal = "https://portal.example.gov.vn";

    private WebApplicationFactory<Program> Factory(string? layout) => new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
    {
        b.UseSetting("TriggerRunner:Enabled", "false");
        b.UseSetting("Web:Root", folder.Name);
        if (layout is not null) b.UseSetting("Web:Layout", layout);
        b.UseSetting("Embedding:AllowedOrigins:0", Portal);
        b.UseSetting("DataStorage:ConnectionString", "UseDevelopmentStorage=true");
    });

    private HttpClient BuiltClient() =>
        (folder.Built ??= Factory("built")).CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [Theory]
    [InlineData("/", "<title>form</title>")]
    [InlineData("/dashboards/", "<title>dashboards</title>")]
    [InlineData("/vendor/echarts/echarts.esm.min.mjs", "export default")]
    [InlineData("/vendor/pdfjs/pdf.min.mjs", "export const version")]
    [InlineData("/vendor/pdfjs/pdf.worker.min.mjs", "WorkerMessageHandler")]
    [InlineData("/vendor/msal-browser/msal-browser.min.js", "var msal")]
    [InlineData("/auth/vendor/msal-browser/msal-browser.min.js", "var msal")]
    public async Task BuiltLayout_ServesEveryUrlFromTheRoot(string path, string content)
    {
        using var client = BuiltClient();
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        response.StatusCode.ShouldBe(HttpStatusCode.OK, path);
        (await response.Content.ReadAsStringAsync()).ShouldContain(content);
        response.Headers.GetValues("Content-Security-Policy").Single().ShouldNotContain(Portal);
    }

    [Fact]
    public async Task BuiltLayout_EmbedPage_KeepsItsOwnFrameAncestors()
    {
        using var client = BuiltClient();
        using var response = await client.GetAsync(new Uri("/dashboards/embed.html", UriKind.Relative));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("frame-ancestors 'self' " + Portal);
        response.Headers.Contains("X-Frame-Options").ShouldBeFalse();
    }

    [Fact]
    public async Task CheckoutLayout_OnTheSameFolder_LooksForTheVendorFilesInNodeModules()
    {
        // The default layout takes /vendor/ from node_modules beside the checkout, which this folder has not.
        using var factory = Factory(null);
        using var client = factory.CreateClient();
        (await client.GetAsync(new Uri("/vendor/echarts/echarts.esm.min.mjs", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.GetAsync(new Uri("/", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public void UnknownLayout_StopsTheStart()
    {
        using var factory = Factory("dist");
        Should.Throw<InvalidOperationException>(() => factory.CreateClient()).Message.ShouldContain("Web:Layout");
    }
}
