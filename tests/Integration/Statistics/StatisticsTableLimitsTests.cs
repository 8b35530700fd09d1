using System.Globalization;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NoOneLeftBehind.Domain.Statistics.Import;
using NoOneLeftBehind.Functions.Statistics;
using NoOneLeftBehind.Infrastructure.Statistics;
using NoOneLeftBehind.Infrastructure.Statistics.Storage;
using NoOneLeftBehind.Infrastructure.Storage;
using NoOneLeftBehind.TestSupport;
using static NoOneLeftBehind.Integration.Tests.Statistics.StatisticsTestData;

namespace NoOneLeftBehind.Integration.Tests.Statistics;

/// <summary>
/// The Table storage limits at their edges, against Azurite, with every entity-group transaction the SDK sends
/// captured on the wire: at most 100 operations and 4 MiB each (Azurite does not refuse a bigger one, so the size is
/// checked here), and lists that outgrow one property (the head's manifest, a batch's keys) still round-trip.
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class StatisticsTableLimitsTests : IDisposable
{
    private static readonly Uploader Importer = new("0d000000-0000-4000-8000-000000000007", "Quản trị", "VN");
    private readonly BatchCapture _capture = new();
    private readonly ServiceProvider _services;

    public StatisticsTableLimitsTests(AzuriteFixture azurite)
    {
        ArgumentNullException.ThrowIfNull(azurite);
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var values = new Dictionary<string, string?>(azurite.ConfigurationValues)
        {
            ["Statistics:StatisticsTable"] = "Lim" + suffix,
            ["Statistics:ProjectionsTable"] = "LimP" + suffix,
            ["Statistics:ImportsContainer"] = "imports-lim-" + suffix,
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration).AddDataStorage(configuration);
        services.AddStatistics(configuration);
        // The same account, with a policy that records what each $batch request carries (registered last: it wins).
        var options = new TableClientOptions();
        options.AddPolicy(_capture, HttpPipelinePosition.PerRetry);
        var tables = azurite.Account.CreateTableServiceClient(options);
        services.AddSingleton(tables);
        _services = services.BuildServiceProvider();
    }

    public void Dispose() => _services.Dispose();

    private TableServiceClient Tables => _services.GetRequiredService<TableServiceClient>();

    [Fact]
    public async Task ImportOf218Rows_TransactionsOfAtMost100_AllWrittenAndProjected()
    {
        // Gia Lai's communes in 2023: 218 rows of one version (one partition) → 100 + 100 + 18.
        var figures = Within("64", 2023, 2023);
        figures.Count.ShouldBeGreaterThan(200);

        var job = await _services.GetRequiredService<ReviewImportProcessor>().ImportDirectAsync("gia-lai-2023.csv", Csv(figures), Importer, null, default);

        job.Status.ShouldBe(ImportStatus.Done);
        var rowsTable = _services.GetRequiredService<StatisticsStorageOptions>().StatisticsTable;
        var rowBatches = _capture.Batches.Where(b => b.Table == rowsTable).ToList();
        rowBatches.Select(b => b.Operations).Order().ShouldBe([figures.Count - 200, 100, 100]);
        _capture.Batches.ShouldAllBe(b => b.Operations <= TableLimits.MaxTransactionActions && b.Bytes <= TableLimits.MaxTransactionPayloadBytes);
        var table = Tables.GetTableClient(rowsTable);
        (await table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {job.VersionId}"), select: ["Unit"]).CountAsync()).ShouldBe(figures.Count);
        var province = await _services.GetRequiredService<ProjectionReader>().UnitWithChildrenAsync("64", ProjectionBasis.Historical, 2023, 2023, includeSelf: true, default);
        province.Self.ShouldHaveSingleItem().Counts.ShouldBe(Sum(figures));
    }

    [Fact]
    public async Task EntitiesOf18MB_SplitBelow4MiBOnTheWire_EstimateNeverBelowTheRealPayload()
    {
        var table = Tables.GetTableClient("LimBig" + Guid.NewGuid().ToString("N")[..10]);
        await table.CreateIfNotExistsAsync();
        // 100 entities, each a 30,000-character Vietnamese text: the SDK escapes most of it as \uXXXX.
        var text = string.Concat(Enumerable.Repeat("Hộ nghèo xã Ia Hrú, huyện Chư Pưh, tỉnh Gia Lai — ", 700))[..30_000];
        var entities = Enumerable.Range(0, 100)
            .Select(i => new TableEntity("p", i.ToString("d3", CultureInfo.InvariantCulture)) { ["Text"] = text, ["Year"] = 2023, ["Households"] = 1_000L + i })
            .ToList();

        var transactions = TableLimits.Transactions(entities, TableTransactionActionType.UpsertReplace, table.Uri);
        transactions.Count.ShouldBeGreaterThan(1);
        _capture.Clear();
        foreach (var actions in transactions)
            await table.SubmitTransactionAsync(actions);

        _capture.Batches.Count.ShouldBe(transactions.Count);
        for (var i = 0; i < transactions.Count; i++)
        {
            var sent = _capture.Batches[i];
            sent.Operations.ShouldBe(transactions[i].Count);
            sent.Bytes.ShouldBeLessThanOrEqualTo(TableLimits.MaxTransactionPayloadBytes);
            // The estimate is an upper bound of the real request body, and not a loose one.
            var estimate = transactions[i].Sum(a => TableLimits.EstimateActionBytes((TableEntity)a.Entity, table.Uri));
            estimate.ShouldBeGreaterThanOrEqualTo(sent.Bytes);
            (estimate / (double)sent.Bytes).ShouldBeLessThan(1.2);
        }
        // All but the last transaction are full: the next entity would have broken 4 MiB.
        _capture.Batches.Take(transactions.Count - 1).ShouldAllBe(b => b.Bytes > TableLimits.MaxTransactionPayloadBytes * 0.9);
        var stored = await table.QueryAsync<TableEntity>(select: ["Text"]).ToListAsync();
        stored.Count.ShouldBe(100);
        stored.ShouldAllBe(e => e.GetString("Text") == text);
    }

    [Fact]
    public async Task OverlongProperty_RefusedBeforeAnyRequest()
    {
        var table = Tables.GetTableClient(_services.GetRequiredService<StatisticsStorageOptions>().ProjectionsTable);
        var entities = new[] { new TableEntity("p", "a") { ["Name"] = new string('ư', TableLimits.MaxStringChars + 1) } };
        _capture.Clear();

        var ex = Should.Throw<InvalidOperationException>(() => TableLimits.Transactions(entities, TableTransactionActionType.UpsertReplace, table.Uri));

        ex.Message.ShouldContain("'Name'");
        _capture.Batches.ShouldBeEmpty();
        await Task.CompletedTask;
    }

    [Fact]
    public async Task HeadPastOneProperty_FlipsAndReadsBackInOrder()
    {
        var store = _services.GetRequiredService<StatisticsStore>();
        await store.EnsureCreatedAsync(default);
        // 600 versions × 72 characters: past the 32,768 characters of one property.
        var versions = Enumerable.Range(0, 600).Select(i => "sha256-" + i.ToString("x64", CultureInfo.InvariantCulture)).ToList();
        await store.Table.AddEntityAsync(StatisticsStore.HeadEntity(versions));

        (await store.FlipAsync("sha256-new", default)).ShouldBeTrue();
        (await store.FlipAsync("sha256-new", default)).ShouldBeFalse();

        var head = await store.GetHeadAsync(default);
        head.Manifest.ShouldBe([.. versions, "sha256-new"]);
        var stored = (await store.Table.GetEntityAsync<TableEntity>(StatisticsStore.HeadPartition, StatisticsStore.HeadRow)).Value;
        stored.GetString("Manifest2").ShouldNotBeNull();
        stored.GetInt32("Count").ShouldBe(601);
    }

    [Fact]
    public async Task BatchRecordWithThousandsOfKeys_RoundTrips()
    {
        var store = _services.GetRequiredService<StatisticsStore>();
        // A file of 101 years × 63 provinces: 6,363 keys, ~51,000 characters.
        var keys = Enumerable.Range(2000, 101).SelectMany(y => Enumerable.Range(1, 63).Select(p => new SourceKey(y, p.ToString("d2", CultureInfo.InvariantCulture)))).ToList();
        var record = new BatchRecord("sha256-keys", "nhieu-nam.csv", null, 6_363, [.. Enumerable.Range(2000, 101)], keys,
            Importer.ObjectId, Importer.Name, DateTimeOffset.UnixEpoch, "uploads/sha256-keys", "import-1");

        await store.PutBatchAsync(record, default);

        var read = (await store.GetBatchAsync("sha256-keys", default)).ShouldNotBeNull();
        read.Keys.ShouldBe(keys);
        read.Years.Count.ShouldBe(101);
        read.Sheet.ShouldBeNull();
    }

    /// <summary>Records, for every entity-group transaction sent, its table, operations and body size.</summary>
    private sealed class BatchCapture : HttpPipelineSynchronousPolicy
    {
        private readonly List<SentBatch> _batches = [];

        public IReadOnlyList<SentBatch> Batches
        {
            get
            {
                lock (_batches) return [.. _batches];
            }
        }

        public void Clear()
        {
            lock (_batches) _batches.Clear();
        }

        public override void OnSendingRequest(HttpMessage message)
        {
            if (!message.Request.Uri.Path.EndsWith("/$batch", StringComparison.Ordinal) || message.Request.Content is not { } content) return;
            using var body = new MemoryStream();
            content.WriteTo(body, message.CancellationToken);
            var text = Encoding.UTF8.GetString(body.ToArray());
            var operations = CountOf(text, "Content-Type: application/http");
            // The first operation's request line: "PUT http://…/devstoreaccount1/{table}(PartitionKey='…',RowKey='…') HTTP/1.1".
            var end = text.IndexOf(" HTTP/1.1", StringComparison.Ordinal);
            var table = end < 0 ? "" : text[(text.LastIndexOf('/', end) + 1)..end].Split('(', '?')[0];
            lock (_batches) _batches.Add(new SentBatch(table, operations, body.Length));
        }

        private static int CountOf(string text, string what)
        {
            var count = 0;
            for (var i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + what.Length, StringComparison.Ordinal)) count++;
            return count;
        }
    }

    private sealed record SentBatch(string Table, int Operations, long Bytes);
}
