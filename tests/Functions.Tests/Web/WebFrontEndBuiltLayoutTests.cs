using NoOneLeftBehind.InProcessHost;
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
        // What scripts/hash-assets.mjs writes: a content-hashed copy under assets/ and its pre-compressed twins.
        Write("assets/vendor/echarts/echarts.esm.min.0123456789.mjs", EchartsText);
        WriteBytes("assets/vendor/echarts/echarts.esm.min.0123456789.mjs.br", Compress(EchartsText, "br"));
        WriteBytes("assets/vendor/echarts/echarts.esm.min.0123456789.mjs.gz", Compress(EchartsText, "gzip"));
        WriteBytes("dashboards/index.html.gz", Compress("<!doctype html><title>dashboards</title>", "gzip"));
    }

    /// <summary>The text of the hashed test module.</summary>
    public const string EchartsText = "export default { version: '6' };";

    public static byte[] Compress(string text, string encoding)
    {
        using var output = new MemoryStream();
        using (Stream z = encoding == "br"
                   ? new System.IO.Compression.BrotliStream(output, System.IO.Compression.CompressionLevel.SmallestSize)
                   : new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.SmallestSize))
        {
            z.Write(System.Text.Encoding.UTF8.GetBytes(text));
        }
        return output.ToArray();
    }

    private void WriteBytes(string relative, byte[] bytes)
    {
        var path = Path.Combine(AppContext.BaseDirectory, Name, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
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
    public WebApplicationFactory<InProcessApp>? Built { get; set; }

    public void Dispose()
    {
        Built?.Dispose();
        Directory.Delete(Path.Combine(AppContext.BaseDirectory, Name), recursive: true);
    }
}

public sealed class WebFrontEndBuiltLayoutTests(BuiltFrontEndFolder folder) : IClassFixture<BuiltFrontEndFolder>
{
    private const string Portal = "https://portal.example.gov.vn";

    private WebApplicationFactory<InProcessApp> Factory(string? layout) => new WebApplicationFactory<InProcessApp>().WithWebHostBuilder(b =>
    {
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

    [Theory]
    [InlineData("gzip, deflate, br, zstd", "br")]
    [InlineData("br;q=0, gzip;q=0.8", "gzip")]
    [InlineData("gzip", "gzip")]
    [InlineData("", null)]
    [InlineData("identity", null)]
    public async Task BuiltLayout_HashedAsset_ServedPrecompressedAsAccepted_AndCachedImmutable(string acceptEncoding, string? expected)
    {
        using var client = BuiltClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/assets/vendor/echarts/echarts.esm.min.0123456789.mjs");
        if (acceptEncoding.Length > 0) request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        using var response = await client.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.CacheControl!.ToString().ShouldBe("public, max-age=31536000, immutable");
        response.Headers.Vary.ShouldContain("Accept-Encoding");
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/javascript");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        if (expected is null)
        {
            response.Content.Headers.ContentEncoding.ShouldBeEmpty();
            System.Text.Encoding.UTF8.GetString(bytes).ShouldBe(BuiltFrontEndFolder.EchartsText);
        }
        else
        {
            response.Content.Headers.ContentEncoding.ShouldBe([expected]);
            using var input = new MemoryStream(bytes);
            using Stream z = expected == "br"
                ? new System.IO.Compression.BrotliStream(input, System.IO.Compression.CompressionMode.Decompress)
                : new System.IO.Compression.GZipStream(input, System.IO.Compression.CompressionMode.Decompress);
            using var reader = new StreamReader(z);
            (await reader.ReadToEndAsync()).ShouldBe(BuiltFrontEndFolder.EchartsText);
        }
    }

    [Fact]
    public async Task BuiltLayout_Pages_AreRevalidated_NotCachedLong_EvenCompressed()
    {
        using var client = BuiltClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/dashboards/");
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "br, gzip");
        using var response = await client.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.CacheControl!.NoCache.ShouldBeTrue();
        response.Headers.CacheControl.MaxAge.ShouldBeNull();
        response.Content.Headers.ContentEncoding.ShouldBe(["gzip"]); // no .br beside it: the gzip copy
        (await client.GetAsync(new Uri("/assets/vendor/echarts/echarts.esm.min.0123456789.mjs.br", UriKind.Relative))).StatusCode
            .ShouldBe(HttpStatusCode.NotFound); // the compressed twins are not files of their own
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
