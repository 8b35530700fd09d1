using Azure.Messaging.ServiceBus;
using NSubstitute;

namespace NoOneLeftBehind.Integration.Tests.Messaging;

/// <summary>The Service Bus SDK edge, substituted: no Service Bus emulator can run here (README, "What is mocked").</summary>
internal static class SubstituteSender
{
    /// <summary>A substitute sender whose batches hold <paramref name="perBatch"/> messages; what it sent is collected.</summary>
    public static (ServiceBusSender Sender, List<ServiceBusMessage> Sent) Create(int perBatch = 100)
    {
        var sender = Substitute.For<ServiceBusSender>();
        var sent = new List<ServiceBusMessage>();
        var batches = new Dictionary<ServiceBusMessageBatch, List<ServiceBusMessage>>();
#pragma warning disable CA2012 // NSubstitute's configuration call, not a consumed ValueTask
        sender.CreateMessageBatchAsync(Arg.Any<CancellationToken>()).Returns(_ =>
        {
            var store = new List<ServiceBusMessage>();
            var batch = ServiceBusModelFactory.ServiceBusMessageBatch(256 * 1024, store, new CreateMessageBatchOptions(), _ => store.Count < perBatch);
            batches[batch] = store;
            return ValueTask.FromResult(batch);
        });
#pragma warning restore CA2012
        sender.When(s => s.SendMessagesAsync(Arg.Any<ServiceBusMessageBatch>(), Arg.Any<CancellationToken>()))
            .Do(call => sent.AddRange(batches[call.Arg<ServiceBusMessageBatch>()]));
        return (sender, sent);
    }
}
