using System.Globalization;
using BenchmarkDotNet.Attributes;
using Azure.Data.Tables;
using NoOneLeftBehind.TestSupport;

namespace NoOneLeftBehind.Benchmarks.Storage;

/// <summary>
/// 10,000 entities into a fresh table against Azurite: one Insert Entity call each, versus entity-group
/// transactions of 100 (one partition per transaction), through Azure.Data.Tables. Both sequential, one request in flight, so the
/// comparison is per-request cost, not parallelism.
/// Run: dotnet run -c Release --project tests/Benchmarks -- --filter '*TableInsertBenchmarks*'
/// </summary>
[Config(typeof(TableInsertBenchmarkConfig))]
public class TableInsertBenchmarks
{
    private AzuriteFixture? _azurite;
    private TableServiceClient? _client;
    private TableClient? _table;
    private int _run;

    [Params(10_000)]
    public int Entities { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _azurite = new AzuriteFixture();
        _azurite.InitializeAsync().GetAwaiter().GetResult();
        _client = _azurite.Account.CreateTableServiceClient();
    }

    [IterationSetup]
    public void NewTable()
    {
        _table = _client!.GetTableClient("bench" + Interlocked.Increment(ref _run).ToString(CultureInfo.InvariantCulture));
        _table.CreateIfNotExistsAsync().GetAwaiter().GetResult();
    }

    [IterationCleanup]
    public void CheckAndDrop()
    {
        // A benchmark that silently wrote less would look faster: count what is there.
        var count = _table!.QueryAsync<TableEntity>(select: ["RowKey"]).CountAsync().AsTask().GetAwaiter().GetResult();
        if (count != Entities)
        {
            throw new InvalidOperationException($"Expected {Entities} entities in {_table.Name}, found {count}.");
        }
        _table.DeleteAsync().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => _azurite?.Dispose();

    [Benchmark(Baseline = true, Description = "one Insert Entity per entity")]
    public async Task OneByOne()
    {
        for (var i = 0; i < Entities; i++)
        {
            await _table!.AddEntityAsync(Entity(i)); // throws on anything but success
        }
    }

    [Benchmark(Description = "transactions of 100")]
    public async Task Batched()
    {
        for (var start = 0; start < Entities; start += 100)
        {
            var actions = new List<TableTransactionAction>(100);
            for (var i = start; i < Math.Min(start + 100, Entities); i++)
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.Add, Entity(i)));
            }
            await _table!.SubmitTransactionAsync(actions); // throws TableTransactionFailedException on failure
        }
    }

    // Shaped like a statistics row: a unit's yearly review figures. 100 rows per partition.
    private static TableEntity Entity(int i) => new("unit-" + (i / 100).ToString("d4", CultureInfo.InvariantCulture), (i % 100).ToString("d3", CultureInfo.InvariantCulture))
    {
        ["Year"] = 2021 + (i % 5),
        ["Households"] = 10_000 + i,
        ["Poor"] = 1_000 + (i % 700),
        ["NearPoor"] = 500 + (i % 300),
        ["Rate"] = (1_000 + (i % 700)) / (double)(10_000 + i),
        ["Source"] = "benchmark",
        ["ImportedAt"] = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(i),
    };
}
