using NoOneLeftBehind.Domain.Archives;
using NoOneLeftBehind.Domain.Statistics;
using NoOneLeftBehind.Domain.Statistics.Import;
using NoOneLeftBehind.Domain.Units;
using NoOneLeftBehind.Infrastructure.Archives;
using NoOneLeftBehind.Infrastructure.Statistics.Import;
using NoOneLeftBehind.TestSupport;

namespace NoOneLeftBehind.Infrastructure.Tests.Archives;

public class ZipPackageScannerTests
{
    private static readonly ArchiveLimits Defaults = new();

    private static byte[] GoodXlsx() => ReviewFileWriter.Xlsx(
        [new UnitYearFigures(UnitCode.Parse("00001"), 2024, new HouseholdCounts(3_120, 12, 30, null))]);

    [Fact]
    public void Scan_ARealWorkbook_PassesEveryDefaultLimit() =>
        ZipPackageScanner.Scan(GoodXlsx(), Defaults).ShouldBeNull();

    [Fact]
    public void Scan_HighRatioPart_RefusedOnTheRatio_NamingThePart()
    {
        // 2 MB of repeated XML deflate ~1000:1: under every size limit, over 100:1.
        var bomb = ZipBombs.XlsxWithHugeSharedStrings(GoodXlsx(), 2L * 1024 * 1024);

        var exceeded = ZipPackageScanner.Scan(bomb, Defaults).ShouldNotBeNull();

        exceeded.Limit.ShouldBe(ArchiveLimit.Ratio);
        exceeded.Entry.ShouldBe("xl/sharedStrings.xml");
        exceeded.MessageEn.ShouldContain("over the compression ratio limit of 100:1");
    }

    [Fact]
    public void Scan_LowRatioPartOverThePerPartLimit_RefusedOnThePerPartLimit()
    {
        var docx = ZipBombs.DocxWithLowRatioEntry(3L * 1024 * 1024); // ~6:1, no ratio limit catches it
        var limits = Defaults with { MaxEntryBytes = 2L * 1024 * 1024 };

        ZipPackageScanner.Scan(docx, Defaults).ShouldBeNull();
        var exceeded = ZipPackageScanner.Scan(docx, limits).ShouldNotBeNull();

        exceeded.Limit.ShouldBe(ArchiveLimit.EntryBytes);
        exceeded.Entry.ShouldBe("word/media/noise.txt");
        exceeded.MessageEn.ShouldContain("limit per part 2 MB");
    }

    [Fact]
    public void Scan_PartsEachWithinLimits_TogetherOverTheTotal_RefusedOnTheTotal()
    {
        var docx = ZipBombs.DocxWithLowRatioEntry(3L * 1024 * 1024);
        var limits = Defaults with { MaxTotalBytes = 2L * 1024 * 1024 };

        ZipPackageScanner.Scan(docx, limits).ShouldNotBeNull().Limit.ShouldBe(ArchiveLimit.TotalBytes);
    }

    [Fact]
    public void Scan_TooManyEntries_RefusedFromTheDirectory_BeforeAnyIsInflated()
    {
        var zip = ZipBombs.ManyEntries(101);

        ZipPackageScanner.Scan(zip, Defaults with { MaxEntries = 101 }).ShouldBeNull();
        var exceeded = ZipPackageScanner.Scan(zip, Defaults with { MaxEntries = 100 }).ShouldNotBeNull();

        exceeded.Limit.ShouldBe(ArchiveLimit.EntryCount);
        exceeded.Seen.ShouldBe(101); // counted up to the limit + 1, then stopped
        ZipPackageScanner.CountEntries(ZipBombs.ManyEntries(5000), 51).ShouldBe(51);
    }

    [Fact]
    public void Scan_LyingHeader_DeclaringATinyPart_IsJudgedOnTheBytesInflated()
    {
        // The header says 1 KB; the part inflates to 20 MB.
        var honest = ZipBombs.XlsxWithHugeSharedStrings(GoodXlsx(), 20L * 1024 * 1024);
        var lying = ZipBombs.WithDeclaredSize(honest, "xl/sharedStrings.xml", 1024);

        var exceeded = ZipPackageScanner.Scan(lying, Defaults).ShouldNotBeNull();

        // Not stopped quietly at the declared 1 KB (what ZipArchive does): counted, and refused as a lie.
        exceeded.Limit.ShouldBe(ArchiveLimit.DeclaredSize);
        exceeded.Entry.ShouldBe("xl/sharedStrings.xml");
        exceeded.MessageEn.ShouldContain("more than the size its header declares (1024 bytes)");
        ZipPackageScanner.Scan(honest, Defaults).ShouldNotBeNull().Limit.ShouldBe(ArchiveLimit.Ratio);
    }

    [Fact]
    public void Scan_DamagedZip_IsUnreadable_NotALimit() =>
        Should.Throw<InvalidDataException>(() => ZipPackageScanner.Scan([0x50, 0x4B, 0x03, 0x04, 1, 2, 3], Defaults));

    [Fact]
    public void Import_150MbSharedStringsBomb_RefusedNamingTheLimit_WithoutAllocatingItsSize()
    {
        var bomb = ZipBombs.XlsxWithHugeSharedStrings(GoodXlsx(), 150L * 1024 * 1024);
        bomb.Length.ShouldBeLessThan(1024 * 1024);
        var importer = new ReviewFileImporter(UnitRegistry.Embedded);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var result = importer.Import("bom.xlsx", bomb);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        result.Batch.ShouldBeNull();
        var problem = result.Problems.ShouldHaveSingleItem();
        problem.Kind.ShouldBe(ImportProblemKind.ArchiveLimitExceeded);
        problem.MessageEn.ShouldContain("xl/sharedStrings.xml");
        problem.MessageEn.ShouldContain("compression ratio limit of 100:1");
        problem.MessageVi.ShouldContain("bom nén");
        allocated.ShouldBeLessThan(16L * 1024 * 1024, $"{allocated / 1024 / 1024} MB allocated while refusing");
    }
}
