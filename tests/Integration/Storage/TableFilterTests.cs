using NoOneLeftBehind.Infrastructure.Storage.Tables;

namespace NoOneLeftBehind.Integration.Tests.Storage;

public sealed class TableFilterTests
{
    [Fact]
    public void Equal_StringWithQuote_DoublesTheQuote() =>
        TableFilter.Property("Name").Equal("O'Brien' or 'a' eq 'a").Expression.ShouldBe("Name eq 'O''Brien'' or ''a'' eq ''a'");

    [Fact]
    public void AndOr_ParenthesiseEachSide() =>
        TableFilter.PartitionKey.Equal("540").And(TableFilter.RowKey.GreaterThanOrEqual("2021").Or(TableFilter.RowKey.LessThan("2010")))
            .Expression.ShouldBe("(PartitionKey eq '540') and ((RowKey ge '2021') or (RowKey lt '2010'))");

    [Fact]
    public void TypedLiterals_FollowODataV3()
    {
        TableFilter.Property("I").NotEqual(-5).Expression.ShouldBe("I ne -5");
        TableFilter.Property("L").GreaterThan(5_000_000_000L).Expression.ShouldBe("L gt 5000000000L");
        TableFilter.Property("D").LessThanOrEqual(2.0).Expression.ShouldBe("D le 2.0"); // "2" would be an Int32 literal
        TableFilter.Property("D").GreaterThan(0.25).Expression.ShouldBe("D gt 0.25");
        TableFilter.Property("B").Equal(true).Expression.ShouldBe("B eq true");
        TableFilter.Property("T").GreaterThanOrEqual(new DateTimeOffset(2025, 1, 2, 10, 0, 0, TimeSpan.FromHours(7)))
            .Expression.ShouldBe("T ge datetime'2025-01-02T03:00:00.0000000Z'");
        TableFilter.Property("G").Equal(Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"))
            .Expression.ShouldBe("G eq guid'0f8fad5b-d9cb-469f-a165-70867728950e'");
    }

    [Theory]
    [InlineData("Name eq 'x'")] // an expression smuggled in as a name
    [InlineData("1abc")] // must start with a letter or '_'
    [InlineData("a-b")]
    public void Property_InvalidName_Throws(string name) =>
        Should.Throw<ArgumentException>(() => TableFilter.Property(name));

    [Fact]
    public void Literal_NaN_Throws() =>
        Should.Throw<ArgumentOutOfRangeException>(() => TableFilter.Property("D").Equal(double.NaN));
}
