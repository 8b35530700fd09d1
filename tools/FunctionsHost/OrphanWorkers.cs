using System.Diagnostics;
using System.Globalization;

namespace NoOneLeftBehind.FunctionsHost;

/// <summary>
/// A host killed outright (kill -9) cannot stop its worker, and the worker does not exit when its gRPC stream drops.
/// Each host therefore notes its running worker in a file (<c>{tmp}/functions-host-workers/{hostPid}.{workerPid}</c>,
/// holding the worker id), and a host starting up kills the workers of hosts that are gone — only a process whose
/// command line still carries that worker id, so a reused pid is never touched.
/// </summary>
internal static partial class OrphanWorkers
{
    private static readonly string Folder = Path.Combine(Path.GetTempPath(), "functions-host-workers");

    public static void Note(int workerPid, string workerId)
    {
        Directory.CreateDirectory(Folder);
        File.WriteAllText(FileOf(Environment.ProcessId, workerPid), workerId);
    }

    public static void Forget(int workerPid) => File.Delete(FileOf(Environment.ProcessId, workerPid));

    public static void Reap(ILogger logger)
    {
        if (!Directory.Exists(Folder)) return;
        foreach (var file in Directory.EnumerateFiles(Folder))
        {
            var parts = Path.GetFileName(file).Split('.');
            if (parts.Length != 2 || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out var hostPid) || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var workerPid)) continue;
            if (IsRunning(hostPid)) continue;
            try
            {
                var workerId = File.ReadAllText(file).Trim();
                if (workerId.Length > 0 && CommandLine(workerPid)?.Contains(workerId, StringComparison.Ordinal) == true)
                {
                    using var orphan = Process.GetProcessById(workerPid);
                    orphan.Kill(entireProcessTree: true);
                    LogReaped(logger, workerPid, hostPid);
                }
                File.Delete(file);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // another host reaped it first, or it exited meanwhile
            }
        }
    }

    private static string FileOf(int hostPid, int workerPid) => Path.Combine(Folder, $"{hostPid}.{workerPid}");

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>The process's command line where the OS exposes it (Linux /proc); null elsewhere, which leaves it alone.</summary>
    private static string? CommandLine(int pid)
    {
        var path = $"/proc/{pid}/cmdline";
        return File.Exists(path) ? File.ReadAllText(path).Replace('\0', ' ') : null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Killed worker process {WorkerPid} left running by host process {HostPid}, which is gone")]
    private static partial void LogReaped(ILogger logger, int workerPid, int hostPid);
}
