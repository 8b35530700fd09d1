using System.Text.Json;
using Azure.Data.Tables;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Logging.Abstractions;
using NoOneLeftBehind.Infrastructure.Messaging;
using NoOneLeftBehind.TestSupport;
using NSubstitute;
using NSubstitute.ExceptionExtensions;

namespace NoOneLeftBehind.Integration.Tests.Messaging;

/// <summary>
/// The integration-event outbox (issue #14): rows written against Azurite in the same entity-group transaction as the
/// state change, and the dispatcher's sends. No Service Bus emulator can run here, so the SDK edge —
/// <see cref="ServiceBusSender"/> — is an NSubstitute substitute, and batches come from <see cref="ServiceBusModelFactory"/>.
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class OutboxTests(AzuriteFixture azurite)
{
    private readonly TableServiceClient _tables = azurite.Account.CreateTableServiceClient();

    private async Task<TableClient> NewTableAsync()
    {
        var table = _tables.GetTableClient("outbox" + Guid.NewGuid().ToString("N")[..10]);
        await table.CreateIfNotExistsAsync();
        return table;
    }

    private static IntegrationEvent Submitted(string dossierId) => IntegrationEvent.Create(IntegrationEventTypes.DossierSubmitted,
        "/units/23971/dossiers", dossierId, new DateTimeOffset(2023, 11, 20, 3, 0, 0, TimeSpan.Zero),
        new { dossierId, unitCode = "23971", nominee = "Xã Ia Hrú", revision = 1 });

    [Fact]
    public async Task EventRow_IsWrittenWithItsStateChange_OrNotAtAll()
    {
        var table = await NewTableAsync();
        var ok = Submitted("23971-a");
        await table.SubmitTransactionAsync(
        [
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("23971", "dossier~23971-a") { ["Status"] = "submitted" }),
            Outbox.Add("23971", ok),
        ]);

        // The state change fails (its key is taken): the event must not be written either.
        var lost = Submitted("23971-a");
        await Should.ThrowAsync<TableTransactionFailedException>(() => table.SubmitTransactionAsync(
        [
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("23971", "dossier~23971-a") { ["Status"] = "submitted" }),
            Outbox.Add("23971", lost),
        ]));

        var rows = await table.QueryAsync<TableEntity>(e => e.PartitionKey == "23971").Select(e => e.RowKey).ToListAsync();
        rows.ShouldBe(["dossier~23971-a", Outbox.RowKeyPrefix + ok.Id], ignoreOrder: true);
    }

    [Fact]
    public async Task Dispatch_SendsEachEventOnceAsACloudEvent_WithItsIdAsMessageId_ThenDeletesTheRow()
    {
        var table = await NewTableAsync();
        var events = new[] { Submitted("23971-a"), Submitted("23971-b") };
        foreach (var e in events) await table.AddEntityAsync(Outbox.Row("23971", e));
        await table.AddEntityAsync(new TableEntity("23971", "dossier~23971-a")); // state rows are not events
        var (sender, sent) = SubstituteSender.Create();

        var count = await Dispatcher(table, sender).DispatchAsync();

        count.ShouldBe(2);
        sent.Select(m => m.MessageId).ShouldBe(events.Select(e => e.Id), ignoreOrder: true);
        var first = sent.Single(m => m.MessageId == events[0].Id);
        first.ContentType.ShouldBe("application/cloudevents+json; charset=utf-8");
        first.Subject.ShouldBe(IntegrationEventTypes.DossierSubmitted);
        var body = JsonDocument.Parse(first.Body.ToString()).RootElement;
        body.GetProperty("specversion").GetString().ShouldBe("1.0");
        body.GetProperty("id").GetString().ShouldBe(events[0].Id);
        body.GetProperty("type").GetString().ShouldBe("vn.gov.noonelb.dossier.submitted");
        body.GetProperty("source").GetString().ShouldBe("/units/23971/dossiers");
        body.GetProperty("subject").GetString().ShouldBe("23971-a");
        body.GetProperty("time").GetString().ShouldBe("2023-11-20T03:00:00.000Z");
        body.GetProperty("data").GetProperty("nominee").GetString().ShouldBe("Xã Ia Hrú");
        first.Body.ToString().ShouldContain("Xã Ia Hrú"); // Vietnamese as it is, not \u escapes

        (await table.QueryAsync<TableEntity>().Select(e => e.RowKey).ToListAsync()).ShouldBe(["dossier~23971-a"]);
        (await Dispatcher(table, sender).DispatchAsync()).ShouldBe(0); // nothing left, nothing sent twice
        sent.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Dispatch_SendFails_KeepsTheRows_AndTheRetrySendsTheSameMessageIds()
    {
        var table = await NewTableAsync();
        var e = Submitted("23971-c");
        await table.AddEntityAsync(Outbox.Row("23971", e));
        var (sender, sent) = SubstituteSender.Create();
        sender.SendMessagesAsync(Arg.Any<ServiceBusMessageBatch>(), Arg.Any<CancellationToken>())
            .Returns(Task.FromException(new ServiceBusException("namespace unreachable", ServiceBusFailureReason.ServiceCommunicationProblem)), Task.CompletedTask);

        await Should.ThrowAsync<ServiceBusException>(() => Dispatcher(table, sender).DispatchAsync());
        (await table.GetEntityIfExistsAsync<TableEntity>("23971", Outbox.RowKeyPrefix + e.Id)).HasValue.ShouldBeTrue(); // nothing lost

        (await Dispatcher(table, sender).DispatchAsync()).ShouldBe(1);
        sent.Select(m => m.MessageId).Distinct().ShouldBe([e.Id]); // the repeat carries the same id: duplicate detection drops it
        (await table.GetEntityIfExistsAsync<TableEntity>("23971", Outbox.RowKeyPrefix + e.Id)).HasValue.ShouldBeFalse();
    }

    [Fact]
    public async Task Dispatch_MoreEventsThanABatchHolds_SendsSeveralBatches()
    {
        var table = await NewTableAsync();
        var events = Enumerable.Range(0, 7).Select(i => Submitted("23971-" + i)).ToList();
        foreach (var e in events) await table.AddEntityAsync(Outbox.Row("23971", e));
        var (sender, sent) = SubstituteSender.Create(perBatch: 3);

        (await Dispatcher(table, sender).DispatchAsync()).ShouldBe(7);

        sent.Select(m => m.MessageId).ShouldBe(events.Select(e => e.Id), ignoreOrder: true);
        await sender.Received(3).SendMessagesAsync(Arg.Any<ServiceBusMessageBatch>(), Arg.Any<CancellationToken>());
    }

    private OutboxDispatcher Dispatcher(TableClient table, ServiceBusSender sender) =>
        new(_tables, [new OutboxTable(table.Name), new OutboxTable("NotCreatedYet")], sender, NullLogger<OutboxDispatcher>.Instance);
}
