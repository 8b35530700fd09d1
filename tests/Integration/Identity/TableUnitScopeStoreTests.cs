using NoOneLeftBehind.Domain.Identity;
using NoOneLeftBehind.Infrastructure.Identity;
using NoOneLeftBehind.TestSupport;

namespace NoOneLeftBehind.Integration.Tests.Identity;

[Collection(AzuriteFixture.CollectionName)]
public sealed class TableUnitScopeStoreTests(AzuriteFixture azurite) : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly TableUnitScopeStore _store = new(azurite.Account.CreateTableServiceClient());

    private static UserKey NewUser() => new(Guid.NewGuid(), Guid.NewGuid());

    private static UnitScopeAssignment Assignment(UserKey user, string unit, DateTimeOffset at, string by = "admin-1 (Đỗ Thị Giang)") =>
        new(user, unit, "Nguyễn Văn Thử", by, at);

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task Find_NoScope_Null() =>
        (await _store.FindAsync(NewUser())).ShouldBeNull();

    [Fact]
    public async Task Assign_ThenFind_RoundTrips()
    {
        var user = NewUser();
        (await _store.AssignAsync(Assignment(user, "639", T0))).ShouldBeNull(); // no previous scope
        var found = await _store.FindAsync(user);
        found.ShouldBe(Assignment(user, "639", T0));
    }

    [Fact]
    public async Task AssignReassignRevoke_AuditedNewestFirstWithBeforeAndAfter()
    {
        var user = NewUser();
        await _store.AssignAsync(Assignment(user, "639", T0));
        var before = await _store.AssignAsync(Assignment(user, "23971", T0.AddMinutes(5), by: "admin-2"));
        before!.UnitCode.ShouldBe("639");
        (await _store.RevokeAsync(user, "admin-3", T0.AddMinutes(10)))!.UnitCode.ShouldBe("23971");
        (await _store.FindAsync(user)).ShouldBeNull();

        var audit = await _store.GetAuditAsync(user);
        audit.ShouldBe([
            new UnitScopeAuditEntry(user, T0.AddMinutes(10), "admin-3", "revoke", "23971", null),
            new UnitScopeAuditEntry(user, T0.AddMinutes(5), "admin-2", "assign", "639", "23971"),
            new UnitScopeAuditEntry(user, T0, "admin-1 (Đỗ Thị Giang)", "assign", null, "639"),
        ]);
    }

    [Fact]
    public async Task Revoke_NoScope_NullAndNotAudited()
    {
        var user = NewUser();
        (await _store.RevokeAsync(user, "admin", T0)).ShouldBeNull();
        (await _store.GetAuditAsync(user)).ShouldBeEmpty();
    }

    [Fact]
    public async Task List_ContainsCurrentScopesOnly()
    {
        var kept = NewUser();
        var revoked = NewUser();
        await _store.AssignAsync(Assignment(kept, "64", T0));
        await _store.AssignAsync(Assignment(revoked, "52", T0));
        await _store.RevokeAsync(revoked, "admin", T0.AddMinutes(1));

        var all = await _store.ListAsync();
        all.ShouldContain(a => a.User == kept && a.UnitCode == "64");
        all.ShouldNotContain(a => a.User == revoked);
    }

    [Fact]
    public async Task Assign_Concurrently_EveryChangeAuditedAsOneChain()
    {
        // Racing admins: each write is conditional on the version it read, so the audit's
        // before → after links form one unbroken chain from "no scope".
        var user = NewUser();
        string[] units = ["64", "639", "23971", "622", "52"];
        await Task.WhenAll(units.Select((u, i) => _store.AssignAsync(Assignment(user, u, T0.AddSeconds(i)))));

        var audit = await _store.GetAuditAsync(user);
        audit.Count.ShouldBe(units.Length);
        var next = audit.ToDictionary(e => e.Before ?? "(none)", e => e.After);
        var current = "(none)";
        for (var i = 0; i < units.Length; i++) current = next[current]!;
        (await _store.FindAsync(user))!.UnitCode.ShouldBe(current);
    }
}
