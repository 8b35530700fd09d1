using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NoOneLeftBehind.Infrastructure.Dossiers;
using NoOneLeftBehind.Infrastructure.Messaging;
using NoOneLeftBehind.Integration.Tests.Dossiers;
using NoOneLeftBehind.TestSupport;

namespace NoOneLeftBehind.Integration.Tests.Messaging;

/// <summary>
/// Dossier events end to end over HTTP against Azurite: with a Service Bus namespace configured, submitting and
/// deciding a dossier store an outbox row in the same transaction, and the <c>DispatchIntegrationEvents</c> function
/// publishes them (the <see cref="ServiceBusSender"/> is substituted: no Service Bus can run here).
/// </summary>
public sealed class DossierEventsTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private readonly (ServiceBusSender Sender, List<ServiceBusMessage> Sent) _bus = SubstituteSender.Create();
    private DossierTestApp _app = null!;

    public Task InitializeAsync()
    {
        _app = new DossierTestApp(azurite,
            new Dictionary<string, string>
            {
                ["ServiceBus:fullyQualifiedNamespace"] = "sbns-test.servicebus.windows.net",
                ["AzureWebJobs:DispatchIntegrationEvents:Disabled"] = "true", // the test says when to dispatch
            },
            services => services.Replace(ServiceDescriptor.Singleton(_bus.Sender)));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task SubmitAndApprove_PublishTwoCloudEvents_WithTheDossiersFacts()
    {
        using var submitter = await _app.ClientForAsync("xa-ia-hru");
        using var reviewer = await _app.ClientForAsync("tham-dinh-gia-lai");
        var id = await Browser.CreateCompleteAndSubmitAsync(submitter, Browser.CommuneDossier("23971", "Xã Ia Hrú"));
        var evaluated = await Browser.WaitForStatusAsync(submitter, id, "evaluated", TimeSpan.FromSeconds(90));

        // The outbox row is stored beside the dossier, in its partition.
        var table = _app.Services.GetRequiredService<TableServiceClient>().GetTableClient(DossierStorageNames.DossiersTable);
        var pending = await table.QueryAsync<TableEntity>(e => e.PartitionKey == "23971").Where(e => e.RowKey.StartsWith(Outbox.RowKeyPrefix, StringComparison.Ordinal)).ToListAsync();
        pending.Select(e => e.GetString("EventType")).ShouldContain(IntegrationEventTypes.DossierSubmitted);

        using (var take = await Browser.PostWithETagAsync(reviewer, $"/api/dossiers/{id}/review", evaluated.GetProperty("etag").GetString()!, new { action = "start-review" }))
            take.StatusCode.ShouldBe(HttpStatusCode.OK);
        var underReview = await Browser.GetAsync(reviewer, id);
        using (var approve = await Browser.PostWithETagAsync(reviewer, $"/api/dossiers/{id}/review", underReview.GetProperty("etag").GetString()!, new { action = "approve", note = "Đạt" }))
            approve.StatusCode.ShouldBe(HttpStatusCode.OK);

        using (var tick = await Browser.Storage.PostAsJsonAsync(new Uri(_app.BaseAddress, "DispatchIntegrationEvents"), new { Data = new { timer = new { } }, Metadata = new { } }))
            tick.IsSuccessStatusCode.ShouldBeTrue(await tick.Content.ReadAsStringAsync());

        var events = _bus.Sent.Select(m => JsonDocument.Parse(m.Body.ToString()).RootElement).Where(e => e.GetProperty("subject").GetString() == id).ToList();
        events.Select(e => e.GetProperty("type").GetString()).ShouldBe(["vn.gov.noonelb.dossier.submitted", "vn.gov.noonelb.dossier.decided"], ignoreOrder: true);
        var decided = events.Single(e => e.GetProperty("type").GetString() == "vn.gov.noonelb.dossier.decided").GetProperty("data");
        decided.GetProperty("decision").GetString().ShouldBe("approved");
        decided.GetProperty("nominee").GetProperty("name").GetString().ShouldBe("Xã Ia Hrú");
        decided.GetProperty("note").GetString().ShouldBe("Đạt");
        _bus.Sent.Select(m => m.MessageId).ShouldBeUnique();
        // Sent rows are gone; the start-review action decided nothing and published nothing.
        (await table.QueryAsync<TableEntity>(e => e.PartitionKey == "23971").Where(e => e.RowKey.StartsWith(Outbox.RowKeyPrefix, StringComparison.Ordinal)).CountAsync()).ShouldBe(0);
    }
}
