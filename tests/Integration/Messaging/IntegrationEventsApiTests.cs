using NoOneLeftBehind.Functions.Messaging.DispatchIntegrationEvents;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.DependencyInjection;
using NoOneLeftBehind.Infrastructure.Dossiers;
using NoOneLeftBehind.Infrastructure.Messaging;
using NoOneLeftBehind.Integration.Tests.Dossiers;
using NoOneLeftBehind.TestSupport;

namespace NoOneLeftBehind.Integration.Tests.Messaging;

/// <summary>
/// Integration events end to end over HTTP against Azurite: with a Service Bus namespace configured, submitting and
/// deciding a dossier, and publishing a statistics version, store an outbox row in the same transaction as the
/// change, and the <c>DispatchIntegrationEvents</c> function publishes them (the <see cref="ServiceBusSender"/> is
/// substituted: no Service Bus can run here).
/// </summary>
public sealed class IntegrationEventsApiTests(AzuriteFixture azurite) : DossierAppWithBusTests(azurite)
{
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

        await _app.TickAsync(DispatchIntegrationEventsFunction.FunctionName);

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

    [Fact]
    public async Task StatisticsImport_PublishesTheVersion()
    {
        using var district = await _app.ClientForAsync("huyen-chu-puh");
        var csv = Statistics.StatisticsTestData.Csv([Statistics.StatisticsTestData.F("23971", 2024, 1200, 100, 80), Statistics.StatisticsTestData.F("23974", 2024, 900, 60, 40)]);
        using var form = new MultipartFormDataContent { { new ByteArrayContent(csv), "file", "chu-puh-2024.csv" } };
        using var upload = await district.PostAsync("/api/statistics/imports", form);
        ((int)upload.StatusCode).ShouldBe(202, await upload.Content.ReadAsStringAsync());
        var deadline = DateTime.UtcNow.AddSeconds(90);
        JsonElement status;
        do
        {
            await Task.Delay(200);
            status = await district.GetFromJsonAsync<JsonElement>(upload.Headers.Location!);
        }
        while (status.GetProperty("status").GetString() is not ("done" or "failed") && DateTime.UtcNow < deadline);
        status.GetProperty("status").GetString().ShouldBe("done", status.ToString());

        await _app.TickAsync(DispatchIntegrationEventsFunction.FunctionName);

        var published = _bus.Sent.Select(m => JsonDocument.Parse(m.Body.ToString()).RootElement)
            .Single(e => e.GetProperty("type").GetString() == "vn.gov.noonelb.statistics.version-published");
        published.GetProperty("source").GetString().ShouldBe("/statistics");
        var data = published.GetProperty("data");
        published.GetProperty("subject").GetString().ShouldBe(data.GetProperty("versionId").GetString());
        data.GetProperty("rows").GetInt32().ShouldBe(2);
        data.GetProperty("years").EnumerateArray().Select(y => y.GetInt32()).ShouldBe([2024]);
        data.GetProperty("provinces").EnumerateArray().Select(p => p.GetString()).ShouldBe(["64"]);
        data.GetProperty("publishedBy").GetString().ShouldBe("Nguyễn Văn An");
    }
}
