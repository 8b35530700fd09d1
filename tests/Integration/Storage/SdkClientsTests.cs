using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NoOneLeftBehind.Infrastructure.Storage;
using NoOneLeftBehind.TestSupport;

namespace NoOneLeftBehind.Integration.Tests.Storage;

/// <summary>
/// The Azure SDK clients as <c>AddDataStorage</c> registers them (once, through <c>AddAzureClients</c>), against Azurite
/// started with <c>--skipApiVersionCheck</c> (ADR 0006): a 100-action entity-group transaction, a blob with a read
/// SAS, and a queue message that travels base64-encoded as the Functions host expects.
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class SdkClientsTests(AzuriteFixture azurite)
{
    private ServiceProvider Services() => new ServiceCollection().AddLogging()
        .AddDataStorage(new ConfigurationBuilder().AddInMemoryCollection(azurite.ConfigurationValues).Build())
        .BuildServiceProvider();

    [Fact]
    public async Task TableServiceClient_TransactionOfOneHundred_AllOrNothing()
    {
        await using var services = Services();
        var table = services.GetRequiredService<TableServiceClient>().GetTableClient("sdk" + Guid.NewGuid().ToString("N")[..12]);
        await table.CreateIfNotExistsAsync();

        var actions = Enumerable.Range(0, 100).Select(i => new TableTransactionAction(TableTransactionActionType.Add,
            new TableEntity("p", i.ToString("d3", System.Globalization.CultureInfo.InvariantCulture)) { ["Name"] = "Xã Ia Hrú " + i })).ToList();
        var result = await table.SubmitTransactionAsync(actions);
        result.Value.Count.ShouldBe(100);

        // A second batch that repeats one key fails whole: nothing of it is written.
        var clash = new[]
        {
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", "new")),
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", "000")),
        };
        await Should.ThrowAsync<TableTransactionFailedException>(() => table.SubmitTransactionAsync(clash));
        (await table.GetEntityIfExistsAsync<TableEntity>("p", "new")).HasValue.ShouldBeFalse();
        (await table.QueryAsync<TableEntity>(e => e.PartitionKey == "p").CountAsync()).ShouldBe(100);
    }

    [Fact]
    public async Task BlobServiceClient_UploadAndReadThroughASas()
    {
        await using var services = Services();
        var container = services.GetRequiredService<BlobServiceClient>().GetBlobContainerClient("sdk" + Guid.NewGuid().ToString("N")[..12]);
        await container.CreateIfNotExistsAsync();
        var blob = container.GetBlobClient("hồ sơ/tờ trình.pdf");
        await blob.UploadAsync(BinaryData.FromString("%PDF-1.7 thử"));

        blob.CanGenerateSasUri.ShouldBeTrue(); // account key (Azurite)
        var sas = blob.GenerateSasUri(Azure.Storage.Sas.BlobSasPermissions.Read, DateTimeOffset.UtcNow.AddMinutes(5));
        using var http = new HttpClient();
        (await http.GetStringAsync(sas)).ShouldBe("%PDF-1.7 thử");
    }

    [Fact]
    public async Task QueueServiceClient_MessagesAreBase64OnTheWire()
    {
        await using var services = Services();
        var queue = services.GetRequiredService<QueueServiceClient>().GetQueueClient("sdk" + Guid.NewGuid().ToString("N")[..12]);
        await queue.CreateIfNotExistsAsync();
        await queue.SendMessageAsync("{\"dossierId\":\"23971-x\",\"revision\":1}");

        // Read raw (no decoding) the way the Functions host's queue trigger sees it.
        var raw = new QueueClient(queue.Uri, new Azure.Storage.StorageSharedKeyCredential(StorageAccount.DevelopmentAccountName, AzuriteFixture.DevelopmentKey));
        var peeked = (await raw.PeekMessageAsync()).Value;
        System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(peeked.Body.ToString())).ShouldBe("{\"dossierId\":\"23971-x\",\"revision\":1}");
        (await queue.ReceiveMessageAsync()).Value.Body.ToString().ShouldBe("{\"dossierId\":\"23971-x\",\"revision\":1}");
    }
}
