using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace NoOneLeftBehind.Benchmarks.Storage;

/// <summary>
/// Storage benchmarks are I/O-bound runs of seconds each against a real Azurite: measured once per invocation
/// (Monitoring), in process (so the Azurite fixture and the working-set samples live with the benchmark).
/// </summary>
public class StorageBenchmarkConfig : ManualConfig
{
    public StorageBenchmarkConfig()
    {
        AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(1)
            .WithIterationCount(3)
            .WithInvocationCount(1)
            .WithUnrollFactor(1));
        WithOptions(ConfigOptions.DisableOptimizationsValidator);
    }
}

/// <summary>Adds the insert rate.</summary>
public sealed class TableInsertBenchmarkConfig : StorageBenchmarkConfig
{
    public TableInsertBenchmarkConfig() => AddColumn(new PerSecondColumn("Entities", "Entities/s", "Entities inserted per second (Entities / Mean)"));
}

/// <summary>Adds throughput and the working-set samples.</summary>
public sealed class SasUploadBenchmarkConfig : StorageBenchmarkConfig
{
    public SasUploadBenchmarkConfig()
    {
        AddColumn(new PerSecondColumn("Megabytes", "MB/s", "Upload throughput through the SAS (Megabytes / Mean)"),
            new UploadColumn("WS before MB", r => r.WorkingSetBeforeMb, "Working set of this process before the upload (after a full GC)"),
            new UploadColumn("WS peak MB", r => r.WorkingSetPeakMb, "Highest working set sampled every 10 ms during the upload"),
            new UploadColumn("WS after MB", r => r.WorkingSetAfterMb, "Working set right after the upload"),
            new UploadColumn("Azurite RSS +MB", r => r.AzuriteGrowthMb, "Growth of Azurite's resident memory (in-memory persistence holds the blob)"));
    }
}

/// <summary>A size parameter divided by the mean time of one invocation.</summary>
internal sealed class PerSecondColumn(string parameterName, string columnName, string legend) : IColumn
{
    public string Id => "PerSecond" + parameterName;
    public string ColumnName => columnName;
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => legend;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var parameter = benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == parameterName);
        var mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
        return parameter?.Value is int size && mean is > 0
            ? (size / (mean.Value / 1e9)).ToString("N0", System.Globalization.CultureInfo.InvariantCulture)
            : "-";
    }

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;
}

/// <summary>Reads what the upload benchmark recorded (in process, so the static results are visible here); the highest value over all iterations.</summary>
internal sealed class UploadColumn(string name, Func<UploadMeasurement, double> value, string legend) : IColumn
{
    public string Id => "Upload" + name;
    public string ColumnName => name;
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 1;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => legend;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) =>
        SasUploadBenchmarks.Measurements.TryGetValue(benchmarkCase.Descriptor.WorkloadMethod.Name, out var m) && m.Count > 0
            ? m.Max(value).ToString("N0", System.Globalization.CultureInfo.InvariantCulture)
            : "-";

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;
}
