using NoOneLeftBehind.Infrastructure.Storage.Core;
using NoOneLeftBehind.Infrastructure.Storage.Tables;
using NoOneLeftBehind.TestSupport;

namespace NoOneLeftBehind.Integration.Tests.Storage;

[Collection(AzuriteFixture.CollectionName)]
public sealed class StorageTableClientTests(AzuriteFixture azurite)
{
    private readonly StorageTableClient _client = new(azurite.Account);

    private async Task<IEntityTable> NewTableAsync()
    {
        var table = _client.GetTable(Names.Unique("t"));
        (await table.CreateIfNotExistsAsync()).ShouldBeTrue();
        return table;
    }

    [Fact]
    public async Task CreateIfNotExists_Twice_SecondReportsExisting()
    {
        var table = await NewTableAsync();

        (await table.CreateIfNotExistsAsync()).ShouldBeFalse();
    }

    [Fact]
    public async Task InsertThenGet_AllEdmTypes_RoundTripWithTheirTypes()
    {
        var table = await NewTableAsync();
        var when = new DateTimeOffset(2025, 5, 6, 7, 8, 9, TimeSpan.Zero).AddTicks(1234567);
        var id = Guid.NewGuid();
        var entity = new TableEntity("unit-540", "2025")
        {
            ["Name"] = "Huyện X",
            ["Households"] = 12000,
            ["Big"] = 9_007_199_254_740_993L, // beyond a double's exact range: must travel as Edm.Int64 string
            ["Rate"] = 3.0, // integral double must stay a double
            ["Share"] = 0.125,
            ["Poor"] = true,
            ["At"] = when,
            ["Id"] = id,
            ["Blob"] = new byte[] { 0, 1, 2, 255 },
            ["Missing"] = null,
        };

        var written = await table.InsertAsync(entity);
        var read = await table.GetAsync("unit-540", "2025");

        written.Outcome.ShouldBe(TableWriteOutcome.Succeeded);
        written.ETag.ShouldNotBeNullOrEmpty();
        read.ShouldNotBeNull();
        read.ETag.ShouldBe(written.ETag);
        read.Timestamp.ShouldNotBeNull();
        read.GetString("Name").ShouldBe("Huyện X");
        read["Households"].ShouldBe(12000);
        read["Big"].ShouldBe(9_007_199_254_740_993L);
        read["Rate"].ShouldBe(3.0);
        read["Rate"].ShouldBeOfType<double>();
        read["Share"].ShouldBe(0.125);
        read["Poor"].ShouldBe(true);
        read.GetDateTimeOffset("At").ShouldBe(when);
        read["Id"].ShouldBe(id);
        read.GetBinary("Blob").ShouldBe(new byte[] { 0, 1, 2, 255 });
        read.ContainsKey("Missing").ShouldBeFalse();
    }

    [Fact]
    public async Task Get_Missing_ReturnsNull()
    {
        var table = await NewTableAsync();

        (await table.GetAsync("nope", "nope")).ShouldBeNull();
    }

    [Fact]
    public async Task Get_MissingTable_ThrowsWithStatusAndCode()
    {
        var table = _client.GetTable(Names.Unique("absent"));

        var ex = await Should.ThrowAsync<StorageRequestException>(() => table.GetAsync("a", "b"));

        ex.Status.ShouldBe(404);
        ex.ErrorCode.ShouldBe("TableNotFound");
        ex.Message.ShouldContain("TableNotFound");
    }

    [Fact]
    public async Task Insert_Existing_IsConflict()
    {
        var table = await NewTableAsync();
        await table.InsertAsync(new TableEntity("p", "r"));

        var second = await table.InsertAsync(new TableEntity("p", "r") { ["X"] = 1 });

        second.Outcome.ShouldBe(TableWriteOutcome.Conflict);
        second.ErrorCode.ShouldBe("EntityAlreadyExists");
    }

    [Fact]
    public async Task Update_StaleETag_IsPreconditionFailedAndKeepsNewerVersion()
    {
        var table = await NewTableAsync();
        var first = await table.InsertAsync(new TableEntity("p", "r") { ["Status"] = "draft" });
        var second = await table.UpdateAsync(new TableEntity("p", "r") { ["Status"] = "submitted" }, first.ETag!);

        var stale = await table.UpdateAsync(new TableEntity("p", "r") { ["Status"] = "overwritten" }, first.ETag!);

        second.Outcome.ShouldBe(TableWriteOutcome.Succeeded);
        second.ETag.ShouldNotBe(first.ETag);
        stale.Outcome.ShouldBe(TableWriteOutcome.PreconditionFailed);
        stale.ErrorCode.ShouldBe("UpdateConditionNotSatisfied");
        (await table.GetAsync("p", "r"))!.GetString("Status").ShouldBe("submitted");
    }

    [Fact]
    public async Task Update_Missing_IsNotFound()
    {
        var table = await NewTableAsync();

        var result = await table.UpdateAsync(new TableEntity("p", "missing"), "*");

        result.Outcome.ShouldBe(TableWriteOutcome.NotFound);
    }

    [Fact]
    public async Task Delete_WithStaleETagThenCurrent_FailsThenSucceeds()
    {
        var table = await NewTableAsync();
        var first = await table.InsertAsync(new TableEntity("p", "r"));
        var second = await table.UpsertAsync(new TableEntity("p", "r") { ["V"] = 2 });

        var stale = await table.DeleteAsync("p", "r", first.ETag!);
        var current = await table.DeleteAsync("p", "r", second.ETag!);
        var again = await table.DeleteAsync("p", "r");

        stale.Outcome.ShouldBe(TableWriteOutcome.PreconditionFailed);
        current.Outcome.ShouldBe(TableWriteOutcome.Succeeded);
        again.Outcome.ShouldBe(TableWriteOutcome.NotFound);
        (await table.GetAsync("p", "r")).ShouldBeNull();
    }

    [Fact]
    public async Task Upsert_MergeKeepsOtherPropertiesReplaceDropsThem()
    {
        var table = await NewTableAsync();
        await table.UpsertAsync(new TableEntity("p", "merge") { ["A"] = "a", ["B"] = "b" }, TableUpdateMode.Replace);
        await table.UpsertAsync(new TableEntity("p", "replace") { ["A"] = "a", ["B"] = "b" }, TableUpdateMode.Replace);

        await table.UpsertAsync(new TableEntity("p", "merge") { ["B"] = "b2" }, TableUpdateMode.Merge);
        await table.UpsertAsync(new TableEntity("p", "replace") { ["B"] = "b2" }, TableUpdateMode.Replace);

        var merged = (await table.GetAsync("p", "merge"))!;
        var replaced = (await table.GetAsync("p", "replace"))!;
        merged.GetString("A").ShouldBe("a");
        merged.GetString("B").ShouldBe("b2");
        replaced.ContainsKey("A").ShouldBeFalse();
        replaced.GetString("B").ShouldBe("b2");
    }

    [Fact]
    public async Task KeysWithQuotesAndUnicode_WorkInUrlsForGetUpdateDelete()
    {
        var table = await NewTableAsync();
        var pk = "O'Brien's unit";
        var rk = "hồ sơ 'số' 1 & 2 = 3";
        await table.InsertAsync(new TableEntity(pk, rk) { ["V"] = 1 });

        var read = await table.GetAsync(pk, rk);
        var updated = await table.UpdateAsync(new TableEntity(pk, rk) { ["V"] = 2 }, read!.ETag!);
        var reread = await table.GetAsync(pk, rk);
        var deleted = await table.DeleteAsync(pk, rk, updated.ETag!);

        read.PartitionKey.ShouldBe(pk);
        read.RowKey.ShouldBe(rk);
        reread!["V"].ShouldBe(2);
        deleted.Succeeded.ShouldBeTrue();
    }

    [Fact]
    public async Task Query_FilterWithQuoteInValue_MatchesExactlyThatEntity()
    {
        var table = await NewTableAsync();
        await table.InsertAsync(new TableEntity("p", "1") { ["Name"] = "O'Brien" });
        await table.InsertAsync(new TableEntity("p", "2") { ["Name"] = "OBrien" });
        await table.InsertAsync(new TableEntity("p", "3") { ["Name"] = "x' or 'a' eq 'a" });

        var hits = await table.QueryAsync(TableFilter.Property("Name").Equal("O'Brien")).ToListAsync();
        var injection = await table.QueryAsync(TableFilter.Property("Name").Equal("x' or 'a' eq 'a")).ToListAsync();

        hits.Select(e => e.RowKey).ShouldBe(["1"]);
        injection.Select(e => e.RowKey).ShouldBe(["3"]);
    }

    [Fact]
    public async Task Query_TypedComparisonsAndSelect_ReturnMatchingProjectedEntities()
    {
        var table = await NewTableAsync();
        var t0 = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 10; i++)
        {
            await table.InsertAsync(new TableEntity("p", i.ToString("d2", System.Globalization.CultureInfo.InvariantCulture))
            {
                ["N"] = i, ["L"] = 10_000_000_000L + i, ["D"] = i / 2.0, ["B"] = i % 2 == 0, ["T"] = t0.AddDays(i), ["Other"] = "x",
            });
        }

        var filter = TableFilter.PartitionKey.Equal("p")
            .And(TableFilter.Property("N").GreaterThanOrEqual(2))
            .And(TableFilter.Property("L").LessThan(10_000_000_008L))
            .And(TableFilter.Property("D").NotEqual(2.0))
            .And(TableFilter.Property("B").Equal(true))
            .And(TableFilter.Property("T").GreaterThan(t0));
        var hits = await table.QueryAsync(filter, ["N"]).ToListAsync();

        hits.Select(e => e.RowKey).ShouldBe(["02", "06"]); // even, 2..7, but not D == 2.0 (N = 4)
        hits[0].ContainsKey("Other").ShouldBeFalse();
        hits[0]["N"].ShouldBe(2);
    }

    [Fact]
    public async Task Query_MoreThanOnePage_FollowsContinuationTokens()
    {
        var table = await NewTableAsync();
        const int count = 1_234;
        for (var start = 0; start < count; start += 100)
        {
            var actions = Enumerable.Range(start, Math.Min(100, count - start))
                .Select(i => new TableTransactionAction(TableTransactionActionType.Insert,
                    new TableEntity("bulk", i.ToString("d5", System.Globalization.CultureInfo.InvariantCulture)) { ["I"] = i }))
                .ToList();
            (await table.SubmitTransactionAsync(actions)).Succeeded.ShouldBeTrue();
        }

        var firstPage = await table.QueryPageAsync(null, null, null, null);
        var all = await table.QueryAsync().ToListAsync();

        firstPage.Entities.Count.ShouldBe(1000); // Azurite's (and Azure's) page limit
        firstPage.Continuation.ShouldNotBeNull();
        all.Count.ShouldBe(count);
        all.Select(e => (int)e["I"]!).ShouldBe(Enumerable.Range(0, count));
    }

    [Fact]
    public async Task QueryPage_WithMaxPerPage_PagesThroughEverything()
    {
        var table = await NewTableAsync();
        for (var i = 0; i < 7; i++)
        {
            await table.InsertAsync(new TableEntity("p", i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        var pages = new List<int>();
        TableContinuation? next = null;
        do
        {
            var page = await table.QueryPageAsync(TableFilter.PartitionKey.Equal("p"), null, 3, next);
            pages.Add(page.Entities.Count);
            next = page.Continuation;
        }
        while (next is not null);

        pages.Sum().ShouldBe(7);
        pages.Take(2).ShouldBe([3, 3]);
    }

    [Fact]
    public async Task Transaction_HundredMixedOperations_AppliesAll()
    {
        var table = await NewTableAsync();
        var existing = await table.InsertAsync(new TableEntity("tx", "upd") { ["V"] = 1 });
        await table.InsertAsync(new TableEntity("tx", "del"));
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpdateMerge, new TableEntity("tx", "upd") { ["W"] = 2 }, existing.ETag),
            new(TableTransactionActionType.Delete, new TableEntity("tx", "del")),
            new(TableTransactionActionType.UpsertReplace, new TableEntity("tx", "ups") { ["V"] = 3 }),
        };
        actions.AddRange(Enumerable.Range(0, 97).Select(i => new TableTransactionAction(TableTransactionActionType.Insert,
            new TableEntity("tx", "n" + i.ToString("d3", System.Globalization.CultureInfo.InvariantCulture)))));

        var result = await table.SubmitTransactionAsync(actions);

        result.Succeeded.ShouldBeTrue();
        result.ETags.Count.ShouldBe(100);
        result.ETags[0].ShouldNotBeNullOrEmpty();
        var updated = (await table.GetAsync("tx", "upd"))!;
        updated["V"].ShouldBe(1);
        updated["W"].ShouldBe(2);
        (await table.GetAsync("tx", "del")).ShouldBeNull();
        (await table.GetAsync("tx", "ups"))!["V"].ShouldBe(3);
        (await table.QueryAsync(TableFilter.RowKey.GreaterThanOrEqual("n").And(TableFilter.RowKey.LessThan("o"))).CountAsync()).ShouldBe(97);
    }

    [Fact]
    public async Task Transaction_FailingAtFiftiethOperation_WritesNothingAndNamesTheOperation()
    {
        var table = await NewTableAsync();
        await table.InsertAsync(new TableEntity("tx", "r049") { ["Original"] = true });
        var actions = Enumerable.Range(0, 100)
            .Select(i => new TableTransactionAction(TableTransactionActionType.Insert,
                new TableEntity("tx", "r" + i.ToString("d3", System.Globalization.CultureInfo.InvariantCulture)) { ["New"] = true }))
            .ToList();

        var result = await table.SubmitTransactionAsync(actions);

        result.Succeeded.ShouldBeFalse();
        result.FailedIndex.ShouldBe(49);
        result.FailedStatus.ShouldBe(409);
        result.ErrorCode.ShouldBe("EntityAlreadyExists");
        var remaining = await table.QueryAsync(TableFilter.PartitionKey.Equal("tx")).ToListAsync();
        remaining.Count.ShouldBe(1);
        remaining[0].ContainsKey("New").ShouldBeFalse();
    }

    [Fact]
    public async Task Transaction_StaleETag_FailsWithPreconditionAndIndex()
    {
        var table = await NewTableAsync();
        var v1 = await table.InsertAsync(new TableEntity("tx", "a"));
        await table.UpsertAsync(new TableEntity("tx", "a") { ["V"] = 2 });

        var result = await table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.Insert, new TableEntity("tx", "b")),
            new(TableTransactionActionType.UpdateReplace, new TableEntity("tx", "a") { ["V"] = 3 }, v1.ETag),
        ]);

        result.Succeeded.ShouldBeFalse();
        result.FailedIndex.ShouldBe(1);
        result.FailedStatus.ShouldBe(412);
        (await table.GetAsync("tx", "b")).ShouldBeNull();
    }

    [Fact]
    public async Task Transaction_InvalidShapes_AreRejectedBeforeSending()
    {
        var table = await NewTableAsync();
        var tooMany = Enumerable.Range(0, 101).Select(i => new TableTransactionAction(TableTransactionActionType.Insert,
            new TableEntity("p", i.ToString(System.Globalization.CultureInfo.InvariantCulture)))).ToList();
        var twoPartitions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.Insert, new TableEntity("p1", "r")),
            new(TableTransactionActionType.Insert, new TableEntity("p2", "r")),
        };

        await Should.ThrowAsync<ArgumentException>(() => table.SubmitTransactionAsync(tooMany));
        await Should.ThrowAsync<ArgumentException>(() => table.SubmitTransactionAsync(twoPartitions));
        await Should.ThrowAsync<ArgumentException>(() => table.SubmitTransactionAsync([]));
    }

    [Theory]
    [InlineData("a/b")] // '/' is not allowed in keys
    [InlineData("a#b")]
    [InlineData("a?b")]
    [InlineData("a\\b")]
    public async Task Insert_KeyWithForbiddenCharacter_Throws(string key)
    {
        var table = _client.GetTable("anytable");

        await Should.ThrowAsync<ArgumentException>(() => table.InsertAsync(new TableEntity("p", key)));
    }

    [Fact]
    public async Task Insert_UnsupportedValueType_Throws()
    {
        var table = await NewTableAsync();

        await Should.ThrowAsync<ArgumentException>(() => table.InsertAsync(new TableEntity("p", "r") { ["Money"] = 1.5m }));
    }
}
