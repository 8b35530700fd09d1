using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NoOneLeftBehind.Domain.Statistics;
using NoOneLeftBehind.Domain.Units;
using NoOneLeftBehind.Functions.Dossiers;
using NoOneLeftBehind.Infrastructure.Dossiers;
using NoOneLeftBehind.Infrastructure.Statistics.Import;
using NoOneLeftBehind.TestSupport;

namespace NoOneLeftBehind.Integration.Tests.Dossiers;

/// <summary>
/// What happens to a dossier after the first submission, over real HTTP against Azurite: figures taken from
/// the statistics import, resuming an upload after a dropped connection, the return-for-supplement cycle
/// and the nominations counts the dashboards read.
/// </summary>
public sealed class DossierLifecycleTests(AzuriteFixture azurite) : DossierAppTests(azurite)
{
    [Fact]
    public async Task DossierWithoutTypedFigures_IsEvaluatedWithTheCommunesImportedReviewResults()
    {
        using var submitter = await _app.ClientForAsync("xa-ia-hru");

        // Before any import: nothing to measure the commune with.
        var before = await Browser.CreateCompleteAndSubmitAsync(submitter, Browser.CommuneDossier("23971", "Xã Ia Hrú (chưa có số liệu)", withFigures: false));
        await Browser.WaitForStatusAsync(submitter, before, "evaluated", TimeSpan.FromSeconds(60));
        var unmeasured = (await submitter.GetFromJsonAsync<JsonElement>($"/api/dossiers/{before}/evaluations"))[0].GetProperty("result");
        unmeasured.GetProperty("criteria")[0].GetProperty("status").GetString().ShouldBe("insufficient-data");

        // The commune imports its review results (2021: 520 poor + 310 near-poor; 2023: 250 + 150, more than halved).
        var csv = ReviewFileWriter.Csv(
        [
            new UnitYearFigures(UnitCode.Parse("23971"), 2021, new HouseholdCounts(1850, 520, 310)),
            new UnitYearFigures(UnitCode.Parse("23971"), 2022, new HouseholdCounts(1872, 430, 280)),
            new UnitYearFigures(UnitCode.Parse("23971"), 2023, new HouseholdCounts(1890, 250, 150)),
        ]);
        using (var form = new MultipartFormDataContent())
        {
            form.Add(new ByteArrayContent(csv), "file", "ia-hru-2021-2023.csv");
            using var upload = await submitter.PostAsync("/api/statistics/imports", form);
            upload.StatusCode.ShouldBe(HttpStatusCode.Accepted, await upload.Content.ReadAsStringAsync());
            var location = upload.Headers.Location!.ToString();
            var deadline = DateTime.UtcNow.AddSeconds(90);
            var state = "";
            while (DateTime.UtcNow < deadline && state is not ("done" or "failed"))
            {
                await Task.Delay(200);
                state = (await submitter.GetFromJsonAsync<JsonElement>(location)).GetProperty("status").GetString()!;
            }
            state.ShouldBe("done");
        }

        var id = await Browser.CreateCompleteAndSubmitAsync(submitter, Browser.CommuneDossier("23971", "Xã Ia Hrú (số liệu đã công bố)", withFigures: false));
        var evaluated = await Browser.WaitForStatusAsync(submitter, id, "evaluated", TimeSpan.FromSeconds(60));
        evaluated.GetProperty("statistics").GetArrayLength().ShouldBe(0); // the dossier keeps what the unit typed
        var result = (await submitter.GetFromJsonAsync<JsonElement>($"/api/dossiers/{id}/evaluations"))[0].GetProperty("result");
        var criterion = result.GetProperty("criteria")[0];
        criterion.GetProperty("status").GetString().ShouldBe("met", criterion.ToString());
        var values = criterion.GetProperty("values").EnumerateObject().Select(p => p.Value.GetDecimal()).ToList();
        values.ShouldContain(830m, criterion.ToString()); // 2021 baseline: 520 + 310
        values.ShouldContain(400m, criterion.ToString()); // 2023: 250 + 150
        evaluated.GetProperty("evaluation").GetProperty("verdict").GetString().ShouldBe(result.GetProperty("verdict").GetString());
    }

    [Fact]
    public async Task UploadResumedAfterDroppedConnection_SendsOnlyMissingBlocks_Sha256IsTheWholeFiles()
    {
        using var submitter = await _app.ClientForAsync("xa-ia-hru");
        var id = (await Browser.CreateAsync(submitter, Browser.CommuneDossier("23971", "Xã Ia Hrú (tải tiếp)"))).GetProperty("id").GetString()!;
        const int blockSize = 256 * 1024;
        var content = Browser.Pdf(6 * blockSize - 1000);
        var blockIds = Enumerable.Range(0, 6).Select(i => Convert.ToBase64String(Encoding.ASCII.GetBytes($"block-{i:d6}"))).ToList();

        using var add = await submitter.PostAsJsonAsync($"/api/dossiers/{id}/files", new { componentId = "to-trinh", fileName = "Tờ trình.pdf", size = content.Length });
        add.StatusCode.ShouldBe(HttpStatusCode.Created, await add.Content.ReadAsStringAsync());
        var added = await add.Content.ReadFromJsonAsync<JsonElement>();
        var fileId = added.GetProperty("file").GetProperty("id").GetString()!;
        var firstUrl = added.GetProperty("upload").GetProperty("url").GetString()!;

        // Blocks 0, 1 and 3 arrive, then the connection drops (blocks 2, 4, 5 never sent, nothing committed).
        foreach (var i in new[] { 0, 1, 3 }) await PutBlockAsync(firstUrl, blockIds[i], content, i, blockSize);

        // Later (a new page load): a fresh URL, and the server says which blocks Blob storage holds.
        using var again = await submitter.PostAsync($"/api/dossiers/{id}/files/{fileId}/upload-url", null);
        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        var resumeUrl = (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("upload").GetProperty("url").GetString()!;
        var blocks = await submitter.GetFromJsonAsync<JsonElement>($"/api/dossiers/{id}/files/{fileId}/blocks");
        var held = blocks.GetProperty("uncommitted").EnumerateArray().Select(b => b.GetProperty("id").GetString()!).ToHashSet();
        held.ShouldBe([blockIds[0], blockIds[1], blockIds[3]], ignoreOrder: true);
        blocks.GetProperty("uncommittedBytes").GetInt64().ShouldBe(3L * blockSize);
        blocks.GetProperty("committed").GetArrayLength().ShouldBe(0);

        var sent = new List<int>();
        for (var i = 0; i < blockIds.Count; i++)
        {
            if (held.Contains(blockIds[i])) continue;
            await PutBlockAsync(resumeUrl, blockIds[i], content, i, blockSize);
            sent.Add(i);
        }
        sent.ShouldBe([2, 4, 5]);
        await Browser.CommitAsync(resumeUrl, blockIds);

        using var confirm = await Browser.ConfirmAsync(submitter, id, fileId);
        confirm.StatusCode.ShouldBe(HttpStatusCode.OK, await confirm.Content.ReadAsStringAsync());
        var file = (await confirm.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("files").EnumerateArray().Single(f => f.GetProperty("id").GetString() == fileId);
        file.GetProperty("state").GetString().ShouldBe("accepted");
        file.GetProperty("size").GetInt64().ShouldBe(content.Length);
        file.GetProperty("sha256").GetString().ShouldBe(Convert.ToHexStringLower(SHA256.HashData(content)));
        // Confirmed: the staged upload was copied to the pinned name and is gone; nothing is left for a link to write to.
        var staged = await submitter.GetFromJsonAsync<JsonElement>($"/api/dossiers/{id}/files/{fileId}/blocks");
        staged.GetProperty("committed").GetArrayLength().ShouldBe(0);
        staged.GetProperty("uncommitted").GetArrayLength().ShouldBe(0);

        var download = await submitter.GetFromJsonAsync<JsonElement>($"/api/dossiers/{id}/files/{fileId}/download");
        (await Browser.Storage.GetByteArrayAsync(download.GetProperty("url").GetString())).ShouldBe(content);
    }

    [Fact]
    public async Task ReturnForSupplement_OnlyTheNamedComponentAndFieldMayChange_ResubmissionIsEvaluatedAsRevision2()
    {
        using var submitter = await _app.ClientForAsync("xa-ia-hru");
        using var reviewer = await _app.ClientForAsync("tham-dinh-gia-lai");
        var id = await Browser.CreateCompleteAndSubmitAsync(submitter, Browser.CommuneDossier("23971", "Xã Ia Hrú (bổ sung)"));
        var evaluated = await Browser.WaitForStatusAsync(reviewer, id, "evaluated", TimeSpan.FromSeconds(60));
        using (var take = await Browser.PostWithETagAsync(reviewer, $"/api/dossiers/{id}/review", evaluated.GetProperty("etag").GetString()!, new { action = "start-review" }))
            take.StatusCode.ShouldBe(HttpStatusCode.OK, await take.Content.ReadAsStringAsync());
        var underReview = await Browser.GetAsync(reviewer, id);

        // A return must name what to fix, each with a reason.
        using (var vague = await Browser.PostWithETagAsync(reviewer, $"/api/dossiers/{id}/review", underReview.GetProperty("etag").GetString()!,
                   new { action = "return", items = new object[] { new { field = "chuKy", reason = "?" }, new { componentId = "bien-ban" } } }))
        {
            vague.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            var errors = (await vague.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
            errors.GetProperty("items[0].field")[1].GetString()!.ShouldContain("Unknown field 'chuKy'");
            errors.GetProperty("items[1].reason")[1].GetString()!.ShouldContain("reason is required");
        }
        using (var ret = await Browser.PostWithETagAsync(reviewer, $"/api/dossiers/{id}/review", underReview.GetProperty("etag").GetString()!, new
               {
                   action = "return",
                   items = new object[]
                   {
                       new { componentId = "bao-cao-thanh-tich", reason = "Báo cáo thành tích thiếu chữ ký của Chủ tịch UBND xã." },
                       new { field = "achievementsSummary", reason = "Tóm tắt chưa nêu số hộ thoát nghèo." },
                   },
               }))
            ret.StatusCode.ShouldBe(HttpStatusCode.OK, await ret.Content.ReadAsStringAsync());

        var returned = await Browser.GetAsync(submitter, id);
        returned.GetProperty("status").GetString().ShouldBe("returned");
        returned.GetProperty("supplement").GetArrayLength().ShouldBe(2);
        var etag = returned.GetProperty("etag").GetString()!;
        var files = returned.GetProperty("files").EnumerateArray().ToList();
        var toTrinh = files.Single(f => f.GetProperty("componentId").GetString() == "to-trinh").GetProperty("id").GetString()!;
        var oldReport = files.Single(f => f.GetProperty("componentId").GetString() == "bao-cao-thanh-tich").GetProperty("id").GetString()!;

        // Anything not named is refused, precisely, and nothing changes.
        using (var put = await PutAsync(submitter, id, etag, new { awardFormId = "bang-khen-chu-tich-tinh", achievementsSummary = "Giảm 430 hộ; 120 hộ thoát nghèo." }))
        {
            put.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            var problem = await put.Content.ReadFromJsonAsync<JsonElement>();
            var errors = problem.GetProperty("errors");
            errors.EnumerateObject().Select(e => e.Name).ShouldBe(["awardFormId"]);
            problem.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("code").GetString()).ShouldBe(["not-requested"]);
            errors.GetProperty("awardFormId")[0].GetString()!.ShouldContain("tóm tắt thành tích; 1 thành phần hồ sơ được nêu; không được sửa hình thức khen thưởng");
            errors.GetProperty("awardFormId")[1].GetString()!.ShouldContain("the award form may not be changed");
        }
        using (var addOther = await submitter.PostAsJsonAsync($"/api/dossiers/{id}/files", new { componentId = "to-trinh", fileName = "to-trinh-moi.pdf", size = 4096 }))
        {
            addOther.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await addOther.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("componentId")[1].GetString()!.ShouldContain("no files may be added to “Tờ trình đề nghị khen thưởng (kèm danh sách đối tượng đề nghị)”");
        }
        using (var deleteOther = new HttpRequestMessage(HttpMethod.Delete, $"/api/dossiers/{id}/files/{toTrinh}"))
        {
            using var response = await submitter.SendAsync(deleteOther);
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        }
        var unchanged = await Browser.GetAsync(submitter, id);
        unchanged.GetProperty("status").GetString().ShouldBe("returned");
        unchanged.GetProperty("awardFormId").GetString().ShouldBe("giay-khen-chu-tich-huyen");
        unchanged.GetProperty("files").GetArrayLength().ShouldBe(3);
        unchanged.GetProperty("etag").GetString().ShouldBe(etag);

        // What was named may change.
        using (var put = await PutAsync(submitter, id, etag, new { achievementsSummary = "Hộ nghèo và cận nghèo giảm 430 hộ (2021–2023); 120 hộ thoát nghèo." }))
            put.StatusCode.ShouldBe(HttpStatusCode.OK, await put.Content.ReadAsStringAsync());
        var (newReport, _) = await Browser.UploadAsync(submitter, id, "bao-cao-thanh-tich", "bao-cao-co-chu-ky.pdf", Browser.Pdf(8192));
        using (var ok = await Browser.ConfirmAsync(submitter, id, newReport)) ok.StatusCode.ShouldBe(HttpStatusCode.OK, await ok.Content.ReadAsStringAsync());
        using (var delete = new HttpRequestMessage(HttpMethod.Delete, $"/api/dossiers/{id}/files/{oldReport}"))
        {
            using var response = await submitter.SendAsync(delete);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        }

        var fixedUp = await Browser.GetAsync(submitter, id);
        using (var resubmit = await Browser.PostWithETagAsync(submitter, $"/api/dossiers/{id}/submit", fixedUp.GetProperty("etag").GetString()!))
            resubmit.StatusCode.ShouldBe(HttpStatusCode.Accepted, await resubmit.Content.ReadAsStringAsync());
        var reevaluated = await Browser.WaitForStatusAsync(submitter, id, "evaluated", TimeSpan.FromSeconds(60));
        reevaluated.GetProperty("revision").GetInt32().ShouldBe(2);
        reevaluated.GetProperty("evaluation").GetProperty("revision").GetInt32().ShouldBe(2);
        var results = await submitter.GetFromJsonAsync<JsonElement>($"/api/dossiers/{id}/evaluations");
        results.EnumerateArray().Select(r => r.GetProperty("revision").GetInt32()).ShouldBe([1, 2]);
        var audit = await submitter.GetFromJsonAsync<JsonElement>($"/api/dossiers/{id}/audit");
        var actions = audit.EnumerateArray().Select(a => a.GetProperty("action").GetString()).ToList();
        actions.Count(a => a == "submit").ShouldBe(2);
        actions.Count(a => a == "evaluate").ShouldBe(2);
        var edit = audit.EnumerateArray().Single(a => a.GetProperty("action").GetString() == "edit" && a.GetProperty("changes").EnumerateArray().Any(c => c.GetProperty("field").GetString() == "achievementsSummary"));
        edit.GetProperty("fromStatus").GetString().ShouldBe("returned");
    }

    [Fact]
    public async Task NominationCounts_FollowTheEvaluation_OncePerDossier_ScopedToTheCaller()
    {
        using var submitter = await _app.ClientForAsync("xa-ia-hru");
        using var reviewer = await _app.ClientForAsync("tham-dinh-gia-lai");
        using var district = await _app.ClientForAsync("huyen-chu-puh");
        const string query = "/api/dossier-counts?planId=chu-puh-2021-2025&stageKind=annual&stageYear=2023";
        var empty = await submitter.GetFromJsonAsync<JsonElement>(query);
        empty.GetProperty("total").GetInt32().ShouldBe(0);
        empty.GetProperty("unitCode").ValueKind.ShouldBe(JsonValueKind.Null); // the shape is stable: nulls are written
        empty.GetProperty("updatedAt").ValueKind.ShouldBe(JsonValueKind.Null);
        empty.GetProperty("stage").GetProperty("kind").GetString().ShouldBe("annual");
        empty.GetProperty("byUnit").GetArrayLength().ShouldBe(0);

        await Browser.CreateAsync(submitter, Browser.CommuneDossier("23971", "Xã Ia Hrú (bản nháp)", stageKind: "annual"));
        var id = await Browser.CreateCompleteAndSubmitAsync(submitter, Browser.CommuneDossier("23971", "Xã Ia Hrú (đếm)", stageKind: "annual"));
        var evaluated = await Browser.WaitForStatusAsync(submitter, id, "evaluated", TimeSpan.FromSeconds(60));
        var verdict = evaluated.GetProperty("evaluation").GetProperty("verdict").GetString()!;

        var counts = await WaitForCountAsync(submitter, query, "evaluated", 1);
        counts.GetProperty("total").GetInt32().ShouldBe(2);
        counts.GetProperty("byStatus").GetProperty("draft").GetInt32().ShouldBe(1);
        counts.GetProperty("byStatus").GetProperty("submitted").GetInt32().ShouldBe(0);
        counts.GetProperty("byStatus").GetProperty("approved").GetInt32().ShouldBe(0); // every status is listed
        counts.GetProperty("byVerdict").GetProperty(verdict).GetInt32().ShouldBe(1);
        var award = counts.GetProperty("byAwardForm").EnumerateArray().Single(a => a.GetProperty("awardFormId").GetString() == "giay-khen-chu-tich-huyen");
        award.GetProperty("total").GetInt32().ShouldBe(2);
        award.GetProperty("name").GetString()!.ShouldContain("Giấy khen");
        var unit = counts.GetProperty("byUnit").EnumerateArray().Single();
        unit.GetProperty("unitCode").GetString().ShouldBe("23971");
        unit.GetProperty("byStatus").GetProperty("evaluated").GetInt32().ShouldBe(1);

        // The same evaluation delivered three more times changes no count.
        var queue = _app.EvaluationQueue();
        for (var i = 0; i < 3; i++) await queue.SendMessageAsync(JsonSerializer.Serialize(EvaluationMessage.For(id, 1), DossierStorageNames.Json));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline && (await queue.PeekTextsAsync()).Any(m => m.Contains(id, StringComparison.Ordinal))) await Task.Delay(200);
        (await queue.PeekTextsAsync()).ShouldNotContain(m => m.Contains(id, StringComparison.Ordinal));
        var again = await submitter.GetFromJsonAsync<JsonElement>(query);
        again.GetProperty("total").GetInt32().ShouldBe(2);
        again.GetProperty("byStatus").GetProperty("evaluated").GetInt32().ShouldBe(1);
        again.GetProperty("byVerdict").EnumerateObject().Sum(v => v.Value.GetInt32()).ShouldBe(1);

        // The reviewer takes it: the read model moves with the workflow.
        using (var take = await Browser.PostWithETagAsync(reviewer, $"/api/dossiers/{id}/review", evaluated.GetProperty("etag").GetString()!, new { action = "start-review" }))
            take.StatusCode.ShouldBe(HttpStatusCode.OK);
        var moved = await reviewer.GetFromJsonAsync<JsonElement>(query + "&unitCode=639");
        moved.GetProperty("total").GetInt32().ShouldBe(2);
        moved.GetProperty("byStatus").GetProperty("under-review").GetInt32().ShouldBe(1);
        moved.GetProperty("byStatus").GetProperty("evaluated").GetInt32().ShouldBe(0);

        // Scope: the district's submitter sees only its own unit's dossiers; the commune may not ask for the district.
        (await district.GetFromJsonAsync<JsonElement>(query)).GetProperty("total").GetInt32().ShouldBe(0);
        (await submitter.GetAsync(query + "&unitCode=639")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using var unknown = await submitter.GetAsync("/api/dossier-counts?planId=khong-co");
        unknown.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("unknown-plan");
    }

    [Fact]
    public async Task ReadModel_OlderStateNeverOverwritesNewer_RedeliveryAfterACrashReprojects()
    {
        using var submitter = await _app.ClientForAsync("xa-ia-hru");
        var id = await Browser.CreateCompleteAndSubmitAsync(submitter, Browser.CommuneDossier("23971", "Xã Ia Hrú (mô hình đọc)"));
        await Browser.WaitForStatusAsync(submitter, id, "evaluated", TimeSpan.FromSeconds(60));
        var projection = _app.Services.GetRequiredService<DossierProjection>();
        var table = _app.Table(DossierStorageNames.ProjectionsTable);
        var current = (await _app.Services.GetRequiredService<DossierStore>().GetAsync(Domain.Dossiers.DossierId.TryParse(id, out var parsed) ? parsed : throw new InvalidOperationException(id)))!.Dossier;
        async Task<string?> RowStatusAsync() => (await table.GetEntityIfExistsAsync<Azure.Data.Tables.TableEntity>(DossierProjection.Partition(current.PlanId.Value), id)) is { HasValue: true } found ? found.Value!.GetString("Status") : null;
        (await RowStatusAsync()).ShouldBe("evaluated");

        // A slow writer arriving late with the state before the evaluation changes nothing.
        await projection.UpsertAsync(current with { Status = Domain.Dossiers.DossierStatus.Submitted, UpdatedAt = current.UpdatedAt.AddSeconds(-1) });
        (await RowStatusAsync()).ShouldBe("evaluated");
        await projection.UpsertAsync(current with { Status = Domain.Dossiers.DossierStatus.Draft, Revision = 0, UpdatedAt = current.UpdatedAt.AddMinutes(5) });
        (await RowStatusAsync()).ShouldBe("evaluated"); // a lower revision loses whatever its time

        // A crash between the dossier write and the read-model write leaves the row behind; the redelivered message re-projects it.
        var row = (await table.GetEntityAsync<Azure.Data.Tables.TableEntity>(DossierProjection.Partition(current.PlanId.Value), id)).Value;
        row["Status"] = "submitted";
        row["UpdatedAt"] = current.UpdatedAt.AddSeconds(-1);
        (await table.UpsertEntityAsync(row, Azure.Data.Tables.TableUpdateMode.Replace)).IsError.ShouldBeFalse();
        (await RowStatusAsync()).ShouldBe("submitted");
        var queue = _app.EvaluationQueue();
        await queue.SendMessageAsync(JsonSerializer.Serialize(EvaluationMessage.For(id, 1), DossierStorageNames.Json));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline && await RowStatusAsync() != "evaluated") await Task.Delay(200);
        (await RowStatusAsync()).ShouldBe("evaluated");
        (await _app.Services.GetRequiredService<EvaluationResultStore>().ListAsync(id)).Count.ShouldBe(1);
    }

    private static async Task<JsonElement> WaitForCountAsync(HttpClient client, string query, string status, int expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        JsonElement counts;
        do
        {
            counts = await client.GetFromJsonAsync<JsonElement>(query);
            if (counts.GetProperty("byStatus").GetProperty(status).GetInt32() == expected) break;
            await Task.Delay(200);
        }
        while (DateTime.UtcNow < deadline);
        return counts;
    }

    private static async Task PutBlockAsync(string sasUrl, string blockId, byte[] content, int index, int blockSize)
    {
        var offset = index * blockSize;
        using var block = new ByteArrayContent(content, offset, Math.Min(blockSize, content.Length - offset));
        using var put = await Browser.Storage.PutAsync(sasUrl + "&comp=block&blockid=" + Uri.EscapeDataString(blockId), block);
        put.StatusCode.ShouldBe(HttpStatusCode.Created, await put.Content.ReadAsStringAsync());
    }

    private static async Task<HttpResponseMessage> PutAsync(HttpClient client, string id, string etag, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/dossiers/{id}") { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        return await client.SendAsync(request);
    }
}
