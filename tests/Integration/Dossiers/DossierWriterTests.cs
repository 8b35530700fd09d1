using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using NoOneLeftBehind.Domain.Dossiers;
using NoOneLeftBehind.Functions.Dossiers;
using NoOneLeftBehind.Infrastructure.Dossiers;
using NoOneLeftBehind.TestSupport;

namespace NoOneLeftBehind.Integration.Tests.Dossiers;

/// <summary>
/// The one writer's retry policy against Azurite (ADR 0007): a change made by someone else between the writer's read and
/// its write is never overwritten; with the caller's If-Match it is a 409, without one the decision is made again on a
/// fresh read; a quota race is always decided again. The concurrent change is made inside the decision, so the race
/// happens every time, not by chance.
/// </summary>
public sealed class DossierWriterTests(AzuriteFixture azurite) : DossierAppTests(azurite)
{
    private static readonly Caller Tester = new("Kiểm thử (writer)", null, nameof(DossierWriterTests));

    [Fact]
    public async Task WithIfMatch_ADossierChangedAfterTheRead_Is409_AndTheDecisionIsNotWritten()
    {
        var (id, etag) = await CreateAsync("Xã Ia Hrú (writer, If-Match)");
        await using var scope = _app.Services.CreateAsyncScope();
        var writer = scope.ServiceProvider.GetRequiredService<DossierWriter>();
        var decisions = 0;

        var result = await writer.ApplyAsync(id, etag, Tester, a =>
        {
            decisions++;
            ChangeMeanwhileAsync(a.Dossier, etag, "Sửa đồng thời.").GetAwaiter().GetResult();
            return DossierDecision.Change(DossierAction.Edit, a.Dossier with { AchievementsSummary = "Bản của người viết." }, []);
        }, CancellationToken.None);

        result.Outcome.ShouldBe(DossierApplied.Failed);
        ((IStatusCodeHttpResult)result.Error!).StatusCode.ShouldBe(StatusCodes.Status409Conflict);
        decisions.ShouldBe(1);
        var stored = (await Store.GetAsync(id))!.Dossier;
        stored.AchievementsSummary.ShouldBe("Sửa đồng thời.");
        var audit = await Store.AuditAsync(id);
        audit.Count.ShouldBe(2); // create and the concurrent change: no entry of the refused write
        audit[^1].Actor.ShouldBe("Người khác (concurrent)");
    }

    [Fact]
    public async Task WithoutIfMatch_ADossierChangedAfterTheRead_IsDecidedAgainOnAFreshRead_BothChangesKept()
    {
        var (id, etag) = await CreateAsync("Xã Ia Hrú (writer, system)");
        await using var scope = _app.Services.CreateAsyncScope();
        var writer = scope.ServiceProvider.GetRequiredService<DossierWriter>();
        var decisions = 0;

        var result = await writer.ApplyAsync(id, null, Tester, a =>
        {
            if (++decisions == 1) ChangeMeanwhileAsync(a.Dossier, etag, "Sửa đồng thời.").GetAwaiter().GetResult();
            return DossierDecision.Change(DossierAction.Edit, a.Dossier with { Statistics = [new(2021, 1850, 500, 300)] }, []);
        }, CancellationToken.None);

        result.Outcome.ShouldBe(DossierApplied.Written);
        decisions.ShouldBe(2);
        var stored = (await Store.GetAsync(id))!;
        stored.ETag.ShouldBe(result.Stored!.ETag);
        stored.Dossier.AchievementsSummary.ShouldBe("Sửa đồng thời."); // the concurrent change was read, not overwritten
        stored.Dossier.Statistics.ShouldHaveSingleItem().Poor.ShouldBe(500);
        (await Store.AuditAsync(id)).Count.ShouldBe(3); // create, the concurrent change, the writer's: one each
    }

    [Fact]
    public async Task QuotaSlotsTakenAfterTheRead_AreReadAndDecidedAgain_EvenWithIfMatch()
    {
        var (id, etag) = await CreateAsync("Xã Ia Hrú (writer, chỉ tiêu)");
        await using var scope = _app.Services.CreateAsyncScope();
        var writer = scope.ServiceProvider.GetRequiredService<DossierWriter>();
        var seen = new List<IReadOnlyList<string>>();

        var result = await writer.ApplyAsync(id, etag, Tester, async (a, ct) =>
        {
            var holders = await a.QuotaHoldersAsync(ct);
            seen.Add(holders);
            if (seen.Count == 1)
            {
                // Another dossier of the unit takes a slot between this read and the write.
                await _app.Table(DossierStorageNames.DossiersTable).AddEntityAsync(new TableEntity("23971", DossierStore.QuotaKey(a.Dossier))
                {
                    ["Type"] = "quota", ["Holders"] = JsonSerializer.Serialize(new[] { "23971-other" }), ["Count"] = 1,
                }, ct);
            }
            return DossierDecision.Change(DossierAction.Edit, a.Dossier with { UpdatedAt = a.Dossier.UpdatedAt.AddSeconds(1) }, [], new QuotaChange([.. holders, id.Value]));
        }, CancellationToken.None);

        result.Outcome.ShouldBe(DossierApplied.Written);
        seen.Select(h => h.Count).ShouldBe([0, 1]);
        var slots = await Store.GetQuotaAsync("23971", DossierStore.QuotaKey(result.Stored!.Dossier));
        slots.Holders.ShouldBe(["23971-other", id.Value]); // the other dossier's slot is kept
        (await Store.AuditAsync(id)).Count.ShouldBe(2);
    }

    private DossierStore Store => _app.Services.GetRequiredService<DossierStore>();

    private async Task<(DossierId Id, string ETag)> CreateAsync(string name)
    {
        using var submitter = await _app.ClientForAsync("xa-ia-hru");
        var created = await Browser.CreateAsync(submitter, Browser.CommuneDossier("23971", name));
        DossierId.TryParse(created.GetProperty("id").GetString(), out var id).ShouldBeTrue();
        return (id, created.GetProperty("etag").GetString()!);
    }

    private async Task ChangeMeanwhileAsync(Domain.Dossiers.Dossier read, string etag, string summary)
    {
        var changed = read with { AchievementsSummary = summary, UpdatedAt = read.UpdatedAt.AddSeconds(1) };
        var audit = new DossierAuditEntry(read.Id.Value, changed.UpdatedAt, "Người khác (concurrent)", DossierAction.Edit, read.Status, read.Status, read.Revision, [], null, null, null);
        (await Store.UpdateAsync(changed, etag, audit)).Outcome.ShouldBe(DossierWriteOutcome.Succeeded);
    }
}
