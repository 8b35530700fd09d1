using System.Diagnostics;
using System.Globalization;
using System.Net;
using NoOneLeftBehind.TestSupport;

namespace NoOneLeftBehind.FunctionsHost.Tests;

/// <summary>
/// The host as scripts/run.sh runs it: its own process, options on the command line, settings from the environment.
/// A host killed outright (kill -9) leaves its worker running; the next host kills that orphan before starting its own.
/// </summary>
[Collection(SampleHostCollection.Name)]
public sealed class HostProcessTests(SampleHostFixture fixture) : IDisposable
{
    private readonly List<Process> _hosts = [];
    private readonly List<HttpClient> _clients = [];
    private readonly string _effects = Directory.CreateTempSubdirectory("fnhost-process").FullName;

    [Fact]
    public async Task HostKilledOutright_NextHostKillsTheOrphanedWorkerAndServes()
    {
        var first = await StartHostAsync();
        var orphanPid = await WorkerPidAsync(first.Client);
        first.Process.Kill(entireProcessTree: false); // the host only: its worker is left behind
        await first.Process.WaitForExitAsync();
        using var orphan = Process.GetProcessById(orphanPid);
        orphan.HasExited.ShouldBeFalse(); // the worker does not exit when its host's stream drops

        var second = await StartHostAsync();
        var newPid = await WorkerPidAsync(second.Client);

        newPid.ShouldNotBe(orphanPid);
        await SampleHostFixture.EventuallyAsync(() => orphan.HasExited, "the orphaned worker killed by the next host");
    }

    [Fact]
    public async Task BadOption_IsRefusedInVietnameseAndEnglish()
    {
        using var host = Process.Start(HostStart("--port", "seventy"))!;
        var error = await host.StandardError.ReadToEndAsync();
        await host.WaitForExitAsync();

        host.ExitCode.ShouldBe(2);
        error.ShouldContain("Cổng \"seventy\" không hợp lệ");
        error.ShouldContain("The port \"seventy\" is not valid");
    }

    public void Dispose()
    {
        foreach (var client in _clients) client.Dispose();
        foreach (var host in _hosts)
        {
            try
            {
                if (!host.HasExited) host.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // gone
            }
            host.Dispose();
        }
        Directory.Delete(_effects, recursive: true);
    }

    private async Task<(Process Process, HttpClient Client)> StartHostAsync()
    {
        var port = FreePort.Next();
        var info = HostStart("--script-root", SampleHostFixture.SampleWorkerDirectory, "--port", port.ToString(CultureInfo.InvariantCulture),
            "--settings", Path.Combine(_effects, "none.json"));
        info.Environment["AzureWebJobsStorage"] = fixture.ConnectionString;
        info.Environment["SAMPLE_EFFECTS_DIR"] = _effects;
        info.Environment["WorkQueue"] = "work";
        info.Environment["AzureWebJobs__Work__Disabled"] = "true"; // leave the "work" queue to the in-process host's tests
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _hosts.Add(process);
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        _clients.Add(client);
        await SampleHostFixture.EventuallyAsync(async () =>
        {
            try
            {
                using var response = await client.GetAsync(new Uri("api/pid", UriKind.Relative));
                return response.StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return false; // not listening yet
            }
        }, "the host process serving through its worker");
        return (process, client);
    }

    private static async Task<int> WorkerPidAsync(HttpClient client) =>
        int.Parse(await client.GetStringAsync(new Uri("api/pid", UriKind.Relative)), CultureInfo.InvariantCulture);

    private static ProcessStartInfo HostStart(params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "NoOneLeftBehind.FunctionsHost.dll"));
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        return info;
    }
}
