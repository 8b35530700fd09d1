using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using NoOneLeftBehind.Domain.Statistics;
using NoOneLeftBehind.Domain.Statistics.Import;
using NoOneLeftBehind.Domain.Units;
using NoOneLeftBehind.Infrastructure.Statistics;
using NoOneLeftBehind.Infrastructure.Statistics.Import;
using NoOneLeftBehind.Infrastructure.Statistics.Storage;
using NoOneLeftBehind.TestSupport;
using static NoOneLeftBehind.Integration.Tests.Statistics.StatisticsTestData;

namespace NoOneLeftBehind.Integration.Tests.Statistics;

/// <summary>
/// The import path against Azurite without HTTP: submit (blob + job + message), process (validate, write,
/// flip, project), read back through the head, <see cref="IReviewFigures"/> and the read models.
/// Each test has its own tables and container.
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class StatisticsImportStorageTests(AzuriteFixture azurite) : IDisposable
{
    private static readonly Uploader Submitter = new("0d000000-0000-4000-8000-000000000001", "Nguyễn Văn An", "639");
    private readonly ServiceProvider _services = Services(azurite, isolated: true);

    private ReviewImportProcessor Processor => _services.GetRequiredService<ReviewImportProcessor>();
    private StatisticsStore Store => _services.GetRequiredService<StatisticsStore>();

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task GoodFile_Processed_IsCurrentWithHistoryAndFigures()
    {
        var figures = Within("639", 2022, 2024);
        var bytes = Csv(figures);

        var job = await ImportAsync("chu-puh-2022-2024.csv", bytes);

        job.Status.ShouldBe(ImportStatus.Done);
        job.RowsProcessed.ShouldBe(figures.Count);
        job.RowsTotal.ShouldBe(figures.Count);
        var head = await Store.GetHeadAsync(default);
        head.Manifest.ShouldBe([ContentHash.Of(bytes).ToString()]);
        var batch = (await Store.GetBatchAsync(head.Manifest[0], default)).ShouldNotBeNull();
        batch.FileName.ShouldBe("chu-puh-2022-2024.csv");
        batch.UploadedByOid.ShouldBe(Submitter.ObjectId);
        batch.UploadedByName.ShouldBe("Nguyễn Văn An");
        batch.RowCount.ShouldBe(figures.Count);
        batch.Keys.ShouldBe([new SourceKey(2022, "64"), new SourceKey(2023, "64"), new SourceKey(2024, "64")]);

        // The district's series is the sum of its communes' counts, year by year.
        var series = await _services.GetRequiredService<IReviewFigures>().GetSeriesAsync(UnitCode.Parse("639"), 2021, 2025);
        series.Select(s => s.Year).ShouldBe([2022, 2023, 2024]);
        foreach (var point in series)
            point.Counts.ShouldBe(Sum(figures.Where(f => f.Year == point.Year)));
    }

    [Fact]
    public async Task BadRows_EachKindReportedWithRowAndColumn_NothingWritten()
    {
        var registry = Registry;
        var gone = registry.ChildrenOf(UnitCode.Parse("639"), new DateOnly(2024, 12, 31))
            .First(c => registry.Find(c.Code, new DateOnly(2025, 12, 31)) is null).Code.Value;
        string[] headers = ["Mã đơn vị", "Tên đơn vị", "Năm", "Tổng số hộ", "Số hộ nghèo", "Số hộ cận nghèo"];
        var bytes = ReviewFileWriter.CsvRows(headers,
        [
            ["23971", "Ia Hrú", 2024, 1200, 100, 80],      // row 2: good
            ["99999", "?", 2024, 1000, 10, 10],            // row 3: unknown unit
            [gone, "?", 2025, 1000, 10, 10],               // row 4: unit not valid that year
            ["23974", "?", 2024, 100, 150, 0],             // row 5: poor > households
            ["23977", "?", 2024, 100, -1, 0],              // row 6: negative
            ["23971", "Ia Hrú", 2024, 1200, 90, 80],       // row 7: duplicate unit-year
            ["23980", "?", 2024, "nhiều", 1, 1],           // row 8: not a number
        ]);
        var wrongHeader = ReviewFileWriter.CsvRows(["Mã đơn vị", "Năm", "Tổng số hộ", "Số hộ nghèo", "Hộ khá"], [["23971", 2024, 1200, 100, 3]]);

        var job = await ImportAsync("loi.csv", bytes);
        var headerJob = await ImportAsync("sai-tieu-de.csv", wrongHeader);

        job.Status.ShouldBe(ImportStatus.Failed);
        var problems = await _services.GetRequiredService<ImportJobStore>().GetProblemsAsync(job.ImportId, 100, default);
        problems.Count.ShouldBe(job.ProblemCount);
        problems.ShouldContain(p => p.Kind == ImportProblemKind.UnknownUnit && p.Row == 3 && p.Column == 1);
        problems.ShouldContain(p => p.Kind == ImportProblemKind.UnitNotValidInYear && p.Row == 4);
        problems.ShouldContain(p => p.Kind == ImportProblemKind.PoorExceedsHouseholds && p.Row == 5);
        problems.ShouldContain(p => p.Kind == ImportProblemKind.Negative && p.Row == 6 && p.Column == 5);
        problems.ShouldContain(p => p.Kind == ImportProblemKind.DuplicateUnitYear && p.Row == 7);
        problems.ShouldContain(p => p.Kind == ImportProblemKind.NotANumber && p.Row == 8 && p.Column == 4);
        problems.ShouldAllBe(p => p.File == "loi.csv" && p.MessageVi.Length > 0 && p.MessageEn.Length > 0);
        headerJob.Status.ShouldBe(ImportStatus.Failed);
        (await _services.GetRequiredService<ImportJobStore>().GetProblemsAsync(headerJob.ImportId, 100, default))
            .ShouldContain(p => p.Kind == ImportProblemKind.WrongHeader && p.Row == 1);

        // Nothing visible and nothing written: no head, no batch, no rows under either version.
        (await Store.GetHeadAsync(default)).Manifest.ShouldBeEmpty();
        (await Store.ListBatchesAsync(default)).ShouldBeEmpty();
        (await RowsOfAsync(ContentHash.Of(bytes).ToString())).ShouldBe(0);
        (await RowsOfAsync(ContentHash.Of(wrongHeader).ToString())).ShouldBe(0);
        (await _services.GetRequiredService<IReviewFigures>().GetSeriesAsync(UnitCode.Parse("23971"), 2024, 2024)).ShouldBeEmpty();
    }

    [Fact]
    public async Task SameFileTwice_OneVersion()
    {
        var bytes = Csv([F("23971", 2024, 1200, 100, 80), F("23974", 2024, 900, 50, 40)]);

        var first = await ImportAsync("ia-hru.csv", bytes);
        var second = await Processor.SubmitAsync("ia-hru-lan-2.csv", bytes, Submitter, default);
        await Processor.ProcessAsync(second.ImportId, default); // a no-op for a repeat

        first.Status.ShouldBe(ImportStatus.Done);
        second.AlreadyImported.ShouldBeTrue();
        second.Status.ShouldBe(ImportStatus.Done);
        (await Store.GetHeadAsync(default)).Manifest.ShouldBe([first.VersionId]);
        (await Store.ListBatchesAsync(default)).Count.ShouldBe(1);
        (await RowsOfAsync(first.VersionId)).ShouldBe(2);
    }

    [Fact]
    public async Task Correction_TwoVersionsKept_LatestUsed()
    {
        var original = await ImportAsync("ia-hru.csv", Csv([F("23971", 2024, 1200, 100, 80), F("23974", 2024, 900, 50, 40)]));
        var correction = await ImportAsync("ia-hru-sua.csv", Csv([F("23971", 2024, 1200, 60, 80)]));

        (await Store.GetHeadAsync(default)).Manifest.ShouldBe([original.VersionId, correction.VersionId]);
        (await Store.ListBatchesAsync(default)).Select(b => b.FileName).Order().ShouldBe(["ia-hru-sua.csv", "ia-hru.csv"]);
        var figures = _services.GetRequiredService<IReviewFigures>();
        (await figures.GetSeriesAsync(UnitCode.Parse("23971"), 2024, 2024)).Single().Counts.Poor.ShouldBe(60);
        (await figures.GetSeriesAsync(UnitCode.Parse("23974"), 2024, 2024)).Single().Counts.Poor.ShouldBe(50); // untouched by the correction
        (await figures.GetSeriesAsync(UnitCode.Parse("639"), 2024, 2024)).Single().Counts.Poor.ShouldBe(110);
    }

    [Fact]
    public async Task CorrectionGivingADistrictOverItsCommunes_Refused_NothingChanges()
    {
        var communes = await ImportAsync("ia-hru.csv", Csv([F("23971", 2024, 1200, 100, 80)]));
        var district = await ImportAsync("chu-puh.csv", Csv([F("639", 2024, 20000, 2000, 1500)]));

        district.Status.ShouldBe(ImportStatus.Failed);
        district.Error.ShouldNotBeNull().ShouldContain("639");
        (await Store.GetHeadAsync(default)).Manifest.ShouldBe([communes.VersionId]);
    }

    [Fact]
    public async Task Aggregates_AcrossThe2025Merge_EqualSumsOfCounts()
    {
        // Old Gia Lai (64) and old Bình Định (52) became the new Gia Lai (52) on 1 July 2025.
        var oldGiaLai = Within("64", 2024, 2024);
        var oldBinhDinh = Within("52", 2024, 2024);
        var newGiaLai2025 = Within("52", 2025, 2025);
        await ImportAsync("gia-lai-binh-dinh-2024.csv", Csv([.. oldGiaLai, .. oldBinhDinh]));
        await ImportAsync("gia-lai-2025.csv", Csv(newGiaLai2025));
        var reader = _services.GetRequiredService<ProjectionReader>();

        var historical64 = (await reader.SeriesAsync("64", ProjectionBasis.Historical, 2024, 2024, default)).Rows.Single();
        var historical52 = (await reader.SeriesAsync("52", ProjectionBasis.Historical, 2024, 2025, default)).Rows;
        var today52 = (await reader.SeriesAsync("52", ProjectionBasis.Reform2025, 2024, 2025, default)).Rows;

        historical64.Counts.ShouldBe(Sum(oldGiaLai));
        historical52.Single(r => r.Year == 2024).Counts.ShouldBe(Sum(oldBinhDinh));
        historical52.Single(r => r.Year == 2024).Name.ShouldContain("Bình Định");
        historical52.Single(r => r.Year == 2025).Counts.ShouldBe(Sum(newGiaLai2025));
        // The same 2024 households, counted in today's province: exactly the two old provinces together.
        today52.Single(r => r.Year == 2024).Counts.ShouldBe(Sum([.. oldGiaLai, .. oldBinhDinh]));
        today52.Single(r => r.Year == 2024).Name.ShouldContain("Gia Lai");
        // National totals are sums of the provinces: rates come from the summed counts, never averaged.
        var national = (await reader.SeriesAsync("VN", ProjectionBasis.Reform2025, 2024, 2024, default)).Rows.Single();
        national.Counts.ShouldBe(Sum([.. oldGiaLai, .. oldBinhDinh]));
        var children = await reader.ChildrenAsync("VN", ProjectionBasis.Historical, 2024, 2024, default);
        children.Rows.Select(r => r.Unit).Order().ShouldBe(["52", "64"]);
        children.EntitiesRead.ShouldBe(3); // one entity per province (and the nation's own row), not per commune
    }

    private async Task<ImportJob> ImportAsync(string name, byte[] bytes)
    {
        var job = await Processor.SubmitAsync(name, bytes, Submitter, default);
        return job.Status == ImportStatus.Done ? job : (await Processor.ProcessAsync(job.ImportId, default)).ShouldNotBeNull();
    }

    private async Task<int> RowsOfAsync(string version)
    {
        var table = _services.GetRequiredService<TableServiceClient>().GetTableClient(_services.GetRequiredService<StatisticsStorageOptions>().StatisticsTable);
        var count = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {version}"))) count++;
        return count;
    }
}
