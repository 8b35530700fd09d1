using NoOneLeftBehind.Domain.Bodies;
using NoOneLeftBehind.Infrastructure.Bodies;
using NoOneLeftBehind.TestSupport;

namespace NoOneLeftBehind.Integration.Tests.Bodies;

[Collection(AzuriteFixture.CollectionName)]
public sealed class TableNominatingBodyStoreTests(AzuriteFixture azurite) : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 8, 0, 0, TimeSpan.Zero);
    private readonly TableNominatingBodyStore _store = new(azurite.Account.CreateTableServiceClient());

    private static NominatingBody NewBody(string unit = "24") =>
        new($"test-{Guid.NewGuid():N}"[..30], "Sở Kế hoạch và Đầu tư tỉnh Bắc Giang", BodyKinds.SoBan, unit, ["so-khdt"]);

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task Create_ThenFindAndList_RoundTrips()
    {
        var body = NewBody();
        (await _store.CreateAsync(body, "admin-1", T0)).ShouldBeTrue();
        (await _store.FindAsync(body.Id)).ShouldBe(body);
        (await _store.ListAsync()).ShouldContain(body);
    }

    [Fact]
    public async Task Create_IdTaken_FalseAndNothingChanged()
    {
        var body = NewBody();
        await _store.CreateAsync(body, "admin-1", T0);
        (await _store.CreateAsync(body with { Name = "Khác" }, "admin-2", T0.AddMinutes(1))).ShouldBeFalse();
        (await _store.FindAsync(body.Id))!.Name.ShouldBe(body.Name);
        (await _store.GetAuditAsync(body.Id)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task CreateUpdateDelete_AuditedNewestFirstWithBeforeAndAfter()
    {
        var created = NewBody();
        await _store.CreateAsync(created, "admin-1 (Thân Văn Hùng)", T0);
        var updated = created with { Name = "Sở Tài chính tỉnh Bắc Giang", Roles = ["so-tai-chinh"] };
        (await _store.UpdateAsync(updated, "admin-2", T0.AddMinutes(5))).ShouldBe(created);
        (await _store.DeleteAsync(created.Id, "admin-3", T0.AddMinutes(10))).ShouldBe(updated);
        (await _store.FindAsync(created.Id)).ShouldBeNull();

        (await _store.GetAuditAsync(created.Id)).ShouldBe([
            new BodyAuditEntry(created.Id, T0.AddMinutes(10), "admin-3", "delete", updated, null),
            new BodyAuditEntry(created.Id, T0.AddMinutes(5), "admin-2", "update", created, updated),
            new BodyAuditEntry(created.Id, T0, "admin-1 (Thân Văn Hùng)", "create", null, created),
        ]);
    }

    [Fact]
    public async Task UpdateAndDelete_NoSuchBody_NullAndNotAudited()
    {
        var body = NewBody();
        (await _store.UpdateAsync(body, "admin", T0)).ShouldBeNull();
        (await _store.DeleteAsync(body.Id, "admin", T0)).ShouldBeNull();
        (await _store.FindAsync(body.Id)).ShouldBeNull();
        (await _store.GetAuditAsync(body.Id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task ImplicitIds_NeverStored()
    {
        await Should.ThrowAsync<ArgumentException>(() => _store.CreateAsync(NominatingBody.PeoplesCommittee("24"), "admin", T0));
        (await _store.FindAsync("ubnd:24")).ShouldBeNull();
    }

    [Fact]
    public async Task Update_Concurrently_EveryChangeAuditedAsOneChain()
    {
        // Racing admins: each write is conditional on the version it read, so before → after links form one chain.
        var body = NewBody();
        await _store.CreateAsync(body, "admin", T0);
        string[] names = ["A", "B", "C", "D"];
        await Task.WhenAll(names.Select((n, i) => _store.UpdateAsync(body with { Name = n }, "admin", T0.AddSeconds(i + 1))));
        var audit = await _store.GetAuditAsync(body.Id);
        audit.Count.ShouldBe(names.Length + 1);
        // Walk the chain from the creation (audit times are the callers', not the order of the writes).
        var current = audit.Single(e => e.Action == BodyAuditEntry.Create).After;
        var updates = audit.Where(e => e.Action == BodyAuditEntry.Update).ToList();
        foreach (var _ in names)
        {
            var next = updates.Where(u => Equals(u.Before, current)).ShouldHaveSingleItem();
            updates.Remove(next);
            current = next.After;
        }
        (await _store.FindAsync(body.Id)).ShouldBe(current);
    }
}
