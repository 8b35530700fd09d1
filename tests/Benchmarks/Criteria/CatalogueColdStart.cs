using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using NoOneLeftBehind.Domain.Plans;

namespace NoOneLeftBehind.Benchmarks.Criteria;

/// <summary>
/// Load script (fixed budget: N fresh processes, 60 s each at most): what the first
/// <see cref="PlanCatalogue.LoadEmbedded"/> of a process costs. Each run starts this executable again
/// with <c>--child</c>; the child's first statement times, with a <see cref="Stopwatch"/>, the first
/// <c>LoadEmbedded()</c> (assembly loading, JIT, reading, parsing, validating and compiling the five embedded
/// plans), then a second call (steady state), and prints both; next to the wall-clock time it gives the CPU time the
/// process spent meanwhile (all threads, <c>CLOCK_PROCESS_CPUTIME_ID</c>), which other work on a shared machine
/// inflates much less, and how many methods the JIT compiled meanwhile (<see cref="System.Runtime.JitInfo"/>: what
/// ReadyToRun code did not cover). The parent reports min / median / max.
/// Usage: <c>dotnet run -c Release --project tests/Benchmarks -- catalogue-cold-start [runs]</c>
/// (or run a published, e.g. ReadyToRun, build of this project: <c>NoOneLeftBehind.Benchmarks catalogue-cold-start 21</c>).
/// <para>
/// With <c>--app &lt;package&gt;</c> it starts the real application instead: the isolated-worker package of
/// <c>scripts/package.sh</c> (its folder, or the executable in it: <c>catalogue-cold-start --app out/package 21</c>), run
/// the way Azure runs it — tools/FunctionsHost (this build's) with the package as its script root, which starts the
/// worker (the package's self-contained, composite ReadyToRun executable) — in Production on a free loopback port, with
/// storage unreachable (not needed for the check). It reads the time the worker's start-up check logs for the first
/// catalogue load ("Plan catalogue … loaded in N ms", whole milliseconds; the host prints the worker's log), and stops
/// both.
/// </para>
/// </summary>
internal static class CatalogueColdStart
{
    public static int Run(string[] args)
    {
        if (args.FirstOrDefault() == "--child")
            return Child();
        if (args.FirstOrDefault() == "--app" && args.Length > 1)
            return App(args[1], args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 21);

        var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 21;
        CheckSameAsSerializer();
        var host = Environment.ProcessPath!;
        var viaDotnet = string.Equals(Path.GetFileNameWithoutExtension(host), "dotnet", StringComparison.Ordinal);
        var self = typeof(CatalogueColdStart).Assembly.Location;
        Console.WriteLine($"load average before: {LoadAverage()}; {runs} fresh processes of {(viaDotnet ? "dotnet " + self : host)}");

        var first = new List<double>();
        var firstCpu = new List<double>();
        var second = new List<double>();
        var wall = new List<double>();
        var jitted = new List<double>();
        var jitTime = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, UseShellExecute = false };
            if (viaDotnet) start.ArgumentList.Add(self);
            start.ArgumentList.Add("catalogue-cold-start");
            start.ArgumentList.Add("--child");
            var clock = Stopwatch.StartNew();
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
            {
                process.Kill();
                throw new TimeoutException("A child run took more than 60 s.");
            }
            clock.Stop();
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"Child run failed ({process.ExitCode}): {output}");
            var parts = output.Trim().Split(' ');
            first.Add(double.Parse(parts[0], CultureInfo.InvariantCulture));
            second.Add(double.Parse(parts[1], CultureInfo.InvariantCulture));
            firstCpu.Add(double.Parse(parts[2], CultureInfo.InvariantCulture));
            jitted.Add(double.Parse(parts[3], CultureInfo.InvariantCulture));
            jitTime.Add(double.Parse(parts[4], CultureInfo.InvariantCulture));
            wall.Add(clock.Elapsed.TotalMilliseconds);
        }

        Console.WriteLine($"first LoadEmbedded() in a fresh process: median {Median(first):F1} ms, min {first.Min():F1}, max {first.Max():F1} (ms, n = {runs})");
        Console.WriteLine($"  CPU time of the process meanwhile:     median {Median(firstCpu):F1} ms, min {firstCpu.Min():F1}, max {firstCpu.Max():F1}");
        Console.WriteLine($"  methods JIT-compiled meanwhile:        median {Median(jitted):F0} ({Median(jitTime):F1} ms of JIT)");
        Console.WriteLine($"second LoadEmbedded() (same process):    median {Median(second):F2} ms");
        Console.WriteLine($"whole child process (start to exit):     median {Median(wall):F0} ms");
        Console.WriteLine($"load average after: {LoadAverage()}");
        return 0;
    }

    private static int App(string package, int runs)
    {
        var scriptRoot = Path.GetFullPath(File.Exists(package) ? Path.GetDirectoryName(Path.GetFullPath(package))! : package);
        if (!File.Exists(Path.Combine(scriptRoot, "functions.metadata")))
            throw new FileNotFoundException("Not an isolated-worker package (scripts/package.sh output): no functions.metadata.", scriptRoot);
        Console.WriteLine($"load average before: {LoadAverage()}; {runs} fresh starts of {scriptRoot} under tools/FunctionsHost (Production)");
        var loads = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var start = new ProcessStartInfo("dotnet", [NoOneLeftBehind.TestSupport.AppProcess.HostDll, "--script-root", scriptRoot, "--port", "0"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = scriptRoot,
            };
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            start.Environment["AZURE_FUNCTIONS_ENVIRONMENT"] = "Production";
            // Unreachable storage: the check does not need it, and no developer's Azurite is touched.
            start.Environment["DataStorage__ConnectionString"] = "UseDevelopmentStorage=true";
            foreach (var service in new[] { "Blob", "Queue", "Table" })
                start.Environment[$"DataStorage__{service}ServiceUri"] = "http://127.0.0.1:1/devstoreaccount1";
            using var process = Process.Start(start)!;
            process.ErrorDataReceived += (_, _) => { };
            process.BeginErrorReadLine();
            try
            {
                var deadline = Stopwatch.StartNew();
                double? elapsed = null;
                while (elapsed is null && deadline.Elapsed < TimeSpan.FromSeconds(60) && process.StandardOutput.ReadLine() is { } line)
                {
                    const string marker = " loaded in ";
                    var at = line.IndexOf(marker, StringComparison.Ordinal);
                    if (line.Contains("Plan catalogue", StringComparison.Ordinal) && at > 0)
                        elapsed = double.Parse(line[(at + marker.Length)..line.IndexOf(" ms", at, StringComparison.Ordinal)], CultureInfo.InvariantCulture);
                }
                loads.Add(elapsed ?? throw new InvalidOperationException("The application did not log its catalogue load within 60 s."));
            }
            finally
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }
        }
        Console.WriteLine($"first catalogue load in the application's start-up: median {Median(loads):F0} ms, min {loads.Min():F0}, max {loads.Max():F0} (ms, n = {runs})");
        Console.WriteLine($"  each (sorted, ms): {string.Join(' ', loads.Order().Select(l => l.ToString("F0", CultureInfo.InvariantCulture)))}");
        Console.WriteLine($"load average after: {LoadAverage()}");
        return 0;
    }

    private static int Child()
    {
        var cpu = ProcessCpuMilliseconds();
        var jitted = System.Runtime.JitInfo.GetCompiledMethodCount();
        var jitTime = System.Runtime.JitInfo.GetCompilationTime();
        var clock = Stopwatch.StartNew();
        var catalogue = PlanCatalogue.LoadEmbedded();
        var first = clock.Elapsed.TotalMilliseconds;
        cpu = ProcessCpuMilliseconds() - cpu;
        jitted = System.Runtime.JitInfo.GetCompiledMethodCount() - jitted;
        var jitMs = (System.Runtime.JitInfo.GetCompilationTime() - jitTime).TotalMilliseconds;
        clock.Restart();
        var again = PlanCatalogue.LoadEmbedded();
        var second = clock.Elapsed.TotalMilliseconds;
        if (catalogue.Plans.Count != 5 || again.Version != catalogue.Version)
            return 2;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{first:F3} {second:F3} {cpu:F3} {jitted} {jitMs:F3}"));
        return 0;
    }

    /// <summary>
    /// Not timed: the plans the catalogue loaded must equal what System.Text.Json's reflection serializer reads from
    /// the same files with the plan-file options (compared as re-serialized JSON), so that the fast path is not
    /// measured doing less.
    /// </summary>
    private static void CheckSameAsSerializer()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            RespectNullableAnnotations = true,
        };
        var assembly = typeof(PlanCatalogue).Assembly;
        var catalogue = PlanCatalogue.LoadEmbedded();
        var compared = 0;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("plans/", StringComparison.Ordinal)))
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
            var expected = JsonSerializer.Deserialize<Plan>(reader.ReadToEnd(), options)!;
            if (!catalogue.TryGet(PlanId.Parse(expected.Id), out var loaded)
                || JsonSerializer.Serialize(loaded, options) != JsonSerializer.Serialize(expected, options))
                throw new InvalidOperationException($"The catalogue's {expected.Id} differs from the serializer's reading of {name}.");
            compared++;
        }
        Console.WriteLine($"check: the {compared} loaded plans equal the serializer's reading of their files");
    }

    private static double ProcessCpuMilliseconds()
    {
        const int ClockProcessCpuTimeId = 2;
        return ClockGetTime(ClockProcessCpuTimeId, out var time) == 0 ? (time.Seconds * 1000.0) + (time.Nanoseconds / 1e6) : double.NaN;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

#pragma warning disable SYSLIB1054 // LibraryImport needs unsafe code in this project; one call per process
    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);
#pragma warning restore SYSLIB1054

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
