using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using NoOneLeftBehind.Domain.Dossiers;
using NoOneLeftBehind.Domain.Plans;
using NoOneLeftBehind.Domain.Reports;
using NoOneLeftBehind.Functions.Dossiers;
using NoOneLeftBehind.Functions.Reports;
using NoOneLeftBehind.Infrastructure.Dossiers;
using NoOneLeftBehind.Infrastructure.Reports;
using NoOneLeftBehind.Integration.Tests.Dossiers;
using NoOneLeftBehind.TestSupport;

namespace NoOneLeftBehind.Integration.Tests.Reports;

/// <summary>
/// Report submissions on Azurite: the Table row with its ETag (a stale write is refused, nothing overwritten, audited), and
/// the confirmation's steps interrupted — after the pin and inspection, or after the record — then retried over HTTP:
/// nothing lost, one version, the staged upload removed once recorded.
/// </summary>
public sealed class ReportSubmissionStorageTests(AzuriteFixture azurite) : DossierAppTests(azurite, new Dictionary<string, string> { ["Clock:FixedNow"] = "2024-11-05T09:00:00+07:00" })
{
    private static readonly ReportSubmissionId Id = ReportSubmissionId.Of("chu-puh-2021-2025", StageKind.Annual, 2024, "23971", null)!.Value;

    [Fact]
    public async Task Store_WritesConditionallyOnTheETag_AndAuditsEachChange()
    {
        var store = new ReportSubmissionStore(new TableServiceClient(Azurite.ConnectionString));
        await store.EnsureCreatedAsync();
        var id = ReportSubmissionId.Of("binh-dinh-2021-2025", StageKind.Annual, 2022, "540", null)!.Value;
        var now = DateTimeOffset.Parse("2022-11-01T08:00:00+07:00", System.Globalization.CultureInfo.InvariantCulture);
        var open = ReportSubmission.Open(id, now);
        var first = await store.WriteAsync(open, null, new(id.Value, now, "a", "open", null), null);
        first.ShouldNotBeNull();
        (await store.WriteAsync(open, null, new(id.Value, now, "b", "open", null), null)).ShouldBeNull("a second open finds the first");
        var added = open.AddFile("bc.pdf", 100, "f1", new DossierFileLimits(), now.AddMinutes(1)).Next!;
        var second = await store.WriteAsync(added, first, new(id.Value, now.AddMinutes(1), "a", "add-file", "bc.pdf"), null);
        second.ShouldNotBeNull();
        (await store.WriteAsync(open with { UpdatedAt = now.AddMinutes(2) }, first, new(id.Value, now.AddMinutes(2), "b", "stale", null), null)).ShouldBeNull("a stale ETag overwrites nothing");
        var read = (await store.GetAsync(id))!;
        read.ETag.ShouldBe(second);
        read.Submission.Pending.ShouldHaveSingleItem().OriginalName.ShouldBe("bc.pdf");
        (await store.AuditAsync(id)).Select(a => a.Action).ShouldBe(["open", "add-file"]);
        var listed = new List<StoredReportSubmission>();
        await foreach (var s in store.ListAsync("binh-dinh-2021-2025", "annual", 2022)) listed.Add(s);
        listed.ShouldHaveSingleItem().Submission.Id.ShouldBe(id);
    }

    [Fact]
    public async Task ConfirmationInterrupted_AfterThePin_OrAfterTheRecord_LosesNothing_AndAddsOneVersion()
    {
        using var commune = await _app.ClientForAsync("xa-ia-hru");
        var pdf = Browser.Pdf(10_000);
        using var add = await commune.PostAsJsonAsync("/api/reports/submission/files",
            new { planId = Id.PlanId, stageKind = "annual", stageYear = 2024, unitCode = "23971", fileName = "bc-2024.pdf", size = pdf.Length });
        var added = await add.Content.ReadFromJsonAsync<JsonElement>();
        add.StatusCode.ShouldBe(HttpStatusCode.Created, added.ToString());
        await Browser.PutBlocksAsync(added.GetProperty("upload").GetProperty("url").GetString()!, pdf);
        var fileId = added.GetProperty("file").GetProperty("id").GetString()!;

        // The server pinned and inspected the upload, then died before recording it.
        var services = _app.Services;
        var store = services.GetRequiredService<ReportSubmissionStore>();
        var pending = (await store.GetAsync(Id))!.Submission.Pending.Single(f => f.Id == fileId);
        var staging = $"reports/{Id.Value}/staging/{fileId}";
        using (var scope = services.CreateScope())
        {
            var (inspected, incomplete) = await scope.ServiceProvider.GetRequiredService<FileConfirmation>()
                .PinAndInspectAsync(pending, staging, $"reports/{Id.Value}/{fileId}/crashed", 0, new Dictionary<string, string>(), CancellationToken.None);
            incomplete.ShouldBeNull();
            inspected!.Problem.ShouldBeNull();
        }
        var container = services.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(DossierStorageNames.FilesContainer);
        (await container.GetBlobClient(staging).ExistsAsync()).Value.ShouldBeTrue("the staged upload stays until the file is recorded");

        using var ok = await commune.PostAsync($"/api/reports/submissions/{Id.Value}/files/{fileId}/confirm", null);
        var view = await ok.Content.ReadFromJsonAsync<JsonElement>();
        ok.StatusCode.ShouldBe(HttpStatusCode.OK, view.ToString());
        view.GetProperty("versions").GetArrayLength().ShouldBe(1);
        (await container.GetBlobClient(staging).ExistsAsync()).Value.ShouldBeFalse("recorded: the staged upload is dropped");

        // A second upload recorded, then the server died before answering and dropping the staged blob: the retry answers the same.
        using var add2 = await commune.PostAsJsonAsync("/api/reports/submission/files",
            new { planId = Id.PlanId, stageKind = "annual", stageYear = 2024, unitCode = "23971", fileName = "bc-2024-v2.pdf", size = pdf.Length });
        var added2 = await add2.Content.ReadFromJsonAsync<JsonElement>();
        await Browser.PutBlocksAsync(added2.GetProperty("upload").GetProperty("url").GetString()!, pdf);
        var fileId2 = added2.GetProperty("file").GetProperty("id").GetString()!;
        var writer = services.GetRequiredService<ReportSubmissionWriter>();
        var recorded = await writer.ApplyAsync(Id, Caller.System("test"), (s, _) => ValueTask.FromResult(s.Submission.ConfirmFile(fileId2,
            new InspectedFile($"reports/{Id.Value}/{fileId2}/p", pdf.Length, FileKind.Pdf, "00", null), new DateOnly(2024, 11, 10), "test", DateTimeOffset.UtcNow)), CancellationToken.None);
        recorded.Written.ShouldBeTrue();
        using var retry = await commune.PostAsync($"/api/reports/submissions/{Id.Value}/files/{fileId2}/confirm", null);
        retry.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("versions").GetArrayLength().ShouldBe(2);
        (await store.GetAsync(Id))!.Submission.Versions.Select(v => v.FileId).ShouldBe([fileId, fileId2]);
        (await container.GetBlobClient($"reports/{Id.Value}/staging/{fileId2}").ExistsAsync()).Value.ShouldBeFalse();
    }
}
