using Azure.Data.Tables;
using NoOneLeftBehind.Domain.Bodies;
using NoOneLeftBehind.Domain.Dossiers;
using NoOneLeftBehind.Domain.Plans;
using NoOneLeftBehind.Domain.Reports;
using NoOneLeftBehind.Domain.Units;
using NoOneLeftBehind.Infrastructure.Bodies;
using NoOneLeftBehind.Infrastructure.Dossiers;
using NoOneLeftBehind.Infrastructure.Reports;
using NoOneLeftBehind.TestSupport;
using NoOneLeftBehind.TestSupport.Reports;
using Dossier = NoOneLeftBehind.Domain.Dossiers.Dossier;

namespace NoOneLeftBehind.Integration.Tests.Reports;

/// <summary>The report's nomination port over the dossier and body stores on Azurite (shared tables: the test looks at its own dossiers).</summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class StoredReportNominationsTests(AzuriteFixture azurite)
{
    private static readonly DossierStage SoKet2023 = new(StageKind.MidTerm, 2023);

    private static Dossier NewDossier(string unit, string form, SubjectKind kind, DossierStatus status, DateTimeOffset? submitted, DossierStage stage, string? bodyId = null) => new()
    {
        Id = DossierId.New(unit),
        PlanId = PlanId.Parse("bac-giang-so-ket-2023"),
        Stage = stage,
        NominatingUnitCode = UnitCode.Parse(unit),
        NominatorBodyId = bodyId,
        Nominee = new Nominee { Kind = kind, Name = "Đối tượng thử (báo cáo)" },
        AwardFormId = form,
        NominationYear = 2023,
        Status = status,
        SubmittedAt = submitted,
        CreatedAt = DateTimeOffset.UtcNow,
        CreatedBy = "test",
        UpdatedAt = DateTimeOffset.UtcNow,
    };

    [Fact]
    public async Task DistrictAndBodyReports_ReadTheirDossiers_WithTheBodyForItsQuota()
    {
        var tables = new TableServiceClient(azurite.ConnectionString);
        var dossiers = new DossierStore(tables);
        await dossiers.EnsureCreatedAsync();
        using var bodies = new TableNominatingBodyStore(tables);
        var body = ReportTestData.SoKhdtBacGiang with { Id = "so-khdt-24-" + Guid.NewGuid().ToString("N")[..8] };
        (await bodies.CreateAsync(body, "test", DateTimeOffset.UtcNow)).ShouldBeTrue();

        var onTime = new DateTimeOffset(2023, 11, 30, 10, 0, 0, TimeSpan.Zero);
        var inCity = NewDossier("213", "bang-khen-chu-tich-tinh", SubjectKind.Household, DossierStatus.Approved, onTime, SoKet2023);
        var inWard = NewDossier("07201", "giay-khen", SubjectKind.Household, DossierStatus.Draft, null, SoKet2023);
        var otherDistrict = NewDossier("218", "bang-khen-chu-tich-tinh", SubjectKind.Household, DossierStatus.Approved, onTime, SoKet2023);
        var otherStage = NewDossier("213", "giay-khen", SubjectKind.Household, DossierStatus.Approved, onTime, new DossierStage(StageKind.Annual, 2023));
        var byBody = NewDossier("24", "bang-khen-chu-tich-tinh", SubjectKind.Collective, DossierStatus.UnderReview, onTime, SoKet2023, body.Id);
        foreach (var d in new[] { inCity, inWard, otherDistrict, otherStage, byBody })
        {
            var audit = new DossierAuditEntry(d.Id.Value, d.CreatedAt, "test", DossierAction.Create, null, d.Status, d.Revision, [], null, null, null);
            (await dossiers.CreateAsync(d, audit)).Outcome.ShouldBe(DossierWriteOutcome.Succeeded);
        }
        string[] mine = [.. new[] { inCity, inWard, otherDistrict, otherStage, byBody }.Select(d => d.Id.ToString())];
        var source = new StoredReportNominations(dossiers, bodies, UnitRegistry.Embedded);

        var city = (await source.NominationsAsync("bac-giang-so-ket-2023", SoKet2023, UnitCode.Parse("213"), null)).Where(r => mine.Contains(r.DossierId)).ToList();
        city.Select(r => r.DossierId).Order().ShouldBe(new[] { inCity.Id.ToString(), inWard.Id.ToString() }.Order());
        city.Single(r => r.DossierId == inCity.Id.ToString()).ShouldBe(new NominationRecord(inCity.Id.ToString(), UnitCode.Parse("213"), "ubnd:213",
            "bang-khen-chu-tich-tinh", SubjectKind.Household, DossierStatus.Approved, onTime));

        var ofBody = await source.NominationsAsync("bac-giang-so-ket-2023", SoKet2023, UnitCode.Parse("24"), body.Id);
        ofBody.ShouldHaveSingleItem().Body.ShouldBe(body);

        var builder = new ReviewReportBuilder(ReportTestData.Plans.Value, ReportTestData.Reports.Value, ReportTestData.Rules.Value, UnitRegistry.Embedded,
            new ReportTestData(UnitRegistry.Embedded, [], []), source);
        var report = await builder.BuildAsync(new ReportRequest("bac-giang-so-ket-2023", new ReportStage(StageKind.MidTerm, 2023), UnitCode.Parse("24"), body.Id, body.Name));
        report.Quotas.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            q => q.Limit.Nominator.ShouldBe("Sở Kế hoạch và Đầu tư"),
            q => q.Used.ShouldBe(1),
            q => q.NominatorName.ShouldBe(body.Name));
    }
}
