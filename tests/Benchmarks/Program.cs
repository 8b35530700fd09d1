using BenchmarkDotNet.Running;
using NoOneLeftBehind.Benchmarks.Hosting;

// Load scripts with a fixed request budget run by name; everything else goes to BenchmarkDotNet.
return args.FirstOrDefault() switch
{
    "functions-host-latency" => await FunctionsHostLatency.RunAsync(args[1..]),
    "worker-latency" => await WorkerLatency.RunAsync(args[1..]),
    "host-queue-roundtrip" => await HostQueueRoundTrip.RunAsync(args[1..]),
    "statistics-storage" => await NoOneLeftBehind.Benchmarks.Statistics.StatisticsStorageLoad.RunAsync(args[1..]),
    "dossier-burst" => await NoOneLeftBehind.Benchmarks.Dossiers.DossierBurstLoad.BurstAsync(args[1..]),
    "dossier-roundtrip" => await NoOneLeftBehind.Benchmarks.Dossiers.DossierBurstLoad.RoundTripAsync(args[1..]),
    "dossier-upload-memory" => await NoOneLeftBehind.Benchmarks.Dossiers.DossierBurstLoad.UploadMemoryAsync(args[1..]),
    "bomb-memory" => await NoOneLeftBehind.Benchmarks.Security.BombMemoryLoad.RunAsync(args[1..]),
    "report-sample" => await NoOneLeftBehind.Benchmarks.Reports.ReportBenchmarks.WriteSamplesAsync(args[1..]),
    "catalogue-cold-start" => NoOneLeftBehind.Benchmarks.Criteria.CatalogueColdStart.Run(args[1..]),
    _ => Run(args),
};

static int Run(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(FunctionsHostLatency).Assembly).Run(args);
    return 0;
}
