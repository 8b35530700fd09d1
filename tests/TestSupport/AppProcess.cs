using System.Diagnostics;
using System.Text;

namespace NoOneLeftBehind.TestSupport;

/// <summary>
/// The app (src/Functions, built next to the caller's binaries) as a separate process on a free
/// port, for tests and load scripts that must kill it (kill -9) or measure it from outside.
/// Its output is kept for failure messages; disposing kills the whole process tree.
/// </summary>
public sealed class AppProcess : IDisposable
{
    private readonly StringBuilder _output = new();

    private AppProcess(Process process)
    {
        Process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>The running process.</summary>
    public Process Process { get; }

    /// <summary>Process id.</summary>
    public int Id => Process.Id;

    /// <summary>What the app printed so far.</summary>
    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>
    /// Starts <c>dotnet NoOneLeftBehind.Functions.dll --urls http://127.0.0.1:0</c> in Development with the
    /// given settings (configuration keys with <c>__</c> for <c>:</c>).
    /// </summary>
    public static AppProcess Start(IReadOnlyDictionary<string, string> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var dll = Path.Combine(AppContext.BaseDirectory, "NoOneLeftBehind.Functions.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException("The app is not built next to this assembly.", dll);
        var psi = new ProcessStartInfo("dotnet", [dll, "--urls", "http://127.0.0.1:0"])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        foreach (var (key, value) in settings) psi.Environment[key] = value;
        return new AppProcess(Process.Start(psi) ?? throw new InvalidOperationException("dotnet did not start."));
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
    }
}
