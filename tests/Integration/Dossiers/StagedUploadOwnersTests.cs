using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs.Models;
using NoOneLeftBehind.TestSupport;

namespace NoOneLeftBehind.Integration.Tests.Dossiers;

/// <summary>
/// The nominee list's documents (Bắc Giang IV.3.b) and the signed reports (issue 18) upload as a dossier's files do, over
/// real HTTP against Azurite: an interrupted upload resumes (the staged blocks reported, a fresh link for a pending file,
/// refused once it is confirmed), and the hourly staging sweep removes what old links wrote for confirmed, rejected or
/// removed files, keeping a pending upload within <c>StagingRetentionHours</c> of its last write, and not after.
/// </summary>
public sealed class StagedUploadOwnersTests(AzuriteFixture azurite) : DossierAppTests(azurite, new Dictionary<string, string>
    {
        ["Clock:FixedNow"] = SoKet2023Now,
        ["AzureWebJobs:DossierDeadlineReminders:Disabled"] = "true",
        ["AzureWebJobs:ReportDeadlineReminders:Disabled"] = "true",
    })
{
    private const string So = "bac-giang-so-ldtbxh";
    private const string ListId = So + "~bac-giang-so-ket-2023~mid-term-2023~bang-khen-chu-tich-tinh";
    private static readonly byte[] Html = Encoding.UTF8.GetBytes("<!doctype html><script>alert(1)</script>");

    [Fact]
    public async Task ListDocuments_ResumeWithTheStagedBlocksAndAFreshLink_RefusedOnceConfirmed_TheSweepKeepsOnlyPendingUploadsWithinRetention()
    {
        using var so = await _app.ClientForAsync("so-ldtbxh-bac-giang");
        using var district = await _app.ClientForAsync("huyen-chu-puh");
        await Browser.WaitForDemoSoAsync(so);
        using (var opened = await so.PostAsJsonAsync("/api/nominee-lists", new { planId = "bac-giang-so-ket-2023", stage = new { kind = "mid-term", year = 2023 }, awardFormId = "bang-khen-chu-tich-tinh" }))
            opened.IsSuccessStatusCode.ShouldBeTrue(await opened.Content.ReadAsStringAsync());
        var files = $"/api/nominee-lists/{ListId}/files";

        // Interrupted: the blocks are staged, the block list never committed.
        var pdf = Browser.Pdf(600 * 1024);
        var (fileId, added) = await Browser.UploadToAsync(so, files, "to-trinh", "to-trinh.pdf", pdf, commit: false);
        var fresh = await ResumeAsync(so, $"{files}/{fileId}", pdf.Length, district);
        using (var ok = await so.PostAsync($"{files}/{fileId}/confirm", null)) ok.StatusCode.ShouldBe(HttpStatusCode.OK, await ok.Content.ReadAsStringAsync());
        await RefusedOnceConfirmedAsync(so, $"{files}/{fileId}");

        // The sweep: what old links write again for a confirmed, a rejected and a removed document goes; a pending one stays.
        var (rejectedId, rejected) = await Browser.UploadToAsync(so, files, "bien-ban", "bien-ban.pdf", Exe());
        using (var refused = await so.PostAsync($"{files}/{rejectedId}/confirm", null)) refused.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var (removedId, removed) = await Browser.UploadToAsync(so, files, "bien-ban", "bien-ban-cu.pdf", Browser.Pdf());
        var etag = (await so.GetFromJsonAsync<JsonElement>($"/api/nominee-lists/{ListId}")).GetProperty("etag").GetString()!;
        using (var request = new HttpRequestMessage(HttpMethod.Delete, $"{files}/{removedId}"))
        {
            request.Headers.TryAddWithoutValidation("If-Match", etag);
            using var delete = await so.SendAsync(request);
            delete.StatusCode.ShouldBe(HttpStatusCode.OK, await delete.Content.ReadAsStringAsync());
        }
        var (pendingId, _) = await Browser.UploadToAsync(so, files, "bien-ban", "bien-ban.pdf", Browser.Pdf());
        foreach (var url in new[] { Url(added), fresh, Url(rejected), Url(removed) }) await RewriteAsync(url);

        await SweptKeepingAsync($"lists/{ListId}/staging/", [fileId, rejectedId, removedId, pendingId], pendingId);
        using (var ok = await so.PostAsync($"{files}/{pendingId}/confirm", null)) ok.StatusCode.ShouldBe(HttpStatusCode.OK, await ok.Content.ReadAsStringAsync());
        (await Browser.UploadToAsync(so, files, "bien-ban", "bien-ban-2.pdf", Browser.Pdf())).FileId.ShouldNotBeNull();
        await SweptAfterRetentionAsync($"lists/{ListId}/staging/");
    }

    [Fact]
    public async Task ReportUploads_ResumeWithTheStagedBlocksAndAFreshLink_RefusedOnceConfirmed_TheSweepKeepsOnlyPendingUploadsWithinRetention()
    {
        using var so = await _app.ClientForAsync("so-ldtbxh-bac-giang");
        using var district = await _app.ClientForAsync("huyen-chu-puh");
        await Browser.WaitForDemoSoAsync(so);
        var pdf = Browser.Pdf(600 * 1024);
        var added = await AddReportFileAsync(so, "bao-cao-da-ky.pdf", pdf.Length);
        var id = added.GetProperty("submission").GetProperty("id").GetString()!;
        var path = $"/api/reports/submissions/{id}/files";
        var fileId = added.GetProperty("file").GetProperty("id").GetString()!;
        await Browser.PutBlocksAsync(Url(added), pdf, commit: false);
        var fresh = await ResumeAsync(so, $"{path}/{fileId}", pdf.Length, district);
        using (var ok = await so.PostAsync($"{path}/{fileId}/confirm", null)) ok.StatusCode.ShouldBe(HttpStatusCode.OK, await ok.Content.ReadAsStringAsync());
        await RefusedOnceConfirmedAsync(so, $"{path}/{fileId}");
        using (var unknown = await so.PostAsync($"{path}/{new string('0', 32)}/upload-url", null)) unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var rejected = await AddReportFileAsync(so, "khong-phai-pdf.pdf", 4096);
        var rejectedId = rejected.GetProperty("file").GetProperty("id").GetString()!;
        await Browser.PutBlocksAsync(Url(rejected), Exe());
        using (var refused = await so.PostAsync($"{path}/{rejectedId}/confirm", null)) refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await refused.Content.ReadAsStringAsync());
        var pending = await AddReportFileAsync(so, "ban-khac.pdf", 4096);
        var pendingId = pending.GetProperty("file").GetProperty("id").GetString()!;
        await Browser.PutBlocksAsync(Url(pending), Browser.Pdf());
        foreach (var url in new[] { Url(added), fresh, Url(rejected) }) await RewriteAsync(url);

        await SweptKeepingAsync($"reports/{id}/staging/", [fileId, rejectedId, pendingId], pendingId);
        using (var ok = await so.PostAsync($"{path}/{pendingId}/confirm", null)) ok.StatusCode.ShouldBe(HttpStatusCode.OK, await ok.Content.ReadAsStringAsync());
        var later = await AddReportFileAsync(so, "ban-sau.pdf", 4096);
        await Browser.PutBlocksAsync(Url(later), Browser.Pdf());
        await SweptAfterRetentionAsync($"reports/{id}/staging/");
    }

    /// <summary>The staged blocks reported (another body's user refused), a fresh link for the pending file, the upload finished with it.</summary>
    private static async Task<string> ResumeAsync(HttpClient client, string file, int size, HttpClient stranger)
    {
        var blocks = await client.GetFromJsonAsync<JsonElement>($"{file}/blocks");
        blocks.GetProperty("uncommittedBytes").GetInt64().ShouldBe(size);
        blocks.GetProperty("committedBytes").GetInt64().ShouldBe(0);
        using (var notTheirs = await stranger.GetAsync($"{file}/blocks")) notTheirs.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using (var notTheirs = await stranger.PostAsync($"{file}/upload-url", null)) notTheirs.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using var link = await client.PostAsync($"{file}/upload-url", null);
        var answer = await link.Content.ReadFromJsonAsync<JsonElement>();
        link.StatusCode.ShouldBe(HttpStatusCode.OK, answer.ToString());
        var url = Url(answer);
        url.ShouldContain("/staging/" + file[(file.LastIndexOf('/') + 1)..] + "?");
        answer.GetProperty("file").GetProperty("state").GetString().ShouldBe("pending");
        await Browser.CommitAsync(url, blocks.GetProperty("uncommitted").EnumerateArray().Select(b => b.GetProperty("id").GetString()!));
        return url;
    }

    private static async Task RefusedOnceConfirmedAsync(HttpClient client, string file)
    {
        using var again = await client.PostAsync($"{file}/upload-url", null);
        var problem = await again.Content.ReadFromJsonAsync<JsonElement>();
        again.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity, problem.ToString());
        problem.GetProperty("code").GetString().ShouldBe("file-not-pending");
        var item = problem.GetProperty("problems")[0];
        item.GetProperty("vi").GetString().ShouldNotBeNullOrEmpty();
        item.GetProperty("en").GetString().ShouldNotBeNullOrEmpty();
    }

    /// <summary>Before the sweep every named staging blob is there; after it, only <paramref name="kept"/>.</summary>
    private async Task SweptKeepingAsync(string prefix, string[] before, string kept)
    {
        (await StagingAsync(prefix)).ShouldBe(before, ignoreOrder: true);
        await _app.TickAsync("DossierStagingSweep");
        (await StagingAsync(prefix)).ShouldBe([kept]);
    }

    /// <summary>A pending upload is kept within retention, and swept once its last write is older than <c>StagingRetentionHours</c> (168).</summary>
    private async Task SweptAfterRetentionAsync(string prefix)
    {
        var staged = await StagingAsync(prefix);
        staged.Count.ShouldBe(1);
        await _app.TickAsync("DossierStagingSweep");
        (await StagingAsync(prefix)).ShouldBe(staged);
        using var admin = await _app.ClientForAsync("quan-tri");
        await SetClockAsync(admin, DateTimeOffset.UtcNow.AddHours(169));
        await _app.TickAsync("DossierStagingSweep");
        (await StagingAsync(prefix)).ShouldBeEmpty();
    }

    private async Task<List<string>> StagingAsync(string prefix) =>
        await _app.Files().GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }).Select(b => b.Name[prefix.Length..]).ToListAsync();

    private static async Task<JsonElement> AddReportFileAsync(HttpClient client, string fileName, long size)
    {
        using var add = await client.PostAsJsonAsync("/api/reports/submission/files",
            new { planId = "bac-giang-so-ket-2023", stageKind = "mid-term", stageYear = 2023, unitCode = "24", bodyId = So, fileName, size });
        var added = await add.Content.ReadFromJsonAsync<JsonElement>();
        add.StatusCode.ShouldBe(HttpStatusCode.Created, added.ToString());
        return added;
    }

    /// <summary>An old link writes its staging blob again after the fact (it stays valid for its lifetime).</summary>
    private static async Task RewriteAsync(string sasUrl)
    {
        using var body = new ByteArrayContent(Html);
        using var request = new HttpRequestMessage(HttpMethod.Put, sasUrl) { Content = body };
        request.Headers.Add("x-ms-blob-type", "BlockBlob");
        using var put = await Browser.Storage.SendAsync(request);
        ((int)put.StatusCode).ShouldBe(201, await put.Content.ReadAsStringAsync());
    }

    private static string Url(JsonElement answer) => answer.GetProperty("upload").GetProperty("url").GetString()!;

    private static byte[] Exe()
    {
        var exe = new byte[4096];
        "MZ"u8.CopyTo(exe);
        return exe;
    }
}
