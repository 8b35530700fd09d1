using System.Globalization;
using Azure.Data.Tables;
using NoOneLeftBehind.Infrastructure.Storage;
using NoOneLeftBehind.Infrastructure.Statistics.Storage;

namespace NoOneLeftBehind.Infrastructure.Tests.Storage;

/// <summary>
/// The Table storage limits checked before anything is sent (Azurite does not enforce all of them): transactions of at
/// most 100 operations and 4 MiB on one partition, entities of at most 1 MiB, 252 properties and 32,768 characters a
/// string; long lists spread over several properties.
/// </summary>
public sealed class TableLimitsTests
{
    private static readonly Uri TableUri = new("https://account.table.core.windows.net/Statistics");

    [Fact]
    public void EntitySize_FollowsTheServiceFormula()
    {
        var entity = new TableEntity("sha256-ab", "2023-64-23971")
        {
            ["Unit"] = "23971", ["Year"] = 2023, ["Households"] = 1_234L, ["Rate"] = 0.5, ["Minority"] = true,
            ["At"] = DateTimeOffset.UnixEpoch, ["Id"] = Guid.Empty, ["Blob"] = new byte[10],
        };

        // 4 + 2×(9+13) + Σ (8 + 2×name + value)
        var expected = 4 + 2 * (9 + 13)
                       + (8 + 2 * 4 + 4 + 2 * 5) + (8 + 2 * 4 + 4) + (8 + 2 * 10 + 8) + (8 + 2 * 4 + 8) + (8 + 2 * 8 + 1)
                       + (8 + 2 * 2 + 8) + (8 + 2 * 2 + 16) + (8 + 2 * 4 + 4 + 10);
        TableLimits.EntitySize(entity).ShouldBe(expected);
    }

    [Fact]
    public void Check_StringPropertyPast32KCharacters_RefusedNamingIt()
    {
        var entity = new TableEntity("batch", "v1") { ["Keys"] = new string('x', TableLimits.MaxStringChars + 1) };

        var ex = Should.Throw<InvalidOperationException>(() => TableLimits.Check(entity));
        ex.Message.ShouldContain("'Keys'");
        ex.Message.ShouldContain("64 KiB");
        TableLimits.Check(new TableEntity("batch", "v1") { ["Keys"] = new string('x', TableLimits.MaxStringChars) });
    }

    [Fact]
    public void Check_EntityPast1MiB_Refused()
    {
        // 17 properties of 32,768 characters: 17 × 64 KiB > 1 MiB, each one within its own limit.
        var entity = new TableEntity("p", "r");
        for (var i = 0; i < 17; i++) entity["P" + i.ToString(CultureInfo.InvariantCulture)] = new string('đ', TableLimits.MaxStringChars);

        Should.Throw<InvalidOperationException>(() => TableLimits.Check(entity)).Message.ShouldContain("1 MiB");
    }

    [Fact]
    public void Check_MoreThan252Properties_Refused()
    {
        var entity = new TableEntity("p", "r");
        for (var i = 0; i < 253; i++) entity["P" + i.ToString(CultureInfo.InvariantCulture)] = i;

        Should.Throw<InvalidOperationException>(() => TableLimits.Check(entity)).Message.ShouldContain("252");
        entity.Remove("P0");
        TableLimits.Check(entity);
    }

    [Fact]
    public void Transactions_ByPartitionAndAtMost100()
    {
        var entities = Enumerable.Range(0, 250).Select(i => Row("a", i))
            .Concat(Enumerable.Range(0, 30).Select(i => Row("b", i)))
            .Concat(Enumerable.Range(250, 1).Select(i => Row("a", i)))
            .ToList();

        var transactions = TableLimits.Transactions(entities, TableTransactionActionType.UpsertReplace, TableUri);

        transactions.Select(t => t.Count).ShouldBe([100, 100, 51, 30]);
        transactions.ShouldAllBe(t => t.Select(a => a.Entity.PartitionKey).Distinct().Count() == 1);
        transactions.SelectMany(t => t).Select(a => a.Entity.RowKey).Order().ShouldBe(entities.Select(e => e.RowKey).Order());
    }

    [Fact]
    public void Transactions_LargeEntities_CutBelow4MiBOfEstimatedPayload()
    {
        // 100 entities of 30,000 non-ASCII characters: 180 KB of escaped JSON each (\uXXXX), 18 MB in all.
        var text = new string('ệ', 30_000);
        var entities = Enumerable.Range(0, 100).Select(i => new TableEntity("p", i.ToString("d3", CultureInfo.InvariantCulture)) { ["Text"] = text }).ToList();

        var transactions = TableLimits.Transactions(entities, TableTransactionActionType.UpsertReplace, TableUri);

        transactions.Count.ShouldBe(5); // 23 + 23 + 23 + 23 + 8
        foreach (var t in transactions)
            t.Sum(a => TableLimits.EstimateActionBytes((TableEntity)a.Entity, TableUri)).ShouldBeLessThanOrEqualTo(TableLimits.MaxTransactionPayloadBytes);
        transactions.Sum(t => t.Count).ShouldBe(100);
    }

    [Fact]
    public void Transactions_SameEntityTwice_Refused()
    {
        var ex = Should.Throw<InvalidOperationException>(() =>
            TableLimits.Transactions([Row("a", 1), Row("a", 2), Row("a", 1)], TableTransactionActionType.UpsertReplace, TableUri));
        ex.Message.ShouldContain("appears twice");
    }

    [Fact]
    public void Transactions_EntityOverALimit_RefusedBeforeAnythingIsCut()
    {
        var big = new TableEntity("a", "big") { ["Name"] = new string('ư', TableLimits.MaxStringChars + 1) };

        Should.Throw<InvalidOperationException>(() =>
            TableLimits.Transactions([Row("a", 1), big], TableTransactionActionType.UpsertReplace, TableUri)).Message.ShouldContain("'Name'");
    }

    [Fact]
    public void SetList_PastOneProperty_ContinuesInNumberedPropertiesWithoutCuttingAnItem()
    {
        // 101 years × 63 provinces: more keys than one property holds.
        var keys = Enumerable.Range(2000, 101).SelectMany(y => Enumerable.Range(1, 63).Select(p => string.Create(CultureInfo.InvariantCulture, $"{y}-{p:d2}"))).ToList();
        var entity = new TableEntity("batch", "v");

        TableLimits.SetList(entity, "Keys", keys, ' ');

        entity.Keys.ShouldContain("Keys2");
        entity.Where(p => p.Key.StartsWith("Keys", StringComparison.Ordinal)).ShouldAllBe(p => ((string)p.Value).Length <= TableLimits.MaxStringChars);
        TableLimits.GetList(entity, "Keys", ' ').ShouldBe(keys);
        TableLimits.Check(entity);
    }

    [Fact]
    public void GetList_OneProperty_AsWrittenBefore()
    {
        var entity = new TableEntity("head", "current") { ["Manifest"] = "sha256-a,sha256-b" };

        TableLimits.GetList(entity, "Manifest", ',').ShouldBe(["sha256-a", "sha256-b"]);
        TableLimits.GetList(new TableEntity("head", "current") { ["Manifest"] = "" }, "Manifest", ',').ShouldBeEmpty();
    }

    [Fact]
    public void HeadEntity_ThousandsOfVersions_FitsOneEntity_PastItsLimit_RefusesWithTheAdr()
    {
        var versions = Enumerable.Range(0, 5_000).Select(Version).ToList();
        var head = StatisticsStore.HeadEntity(versions);
        TableLimits.GetList(head, "Manifest", ',').ShouldBe(versions);

        var ex = Should.Throw<InvalidOperationException>(() => StatisticsStore.HeadEntity([.. Enumerable.Range(0, 8_000).Select(Version)]));
        ex.Message.ShouldContain("ADR 0004");
    }

    [Fact]
    public void Fit_CutsLongTextOnly()
    {
        TableLimits.Fit(null).ShouldBeNull();
        TableLimits.Fit("ngắn").ShouldBe("ngắn");
        var cut = TableLimits.Fit(new string('a', 40_000))!;
        cut.Length.ShouldBe(TableLimits.MaxStringChars);
        cut.ShouldEndWith("…");
    }

    private static TableEntity Row(string partition, int i) =>
        new(partition, i.ToString("d4", CultureInfo.InvariantCulture)) { ["Unit"] = "23971", ["Year"] = 2023, ["Households"] = 1_000L + i };

    private static string Version(int i) => "sha256-" + i.ToString("x64", CultureInfo.InvariantCulture);
}
