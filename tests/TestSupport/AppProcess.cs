using System.Diagnostics;
using System.Text;

namespace NoOneLeftBehind.TestSupport;

/// <summary>
/// The app as it runs in Azure: tools/FunctionsHost starting the isolated worker (src/Functions' build output) as real
/// processes, the host on a free port, for tests and load scripts that must kill it (kill -9) or call it from outside.
/// Both are built by the caller's project references (Configuration as the caller's). Output of host and worker (the
/// worker's log arrives through the host) is kept for failure messages; disposing kills the whole process tree.
/// </summary>
public sealed class AppProcess : IDisposable
{
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Uri> _address = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private AppProcess(Process process)
    {
        Process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>The host's process (the worker is its child).</summary>
    public Process Process { get; }

    /// <summary>Process id of the host.</summary>
    public int Id => Process.Id;

    /// <summary>What host and worker printed so far.</summary>
    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>The worker build the host runs: src/Functions/bin/&lt;Configuration&gt;/net10.0.</summary>
    public static string WorkerDirectory => BuildOutput(Path.Combine("src", "Functions"));

    /// <summary>The host's build: tools/FunctionsHost/bin/&lt;Configuration&gt;/net10.0/NoOneLeftBehind.FunctionsHost.dll.</summary>
    public static string HostDll => Path.Combine(BuildOutput(Path.Combine("tools", "FunctionsHost")), "NoOneLeftBehind.FunctionsHost.dll");

    /// <summary>
    /// Starts the host (<c>--port</c> <paramref name="port"/>, 0: a free one) with the worker in Development and the given
    /// settings (configuration keys with <c>__</c> for <c>:</c>), handed to the worker as its environment. The storage
    /// connection string (<c>DataStorage__ConnectionString</c>) is also the queue triggers' connection <c>DataStorage</c>.
    /// <paramref name="queueLease"/>: how long a running message stays invisible (the host's <c>--queue-lease</c>).
    /// <paramref name="scriptRoot"/>: another worker build to run instead of src/Functions' (e.g. the sample worker).
    /// </summary>
    public static AppProcess Start(IReadOnlyDictionary<string, string> settings, TimeSpan? queueLease = null, int port = 0, string? scriptRoot = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var host = HostDll;
        var worker = scriptRoot ?? WorkerDirectory;
        if (!File.Exists(host)) throw new FileNotFoundException("tools/FunctionsHost is not built (reference it from the test project).", host);
        if (!File.Exists(Path.Combine(worker, "functions.metadata"))) throw new FileNotFoundException("The worker is not built.", worker);
        List<string> args = [host, "--script-root", worker, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)];
        if (queueLease is { } lease) args.AddRange(["--queue-lease", lease.ToString("c", System.Globalization.CultureInfo.InvariantCulture)]);
        var psi = new ProcessStartInfo("dotnet", args)
        {
            WorkingDirectory = worker,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        psi.Environment["AZURE_FUNCTIONS_ENVIRONMENT"] = "Development";
        if (settings.TryGetValue("DataStorage__ConnectionString", out var storage)) psi.Environment["AzureWebJobsDataStorage"] = storage;
        foreach (var (key, value) in settings) psi.Environment[key] = value;
        return new AppProcess(Process.Start(psi) ?? throw new InvalidOperationException("dotnet did not start."));
    }

    /// <summary>The host's address, once it printed it ("Functions host: http://…/").</summary>
    public Task<Uri> BaseAddress => _address.Task;

    /// <summary>Waits until <c>GET /api/health</c> answers (any status): the worker is up and its functions loaded.</summary>
    public async Task<Uri> WaitUntilServingAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        Uri address;
        try
        {
            address = await _address.Task.WaitAsync(cancel.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The host printed no address within {timeout}:{Environment.NewLine}{Output}");
        }
        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
        while (true)
        {
            if (Process.HasExited) throw new InvalidOperationException($"The host exited ({Process.ExitCode}):{Environment.NewLine}{Output}");
            try
            {
                using var response = await client.GetAsync(new Uri("api/health", UriKind.Relative), cancel.Token).ConfigureAwait(false);
                if ((int)response.StatusCode != 503) return address;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                throw new TimeoutException($"The app did not serve within {timeout}:{Environment.NewLine}{Output}");
            }
            await Task.Delay(200, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static string BuildOutput(string project)
    {
        // The caller runs from <its project>/bin/<Configuration>/<tfm>/.
        var tfmDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = tfmDir.Parent?.Name ?? "Debug";
        return Path.Combine(AzuriteFixture.FindRepositoryRoot(), project, "bin", configuration, tfmDir.Name);
    }

    /// <summary>SIGKILL: no shutdown, no cleanup — what a crash looks like.</summary>
    public async Task KillAsync()
    {
        if (!Process.HasExited) Process.Kill(entireProcessTree: true);
        await Process.WaitForExitAsync().ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        try
        {
            if (!Process.HasExited) Process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        Process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
        const string banner = "Functions host: ";
        if (line.StartsWith(banner, StringComparison.Ordinal) && Uri.TryCreate(line[banner.Length..].Split(' ')[0], UriKind.Absolute, out var address))
            _address.TrySetResult(address);
    }
}
