using NoOneLeftBehind.InProcessHost;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace NoOneLeftBehind.Functions.Tests.Web;

/// <summary>A checkout-shaped folder (src/Web, dashboards, node_modules) in a temporary directory.</summary>
public sealed class FrontEndFolder : IDisposable
{
    public FrontEndFolder()
    {
        Checkout = Directory.CreateTempSubdirectory("nolb-web-").FullName;
        Write("src/Web/index.html", "<!doctype html><title>form</title>");
        Write("src/Web/app/form.js", "export const x = 1;");
        Write("src/Web/app/form.css", "body{}");
        Write("src/Web/auth/auth.js", "export {};");
        Write("src/Web/README.md", "not served");
        Write("src/Web/.secret", "not served");
        Write("src/secret.txt", "outside the root");
        Write("dashboards/index.html", "<!doctype html><title>dashboards</title>");
        Write("dashboards/embed.html", "<!doctype html><title>embed</title>");
        Write("dashboards/geo/vn.geojson", "{\"type\":\"FeatureCollection\",\"features\":[]}");
        Write("node_modules/echarts/dist/echarts.esm.min.mjs", "export default {};");
        Write("node_modules/pdfjs-dist/build/pdf.min.mjs", "export const version = '6';");
        Write("node_modules/pdfjs-dist/build/pdf.worker.min.mjs", "export const WorkerMessageHandler = {};");
        Write("node_modules/@azure/msal-browser/lib/msal-browser.min.js", "var msal={};");
    }

    public string Checkout { get; }

    public string WebRoot => Path.Combine(Checkout, "src", "Web");

    private void Write(string relative, string text)
    {
        var path = Path.Combine(Checkout, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    public void Dispose() => Directory.Delete(Checkout, recursive: true);
}

public sealed class WebFrontEndTests : IClassFixture<FrontEndFolder>, IDisposable
{
    private const string Portal = "https://portal.example.gov.vn";
    private readonly WebApplicationFactory<InProcessApp> _factory;
    private readonly HttpClient _client;

    public WebFrontEndTests(FrontEndFolder folder)
    {
        _factory = new WebApplicationFactory<InProcessApp>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Web:Root", folder.WebRoot);
            b.UseSetting("Embedding:AllowedOrigins:0", Portal);
            b.UseSetting("DataStorage:ConnectionString", "UseDevelopmentStorage=true");
        });
        _client = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }

    [Fact]
    public async Task Get_Root_ServesIndexAnonymouslyWithSecurityHeaders()
    {
        using var response = await _client.GetAsync(new Uri("/", UriKind.Relative));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        (await response.Content.ReadAsStringAsync()).ShouldContain("<title>form</title>");
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        csp.ShouldContain("default-src 'self'");
        csp.ShouldContain("script-src 'self';");
        csp.ShouldContain("frame-ancestors 'self'");
        csp.ShouldNotContain(Portal, customMessage: "only the embed page may be framed by other portals");
        csp.ShouldContain("connect-src 'self' http://127.0.0.1:10000", customMessage: "direct uploads go to the Blob endpoint");
        csp.ShouldContain("frame-src 'self' http://127.0.0.1:10000/devstoreaccount1/dossier-files/;", customMessage: "frames: only the evidence container");
        response.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff");
        response.Headers.GetValues("X-Frame-Options").Single().ShouldBe("SAMEORIGIN");
    }

    [Theory]
    [InlineData("/app/form.js", "text/javascript")]
    [InlineData("/app/form.css", "text/css")]
    [InlineData("/auth/auth.js", "text/javascript")]
    [InlineData("/vendor/echarts/echarts.esm.min.mjs", "text/javascript")] // ES module import needs a JS type
    [InlineData("/vendor/pdfjs/pdf.min.mjs", "text/javascript")] // the reviewers' evidence viewer (PDF.js)
    [InlineData("/vendor/pdfjs/pdf.worker.min.mjs", "text/javascript")] // its module worker (worker-src 'self')
    [InlineData("/vendor/msal-browser/msal-browser.min.js", "text/javascript")]
    [InlineData("/auth/vendor/msal-browser/msal-browser.min.js", "text/javascript")] // where auth.js looks
    [InlineData("/dashboards/geo/vn.geojson", "application/geo+json")]
    public async Task Get_File_HasItsContentType(string path, string mediaType)
    {
        using var response = await _client.GetAsync(new Uri(path, UriKind.Relative));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe(mediaType);
    }

    [Fact]
    public async Task Get_DashboardsWithoutSlash_RedirectsToTheFolder()
    {
        using var response = await _client.GetAsync(new Uri("/dashboards?year=2024", UriKind.Relative));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldBe("/dashboards/?year=2024");
        using var index = await _client.GetAsync(new Uri("/dashboards/", UriKind.Relative));
        (await index.Content.ReadAsStringAsync()).ShouldContain("<title>dashboards</title>");
    }

    [Fact]
    public async Task Get_EmbedPage_MayBeFramedByTheAllowedPortalOnly()
    {
        using var response = await _client.GetAsync(new Uri("/dashboards/embed.html?token=abc", UriKind.Relative));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        csp.ShouldEndWith($"frame-ancestors 'self' {Portal}");
        response.Headers.Contains("X-Frame-Options").ShouldBeFalse("X-Frame-Options cannot name another origin; CSP decides");
    }

    [Theory]
    [InlineData("/README.md")] // no content type for it: not served
    [InlineData("/.secret")] // dot files
    [InlineData("/%2e%2e/secret.txt")] // out of the root
    [InlineData("/app/..%2f..%2fsecret.txt")]
    [InlineData("/missing.js")]
    [InlineData("/api/nothing-here")] // an unknown API route never falls back to a page
    public async Task Get_NotAServedFile_Is404(string path)
    {
        using var response = await _client.GetAsync(new Uri(path, UriKind.Relative));
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Get_ProtectedApi_StillNeedsSignIn()
    {
        using var response = await _client.GetAsync(new Uri("/api/me", UriKind.Relative));
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Get_WithItsETag_IsNotModified()
    {
        using var first = await _client.GetAsync(new Uri("/app/form.js", UriKind.Relative));
        var tag = first.Headers.ETag.ShouldNotBeNull();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/app/form.js", UriKind.Relative));
        request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue(tag.Tag));
        using var second = await _client.SendAsync(request);
        second.StatusCode.ShouldBe(HttpStatusCode.NotModified);
    }

    [Fact]
    public async Task NoWebRoot_ServesNoFiles()
    {
        using var factory = new WebApplicationFactory<InProcessApp>().WithWebHostBuilder(_ => { });
        using var client = factory.CreateClient();
        using var response = await client.GetAsync(new Uri("/index.html", UriKind.Relative));
        response.IsSuccessStatusCode.ShouldBeFalse();
    }

    [Theory]
    [InlineData("https://*.example.gov.vn")]
    [InlineData("https://portal.example.gov.vn/path")]
    [InlineData("portal.example.gov.vn")]
    [InlineData("https://a.vn; script-src *")]
    public void WrongEmbeddingOrigin_StopsTheStart(string origin)
    {
        using var factory = new WebApplicationFactory<InProcessApp>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Web:Root", Path.GetTempPath());
            b.UseSetting("Embedding:AllowedOrigins:0", origin);
        });
        Should.Throw<InvalidOperationException>(() => factory.CreateClient()).Message.ShouldContain("Embedding:AllowedOrigins");
    }
}
