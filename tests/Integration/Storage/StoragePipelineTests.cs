using Microsoft.Extensions.Time.Testing;
using System.Net;
using NoOneLeftBehind.Infrastructure.Storage.Core;
using NoOneLeftBehind.Infrastructure.Storage.Queues;
using NoOneLeftBehind.Infrastructure.Storage.Tables;
using NoOneLeftBehind.TestSupport;

namespace NoOneLeftBehind.Integration.Tests.Storage;

public sealed class StoragePipelineTests
{
    [Fact]
    public async Task Query_EmptyPageWithContinuation_KeepsFollowing()
    {
        var http = new CannedHttp()
            .Then(HttpStatusCode.OK, """{"value":[{"PartitionKey":"p","RowKey":"1"},{"PartitionKey":"p","RowKey":"2"}]}""",
                ("x-ms-continuation-NextPartitionKey", "1!4!cA--"), ("x-ms-continuation-NextRowKey", "1!4!Mw--"))
            .Then(HttpStatusCode.OK, """{"value":[]}""",
                ("x-ms-continuation-NextPartitionKey", "1!4!cA--"), ("x-ms-continuation-NextRowKey", "1!4!NA--"))
            .Then(HttpStatusCode.OK, """{"value":[{"PartitionKey":"p","RowKey":"4"}]}""");
        var table = new StorageTableClient(CannedHttp.Account, http.Options()).GetTable("docs");

        var rows = await table.QueryAsync(TableFilter.PartitionKey.Equal("p")).ToListAsync();

        rows.Select(r => r.RowKey).ShouldBe(["1", "2", "4"]);
        http.Requests.Count.ShouldBe(3);
        http.Requests[0].RequestUri!.Query.ShouldNotContain("NextPartitionKey");
        http.Requests[1].RequestUri!.Query.ShouldContain("NextPartitionKey=1%214%21cA--");
        http.Requests[2].RequestUri!.Query.ShouldContain("NextRowKey=1%214%21NA--");
        http.Requests[2].RequestUri!.Query.ShouldContain("%24filter=PartitionKey%20eq%20%27p%27");
    }

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.RequestTimeout)]
    public async Task Send_TransientStatus_IsRetriedWithFreshSignature(HttpStatusCode status)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var http = new CannedHttp()
            .Then(_ =>
            {
                time.Advance(TimeSpan.FromSeconds(5));
                return new HttpResponseMessage(status) { Headers = { { "Retry-After", "0" }, { "x-ms-error-code", "ServerBusy" } } };
            })
            .Then(HttpStatusCode.OK, "", ("x-ms-approximate-messages-count", "7"));
        var queue = new StorageQueueClient(CannedHttp.Account, http.Options(time));

        var count = await queue.GetApproximateCountAsync("jobs");

        count.ShouldBe(7);
        http.Requests.Count.ShouldBe(2);
        var dates = http.Requests.Select(r => r.Headers.GetValues("x-ms-date").Single()).ToList();
        dates[0].ShouldBe("Wed, 01 Jan 2025 00:00:00 GMT");
        dates[1].ShouldBe("Wed, 01 Jan 2025 00:00:05 GMT");
        http.Requests[0].Headers.Authorization!.ToString().ShouldNotBe(http.Requests[1].Headers.Authorization!.ToString());
        http.Requests[1].Headers.Authorization!.Scheme.ShouldBe("SharedKey");
        http.Requests[1].Headers.GetValues("x-ms-version").Single().ShouldBe("2025-01-05");
    }

    [Fact]
    public async Task Send_RetryAfter_IsHonoured()
    {
        var http = new CannedHttp()
            .Then(_ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Headers = { { "Retry-After", "1" } } })
            .Then(HttpStatusCode.OK, "", ("x-ms-approximate-messages-count", "0"));
        var queue = new StorageQueueClient(CannedHttp.Account, http.Options());
        var started = System.Diagnostics.Stopwatch.StartNew();

        await queue.GetApproximateCountAsync("jobs");

        started.Elapsed.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(900)); // the options' own delay is 10 ms
    }

    [Fact]
    public async Task Send_ClientError_IsNotRetriedAndCarriesStatusAndCode()
    {
        var http = new CannedHttp()
            .Then(HttpStatusCode.Forbidden, "<?xml version=\"1.0\"?><Error><Code>AuthorizationFailure</Code><Message>This request is not authorized.\nRequestId:1</Message></Error>",
                ("x-ms-error-code", "AuthorizationFailure"), ("x-ms-request-id", "req-1"));
        var queue = new StorageQueueClient(CannedHttp.Account, http.Options());

        var ex = await Should.ThrowAsync<StorageRequestException>(() => queue.GetApproximateCountAsync("jobs"));

        http.Requests.Count.ShouldBe(1);
        ex.Status.ShouldBe(403);
        ex.ErrorCode.ShouldBe("AuthorizationFailure");
        ex.RequestId.ShouldBe("req-1");
        ex.Message.ShouldBe("Get Queue Metadata jobs failed: HTTP 403 (AuthorizationFailure): This request is not authorized. [request req-1]");
    }

    [Fact]
    public void Options_LogTheErrorCodeHeader() =>
        new StorageClientOptions().Diagnostics.LoggedHeaderNames.ShouldContain("x-ms-error-code");
}
