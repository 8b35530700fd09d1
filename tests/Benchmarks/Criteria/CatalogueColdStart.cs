using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using NoOneLeftBehind.Domain.Plans;

namespace NoOneLeftBehind.Benchmarks.Criteria;

/// <summary>
/// Load script (fixed budget: N fresh processes, 60 s each at most): what the first
/// <see cref="PlanCatalogue.LoadEmbedded"/> of a process costs. Each run starts this executable again
/// with <c>--child</c>; the child's first statement times, with a <see cref="Stopwatch"/>, the first
/// <c>LoadEmbedded()</c> (assembly loading, JIT, reading, parsing, validating and compiling the five embedded
/// plans), then a second call (steady state), and prints both. The parent reports min / median / max.
/// Usage: <c>dotnet run -c Release --project tests/Benchmarks -- catalogue-cold-start [runs]</c>
/// (or run a published, e.g. ReadyToRun, build of this project: <c>NoOneLeftBehind.Benchmarks catalogue-cold-start 21</c>).
/// </summary>
internal static class CatalogueColdStart
{
    public static int Run(string[] args)
    {
        if (args.FirstOrDefault() == "--child")
            return Child();

        var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 21;
        CheckSameAsSerializer();
        var host = Environment.ProcessPath!;
        var viaDotnet = string.Equals(Path.GetFileNameWithoutExtension(host), "dotnet", StringComparison.Ordinal);
        var self = typeof(CatalogueColdStart).Assembly.Location;
        Console.WriteLine($"load average before: {LoadAverage()}; {runs} fresh processes of {(viaDotnet ? "dotnet " + self : host)}");

        var first = new List<double>();
        var second = new List<double>();
        var wall = new List<double>();
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
            wall.Add(clock.Elapsed.TotalMilliseconds);
        }

        Console.WriteLine($"first LoadEmbedded() in a fresh process: median {Median(first):F1} ms, min {first.Min():F1}, max {first.Max():F1} (ms, n = {runs})");
        Console.WriteLine($"second LoadEmbedded() (same process):    median {Median(second):F2} ms");
        Console.WriteLine($"whole child process (start to exit):     median {Median(wall):F0} ms");
        Console.WriteLine($"load average after: {LoadAverage()}");
        return 0;
    }

    private static int Child()
    {
        var clock = Stopwatch.StartNew();
        var catalogue = PlanCatalogue.LoadEmbedded();
        var first = clock.Elapsed.TotalMilliseconds;
        clock.Restart();
        var again = PlanCatalogue.LoadEmbedded();
        var second = clock.Elapsed.TotalMilliseconds;
        if (catalogue.Plans.Count != 5 || again.Version != catalogue.Version)
            return 2;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{first:F3} {second:F3}"));
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

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
