using Microsoft.Extensions.DependencyInjection;
using NoOneLeftBehind.Domain.Dossiers;
using NoOneLeftBehind.Domain.Plans;
using NoOneLeftBehind.Domain.Reports;
using NoOneLeftBehind.Domain.Statistics;
using NoOneLeftBehind.Domain.Statistics.Import;
using NoOneLeftBehind.Domain.Units;
using NoOneLeftBehind.Infrastructure.Reports;
using NoOneLeftBehind.Infrastructure.Statistics;
using NoOneLeftBehind.Infrastructure.Statistics.Import;
using NoOneLeftBehind.Infrastructure.Statistics.Storage;
using NoOneLeftBehind.TestSupport;
using NoOneLeftBehind.TestSupport.Reports;
using static NoOneLeftBehind.Integration.Tests.Statistics.StatisticsTestData;

namespace NoOneLeftBehind.Integration.Tests.Reports;

/// <summary>The report's figure port over the statistics store on Azurite: imported files in, the unit's current leaf figures out.</summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class StoredReportFiguresTests(AzuriteFixture azurite) : IDisposable
{
    private static readonly Uploader Submitter = new("0d000000-0000-4000-8000-000000000001", "Nguyễn Văn An", "639");
    private readonly ServiceProvider _services = Services(azurite, isolated: true);

    public void Dispose() => _services.Dispose();

    private async Task ImportAsync(string name, byte[] bytes)
    {
        var processor = _services.GetRequiredService<ReviewImportProcessor>();
        var job = await processor.SubmitAsync(name, bytes, Submitter, default);
        if (job.Status != ImportStatus.Done)
            (await processor.ProcessAsync(job.ImportId, default)).ShouldNotBeNull().Status.ShouldBe(ImportStatus.Done);
    }

    [Fact]
    public async Task ChuPuhReport_FromImportedFiles_IsTheCurrentFiguresOfItsCommunes()
    {
        var chuPuh = Within("639", 2021, 2024);
        await ImportAsync("chu-puh.csv", Csv(chuPuh));
        await ImportAsync("bac-giang.csv", Csv(Within("218", 2022, 2023)));
        // A later file corrects one commune's 2023 figure: the current one is read.
        var corrected = chuPuh.First(f => f.Year == 2023);
        var fixedFigure = corrected with { Counts = new HouseholdCounts(corrected.Counts.Households, corrected.Counts.Poor - 1, corrected.Counts.NearPoor) };
        await ImportAsync("chu-puh-sua.csv", Csv([fixedFigure]));
        var current = chuPuh.Select(f => f.Unit == fixedFigure.Unit && f.Year == 2023 ? fixedFigure : f).ToList();

        var source = new StoredReportFigures(_services.GetRequiredService<StatisticsStore>(), _services.GetRequiredService<UnitGeography>());
        var read = await source.LeafFiguresWithinAsync(UnitCode.Parse("639"), 2021, 2023);
        read.ShouldBe(current.Where(f => f.Year <= 2023).OrderBy(f => f.Year).ThenBy(f => f.Unit));
        (await source.LeafFiguresWithinAsync(UnitCode.Parse("23971"), 2021, 2024)).ShouldAllBe(f => f.Unit.Value == "23971");

        var builder = new ReviewReportBuilder(ReportTestData.Plans.Value, ReportTestData.Reports.Value, ReportTestData.Rules.Value, Registry, source,
            new ReportTestData(Registry, [], []));
        var report = await builder.BuildAsync(new ReportRequest("chu-puh-2021-2025", new ReportStage(StageKind.MidTerm, 2023), UnitCode.Parse("639")));
        report.Poverty.Select(p => p.Year).ShouldBe([2021, 2022, 2023]);
        foreach (var row in report.Poverty)
            row.Counts.ShouldBe(Sum(current.Where(f => f.Year == row.Year)));
        report.Targets.Count.ShouldBe(2);
    }
}
