using System.Security.Cryptography;
using System.Text;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using NoOneLeftBehind.Domain.Criteria;
using NoOneLeftBehind.Domain.Dossiers;
using NoOneLeftBehind.Domain.Plans;
using Dossier = NoOneLeftBehind.Domain.Dossiers.Dossier;
using NoOneLeftBehind.Infrastructure.Dossiers;
using ContentDispositions = NoOneLeftBehind.Infrastructure.Storage.Blobs.ContentDispositions;

namespace NoOneLeftBehind.Functions.Dossiers;

/// <summary>
/// Development only (<c>Dossiers:SeedDemoData</c>, default true in Development): a handful of
/// dossiers of the Chư Pưh 2021–2025 plan for the demo units — a draft (Ia Hrú), a submitted one
/// (evaluated by the queue trigger shortly after start), a returned one and an approved one (Chư
/// Pưh) — with small PDF files. Fixed ids: seeding again changes nothing.
/// </summary>
internal sealed partial class DemoDossierSeeder(IServiceProvider services, ILogger<DemoDossierSeeder> logger) : BackgroundService
{
    private const string PlanId = "chu-puh-2021-2025";
    private static readonly YearFigures[] CommuneFigures =
    [
        new(2021, 1850, 520, 310), new(2022, 1872, 430, 280), new(2023, 1890, 300, 230), new(2024, 1905, 190, 170),
    ];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = services.CreateAsyncScope();
            var sp = scope.ServiceProvider;
            var store = sp.GetRequiredService<DossierStore>();
            await store.EnsureCreatedAsync(stoppingToken);
            await sp.GetRequiredService<EvaluationResultStore>().EnsureCreatedAsync(stoppingToken);
            var files = sp.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(DossierStorageNames.FilesContainer);
            await files.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
            var queue = sp.GetRequiredService<EvaluationQueue>();
            var writer = sp.GetRequiredService<DossierWriter>();
            var engine = sp.GetRequiredService<CriteriaEngine>();
            var evaluations = sp.GetRequiredService<EvaluationResultStore>();
            var now = sp.GetRequiredService<DossierClock>().UtcNow;
            var stage = new DossierStage(StageKind.MidTerm, 2023);

            var seeds = new[]
            {
                (Id: DossierId.Create("23971", new Guid("5eed0000-0000-4000-8000-000000000001")), Status: DossierStatus.Draft,
                    Nominee: new Nominee { Kind = SubjectKind.Commune, Name = "Xã Ia Hrú", UnitCode = "23971", Tags = [SubjectTags.Region3] },
                    Award: "giay-khen-chu-tich-huyen", Files: new[] { "to-trinh" }),
                (Id: DossierId.Create("639", new Guid("5eed0000-0000-4000-8000-000000000002")), Status: DossierStatus.Submitted,
                    Nominee: new Nominee { Kind = SubjectKind.Commune, Name = "Xã Ia Le", UnitCode = "23986", Tags = [SubjectTags.Region3] },
                    Award: "bang-khen-chu-tich-tinh", Files: new[] { "to-trinh", "bien-ban", "bao-cao-thanh-tich" }),
                (Id: DossierId.Create("639", new Guid("5eed0000-0000-4000-8000-000000000003")), Status: DossierStatus.Returned,
                    Nominee: new Nominee { Kind = SubjectKind.Village, Name = "Làng Plei Ơi", Tags = [] },
                    Award: "giay-khen-chu-tich-huyen", Files: new[] { "to-trinh", "bien-ban", "bao-cao-thanh-tich" }),
                (Id: DossierId.Create("639", new Guid("5eed0000-0000-4000-8000-000000000004")), Status: DossierStatus.Approved,
                    Nominee: new Nominee { Kind = SubjectKind.Commune, Name = "Xã Ia Phang", UnitCode = "23983", Tags = [SubjectTags.Region3] },
                    Award: "bang-khen-chu-tich-tinh", Files: new[] { "to-trinh", "bien-ban", "bao-cao-thanh-tich" }),
            };
            var created = 0;
            foreach (var seed in seeds)
            {
                if (await store.GetAsync(seed.Id, stoppingToken) is not null) continue;
                var dossierFiles = new List<DossierFile>();
                foreach (var component in seed.Files)
                {
                    var fileId = Guid.NewGuid().ToString("N");
                    var name = seed.Id.Value + "/" + fileId;
                    var content = Encoding.ASCII.GetBytes($"%PDF-1.4\n% demo {component}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
                    await files.GetBlobClient(name).UploadAsync(BinaryData.FromBytes(content), new BlobUploadOptions
                    {
                        HttpHeaders = new BlobHttpHeaders { ContentType = "application/pdf", ContentDisposition = ContentDispositions.AttachmentDisposition(component + ".pdf") },
                    }, stoppingToken);
                    dossierFiles.Add(new DossierFile { Id = fileId, ComponentId = component, StoredName = name, OriginalName = component + ".pdf", State = FileState.Accepted,
                        Size = content.Length, Kind = FileKind.Pdf, Sha256 = Convert.ToHexStringLower(SHA256.HashData(content)), AddedAt = now });
                }
                var submitted = seed.Status != DossierStatus.Draft;
                var d = new Dossier
                {
                    Id = seed.Id,
                    PlanId = Domain.Plans.PlanId.Parse(PlanId),
                    Stage = stage,
                    NominatingUnitCode = seed.Id.Unit,
                    Nominee = seed.Nominee,
                    AwardFormId = seed.Award,
                    NominationYear = 2023,
                    Statistics = CommuneFigures,
                    AchievementsSummary = $"{seed.Nominee.Name}: quy mô hộ nghèo và cận nghèo giảm từ 830 hộ (2021) xuống 530 hộ (2023).",
                    Files = dossierFiles,
                    Status = seed.Status,
                    Revision = submitted ? 1 : 0,
                    SubmittedAt = submitted ? now : null,
                    Supplement = seed.Status == DossierStatus.Returned
                        ? [new SupplementItem("bien-ban", null, "Biên bản họp chưa có chữ ký của Chủ tịch Hội đồng."), new SupplementItem(null, DossierFields.Statistics, "Số liệu năm 2023 chưa khớp kết quả rà soát đã công bố.")]
                        : [],
                    Reviewer = seed.Status is DossierStatus.Returned or DossierStatus.Approved ? "Lê Văn Cường (demo)" : null,
                    CreatedAt = now,
                    CreatedBy = "demo seed",
                    UpdatedAt = now,
                };
                if (seed.Status is DossierStatus.Returned or DossierStatus.Approved)
                {
                    var result = engine.Evaluate(d.ToEvaluationRequest());
                    await evaluations.InsertOnceAsync(new StoredEvaluation(d.Id.Value, 1, result, now, null, 0), stoppingToken);
                    d = d with { Evaluation = new EvaluationSummary(1, result.Verdict, result.PlanVersion, now, null) };
                }
                if (await writer.CreateAsync(d, new Caller("demo seed", null, "DemoDossierSeeder"), "dữ liệu mẫu", stoppingToken) is null) continue;
                created++;
                if (seed.Status == DossierStatus.Submitted) await queue.EnqueueAsync(d, stoppingToken);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo dossiers seeded: {Created} new")]
    private static partial void LogSeeded(ILogger logger, int created);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not seed the demo dossiers")]
    private static partial void LogSeedFailed(ILogger logger, Exception exception);
}
