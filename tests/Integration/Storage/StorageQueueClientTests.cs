using System.Text;
using System.Xml.Linq;
using Azure.Core;
using NoOneLeftBehind.Infrastructure.Storage;
using NoOneLeftBehind.Infrastructure.Storage.Core;
using NoOneLeftBehind.Infrastructure.Storage.Queues;
using NoOneLeftBehind.TestSupport;

namespace NoOneLeftBehind.Integration.Tests.Storage;

[Collection(AzuriteFixture.CollectionName)]
public sealed class StorageQueueClientTests(AzuriteFixture azurite)
{
    private readonly StorageQueueClient _client = new(azurite.Account);

    private async Task<IMessageQueue> NewQueueAsync()
    {
        var queue = _client.GetQueue(Names.Unique("q"));
        await queue.CreateIfNotExistsAsync();
        await queue.CreateIfNotExistsAsync(); // idempotent
        return queue;
    }

    [Fact]
    public async Task SendReceive_MessageIsLeasedThenVisibleAgainWithHigherDequeueCount()
    {
        var queue = await NewQueueAsync();
        var sent = await queue.SendAsync("""{"dossierId":"d-1"}""");

        var first = await queue.ReceiveAsync(1, TimeSpan.FromSeconds(2));
        var whileLeased = await queue.ReceiveAsync(1, TimeSpan.FromSeconds(2));
        var peekWhileLeased = await queue.PeekAsync(1);
        await Task.Delay(TimeSpan.FromSeconds(3));
        var second = await queue.ReceiveAsync(1, TimeSpan.FromSeconds(30));

        first.Count.ShouldBe(1);
        first[0].MessageId.ShouldBe(sent.MessageId);
        first[0].Text.ShouldBe("""{"dossierId":"d-1"}""");
        first[0].DequeueCount.ShouldBe(1);
        first[0].NextVisibleTime.ShouldBeGreaterThan(first[0].InsertionTime);
        first[0].ExpirationTime.ShouldBeGreaterThan(first[0].InsertionTime.AddDays(6));
        whileLeased.ShouldBeEmpty();
        peekWhileLeased.ShouldBeEmpty();
        second.Count.ShouldBe(1);
        second[0].MessageId.ShouldBe(sent.MessageId);
        second[0].DequeueCount.ShouldBe(2);
        second[0].PopReceipt.ShouldNotBe(first[0].PopReceipt);
    }

    [Fact]
    public async Task Send_WithVisibilityDelayAndTtl_HidesMessageUntilDelayAndSetsExpiry()
    {
        var queue = await NewQueueAsync();

        var sent = await queue.SendAsync("later", visibilityDelay: TimeSpan.FromSeconds(2), timeToLive: TimeSpan.FromMinutes(5));
        var early = await queue.ReceiveAsync(1, TimeSpan.FromSeconds(10));
        await Task.Delay(TimeSpan.FromSeconds(3));
        var late = await queue.ReceiveAsync(1, TimeSpan.FromSeconds(10));

        (sent.NextVisibleTime - sent.InsertionTime).ShouldBe(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1));
        (sent.ExpirationTime - sent.InsertionTime).ShouldBe(TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(1));
        early.ShouldBeEmpty();
        late.Single().Text.ShouldBe("later");
    }

    [Fact]
    public async Task Send_InfiniteTtl_NeverExpires()
    {
        var queue = await NewQueueAsync();

        var sent = await queue.SendAsync("forever", timeToLive: Timeout.InfiniteTimeSpan);

        sent.ExpirationTime.Year.ShouldBe(9999);
    }

    [Fact]
    public async Task UpdateVisibility_ExtendsLeaseAndOnlyNewPopReceiptDeletes()
    {
        var queue = await NewQueueAsync();
        await queue.SendAsync("work");
        var leased = (await queue.ReceiveAsync(1, TimeSpan.FromSeconds(1))).Single();

        var newReceipt = await queue.UpdateVisibilityAsync(leased.MessageId, leased.PopReceipt, TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(2)); // beyond the original 1 s lease
        var stillLeased = await queue.ReceiveAsync(1, TimeSpan.FromSeconds(1));
        var staleDelete = await Should.ThrowAsync<StorageRequestException>(() => queue.DeleteAsync(leased.MessageId, leased.PopReceipt));
        await queue.DeleteAsync(leased.MessageId, newReceipt);

        newReceipt.ShouldNotBeNullOrEmpty();
        newReceipt.ShouldNotBe(leased.PopReceipt);
        stillLeased.ShouldBeEmpty();
        staleDelete.Status.ShouldBe(400); // PopReceiptMismatch (Azure answers 404 when the message is gone)
        (await queue.GetApproximateCountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task UpdateVisibility_Zero_MakesMessageVisibleAtOnce()
    {
        var queue = await NewQueueAsync();
        await queue.SendAsync("retry-me");
        var leased = (await queue.ReceiveAsync(1, TimeSpan.FromMinutes(5))).Single();

        await queue.UpdateVisibilityAsync(leased.MessageId, leased.PopReceipt, TimeSpan.Zero);
        var again = await queue.ReceiveAsync(1, TimeSpan.FromSeconds(30));

        again.Single().DequeueCount.ShouldBe(2);
    }

    [Fact]
    public async Task Peek_DoesNotLeaseOrCount()
    {
        var queue = await NewQueueAsync();
        await queue.SendAsync("a");
        await queue.SendAsync("b");

        var peeked = await queue.PeekAsync(32);
        var received = await queue.ReceiveAsync(32, TimeSpan.FromSeconds(30));

        peeked.Select(m => m.Text).ShouldBe(["a", "b"]);
        peeked[0].DequeueCount.ShouldBe(0);
        received.Select(m => m.DequeueCount).ShouldBe([1L, 1L]);
    }

    [Fact]
    public async Task ApproximateCountAndClear()
    {
        var queue = await NewQueueAsync();
        for (var i = 0; i < 5; i++)
        {
            await queue.SendAsync("m");
        }

        var before = await queue.GetApproximateCountAsync();
        await _client.ClearAsync(queue.Name);
        var after = await queue.GetApproximateCountAsync();

        before.ShouldBe(5);
        after.ShouldBe(0);
    }

    [Theory]
    [InlineData("Đánh giá hồ sơ huyện Krông Pắc: đạt tiêu chí giảm nghèo")] // Vietnamese, multi-byte UTF-8
    [InlineData("<xml> & \"quotes\" 'and' ]]>")] // XML-special characters must not break the envelope
    [InlineData("")]
    public async Task Body_TravelsAsBase64OfUtf8AndDecodesBack(string text)
    {
        var queue = await NewQueueAsync();

        await queue.SendAsync(text);
        var raw = await new RawQueueReader(azurite.Account).PeekRawBodyAsync(queue.Name);
        var received = (await queue.ReceiveAsync(1, TimeSpan.FromSeconds(30))).Single();

        raw.ShouldBe(Convert.ToBase64String(Encoding.UTF8.GetBytes(text)));
        received.Text.ShouldBe(text);
    }

    [Fact]
    public async Task Receive_BodyNotBase64_IsReturnedAsIs()
    {
        var queue = await NewQueueAsync();
        await new RawQueueReader(azurite.Account).PutRawBodyAsync(queue.Name, "plain text, not base64!");

        var received = (await queue.ReceiveAsync(1, TimeSpan.FromSeconds(30))).Single();

        received.Text.ShouldBe("plain text, not base64!");
    }

    [Fact]
    public async Task Send_TooLarge_IsRejectedBeforeSending()
    {
        var queue = _client.GetQueue("any-queue");

        await Should.ThrowAsync<ArgumentException>(() => queue.SendAsync(new string('x', 49_200)));
    }

    [Theory]
    [InlineData("Upper")] // queue names are lowercase
    [InlineData("a--b")]
    [InlineData("ab")]
    public void GetQueue_InvalidName_Throws(string name) =>
        Should.Throw<ArgumentException>(() => _client.GetQueue(name));

    /// <summary>Reads and writes message bodies without our encoding, to see what is on the wire.</summary>
    private sealed class RawQueueReader(StorageAccount account) : StorageRestClient(account, StorageService.Queue, null)
    {
        public async Task<string> PeekRawBodyAsync(string queue)
        {
            using var message = CreateMessage(RequestMethod.Get, BuildUri(queue + "/messages", [new("peekonly", "true")]));
            var response = await SendAsync(message, "raw peek", CancellationToken.None, 200);
            return XDocument.Parse(response.Content.ToString()).Root!.Element("QueueMessage")!.Element("MessageText")!.Value;
        }

        public async Task PutRawBodyAsync(string queue, string body)
        {
            using var message = CreateMessage(RequestMethod.Post, BuildUri(queue + "/messages"));
            message.Request.Content = RequestContent.Create(Encoding.UTF8.GetBytes(
                new XElement("QueueMessage", new XElement("MessageText", body)).ToString(SaveOptions.DisableFormatting)));
            await SendAsync(message, "raw put", CancellationToken.None, 201);
        }
    }
}
