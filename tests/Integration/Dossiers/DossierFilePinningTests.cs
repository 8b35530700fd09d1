using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NoOneLeftBehind.Infrastructure.Dossiers;
using NoOneLeftBehind.TestSupport;

namespace NoOneLeftBehind.Integration.Tests.Dossiers;

/// <summary>
/// Issue #13 item 2 (inspected files could be replaced) and item 6 (confirming a half-finished upload deleted its
/// blocks), over real HTTP against Azurite: the upload link writes only a staging blob; confirmation pins a copy no
/// link can write, and that copy is what is inspected, hashed and served, with the type and disposition signed into
/// the read link; stray staging blobs are swept by the timer.
/// </summary>
public sealed class DossierFilePinningTests(AzuriteFixture azurite) : DossierAppTests(azurite)
{
    private static readonly byte[] Html = Encoding.UTF8.GetBytes("<!doctype html><script>alert(document.domain)</script>");

    [Fact]
    public async Task WritesThroughTheUploadLinkAfterConfirm_NeverReachWhatIsServed()
    {
        using var submitter = await _app.ClientForAsync("xa-ia-hru");
        var id = (await Browser.CreateAsync(submitter, Browser.CommuneDossier("23971", "Xã Ia Hrú (ghim tệp)"))).GetProperty("id").GetString()!;
        var pdf = Browser.Pdf(300 * 1024);
        var (fileId, added) = await Browser.UploadAsync(submitter, id, "to-trinh", "to-trinh.pdf", pdf);
        var uploadUrl = added.GetProperty("upload").GetProperty("url").GetString()!;
        using (var ok = await Browser.ConfirmAsync(submitter, id, fileId)) ok.StatusCode.ShouldBe(HttpStatusCode.OK, await ok.Content.ReadAsStringAsync());
        var file = (await Browser.GetAsync(submitter, id)).GetProperty("files").EnumerateArray().Single();
        var sha = file.GetProperty("sha256").GetString()!;
        sha.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(pdf)));

        // The link is still valid (15 minutes): the attacker writes HTML through it, as the probe did.
        using (var overwrite = await PutBlobAsync(uploadUrl, Html, "text/html"))
            ((int)overwrite.StatusCode).ShouldBe(201, await overwrite.Content.ReadAsStringAsync());

        // What is served, attachment or inline, is still the inspected PDF, typed by the server.
        foreach (var inline in new[] { false, true })
        {
            var link = await submitter.GetFromJsonAsync<JsonElement>($"/api/dossiers/{id}/files/{fileId}/download?inline={inline.ToString().ToLowerInvariant()}");
            using var get = await Browser.Storage.GetAsync(link.GetProperty("url").GetString());
            get.StatusCode.ShouldBe(HttpStatusCode.OK);
            var served = await get.Content.ReadAsByteArrayAsync();
            Convert.ToHexStringLower(SHA256.HashData(served)).ShouldBe(sha);
            get.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
            get.Content.Headers.ContentDisposition!.DispositionType.ShouldBe(inline ? "inline" : "attachment");
            link.GetProperty("url").GetString()!.ShouldContain("sp=r&"); // read only
        }
        // The evaluation and the reviewer see the same pinned name the dossier records.
        var pinned = file.GetProperty("storedName").GetString()!;
        pinned.ShouldStartWith($"{id}/{fileId}/");
        uploadUrl.ShouldContain("/" + DossierStorageNames.StagingPrefix);
    }

    [Fact]
    public async Task AnUploadLink_CanWriteNoOtherBlob()
    {
        using var submitter = await _app.ClientForAsync("xa-ia-hru");
        var id = (await Browser.CreateAsync(submitter, Browser.CommuneDossier("23971", "Xã Ia Hrú (liên kết)"))).GetProperty("id").GetString()!;
        var (fileId, added) = await Browser.UploadAsync(submitter, id, "to-trinh", "to-trinh.pdf", Browser.Pdf());
        using (var ok = await Browser.ConfirmAsync(submitter, id, fileId)) ok.StatusCode.ShouldBe(HttpStatusCode.OK);
        var (_, second) = await Browser.UploadAsync(submitter, id, "bien-ban", "bien-ban.pdf", Browser.Pdf(), commit: false);
        var pinned = (await Browser.GetAsync(submitter, id)).GetProperty("files")[0].GetProperty("storedName").GetString()!;
        var url = new Uri(second.GetProperty("upload").GetProperty("url").GetString()!);
        var stagingPath = url.AbsolutePath;

        foreach (var other in new[]
                 {
                     stagingPath.Replace(DossierStorageNames.StagingPrefix + id + "/" + second.GetProperty("file").GetProperty("id").GetString(), pinned, StringComparison.Ordinal), // the pinned copy
                     stagingPath.Replace(second.GetProperty("file").GetProperty("id").GetString()!, fileId, StringComparison.Ordinal),                                              // another file's staging
                     stagingPath + "x",
                 })
        {
            var forged = new UriBuilder(url) { Path = other }.Uri;
            using var put = await PutBlobAsync(forged.AbsoluteUri, Html, "text/html");
            ((int)put.StatusCode).ShouldBe(403, $"{other}: {await put.Content.ReadAsStringAsync()}");
        }
        (await _app.Files().GetBlobClient(pinned).DownloadContentAsync()).Value.Content.ToArray().ShouldBe(Browser.Pdf());
    }

    [Fact]
    public async Task ConfirmingAHalfFinishedUpload_KeepsItsBlocks_AndTheUploadResumes()
    {
        using var submitter = await _app.ClientForAsync("xa-ia-hru");
        var id = (await Browser.CreateAsync(submitter, Browser.CommuneDossier("23971", "Xã Ia Hrú (tải dở)"))).GetProperty("id").GetString()!;
        var pdf = Browser.Pdf(600 * 1024);
        var (fileId, added) = await Browser.UploadAsync(submitter, id, "to-trinh", "to-trinh.pdf", pdf, commit: false);

        using (var early = await Browser.ConfirmAsync(submitter, id, fileId))
        {
            early.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
            (await early.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("upload-incomplete");
        }
        var blocks = await submitter.GetFromJsonAsync<JsonElement>($"/api/dossiers/{id}/files/{fileId}/blocks");
        blocks.GetProperty("uncommittedBytes").GetInt64().ShouldBe(pdf.Length); // still there to resume
        (await Browser.GetAsync(submitter, id)).GetProperty("files")[0].GetProperty("state").GetString().ShouldBe("pending");

        await Browser.CommitAsync(added.GetProperty("upload").GetProperty("url").GetString()!, blocks.GetProperty("uncommitted").EnumerateArray().Select(b => b.GetProperty("id").GetString()!));
        using var ok = await Browser.ConfirmAsync(submitter, id, fileId);
        ok.StatusCode.ShouldBe(HttpStatusCode.OK, await ok.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task StagingSweep_RemovesWhatLinksWroteForConfirmedRejectedOrRemovedFiles_KeepsPendingUploads()
    {
        using var submitter = await _app.ClientForAsync("xa-ia-hru");
        var id = (await Browser.CreateAsync(submitter, Browser.CommuneDossier("23971", "Xã Ia Hrú (dọn tệp tạm)"))).GetProperty("id").GetString()!;
        var (acceptedId, accepted) = await Browser.UploadAsync(submitter, id, "to-trinh", "to-trinh.pdf", Browser.Pdf());
        using (var ok = await Browser.ConfirmAsync(submitter, id, acceptedId)) ok.StatusCode.ShouldBe(HttpStatusCode.OK);
        var exe = new byte[2048];
        "MZ"u8.CopyTo(exe);
        var (rejectedId, rejected) = await Browser.UploadAsync(submitter, id, "bien-ban", "bien-ban.pdf", exe);
        using (var refused = await Browser.ConfirmAsync(submitter, id, rejectedId)) refused.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var (removedId, removed) = await Browser.UploadAsync(submitter, id, "bao-cao-thanh-tich", "bao-cao.pdf", Browser.Pdf());
        var etag = (await Browser.GetAsync(submitter, id)).GetProperty("etag").GetString()!;
        using (var request = new HttpRequestMessage(HttpMethod.Delete, $"/api/dossiers/{id}/files/{removedId}"))
        {
            request.Headers.TryAddWithoutValidation("If-Match", etag);
            using var delete = await submitter.SendAsync(request);
            delete.StatusCode.ShouldBe(HttpStatusCode.OK, await delete.Content.ReadAsStringAsync());
        }
        var (pendingId, _) = await Browser.UploadAsync(submitter, id, "to-trinh", "to-trinh-2.pdf", Browser.Pdf());

        // Each old link writes its staging blob again after the fact: nothing serves them, the sweep removes them.
        foreach (var added in new[] { accepted, rejected, removed })
            using (var put = await PutBlobAsync(added.GetProperty("upload").GetProperty("url").GetString()!, Html, "text/html"))
                ((int)put.StatusCode).ShouldBe(201);
        async Task<List<string>> StagingAsync() =>
            await _app.Files().GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = DossierStorageNames.StagingPrefix + id + "/" })
                .Select(b => b.Name[(b.Name.LastIndexOf('/') + 1)..]).ToListAsync();
        (await StagingAsync()).ShouldBe([acceptedId, rejectedId, removedId, pendingId], ignoreOrder: true);

        await _app.TickAsync("DossierStagingSweep");

        (await StagingAsync()).ShouldBe([pendingId]);
        using var ok2 = await Browser.ConfirmAsync(submitter, id, pendingId);
        ok2.StatusCode.ShouldBe(HttpStatusCode.OK, await ok2.Content.ReadAsStringAsync());
    }

    private static async Task<HttpResponseMessage> PutBlobAsync(string sasUrl, byte[] content, string contentType)
    {
        using var body = new ByteArrayContent(content);
        body.Headers.ContentType = new(contentType);
        using var request = new HttpRequestMessage(HttpMethod.Put, sasUrl) { Content = body };
        request.Headers.Add("x-ms-blob-type", "BlockBlob");
        return await Browser.Storage.SendAsync(request);
    }
}
