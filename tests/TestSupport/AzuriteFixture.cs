using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using NoOneLeftBehind.Infrastructure.Storage;
using Xunit;

namespace NoOneLeftBehind.TestSupport;

/// <summary>
/// Starts the repository's pinned Azurite (node_modules/.bin/azurite) in memory on free loopback ports and stops
/// it (the whole process tree) on dispose or when the test process exits. Use as a class or collection fixture:
/// <code>[CollectionDefinition(AzuriteFixture.CollectionName)] public sealed class AzuriteCollection : ICollectionFixture&lt;AzuriteFixture&gt;;</code>
/// </summary>
public class AzuriteFixture : IAsyncLifetime, IDisposable
{
    public const string CollectionName = "Azurite";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly StringBuilder _output = new();
    private Process? _process;
    private bool _disposed;

    public int BlobPort { get; private set; }

    public int QueuePort { get; private set; }

    public int TablePort { get; private set; }

    public virtual string Host => "127.0.0.1";

    /// <summary>The Azurite (node) process, for benchmarks that report its memory.</summary>
    public int? ProcessId => _process?.Id;

    public Uri BlobEndpoint => Endpoint(BlobPort);

    public Uri QueueEndpoint => Endpoint(QueuePort);

    public Uri TableEndpoint => Endpoint(TablePort);

    /// <summary>An explicit connection string for the development account on this instance's ports.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={StorageAccount.DevelopmentAccountName};AccountKey={DevelopmentKey};" +
        $"BlobEndpoint={BlobEndpoint};QueueEndpoint={QueueEndpoint};TableEndpoint={TableEndpoint};";

    public StorageOptions Options => new() { ConnectionString = ConnectionString };

    public StorageAccount Account => StorageAccount.Development(BlobPort, QueuePort, TablePort, Host);

    /// <summary>Configuration keys that point the app at this instance (for WebApplicationFactory / in-memory configuration).</summary>
    public IReadOnlyDictionary<string, string?> ConfigurationValues => new Dictionary<string, string?>
    {
        [$"{StorageOptions.SectionName}:ConnectionString"] = ConnectionString,
    };

    /// <summary>Azurite's public, documented emulator key.</summary>
    public static string DevelopmentKey => "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    protected virtual string Scheme => "http";

    /// <summary>Extra command-line arguments (e.g. OAuth and a certificate).</summary>
    protected virtual IEnumerable<string> ExtraArguments => [];

    public virtual async Task InitializeAsync()
    {
        var root = FindRepositoryRoot();
        var azurite = Path.Combine(root, "node_modules", ".bin", "azurite");
        if (!File.Exists(azurite))
        {
            throw new InvalidOperationException($"Azurite is not installed: {azurite} does not exist. Run `npm ci` in {root} first.");
        }

        for (var attempt = 1; ; attempt++)
        {
            var ports = FreePort.Next(3);
            (BlobPort, QueuePort, TablePort) = (ports[0], ports[1], ports[2]);
            StartProcess(azurite, root);
            try
            {
                await WaitUntilListeningAsync().ConfigureAwait(false);
                return;
            }
            catch (InvalidOperationException) when (attempt < 3 && _process is { HasExited: true })
            {
                // Another process may have taken a port between our probe and Azurite's bind: try new ports.
                StopProcess();
            }
        }
    }

    public virtual Task DisposeAsync()
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        StopProcess();
    }

    /// <summary>The directory holding Serverless.sln: from the test binaries, the working directory, or this source file.</summary>
    public static string FindRepositoryRoot([CallerFilePath] string sourceFile = "")
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("REPO_ROOT");
        var candidates = new[] { fromEnvironment, AppContext.BaseDirectory, Directory.GetCurrentDirectory(), Path.GetDirectoryName(sourceFile) };
        foreach (var start in candidates)
        {
            for (var dir = string.IsNullOrEmpty(start) ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Serverless.sln")))
                {
                    return dir.FullName;
                }
            }
        }
        throw new InvalidOperationException("Cannot find the repository root (a directory with Serverless.sln); set REPO_ROOT.");
    }

    private Uri Endpoint(int port) => new($"{Scheme}://{Host}:{port}/{StorageAccount.DevelopmentAccountName}");

    private void StartProcess(string azurite, string root)
    {
        var info = new ProcessStartInfo(azurite)
        {
            WorkingDirectory = root,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
        };
        foreach (var argument in new[]
                 {
                     "--silent", "--inMemoryPersistence", "--disableTelemetry", "--skipApiVersionCheck",
                     "--blobHost", Host, "--queueHost", Host, "--tableHost", Host,
                     "--blobPort", BlobPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--queuePort", QueuePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--tablePort", TablePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                 }.Concat(ExtraArguments))
        {
            info.ArgumentList.Add(argument);
        }
        _output.Clear();
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            if (_output.Length < 20_000)
            {
                _output.AppendLine(line);
            }
        }
    }

    private async Task WaitUntilListeningAsync()
    {
        var deadline = Stopwatch.StartNew();
        var pending = new List<int> { BlobPort, QueuePort, TablePort };
        while (pending.Count > 0)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"Azurite exited with code {_process.ExitCode} before listening. Output:\n{Output()}");
            }
            if (deadline.Elapsed > StartTimeout)
            {
                StopProcess();
                throw new TimeoutException($"Azurite did not listen on {string.Join(", ", pending)} within {StartTimeout}. Output:\n{Output()}");
            }
            foreach (var port in pending.ToArray())
            {
                using var client = new TcpClient();
                try
                {
                    using var attempt = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
                    await client.ConnectAsync(Host, port, attempt.Token).ConfigureAwait(false);
                    pending.Remove(port);
                }
                catch (SocketException)
                {
                }
                catch (OperationCanceledException)
                {
                }
            }
            if (pending.Count > 0)
            {
                await Task.Delay(100).ConfigureAwait(false);
            }
        }
    }

    private string Output()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }

    private void OnProcessExit(object? sender, EventArgs e) => StopProcess();

    private void StopProcess()
    {
        var process = _process;
        _process = null;
        if (process is null)
        {
            return;
        }
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }
        finally
        {
            process.Dispose();
        }
    }
}
