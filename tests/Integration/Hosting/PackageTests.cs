using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using NoOneLeftBehind.Functions.Hosting;

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

public sealed class PackageTests(PackageFixture package) : IClassFixture<PackageFixture>
{
    [Fact]
    public void Package_HasHostJsonFunctionFoldersAndTheExecutable_AtItsRoot()
    {
        using var zip = ZipFile.OpenRead(package.Zip);
        var names = zip.Entries.Select(e => e.FullName.Replace('\\', '/')).ToHashSet(StringComparer.Ordinal);
        names.ShouldContain("host.json");
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(package.Package, "host.json")));
        var executable = host.RootElement.GetProperty("customHandler").GetProperty("description").GetProperty("defaultExecutablePath").GetString()!;
        names.ShouldContain(executable);
        host.RootElement.GetProperty("customHandler").GetProperty("enableForwardingHttpRequest").GetBoolean().ShouldBeTrue();

        var functionJsons = names.Where(n => n.EndsWith("/function.json", StringComparison.Ordinal)).ToList();
        functionJsons.ShouldNotBeEmpty();
        // The host only looks one level down: <FunctionName>/function.json.
        functionJsons.ShouldAllBe(n => n.Count(c => c == '/') == 1);

        // Same set of functions as the source tree declares.
        var source = Directory.EnumerateFiles(Path.Combine(package.Root, "src", "Functions"), "function.json", SearchOption.AllDirectories)
            .Where(p => !p.Contains("/bin/", StringComparison.Ordinal) && !p.Contains("/obj/", StringComparison.Ordinal))
            .Select(p => Path.GetFileName(Path.GetDirectoryName(p))!).Order(StringComparer.Ordinal);
        functionJsons.Select(n => n.Split('/')[0]).Order(StringComparer.Ordinal).ShouldBe(source);

        // Every function.json parses and names only known binding types.
        foreach (var manifest in FunctionManifest.Discover(package.Package))
            manifest.Bindings.ShouldAllBe(b => FunctionManifest.KnownBindingTypes.Contains(b.Type));
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
    public async Task Package_StartedAsTheHostWould_ServesHealthOnTheGivenPort()
    {
        var port = FreePort();
        var psi = new ProcessStartInfo(Path.Combine(package.Package, "NoOneLeftBehind.Functions"))
        {
            WorkingDirectory = package.Package,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.Environment["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        // Storage is unreachable on purpose: the handler must still start and answer.
        psi.Environment["DataStorage__ConnectionString"] = "UseDevelopmentStorage=true";
        foreach (var service in new[] { "Blob", "Queue", "Table" })
            psi.Environment[$"DataStorage__{service}ServiceUri"] = "http://127.0.0.1:1/devstoreaccount1";
        using var process = Process.Start(psi)!;
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(10) };
            HttpResponseMessage? response = null;
            for (var i = 0; i < 150 && response is null; i++)
            {
                try { response = await http.GetAsync(new Uri("api/health", UriKind.Relative)); }
                catch (HttpRequestException) { await Task.Delay(200); }
                if (process.HasExited) break;
            }
            string log;
            lock (output) log = output.ToString();
            response.ShouldNotBeNull($"the packaged handler did not answer on port {port}:\n{log}");
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
