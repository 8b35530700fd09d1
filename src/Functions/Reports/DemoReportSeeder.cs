using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using NoOneLeftBehind.Domain.Dossiers;
using NoOneLeftBehind.Domain.Plans;
using NoOneLeftBehind.Domain.Reports;
using NoOneLeftBehind.Functions.Hosting;
using NoOneLeftBehind.Infrastructure.Dossiers;
using NoOneLeftBehind.Infrastructure.Reports;
using ContentDispositions = NoOneLeftBehind.Infrastructure.Storage.Blobs.ContentDispositions;

namespace NoOneLeftBehind.Functions.Reports;

/// <summary>
/// Development only, with the demo dossiers (<c>Dossiers:SeedDemoData</c>): a few signed reports already submitted, so that the
/// leaders' status view is not empty — Chư Pưh's yearly report 2023 from Ia Phang (on time) and Ia Le (late, IV.1: 10/11), and
/// Bắc Giang's sơ kết 2023 from TP Bắc Giang (on time) and Tân Yên (late, V.1: 30/11). The demo users' own reports (Ia Hrú,
/// the Sở LĐ-TB&amp;XH) are left to submit. Each goes through the domain (<see cref="ReportSubmission.ConfirmFile"/>) with a
/// small PDF; fixed ids: seeding again changes nothing.
/// </summary>
internal sealed partial class DemoReportSeeder(IServiceProvider services, IConfiguration configuration, IHostEnvironment environment, ILogger<DemoReportSeeder> logger)
    : BackgroundService
{
    private static readonly (string PlanId, StageKind Kind, int Year, string Unit, string At)[] Seeds =
    [
        ("chu-puh-2021-2025", StageKind.Annual, 2023, "23983", "2023-11-08T10:00:00+07:00"),
        ("chu-puh-2021-2025", StageKind.Annual, 2023, "23986", "2023-11-13T15:30:00+07:00"),
        ("bac-giang-so-ket-2023", StageKind.MidTerm, 2023, "213", "2023-11-28T09:00:00+07:00"),
        ("bac-giang-so-ket-2023", StageKind.MidTerm, 2023, "216", "2023-12-02T16:00:00+07:00"),
    ];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!(configuration.GetValue<bool?>("Dossiers:SeedDemoData") ?? DevelopmentOnly.IsAllowed(environment))) return;
        try
        {
            var store = services.GetRequiredService<ReportSubmissionStore>();
            var reporters = services.GetRequiredService<ReportReporters>();
            await store.EnsureCreatedAsync(stoppingToken);
            var files = services.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(DossierStorageNames.FilesContainer);
            await files.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
            var created = 0;
            foreach (var (planId, kind, year, unit, at) in Seeds)
            {
                var id = ReportSubmissionId.Of(planId, kind, year, unit, null)!.Value;
                if (reporters.Find(id, []) is not { } obligation || await store.GetAsync(id, stoppingToken) is not null) continue;
                var when = DateTimeOffset.Parse(at, CultureInfo.InvariantCulture);
                var fileId = "5eed" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id.Value)))[..28];
                var name = $"bao-cao-{(kind == StageKind.Annual ? "nam" : "so-ket")}-{year}-{unit}.pdf";
                var content = Encoding.ASCII.GetBytes($"%PDF-1.4\n% demo signed report {id.Value}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
                var open = ReportSubmission.Open(id, when);
                var added = open.AddFile(name, content.Length, fileId, new DossierFileLimits(), when).Next!;
                var pinned = added.BlobPrefix + fileId + "/demo";
                await files.GetBlobClient(pinned).UploadAsync(BinaryData.FromBytes(content), new BlobUploadOptions
                {
                    HttpHeaders = new BlobHttpHeaders { ContentType = "application/pdf", ContentDisposition = ContentDispositions.AttachmentDisposition(name) },
                }, stoppingToken);
                var confirmed = added.ConfirmFile(fileId, new InspectedFile(pinned, content.Length, FileKind.Pdf, Convert.ToHexStringLower(SHA256.HashData(content)), null),
                    obligation.Deadline, "demo seed", when).Next!;
                if (await store.WriteAsync(confirmed, null, new(id.Value, when, "demo seed", "confirm-file", "dữ liệu mẫu"), null, stoppingToken) is not null) created++;
            }
            LogSeeded(logger, created);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
#pragma warning disable CA1031 // demo data is a convenience; its failure must not stop the app
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogSeedFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo report submissions seeded: {Created} new")]
    private static partial void LogSeeded(ILogger logger, int created);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not seed the demo report submissions")]
    private static partial void LogSeedFailed(ILogger logger, Exception exception);
}
