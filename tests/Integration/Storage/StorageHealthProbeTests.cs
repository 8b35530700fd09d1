using System.Diagnostics;
using NoOneLeftBehind.Infrastructure.Storage;
using NoOneLeftBehind.TestSupport;

namespace NoOneLeftBehind.Integration.Tests.Storage;

[Collection(AzuriteFixture.CollectionName)]
public sealed class StorageHealthProbeTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Check_AgainstAzurite_AllReachable()
    {
        var probe = new StorageHealthProbe(() => azurite.Account, TimeSpan.FromSeconds(2));

        var results = await probe.CheckAsync();

        results.Select(r => r.Service).ShouldBe(["blob", "queue", "table"]);
        results.ShouldAllBe(r => r.Reachable && r.Reason == "ok");
    }

    [Fact]
    public async Task Check_ClosedPorts_ReportsUnreachableQuicklyWithoutThrowing()
    {
        var ports = FreePort.Next(3);
        var probe = new StorageHealthProbe(() => StorageAccount.Development(ports[0], ports[1], ports[2]), TimeSpan.FromSeconds(2));
        var watch = Stopwatch.StartNew();

        var results = await probe.CheckAsync();

        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(3));
        results.Count.ShouldBe(3);
        results.ShouldAllBe(r => !r.Reachable && r.Reason.Length > 0 && r.Reason != "ok");
    }

    [Fact]
    public async Task Check_WrongKey_ReportsAuthorizationFailure()
    {
        var wrong = StorageAccount.WithSharedKey("devstoreaccount1", Convert.ToBase64String(new byte[64]), azurite.BlobEndpoint, azurite.QueueEndpoint, azurite.TableEndpoint);
        var probe = new StorageHealthProbe(() => wrong, TimeSpan.FromSeconds(2));

        var results = await probe.CheckAsync();

        results.ShouldAllBe(r => !r.Reachable && r.Reason.StartsWith("HTTP 403"));
    }

    [Fact]
    public async Task Check_BadConfiguration_ReportsItWithoutThrowing()
    {
        var probe = new StorageHealthProbe(() => StorageAccount.Parse("AccountName=x"), TimeSpan.FromSeconds(2));

        var results = await probe.CheckAsync();

        results.ShouldAllBe(r => !r.Reachable && r.Reason.Contains("AccountKey is missing"));
    }
}
