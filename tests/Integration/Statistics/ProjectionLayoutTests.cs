using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NoOneLeftBehind.Domain.Statistics.Import;
using NoOneLeftBehind.Infrastructure.Statistics;
using NoOneLeftBehind.Infrastructure.Statistics.Storage;
using NoOneLeftBehind.TestSupport;
using static NoOneLeftBehind.Integration.Tests.Statistics.StatisticsTestData;

namespace NoOneLeftBehind.Integration.Tests.Statistics;

/// <summary>
/// The read models' layout against Azurite: a unit with its children (the national picture included) is one
/// single-partition query; a store written in layout 1 (national totals in <c>{basis}-root</c>, no copies) is still
/// read right and is moved on by the upgrade.
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class ProjectionLayoutTests(AzuriteFixture azurite) : IDisposable
{
    private static readonly Uploader Importer = new("0d000000-0000-4000-8000-000000000006", "Quản trị", "VN");
    private static readonly ProjectionBasis[] Bases = [ProjectionBasis.Historical, ProjectionBasis.Reform2025];
    private readonly ServiceProvider _services = Services(azurite, isolated: true);

    private ProjectionReader Reader => _services.GetRequiredService<ProjectionReader>();
    private DashboardProjector Projector => _services.GetRequiredService<DashboardProjector>();
    private TableClient Projections => _services.GetRequiredService<TableServiceClient>().GetTableClient(_services.GetRequiredService<StatisticsStorageOptions>().ProjectionsTable);

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task NationalPicture_IsOneQuery_WithTheNationalTotalsEqualToTheProvincesSums()
    {
        var figures = await ImportGiaLaiAndKonTumAsync();

        foreach (var basis in Bases)
        {
            var view = await Reader.UnitWithChildrenAsync("VN", basis, 2023, 2024, includeSelf: true, default);

            view.Queries.ShouldBe(1);
            view.Self.Select(r => r.Year).ShouldBe([2023, 2024]);
            view.Children.ShouldNotContain(r => r.Unit == "VN");
            view.EntitiesRead.ShouldBe(view.Self.Count + view.Children.Count); // provinces × years + the nation's years, nothing else
            foreach (var year in new[] { 2023, 2024 })
            {
                view.Self.Single(r => r.Year == year).Counts.ShouldBe(Sum(figures.Where(f => f.Year == year)));
                view.Children.Where(r => r.Year == year).Sum(r => r.Counts.Poor).ShouldBe(view.Self.Single(r => r.Year == year).Counts.Poor);
            }
        }
        // Historical: old Gia Lai (64) and Kon Tum (62); 2025 boundaries: both are in today's Quảng Ngãi (51) and Gia Lai (52).
        (await Reader.UnitWithChildrenAsync("VN", ProjectionBasis.Historical, 2024, 2024, true, default)).Children.Select(r => r.Unit).Order().ShouldBe(["62", "64"]);
        (await Reader.UnitWithChildrenAsync("VN", ProjectionBasis.Reform2025, 2024, 2024, true, default)).Children.Select(r => r.Unit).Order().ShouldBe(["51", "52"]);
    }

    [Fact]
    public async Task ProvinceAndDistrict_WithChildren_AreOneQuery_CommuneFallsBackToItsParentsPartition()
    {
        await ImportGiaLaiAndKonTumAsync();

        var province = await Reader.UnitWithChildrenAsync("64", ProjectionBasis.Historical, 2023, 2024, includeSelf: true, default);
        province.Queries.ShouldBe(1);
        province.Self.ShouldBe((await Reader.SeriesAsync("64", ProjectionBasis.Historical, 2023, 2024, default)).Rows);
        province.Children.ShouldContain(r => r.Unit == "639");
        province.Children.ShouldAllBe(r => r.Level == "District");

        var district = await Reader.UnitWithChildrenAsync("639", ProjectionBasis.Historical, 2024, 2024, includeSelf: true, default);
        district.Queries.ShouldBe(1);
        district.Self.Select(r => r.Year).ShouldBe([2023, 2024]); // the unit's own rows: every year, whatever the children's years
        district.Self.Single(r => r.Year == 2024).Counts.ShouldBe(Sum(Within("639", 2024, 2024)));
        district.Children.Count.ShouldBe(Within("639", 2024, 2024).Count);
        district.EntitiesRead.ShouldBe(2 + district.Children.Count);

        var commune = await Reader.UnitWithChildrenAsync("23971", ProjectionBasis.Historical, 2024, 2024, includeSelf: true, default);
        commune.Queries.ShouldBe(2);
        commune.Children.ShouldBeEmpty();
        commune.Self.Single(r => r.Year == 2024).Counts.ShouldBe(Within("23971", 2024, 2024).Single().Counts);

        // Without the unit's own rows (a caller who may not read them), they are not returned.
        (await Reader.UnitWithChildrenAsync("VN", ProjectionBasis.Historical, 2024, 2024, includeSelf: false, default)).Self.ShouldBeEmpty();
    }

    [Fact]
    public async Task Reprojecting_NeverCountsTheNationalRowAsAProvince()
    {
        var figures = await ImportGiaLaiAndKonTumAsync();

        await Projector.ProjectAsync(null, default);
        await Projector.ProjectAsync([new SourceKey(2024, "64")], default);

        foreach (var basis in Bases)
            (await Reader.SeriesAsync("VN", basis, 2024, 2024, default)).Rows.Single().Counts.ShouldBe(Sum(figures.Where(f => f.Year == 2024)));
    }

    [Fact]
    public async Task Layout1Store_IsReadRight_ThenUpgradedToOneQuery_AndTheOldRowsGo()
    {
        var figures = await ImportGiaLaiAndKonTumAsync();
        var expected = await Reader.UnitWithChildrenAsync("VN", ProjectionBasis.Historical, 2023, 2024, true, default);
        var removedCopies = await RewriteAsLayout1Async();
        removedCopies.ShouldBeGreaterThan(0);
        (await Projector.HasLegacyLayoutAsync(default)).ShouldBeTrue();

        // Before the upgrade: the same answer, in two queries (layout 1's national partition).
        var legacy = await Reader.UnitWithChildrenAsync("VN", ProjectionBasis.Historical, 2023, 2024, true, default);
        legacy.Queries.ShouldBe(2);
        legacy.Self.ShouldBe(expected.Self);
        legacy.Children.OrderBy(r => r.Unit).ThenBy(r => r.Year).ShouldBe(expected.Children.OrderBy(r => r.Unit).ThenBy(r => r.Year));
        (await Reader.SeriesAsync("VN", ProjectionBasis.Reform2025, 2024, 2024, default)).Rows.Single().Counts.ShouldBe(Sum(figures.Where(f => f.Year == 2024)));

        // The app's start-up service upgrades it in the background.
        var upgrade = _services.GetServices<IHostedService>().OfType<BackgroundService>().Single(s => s.GetType().Name == "ProjectionLayoutUpgrade");
        await upgrade.StartAsync(default);
        await upgrade.ExecuteTask.ShouldNotBeNull();

        (await Projector.HasLegacyLayoutAsync(default)).ShouldBeFalse();
        (await CountAsync(ProjectionKeys.Partition(ProjectionBasis.Historical, ProjectionKeys.LegacyRoot))).ShouldBe(0);
        var upgraded = await Reader.UnitWithChildrenAsync("VN", ProjectionBasis.Historical, 2023, 2024, true, default);
        upgraded.Queries.ShouldBe(1);
        upgraded.Self.ShouldBe(expected.Self);
        (await Reader.UnitWithChildrenAsync("64", ProjectionBasis.Historical, 2024, 2024, true, default)).Queries.ShouldBe(1);

        // A current store: nothing to do.
        (await Projector.UpgradeLayoutAsync(default)).ShouldBe(0);
    }

    private async Task<List<Domain.Statistics.UnitYearFigures>> ImportGiaLaiAndKonTumAsync()
    {
        List<Domain.Statistics.UnitYearFigures> figures = [.. Within("64", 2023, 2024), .. Within("62", 2023, 2024)];
        var processor = _services.GetRequiredService<ReviewImportProcessor>();
        var job = await processor.ImportDirectAsync("gia-lai-kon-tum.csv", Csv(figures), Importer, null, default);
        job.Status.ShouldBe(ImportStatus.Done);
        return figures;
    }

    /// <summary>Turns the store back into layout 1: national rows into {basis}-root, no unit copied beside its children.</summary>
    private async Task<int> RewriteAsLayout1Async()
    {
        var removed = 0;
        var all = new List<TableEntity>();
        await foreach (var e in Projections.QueryAsync<TableEntity>()) all.Add(e);
        foreach (var e in all)
        {
            var unit = e.GetString("Unit")!;
            var ownPartition = Bases.Any(b => e.PartitionKey == ProjectionKeys.Partition(b, unit));
            if (!ownPartition) continue;
            if (unit == ProjectionKeys.National)
            {
                var basis = Bases.Single(b => e.PartitionKey == ProjectionKeys.Partition(b, unit));
                var moved = new TableEntity(ProjectionKeys.Partition(basis, ProjectionKeys.LegacyRoot), e.RowKey);
                foreach (var (key, value) in e)
                {
                    if (key is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag")) moved[key] = value;
                }
                (await Projections.UpsertEntityAsync(moved, TableUpdateMode.Replace)).IsError.ShouldBeFalse();
            }
            else removed++;
            (await Projections.DeleteEntityAsync(e.PartitionKey, e.RowKey, ETag.All)).Status.ShouldBe(204);
        }
        return removed;
    }

    private async Task<int> CountAsync(string partition)
    {
        var count = 0;
        await foreach (var _ in Projections.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"))) count++;
        return count;
    }
}
