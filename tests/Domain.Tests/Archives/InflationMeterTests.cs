using NoOneLeftBehind.Domain.Archives;

namespace NoOneLeftBehind.Domain.Tests.Archives;

public class InflationMeterTests
{
    private static readonly ArchiveLimits Small = new()
    {
        MaxEntries = 3,
        MaxTotalBytes = 10_000,
        MaxEntryBytes = 6_000,
        MaxRatio = 10,
        RatioCheckFromBytes = 1_000,
    };

    [Fact]
    public void Add_PastTheRatio_OnceTheEntryIsPastTheSmallSize_NamesTheRatio()
    {
        var meter = new InflationMeter(Small);
        meter.BeginEntry("xl/sharedStrings.xml", compressedBytes: 50).ShouldBeNull();
        meter.Add(500).ShouldBeNull();   // 10:1 but below the 1,000 bytes checked
        var exceeded = meter.Add(600).ShouldNotBeNull(); // 1,100 from 50 bytes = 22:1
        exceeded.Limit.ShouldBe(ArchiveLimit.Ratio);
        exceeded.Entry.ShouldBe("xl/sharedStrings.xml");
        exceeded.Seen.ShouldBe(22);
        exceeded.MessageEn.ShouldContain("compression ratio limit of 10:1");
        exceeded.MessageVi.ShouldContain("giới hạn tỉ lệ nén 10:1");
    }

    [Fact]
    public void Add_PastThePerEntryLimit_NamesThePart()
    {
        var meter = new InflationMeter(Small);
        meter.BeginEntry("word/document.xml", compressedBytes: 5_000);
        meter.Add(6_000).ShouldBeNull();
        var exceeded = meter.Add(1).ShouldNotBeNull();
        exceeded.Limit.ShouldBe(ArchiveLimit.EntryBytes);
        exceeded.MessageEn.ShouldContain("part 'word/document.xml' inflates to more than 6000 byte");
    }

    [Fact]
    public void Add_PastTheTotal_AcrossEntries_EachWithinItsOwnLimit()
    {
        var meter = new InflationMeter(Small);
        meter.BeginEntry("a", 5_000);
        meter.Add(5_000).ShouldBeNull();
        meter.BeginEntry("b", 5_000);
        meter.Add(5_000).ShouldBeNull();
        meter.Add(1).ShouldNotBeNull().Limit.ShouldBe(ArchiveLimit.TotalBytes);
        meter.TotalBytes.ShouldBe(10_001);
    }

    [Fact]
    public void EntryCount_FromTheDirectory_AndAsEntriesBegin()
    {
        var meter = new InflationMeter(Small);
        meter.CheckEntryCount(3).ShouldBeNull();
        meter.CheckEntryCount(4).ShouldNotBeNull().Limit.ShouldBe(ArchiveLimit.EntryCount);
        for (var i = 0; i < 3; i++) meter.BeginEntry("e" + i, 1).ShouldBeNull();
        var exceeded = meter.BeginEntry("e3", 1).ShouldNotBeNull();
        exceeded.Limit.ShouldBe(ArchiveLimit.EntryCount);
        exceeded.MessageEn.ShouldContain("over the limit of 3 entries");
    }

    [Fact]
    public void Add_MoreThanTheHeaderDeclared_IsALyingHeader_EvenWithinEveryOtherLimit()
    {
        var meter = new InflationMeter(Small);
        meter.BeginEntry("word/document.xml", compressedBytes: 900, declaredBytes: 1_000);
        meter.Add(1_000).ShouldBeNull();
        var exceeded = meter.Add(1).ShouldNotBeNull();
        exceeded.Limit.ShouldBe(ArchiveLimit.DeclaredSize);
        exceeded.MessageEn.ShouldContain("more than the size its header declares (1000 bytes)");
    }

    [Fact]
    public void CheckDeclared_RefusesAnHonestBombBeforeInflating()
    {
        var meter = new InflationMeter(Small);
        meter.CheckDeclared("a", 100, 900, 0).ShouldBeNull();
        meter.CheckDeclared("a", 100, 7_000, 0).ShouldNotBeNull().Limit.ShouldBe(ArchiveLimit.EntryBytes);
        meter.CheckDeclared("a", 1_000, 5_000, 6_000).ShouldNotBeNull().Limit.ShouldBe(ArchiveLimit.TotalBytes);
        meter.CheckDeclared("a", 100, 5_000, 0).ShouldNotBeNull().Limit.ShouldBe(ArchiveLimit.Ratio);
    }
}
