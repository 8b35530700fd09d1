using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.Extensions.DependencyInjection;
using NoOneLeftBehind.Functions.Dossiers;
using NoOneLeftBehind.Infrastructure.Dossiers;
using NoOneLeftBehind.TestSupport;

namespace NoOneLeftBehind.Integration.Tests.Dossiers;

/// <summary>
/// Dossiers end to end over real HTTP on Kestrel, a real Azurite, the local trigger runner and the
/// development users: Ia Hrú's submitter (23971) nominates under the Chư Pưh plan, Gia Lai's reviewer decides.
/// </summary>
public sealed class DossierFlowTests(AzuriteFixture azurite) : DossierAppTests(azurite, new Dictionary<string, string>
    {
        ["Dossiers:MaxFileMegabytes"] = "2",
        ["Dossiers:ZipLimits:MaxEntryMegabytes"] = "4",
        ["Dossiers:TestFaults:FailEvaluationWhenNomineeContains"] = FaultMarker,
    })
{
    private const string FaultMarker = "[lỗi-giả-lập]";

    [Fact]
    public async Task FullPath_CreateUploadConfirmSubmitEvaluateReviewExport_AsDevelopmentUsers()
    {
        using var submitter = await _app.ClientForAsync("xa-ia-hru");
        using var reviewer = await _app.ClientForAsync("tham-dinh-gia-lai");
        var created = await Browser.CreateAsync(submitter, Browser.CommuneDossier("23971", "Xã Ia Hrú"));
        var id = created.GetProperty("id").GetString()!;
        id.ShouldStartWith("23971-");
        created.GetProperty("status").GetString().ShouldBe("draft");

        // A block upload interrupted before the commit: the server reports which blocks it has (resume).
        var pdf = Browser.Pdf(700 * 1024);
        var (pdfId, added) = await Browser.UploadAsync(submitter, id, "to-trinh", "Tờ trình số 15.pdf", pdf, commit: false);
        var blocks = await submitter.GetFromJsonAsync<JsonElement>($"/api/dossiers/{id}/files/{pdfId}/blocks");
        blocks.GetProperty("uncommitted").GetArrayLength().ShouldBe(3);
        blocks.GetProperty("uncommittedBytes").GetInt64().ShouldBe(pdf.Length);
        var resumeUrl = (await (await submitter.PostAsync($"/api/dossiers/{id}/files/{pdfId}/upload-url", null)).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("upload").GetProperty("url").GetString()!;
        await Browser.CommitAsync(resumeUrl, blocks.GetProperty("uncommitted").EnumerateArray().Select(b => b.GetProperty("id").GetString()!));
        using (var ok = await Browser.ConfirmAsync(submitter, id, pdfId)) ok.StatusCode.ShouldBe(HttpStatusCode.OK, await ok.Content.ReadAsStringAsync());

        var (docxId, _) = await Browser.UploadAsync(submitter, id, "bien-ban", "Biên bản.docx", Browser.Docx());
        using (var ok = await Browser.ConfirmAsync(submitter, id, docxId)) ok.StatusCode.ShouldBe(HttpStatusCode.OK, await ok.Content.ReadAsStringAsync());
        var (pngId, _) = await Browser.UploadAsync(submitter, id, "bao-cao-thanh-tich", "bao-cao.png", Browser.Png());
        using (var ok = await Browser.ConfirmAsync(submitter, id, pngId)) ok.StatusCode.ShouldBe(HttpStatusCode.OK, await ok.Content.ReadAsStringAsync());

        var draft = await Browser.GetAsync(submitter, id);
        var files = draft.GetProperty("files").EnumerateArray().ToList();
        files.Select(f => f.GetProperty("state").GetString()).ShouldAllBe(s => s == "accepted");
        files.Select(f => f.GetProperty("kind").GetString()).ShouldBe(["pdf", "docx", "png"]);
        files[0].GetProperty("sha256").GetString().ShouldBe(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(pdf)));
        files[0].GetProperty("storedName").GetString()!.ShouldNotContain("Tờ trình");

        // Download through a short-lived read SAS with a safe Content-Disposition.
        var download = await submitter.GetFromJsonAsync<JsonElement>($"/api/dossiers/{id}/files/{pdfId}/download");
        using (var get = await Browser.Storage.GetAsync(download.GetProperty("url").GetString()))
        {
            get.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await get.Content.ReadAsByteArrayAsync()).ShouldBe(pdf);
            get.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
            get.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        }

        using (var submit = await Browser.PostWithETagAsync(submitter, $"/api/dossiers/{id}/submit", draft.GetProperty("etag").GetString()!))
            submit.StatusCode.ShouldBe(HttpStatusCode.Accepted, await submit.Content.ReadAsStringAsync());
        var evaluated = await Browser.WaitForStatusAsync(submitter, id, "evaluated", TimeSpan.FromSeconds(60));
        evaluated.GetProperty("revision").GetInt32().ShouldBe(1);
        evaluated.GetProperty("evaluation").GetProperty("verdict").GetString().ShouldNotBeNullOrEmpty();
        var results = await submitter.GetFromJsonAsync<JsonElement>($"/api/dossiers/{id}/evaluations");
        results.GetArrayLength().ShouldBe(1);
        results[0].GetProperty("result").GetProperty("planVersion").GetString().ShouldBe(evaluated.GetProperty("evaluation").GetProperty("planVersion").GetString());
        results[0].GetProperty("result").GetProperty("planVersion").GetString().ShouldNotBeNullOrEmpty();

        using (var take = await Browser.PostWithETagAsync(reviewer, $"/api/dossiers/{id}/review", evaluated.GetProperty("etag").GetString()!, new { action = "start-review" }))
            take.StatusCode.ShouldBe(HttpStatusCode.OK, await take.Content.ReadAsStringAsync());
        var underReview = await Browser.GetAsync(reviewer, id);
        using (var approve = await Browser.PostWithETagAsync(reviewer, $"/api/dossiers/{id}/review", underReview.GetProperty("etag").GetString()!, new { action = "approve", note = "Đạt" }))
            approve.StatusCode.ShouldBe(HttpStatusCode.OK, await approve.Content.ReadAsStringAsync());

        var xlsx = await reviewer.GetByteArrayAsync("/api/dossier-exports/approved?planId=chu-puh-2021-2025&stageKind=mid-term&stageYear=2023&awardFormId=giay-khen-chu-tich-huyen&format=xlsx");
        using (var doc = SpreadsheetDocument.Open(new MemoryStream(xlsx), false))
        {
            var text = doc.WorkbookPart!.WorksheetParts.First().Worksheet.InnerText;
            text.ShouldContain("STT");
            text.ShouldContain("Xã Ia Hrú");
            text.ShouldContain("Giấy khen");
            // Issue 17, item 6: the danh sách as sent — heading of the reviewer's office, no internal words, units by name.
            text.ShouldContain("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
            text.ShouldContain("đợt sơ kết năm 2023");
            text.ShouldNotContain("mid-term");
            text.ShouldNotContain("(23971)");
            doc.WorkbookPart.Workbook.InnerXml.ShouldContain("_xlnm.Print_Titles");
        }
        var csv = System.Text.Encoding.UTF8.GetString(await reviewer.GetByteArrayAsync("/api/dossier-exports/approved?planId=chu-puh-2021-2025&stageKind=mid-term&stageYear=2023&awardFormId=giay-khen-chu-tich-huyen&format=csv"));
        csv.ShouldContain("\"1\",\"Xã Ia Hrú\"");
        csv.ShouldContain(id);

        var audit = await reviewer.GetFromJsonAsync<JsonElement>($"/api/dossiers/{id}/audit");
        var actions = audit.EnumerateArray().Select(a => a.GetProperty("action").GetString()).ToList();
        actions.ShouldContain("create");
        actions.ShouldContain("submit");
        actions.Count(a => a == "evaluate").ShouldBe(1);
        actions[^2..].ShouldBe(["start-review", "approve"]);
        var approveEntry = audit.EnumerateArray().Last();
        approveEntry.GetProperty("fromStatus").GetString().ShouldBe("under-review");
        approveEntry.GetProperty("toStatus").GetString().ShouldBe("approved");
        approveEntry.GetProperty("actor").GetString()!.ShouldContain("Lê Văn Cường");
        approveEntry.GetProperty("clientIp").GetString().ShouldBe("127.0.0.1");
    }

    [Fact]
    public async Task RenamedExecutable_ZipBomb_Oversize_AreRefusedWithReasonAndDeleted()
    {
        using var submitter = await _app.ClientForAsync("xa-ia-hru");
        var id = (await Browser.CreateAsync(submitter, Browser.CommuneDossier("23971", "Xã Ia Hrú (tệp xấu)"))).GetProperty("id").GetString()!;

        var exe = new byte[2048];
        "MZ"u8.CopyTo(exe);
        var (exeId, added) = await Browser.UploadAsync(submitter, id, "to-trinh", "to-trinh.pdf", exe);
        using (var refused = await Browser.ConfirmAsync(submitter, id, exeId))
        {
            refused.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
            problem.GetProperty("code").GetString().ShouldBe("file-type-not-allowed");
            problem.GetProperty("errors").GetProperty($"files.{exeId}")[1].GetString()!.ShouldContain("Windows/DOS executable");
        }
        (await _app.FileExistsAsync(added.GetProperty("file").GetProperty("storedName").GetString()!)).ShouldBeFalse();

        var (bombId, bombAdded) = await Browser.UploadAsync(submitter, id, "bien-ban", "bien-ban.docx", Browser.Docx(bombBytes: 20L * 1024 * 1024));
        using (var refused = await Browser.ConfirmAsync(submitter, id, bombId))
        {
            refused.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
            problem.GetProperty("code").GetString().ShouldBe("zip-bomb");
            problem.GetProperty("detail").GetString()!.ShouldContain("word/media/image1.bin");
        }
        (await _app.FileExistsAsync(bombAdded.GetProperty("file").GetProperty("storedName").GetString()!)).ShouldBeFalse();

        // Declared too large: refused before any upload URL is issued.
        using (var early = await submitter.PostAsJsonAsync($"/api/dossiers/{id}/files", new { componentId = "bao-cao-thanh-tich", fileName = "bao-cao.pdf", size = 3 * 1024 * 1024 }))
        {
            early.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await early.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("size")[1].GetString()!.ShouldContain("exceeds the limit of 2 MB");
        }
        // Declared small, uploaded large: the confirmation measures the blob itself.
        var (bigId, _) = await Browser.UploadAsync(submitter, id, "bao-cao-thanh-tich", "bao-cao.pdf", Browser.Pdf(2 * 1024 * 1024 + 10), blockSize: 1024 * 1024, declaredSize: 1000);
        using (var refused = await Browser.ConfirmAsync(submitter, id, bigId))
        {
            refused.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
            (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("file-too-large");
        }

        var dossier = await Browser.GetAsync(submitter, id);
        var states = dossier.GetProperty("files").EnumerateArray().ToList();
        states.ShouldAllBe(f => f.GetProperty("state").GetString() == "rejected");
        states.ShouldAllBe(f => f.GetProperty("rejection").GetProperty("en").GetString()!.Length > 10);
    }

    [Fact]
    public async Task EvidenceDecompressionBombs_RefusedAtConfirm_TheFileVerdictNamesTheLimit_BlobDeleted()
    {
        using var submitter = await _app.ClientForAsync("xa-ia-hru");
        var id = (await Browser.CreateAsync(submitter, Browser.CommuneDossier("23971", "Xã Ia Hrú (bom nén)"))).GetProperty("id").GetString()!;
        var honest = ZipBombs.DocxWithHugeDocument(150L * 1024 * 1024);
        honest.Length.ShouldBeLessThan(1024 * 1024);

        (string Name, byte[] Bytes, string Limit)[] bombs =
        [
            // Declares its 150 MB: refused from the directory, before anything is inflated.
            ("bom-khai-that.docx", honest, "part 'word/document.xml' inflates to more than 4 MB (limit per part 4 MB)"),
            // Declares 1 KB and inflates to 150 MB: refused on the bytes counted while inflating, at the first buffer past 1 KB.
            ("bom-khai-gian.docx", ZipBombs.WithDeclaredSize(honest, "word/document.xml", 1024), "part 'word/document.xml' inflates to more than the size its header declares (1024 bytes)"),
            // 6 MB expanding only ~6:1: no ratio catches it, the per-part limit (Dossiers:ZipLimits:MaxEntryMegabytes, 4 here) does.
            ("nhieu-nhieu.docx", ZipBombs.DocxWithLowRatioEntry(6L * 1024 * 1024), "part 'word/media/noise.txt' inflates to more than 4 MB (limit per part 4 MB)"),
        ];
        foreach (var (name, bytes, limit) in bombs)
        {
            var (fileId, added) = await Browser.UploadAsync(submitter, id, "bien-ban", name, bytes);
            using (var refused = await Browser.ConfirmAsync(submitter, id, fileId))
            {
                refused.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity, name);
                var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
                problem.GetProperty("code").GetString().ShouldBe("zip-bomb", name);
                problem.GetProperty("errors").GetProperty($"files.{fileId}")[1].GetString()!.ShouldContain(limit);
                problem.GetProperty("errors").GetProperty($"files.{fileId}")[0].GetString()!.ShouldContain("bom nén");
            }
            (await _app.FileExistsAsync(added.GetProperty("file").GetProperty("storedName").GetString()!)).ShouldBeFalse(name);
            var file = (await Browser.GetAsync(submitter, id)).GetProperty("files").EnumerateArray().Single(f => f.GetProperty("id").GetString() == fileId);
            file.GetProperty("state").GetString().ShouldBe("rejected");
            file.GetProperty("rejection").GetProperty("en").GetString()!.ShouldContain(limit);
        }
    }

    [Fact]
    public async Task Submit_MissingComponent_StaleETag_UnknownPlanOrAwardForm_RefusedAndNothingChanged()
    {
        using var submitter = await _app.ClientForAsync("xa-ia-hru");
        var created = await Browser.CreateAsync(submitter, Browser.CommuneDossier("23971", "Xã Ia Hrú (thiếu)"));
        var id = created.GetProperty("id").GetString()!;
        var (fileId, _) = await Browser.UploadAsync(submitter, id, "to-trinh", "to-trinh.pdf", Browser.Pdf());
        (await Browser.ConfirmAsync(submitter, id, fileId)).Dispose();
        var before = await Browser.GetAsync(submitter, id);

        using (var missing = await Browser.PostWithETagAsync(submitter, $"/api/dossiers/{id}/submit", before.GetProperty("etag").GetString()!))
        {
            missing.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
            var problem = await missing.Content.ReadFromJsonAsync<JsonElement>();
            problem.GetProperty("code").GetString().ShouldBe("missing-component");
            var fields = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();
            fields.ShouldBe(["components.bien-ban", "components.bao-cao-thanh-tich"], ignoreOrder: true);
        }

        using (var stale = await Browser.PostWithETagAsync(submitter, $"/api/dossiers/{id}/submit", created.GetProperty("etag").GetString()!))
        {
            stale.StatusCode.ShouldBe(HttpStatusCode.Conflict);
            (await stale.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("stale-etag");
        }
        using (var request = new HttpRequestMessage(HttpMethod.Put, $"/api/dossiers/{id}") { Content = JsonContent.Create(new { achievementsSummary = "ghi đè" }) })
        {
            request.Headers.TryAddWithoutValidation("If-Match", created.GetProperty("etag").GetString());
            using var stalePut = await submitter.SendAsync(request);
            stalePut.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        }
        var after = await Browser.GetAsync(submitter, id);
        after.GetProperty("etag").GetString().ShouldBe(before.GetProperty("etag").GetString());
        after.GetProperty("status").GetString().ShouldBe("draft");
        after.GetProperty("revision").GetInt32().ShouldBe(0);
        after.GetProperty("achievementsSummary").GetString().ShouldNotBe("ghi đè");

        using (var unknownPlan = await submitter.PostAsJsonAsync("/api/dossiers", new { planId = "khong-co", nominatingUnitCode = "23971" }))
        {
            unknownPlan.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            var problem = await unknownPlan.Content.ReadFromJsonAsync<JsonElement>();
            problem.GetProperty("code").GetString().ShouldBe("unknown-plan");
            problem.GetProperty("knownPlans").EnumerateArray().Select(p => p.GetString()).ShouldContain("chu-puh-2021-2025");
        }
        using (var unknownAward = await submitter.PostAsJsonAsync("/api/dossiers", Browser.CommuneDossier("23971", "Xã Ia Hrú", award: "huy-chuong-vang")))
        {
            unknownAward.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            var problem = await unknownAward.Content.ReadFromJsonAsync<JsonElement>();
            problem.GetProperty("errors").GetProperty("awardFormId")[0].GetString()!.ShouldContain("huy-chuong-vang");
        }
        var mine = await submitter.GetFromJsonAsync<JsonElement>("/api/dossiers?unitCode=23971");
        mine.EnumerateArray().ShouldNotContain(d => d.GetProperty("awardFormId").GetString() == "huy-chuong-vang");
    }

    [Fact]
    public async Task OtherUnitsSubmitter_CannotReadListUpdateOrDownload()
    {
        using var district = await _app.ClientForAsync("huyen-chu-puh");
        using var commune = await _app.ClientForAsync("xa-ia-hru");
        var body = Browser.CommuneDossier("639", "Xã Ia Le (của huyện)");
        var created = await Browser.CreateAsync(district, body);
        var id = created.GetProperty("id").GetString()!;
        var (fileId, _) = await Browser.UploadAsync(district, id, "to-trinh", "to-trinh.pdf", Browser.Pdf());
        (await Browser.ConfirmAsync(district, id, fileId)).Dispose();

        (await commune.GetAsync($"/api/dossiers/{id}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await commune.GetAsync($"/api/dossiers/{id}/files/{fileId}/download")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await commune.GetAsync($"/api/dossiers/{id}/audit")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await commune.GetAsync("/api/dossiers?unitCode=639")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await commune.GetFromJsonAsync<JsonElement>("/api/dossiers")).EnumerateArray().ShouldNotContain(d => d.GetProperty("id").GetString() == id);
        using (var put = await Browser.PostWithETagAsync(commune, $"/api/dossiers/{id}/submit", created.GetProperty("etag").GetString()!))
            put.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        // A guessed id of another unit answers like a nonexistent one: 403, no data.
        (await commune.GetAsync($"/api/dossiers/639-{Guid.NewGuid():N}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await district.GetAsync($"/api/dossiers/639-{Guid.NewGuid():N}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await district.GetAsync($"/api/dossiers/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task SameEvaluationMessageThreeTimes_OneResult_AndTwoReviewersAtOnce_OneConflict()
    {
        using var submitter = await _app.ClientForAsync("xa-ia-hru");
        using var reviewer = await _app.ClientForAsync("tham-dinh-gia-lai");
        var id = await SubmittedDossierAsync(submitter, "Xã Ia Hrú (lặp)");
        var evaluated = await Browser.WaitForStatusAsync(submitter, id, "evaluated", TimeSpan.FromSeconds(60));

        var queue = _app.EvaluationQueue();
        var message = JsonSerializer.Serialize(EvaluationMessage.For(id, 1), DossierStorageNames.Json);
        for (var i = 0; i < 3; i++) await queue.SendMessageAsync(message);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline && (await queue.PeekTextsAsync()).Any(m => m.Contains(id, StringComparison.Ordinal))) await Task.Delay(200);
        await Task.Delay(500);
        (await queue.PeekTextsAsync()).ShouldNotContain(m => m.Contains(id, StringComparison.Ordinal));
        var stored = await _app.Services.GetRequiredService<EvaluationResultStore>().ListAsync(id);
        stored.Count.ShouldBe(1);
        var audit = await submitter.GetFromJsonAsync<JsonElement>($"/api/dossiers/{id}/audit");
        audit.EnumerateArray().Count(a => a.GetProperty("action").GetString() == "evaluate").ShouldBe(1);

        var etag = (await Browser.GetAsync(reviewer, id)).GetProperty("etag").GetString()!;
        var both = await Task.WhenAll(
            Browser.PostWithETagAsync(reviewer, $"/api/dossiers/{id}/review", etag, new { action = "start-review" }),
            Browser.PostWithETagAsync(reviewer, $"/api/dossiers/{id}/review", etag, new { action = "start-review" }));
        both.Select(r => r.StatusCode).ShouldBe([HttpStatusCode.OK, HttpStatusCode.Conflict], ignoreOrder: true);
        var conflict = await both.Single(r => r.StatusCode == HttpStatusCode.Conflict).Content.ReadFromJsonAsync<JsonElement>();
        conflict.GetProperty("code").GetString().ShouldBe("stale-etag");
        conflict.GetProperty("detail").GetString()!.ShouldContain("nothing was overwritten");
        foreach (var r in both) r.Dispose();
        (await submitter.GetFromJsonAsync<JsonElement>($"/api/dossiers/{id}/audit")).EnumerateArray()
            .Count(a => a.GetProperty("action").GetString() == "start-review").ShouldBe(1);
    }

    [Fact]
    public async Task EvaluationAlwaysThrowing_EndsEvaluationFailedWithReason_AndMessageInPoisonQueue()
    {
        using var submitter = await _app.ClientForAsync("xa-ia-hru");
        var id = await SubmittedDossierAsync(submitter, "Xã Ia Hrú " + FaultMarker);
        var failed = await Browser.WaitForStatusAsync(submitter, id, "evaluation-failed", TimeSpan.FromSeconds(90));
        failed.GetProperty("evaluation").GetProperty("failureReason").GetString()!.ShouldContain("fault injection");
        var poison = _app.EvaluationQueue("-poison");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        List<string> poisoned = [];
        while (DateTime.UtcNow < deadline)
        {
            poisoned = (await poison.PeekTextsAsync()).Where(t => t.Contains(id, StringComparison.Ordinal)).ToList();
            if (poisoned.Count > 0) break;
            await Task.Delay(200);
        }
        poisoned.Count.ShouldBe(1);
        (await _app.Services.GetRequiredService<EvaluationResultStore>().ListAsync(id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Submit_ARefusedFile_IsNotSubmitted_AndTheViewCarriesTheFileLimitsThePageChecks()
    {
        // Issue 17, item 8: refused files stayed attached and were submitted with the dossier.
        using var submitter = await _app.ClientForAsync("xa-ia-hru");
        var created = await Browser.CreateAsync(submitter, Browser.CommuneDossier("23971", "Xã Ia Hrú (tệp bị từ chối)"));
        var id = created.GetProperty("id").GetString()!;
        var limits = created.GetProperty("fileLimits");
        limits.GetProperty("maxFileBytes").GetInt64().ShouldBe(2L * 1024 * 1024);
        limits.GetProperty("maxFiles").GetInt32().ShouldBeGreaterThan(0);

        var exe = new byte[2048];
        "MZ"u8.CopyTo(exe);
        var (exeId, _) = await Browser.UploadAsync(submitter, id, "minh-chung", "anh.pdf", exe);
        using (var refused = await Browser.ConfirmAsync(submitter, id, exeId)) refused.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        await Browser.AttachPdfsAsync(submitter, id, new[] { "to-trinh", "bien-ban", "bao-cao-thanh-tich" });
        var before = await Browser.GetAsync(submitter, id);
        before.GetProperty("files").EnumerateArray().Count(f => f.GetProperty("state").GetString() == "rejected").ShouldBe(1, "the reason is shown until submission");
        using (var submit = await Browser.PostWithETagAsync(submitter, $"/api/dossiers/{id}/submit", before.GetProperty("etag").GetString()!))
        {
            submit.StatusCode.ShouldBe(HttpStatusCode.Accepted, await submit.Content.ReadAsStringAsync());
            var submitted = await submit.Content.ReadFromJsonAsync<JsonElement>();
            submitted.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("state").GetString()).ShouldBe(["accepted", "accepted", "accepted"]);
        }
        var audit = await submitter.GetFromJsonAsync<JsonElement>($"/api/dossiers/{id}/audit");
        var entry = audit.EnumerateArray().Single(e => e.GetProperty("action").GetString() == "submit");
        entry.GetProperty("changes").EnumerateArray().Single().GetProperty("field").GetString().ShouldBe("files");
    }

    private static async Task<string> SubmittedDossierAsync(HttpClient submitter, string name)
    {
        var id = (await Browser.CreateAsync(submitter, Browser.CommuneDossier("23971", name))).GetProperty("id").GetString()!;
        await Browser.AttachPdfsAsync(submitter, id, new[] { "to-trinh", "bien-ban", "bao-cao-thanh-tich" });
        var etag = (await Browser.GetAsync(submitter, id)).GetProperty("etag").GetString()!;
        using var submit = await Browser.PostWithETagAsync(submitter, $"/api/dossiers/{id}/submit", etag);
        submit.StatusCode.ShouldBe(HttpStatusCode.Accepted, await submit.Content.ReadAsStringAsync());
        return id;
    }
}
