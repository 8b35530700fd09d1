using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace NoOneLeftBehind.Integration.Tests.Hosting;

/// <summary>Builds the deployable package once (scripts/package.sh) for the tests of this class.</summary>
public sealed class PackageFixture : IDisposable
{
    public PackageFixture()
    {
        Root = NoOneLeftBehind.TestSupport.AzuriteFixture.FindRepositoryRoot();
        Output = Directory.CreateTempSubdirectory("package-").FullName;
        var psi = new ProcessStartInfo("bash", [Path.Combine(Root, "scripts", "package.sh"), Output])
        {
            WorkingDirectory = Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // Plain ReadyToRun: the layout and serving checked here do not depend on the composite image, which takes
        // minutes of CPU to build (its cold start is measured by the catalogue-cold-start benchmark, docs/benchmarks.md).
        psi.Environment["PACKAGE_R2R_COMPOSITE"] = "false";
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(8)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("scripts/package.sh did not finish in 8 minutes.");
        }
        Log = stdout.Result + stderr.Result;
        if (process.ExitCode != 0) throw new InvalidOperationException("scripts/package.sh failed:\n" + Log);
    }

    public string Root { get; }

    public string Output { get; }

    public string Log { get; }

    public string Package => Path.Combine(Output, "package");

    public string Zip => Path.Combine(Output, "functionapp.zip");

    public void Dispose() => Directory.Delete(Output, recursive: true);

}

public sealed partial class PackageTests(PackageFixture package) : IClassFixture<PackageFixture>
{
    [Fact]
    public void Package_IsAnIsolatedWorker_WithItsMetadataHostJsonAndTheExecutable_AtItsRoot()
    {
        using var zip = ZipFile.OpenRead(package.Zip);
        var names = zip.Entries.Select(e => e.FullName.Replace('\\', '/')).ToHashSet(StringComparer.Ordinal);
        foreach (var file in new[] { "host.json", "functions.metadata", "worker.config.json", "NoOneLeftBehind.Functions", "NoOneLeftBehind.Functions.dll" })
            names.ShouldContain(file);
        names.ShouldNotContain(n => n.EndsWith("function.json", StringComparison.Ordinal)); // no custom-handler folders
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(package.Package, "host.json")));
        host.RootElement.TryGetProperty("customHandler", out _).ShouldBeFalse();
        using var worker = JsonDocument.Parse(File.ReadAllText(Path.Combine(package.Package, "worker.config.json")));
        worker.RootElement.GetProperty("description").GetProperty("language").GetString().ShouldBe("dotnet-isolated");

        // The package declares the functions the source declares: every [Function] of the worker assembly.
        var declared = typeof(NoOneLeftBehind.Functions.Hosting.EndpointTable).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods())
            .Select(m => m.GetCustomAttributes(typeof(Microsoft.Azure.Functions.Worker.FunctionAttribute), false).Cast<Microsoft.Azure.Functions.Worker.FunctionAttribute>().SingleOrDefault()?.Name)
            .OfType<string>().Order(StringComparer.Ordinal).ToList();
        Metadata().Select(f => f.GetProperty("name").GetString()!).Order(StringComparer.Ordinal).ShouldBe(declared);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Package_Executable_IsALinuxX64ElfMarkedExecutable()
    {
        var path = Path.Combine(package.Package, "NoOneLeftBehind.Functions");
        var head = new byte[20];
        using (var f = File.OpenRead(path)) f.ReadExactly(head);
        head[..4].ShouldBe(new byte[] { 0x7F, (byte)'E', (byte)'L', (byte)'F' });
        BitConverter.ToUInt16(head, 18).ShouldBe((ushort)62); // EM_X86_64
        File.GetUnixFileMode(path).HasFlag(UnixFileMode.UserExecute).ShouldBeTrue();
    }

    [Fact]
    public void Package_HostJson_ForwardsEveryPath_ApiRoutesStartWithApi_TheFrontEndTakesTheRest()
    {
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(package.Package, "host.json")));
        host.RootElement.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString().ShouldBe("");
        var routes = Metadata()
            .SelectMany(f => f.GetProperty("bindings").EnumerateArray().Select(b => b.ValueKind == JsonValueKind.String ? JsonDocument.Parse(b.GetString()!).RootElement : b)
                .Where(b => b.GetProperty("type").GetString() == "httpTrigger")
                .Select(b => (Name: f.GetProperty("name").GetString()!, Route: b.GetProperty("route").GetString()!)))
            .ToList();
        routes.ShouldNotBeEmpty();
        foreach (var (name, route) in routes)
        {
            if (name == "FrontEnd") route.ShouldBe("{*path}");
            else if (name.StartsWith("Dev", StringComparison.Ordinal)) route.ShouldStartWith("dev", customMessage: name); // Development only
            else route.ShouldStartWith("api/", customMessage: name);
        }
        routes.ShouldContain(r => r.Name == "FrontEnd");
    }

    private List<JsonElement> Metadata()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(package.Package, "functions.metadata")));
        return doc.RootElement.EnumerateArray().Select(e => e.Clone()).ToList();
    }

    [Fact]
    public void Package_Zip_HoldsTheFrontEnd_WithEveryVendoredFileThePagesImport()
    {
        using var zip = ZipFile.OpenRead(package.Zip);
        var names = zip.Entries.Select(e => e.FullName.Replace('\\', '/')).ToHashSet(StringComparer.Ordinal);
        names.ShouldContain("wwwroot/index.html");
        names.ShouldContain("wwwroot/dashboards/index.html");
        names.ShouldContain("wwwroot/dashboards/embed.html");
        names.ShouldContain("wwwroot/staticwebapp.config.json");
        // Every absolute script path the sources name (imports, the MSAL loader) is in the package.
        var referenced = Directory.EnumerateFiles(Path.Combine(package.Root, "src", "Web"), "*.js", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(package.Root, "dashboards"), "*.js", SearchOption.AllDirectories))
            .SelectMany(f => AbsoluteScript().Matches(File.ReadAllText(f)).Select(m => m.Groups["path"].Value))
            .ToHashSet(StringComparer.Ordinal);
        referenced.ShouldContain("/vendor/echarts/echarts.esm.min.mjs");
        referenced.ShouldContain("/vendor/pdfjs/pdf.min.mjs"); // the reviewers' evidence viewer and its worker
        referenced.ShouldContain("/vendor/pdfjs/pdf.worker.min.mjs");
        referenced.ShouldContain("/auth/vendor/msal-browser/msal-browser.min.js");
        foreach (var path in referenced) names.ShouldContain("wwwroot" + path);
        names.ShouldContain("wwwroot/vendor/pdfjs/LICENSE.txt");
        // Developer notes and the checkout's node_modules stay out.
        names.ShouldNotContain(n => n.StartsWith("wwwroot/", StringComparison.Ordinal) && (n.EndsWith(".md", StringComparison.Ordinal) || n.Contains("node_modules", StringComparison.Ordinal)));

        // The Static Web App config carries the app's own policy (no Blob or Entra origin given to the build).
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(package.Package, "wwwroot", "staticwebapp.config.json")));
        var expected = NoOneLeftBehind.Functions.Web.FrontEndSecurityHeaders.Create(null, null, []);
        RouteCsp(config, "/*").ShouldBe(expected.ContentSecurityPolicy);
        RouteCsp(config, "/dashboards/embed.html").ShouldBe(expected.EmbedContentSecurityPolicy);
    }

    [Fact]
    public async Task Package_StartedAsTheHostWould_ServesHealthOnTheGivenPort()
    {
        await using var app = await PackagedApp.StartAsync(package, frontEnd: false);
        var response = await app.Http.GetAsync(new Uri("api/health", UriKind.Relative));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        // Without Web__Root the handler serves no files (/ falls to the API's authorization: 401).
        (await app.Http.GetAsync(new Uri("/", UriKind.Relative))).StatusCode.ShouldNotBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Package_WithTheTemplatesWebSettings_ServesTheFrontEnd_AndEveryScriptAPageLoads()
    {
        await using var app = await PackagedApp.StartAsync(package, frontEnd: true);
        var expected = NoOneLeftBehind.Functions.Web.FrontEndSecurityHeaders.Create(null, new Uri(PackagedApp.BlobEndpoint), []);

        foreach (var page in new[] { "/", "/dashboards/", "/dossiers.html", "/review/", "/reports.html", "/review/reports.html" })
        {
            using var response = await app.Http.GetAsync(new Uri(page, UriKind.Relative));
            response.StatusCode.ShouldBe(HttpStatusCode.OK, page);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html", page);
            string.Join("", response.Headers.GetValues("Content-Security-Policy")).ShouldBe(expected.ContentSecurityPolicy, page);
        }
        using (var embed = await app.Http.GetAsync(new Uri("/dashboards/embed.html", UriKind.Relative)))
        {
            embed.StatusCode.ShouldBe(HttpStatusCode.OK);
            string.Join("", embed.Headers.GetValues("Content-Security-Policy")).ShouldBe(expected.EmbedContentSecurityPolicy);
        }
        (await app.Http.GetAsync(new Uri("api/health", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK);

        // Follow the pages' scripts and stylesheets, then every module they import, over HTTP.
        var pending = new Queue<Uri>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var page in new[] { "/", "/dashboards/", "/review/dossier.html" })
        {
            var pageUri = new Uri(app.Http.BaseAddress!, page);
            var html = await app.Http.GetStringAsync(pageUri);
            var refs = PageAsset().Matches(html).Select(m => m.Groups["src"].Value).ToList();
            refs.ShouldNotBeEmpty(page);
            foreach (var r in refs) pending.Enqueue(new Uri(pageUri, r));
        }
        while (pending.Count > 0)
        {
            var uri = pending.Dequeue();
            if (uri.Authority != app.Http.BaseAddress!.Authority || !seen.Add(uri.AbsolutePath)) continue;
            using var response = await app.Http.GetAsync(uri);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, uri.AbsolutePath);
            if (!uri.AbsolutePath.EndsWith(".js", StringComparison.Ordinal)) continue;
            var code = await response.Content.ReadAsStringAsync();
            foreach (var m in ModuleImport().Matches(code).Cast<System.Text.RegularExpressions.Match>())
                pending.Enqueue(new Uri(uri, m.Groups["path"].Value));
            foreach (var m in AbsoluteScript().Matches(code).Cast<System.Text.RegularExpressions.Match>())
                pending.Enqueue(new Uri(uri, m.Groups["path"].Value));
        }
        // The pages load the content-hashed copies (scripts/hash-assets.mjs), listed in asset-manifest.json.
        var manifest = await app.Http.GetFromJsonAsync<Dictionary<string, string>>(new Uri("/asset-manifest.json", UriKind.Relative));
        foreach (var file in new[] { "/vendor/echarts/echarts.esm.min.mjs", "/auth/vendor/msal-browser/msal-browser.min.js", "/dashboards/viewer/viewer.js",
                     "/vendor/pdfjs/pdf.min.mjs", "/vendor/pdfjs/pdf.worker.min.mjs" })
            seen.ShouldContain(manifest![file], file);
        // …served compressed as the browser accepts, and cached for good.
        using var request = new HttpRequestMessage(HttpMethod.Get, manifest!["/vendor/echarts/echarts.esm.min.mjs"]);
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip, deflate, br");
        using var echarts = await app.Http.SendAsync(request);
        echarts.StatusCode.ShouldBe(HttpStatusCode.OK);
        echarts.Content.Headers.ContentEncoding.ShouldBe(["br"]);
        echarts.Headers.CacheControl!.ToString().ShouldBe("public, max-age=31536000, immutable");
    }

    private static string RouteCsp(JsonDocument config, string route) =>
        config.RootElement.GetProperty("routes").EnumerateArray()
            .Single(r => r.GetProperty("route").GetString() == route)
            .GetProperty("headers").GetProperty("Content-Security-Policy").GetString()!;

    [System.Text.RegularExpressions.GeneratedRegex("""<(?:script|link)\b[^>]*\b(?:src|href)="(?<src>/[^"]+)(?=")""")]
    private static partial System.Text.RegularExpressions.Regex PageAsset();

    [System.Text.RegularExpressions.GeneratedRegex("""(?:\bfrom\s*|\bimport\s*\(\s*)["'](?<path>\.{0,2}/[^"']+)["']""")]
    private static partial System.Text.RegularExpressions.Regex ModuleImport();

    [System.Text.RegularExpressions.GeneratedRegex("""["'](?<path>/(?:assets/)?(?:vendor|auth|app|dashboards)/[^"'\s]+\.m?js)["']""")]
    private static partial System.Text.RegularExpressions.Regex AbsoluteScript();

    /// <summary>The package run by tools/FunctionsHost as the Functions host runs it, storage unreachable on purpose.</summary>
    private sealed class PackagedApp : IAsyncDisposable
    {
        public const string BlobEndpoint = "http://127.0.0.1:1/devstoreaccount1";

        private readonly Process process;

        private PackagedApp(Process process, HttpClient http)
        {
            this.process = process;
            Http = http;
        }

        public HttpClient Http { get; }

        public static async Task<PackagedApp> StartAsync(PackageFixture package, bool frontEnd)
        {
            var port = FreePort();
            var psi = new ProcessStartInfo("dotnet", [NoOneLeftBehind.TestSupport.AppProcess.HostDll, "--script-root", package.Package,
                "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)])
            {
                // Not the package folder: a relative Web__Root must be taken from the executable's folder.
                WorkingDirectory = frontEnd ? Path.GetTempPath() : package.Package,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            psi.Environment["AZURE_FUNCTIONS_ENVIRONMENT"] = "Production";
            // Storage is unreachable on purpose: the handler must still start and answer.
            psi.Environment["DataStorage__ConnectionString"] = "UseDevelopmentStorage=true";
            foreach (var service in new[] { "Blob", "Queue", "Table" })
                psi.Environment[$"DataStorage__{service}ServiceUri"] = BlobEndpoint;
            if (frontEnd)
            {
                // The values the template sets (infra/bicep/modules/function-app.bicep).
                var bicep = File.ReadAllText(Path.Combine(package.Root, "infra", "bicep", "modules", "function-app.bicep"));
                foreach (var name in new[] { "Web__Root", "Web__Layout" })
                {
                    var m = System.Text.RegularExpressions.Regex.Match(bicep, "\\b" + name + ":\\s*'(?<v>[^']*)'");
                    m.Success.ShouldBeTrue($"function-app.bicep does not set {name}");
                    psi.Environment[name] = m.Groups["v"].Value;
                }
            }
            var process = Process.Start(psi)!;
            var output = new System.Text.StringBuilder();
            process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
            process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(10) };
            var app = new PackagedApp(process, http);
            for (var i = 0; i < 300; i++)
            {
                try
                {
                    using var probe = await http.GetAsync(new Uri("api/health", UriKind.Relative));
                    if (probe.StatusCode != HttpStatusCode.ServiceUnavailable) return app; // 503: the worker is still starting
                    await Task.Delay(200);
                }
                catch (HttpRequestException) { await Task.Delay(200); }
                if (process.HasExited) break;
            }
            await app.DisposeAsync();
            string log;
            lock (output) log = output.ToString();
            throw new InvalidOperationException($"the packaged handler did not answer on port {port}:\n{log}");
        }

        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            process.Dispose();
        }
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
