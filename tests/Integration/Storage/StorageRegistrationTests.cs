using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NoOneLeftBehind.Infrastructure.Storage;
using NoOneLeftBehind.Infrastructure.Storage.Blobs;
using NoOneLeftBehind.TestSupport;

namespace NoOneLeftBehind.Integration.Tests.Storage;

[Collection(AzuriteFixture.CollectionName)]
public sealed class StorageRegistrationTests(AzuriteFixture azurite)
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddDataStorage(configuration).BuildServiceProvider();
    }

    [Fact]
    public void NothingConfigured_FallsBackToAzuriteDefaults()
    {
        using var services = Build([]);

        var account = services.GetRequiredService<StorageAccount>();

        account.Name.ShouldBe("devstoreaccount1");
        account.BlobEndpoint.ShouldBe(new Uri("http://127.0.0.1:10000/devstoreaccount1"));
        account.QueueEndpoint.ShouldBe(new Uri("http://127.0.0.1:10001/devstoreaccount1"));
        account.TableEndpoint.ShouldBe(new Uri("http://127.0.0.1:10002/devstoreaccount1"));
        account.UsesAccountKey.ShouldBeTrue();
    }

    [Fact]
    public void DevelopmentStorage_WithServiceUriOverrides_UsesOverrides()
    {
        using var services = Build(new()
        {
            ["DataStorage:ConnectionString"] = "UseDevelopmentStorage=true",
            ["DataStorage:BlobServiceUri"] = "http://127.0.0.1:20000/devstoreaccount1",
            ["DataStorage:QueueServiceUri"] = "http://127.0.0.1:20001/devstoreaccount1",
        });

        var account = services.GetRequiredService<StorageAccount>();

        account.BlobEndpoint.Port.ShouldBe(20000);
        account.QueueEndpoint.Port.ShouldBe(20001);
        account.TableEndpoint.Port.ShouldBe(10002);
    }

    [Fact]
    public void SectionValueItself_IsTakenAsConnectionString()
    {
        using var services = Build(new() { ["DataStorage"] = azurite.ConnectionString });

        services.GetRequiredService<StorageAccount>().TableEndpoint.ShouldBe(azurite.TableEndpoint);
    }

    [Fact]
    public void IdentityBased_UsesAccountNameEndpointsAndManagedIdentity()
    {
        // The Functions host's convention: DataStorage__accountName, __credential, __clientId (case-insensitive binding).
        using var services = Build(new()
        {
            ["DataStorage:accountName"] = "nolbdata",
            ["DataStorage:credential"] = "managedidentity",
            ["DataStorage:clientId"] = "11111111-2222-3333-4444-555555555555",
        });

        var account = services.GetRequiredService<StorageAccount>();

        account.BlobEndpoint.ShouldBe(new Uri("https://nolbdata.blob.core.windows.net"));
        account.TableEndpoint.ShouldBe(new Uri("https://nolbdata.table.core.windows.net"));
        account.UsesAccountKey.ShouldBeFalse();
        account.TokenCredential.ShouldBeOfType<ManagedIdentityCredential>();
        services.GetRequiredService<IBlobSasIssuer>().ShouldBeOfType<BlobSasIssuer>().UsesAccountKey.ShouldBeFalse();
    }

    [Fact]
    public async Task StorageDown_EverythingResolvesWithoutIoAndProbeReportsIt()
    {
        var ports = FreePort.Next(3);
        using var services = Build(new()
        {
            ["DataStorage:ConnectionString"] = "UseDevelopmentStorage=true",
            ["DataStorage:BlobServiceUri"] = $"http://127.0.0.1:{ports[0]}/devstoreaccount1",
            ["DataStorage:QueueServiceUri"] = $"http://127.0.0.1:{ports[1]}/devstoreaccount1",
            ["DataStorage:TableServiceUri"] = $"http://127.0.0.1:{ports[2]}/devstoreaccount1",
        });

        // The SDK clients are made without any I/O: the app starts (and answers its stateless endpoints) with storage down.
        services.GetRequiredService<TableServiceClient>().GetTableClient("dossiers").Uri.Port.ShouldBe(ports[2]);
        services.GetRequiredService<BlobServiceClient>().Uri.Port.ShouldBe(ports[0]);
        services.GetRequiredService<QueueServiceClient>().GetQueueClient("evaluate").Uri.Port.ShouldBe(ports[1]);
        var health = await services.GetRequiredService<IStorageHealthProbe>().CheckAsync();

        health.ShouldAllBe(h => !h.Reachable);
    }

    [Fact]
    public async Task AgainstAzurite_ClientsWorkEndToEnd()
    {
        using var services = Build(new(azurite.ConfigurationValues));
        var queue = services.GetRequiredService<QueueServiceClient>().GetQueueClient(Names.Unique("reg"));
        var table = services.GetRequiredService<TableServiceClient>().GetTableClient(Names.Unique("reg"));

        await queue.CreateIfNotExistsAsync();
        await queue.SendMessageAsync("hello");
        await table.CreateIfNotExistsAsync();
        await table.AddEntityAsync(new TableEntity("p", "r"));

        (await queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(10))).Value.Single().Body.ToString().ShouldBe("hello");
        (await table.GetEntityIfExistsAsync<TableEntity>("p", "r")).HasValue.ShouldBeTrue();
        (await services.GetRequiredService<IStorageHealthProbe>().CheckAsync()).ShouldAllBe(h => h.Reachable);
    }

    [Fact]
    public void Options_ToString_NeverShowsTheKey()
    {
        using var services = Build(new(azurite.ConfigurationValues));

        var options = services.GetRequiredService<IOptions<StorageOptions>>().Value;

        options.ToString().ShouldNotContain("AccountKey");
        options.ToString().ShouldNotContain("Eby8");
        services.GetRequiredService<StorageAccount>().ToString().ShouldNotContain("Eby8");
    }
}

public sealed class StorageAccountParseTests
{
    [Fact]
    public void Parse_ExplicitEndpoints_UsesThem()
    {
        var account = StorageAccount.Parse(
            "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5a2V5a2V5a2V5;BlobEndpoint=http://127.0.0.1:1/devstoreaccount1;" +
            "QueueEndpoint=http://127.0.0.1:2/devstoreaccount1;TableEndpoint=http://127.0.0.1:3/devstoreaccount1/;");

        account.BlobEndpoint.ShouldBe(new Uri("http://127.0.0.1:1/devstoreaccount1"));
        account.TableEndpoint.AbsoluteUri.ShouldBe("http://127.0.0.1:3/devstoreaccount1");
    }

    [Fact]
    public void Parse_AccountKeyOnly_DerivesEndpointsFromSuffix()
    {
        var account = StorageAccount.Parse("DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=a2V5a2V5a2V5a2V5;EndpointSuffix=core.chinacloudapi.cn");

        account.QueueEndpoint.ShouldBe(new Uri("https://acct.queue.core.chinacloudapi.cn"));
    }

    [Theory]
    [InlineData("AccountName=acct", "AccountKey is missing")]
    [InlineData("AccountKey=a2V5", "AccountName is missing")]
    [InlineData("BlobEndpoint=https://x.blob.core.windows.net;SharedAccessSignature=sv=2025", "SAS connection strings are not supported")]
    [InlineData("AccountName=acct;AccountKey=not base64!", "not valid base64")]
    [InlineData("a2V5a2V5a2V5a2V5", "part 1 is not 'name=value'")] // a bare key: the message must not echo it
    public void Parse_Invalid_SaysWhatIsWrongWithoutEchoingTheKey(string connectionString, string expected)
    {
        var ex = Should.Throw<InvalidOperationException>(() => StorageAccount.Parse(connectionString));

        ex.Message.ShouldContain(expected);
        ex.Message.ShouldNotContain("a2V5a2V5");
    }
}
