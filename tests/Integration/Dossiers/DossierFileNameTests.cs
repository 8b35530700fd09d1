using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NoOneLeftBehind.Infrastructure.Storage;
using NoOneLeftBehind.Infrastructure.Dossiers;
using NoOneLeftBehind.TestSupport;

namespace NoOneLeftBehind.Integration.Tests.Dossiers;

/// <summary>
/// Security issue 13 (outside probe), over real HTTP against Azurite: an evidence file's content must be what
/// its name declares, and its name may carry no hidden characters (a right-to-left override disguising an .exe).
/// </summary>
public sealed class DossierFileNameTests(AzuriteFixture azurite) : DossierAppTests(azurite)
{
    [Fact]
    public async Task PngNamedPdf_RefusedAtConfirm_TypeMismatchNamesBoth_FileRejectedBlobDeleted_RealPdfPasses()
    {
        using var submitter = await _app.ClientForAsync("xa-ia-hru");
        var id = (await Browser.CreateAsync(submitter, Browser.CommuneDossier("23971", "Xã Ia Hrú (sai kiểu tệp)"))).GetProperty("id").GetString()!;

        var (pngId, added) = await Browser.UploadAsync(submitter, id, "to-trinh", "x.pdf", Browser.Png());
        using (var refused = await Browser.ConfirmAsync(submitter, id, pngId))
        {
            refused.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
            problem.GetProperty("code").GetString().ShouldBe("type-mismatch");
            var messages = problem.GetProperty("errors").GetProperty($"files.{pngId}");
            messages[0].GetString()!.ShouldContain("Tệp 'x.pdf' có nội dung PNG, không phải PDF");
            messages[1].GetString()!.ShouldContain("'x.pdf' holds PNG content, not PDF");
        }
        (await _app.FileExistsAsync(added.GetProperty("file").GetProperty("storedName").GetString()!)).ShouldBeFalse();
        var rejected = (await Browser.GetAsync(submitter, id)).GetProperty("files").EnumerateArray().Single(f => f.GetProperty("id").GetString() == pngId);
        rejected.GetProperty("state").GetString().ShouldBe("rejected");
        rejected.GetProperty("rejection").GetProperty("en").GetString()!.ShouldContain("'x.pdf' holds PNG content, not PDF");
        // Stored in each language apart (issue 16: no "vi / en" text for clients to split).
        rejected.GetProperty("rejection").GetProperty("vi").GetString()!.ShouldStartWith("Tệp 'x.pdf' có nội dung PNG, không phải PDF");
        rejected.GetProperty("rejection").GetProperty("vi").GetString()!.ShouldNotContain("holds");
        (rejected.TryGetProperty("rejectionReason", out var legacy) && legacy.ValueKind != JsonValueKind.Null).ShouldBeFalse();

        // The same slot with a real PDF named .pdf, and a PNG named .png, pass.
        var (pdfId, _) = await Browser.UploadAsync(submitter, id, "to-trinh", "x.pdf", Browser.Pdf());
        using (var ok = await Browser.ConfirmAsync(submitter, id, pdfId))
            ((int)ok.StatusCode).ShouldBe(200, await ok.Content.ReadAsStringAsync());
        var (imageId, _) = await Browser.UploadAsync(submitter, id, "bien-ban", "anh.PNG", Browser.Png());
        using (var ok = await Browser.ConfirmAsync(submitter, id, imageId))
            ((int)ok.StatusCode).ShouldBe(200, await ok.Content.ReadAsStringAsync());
        var files = (await Browser.GetAsync(submitter, id)).GetProperty("files").EnumerateArray().ToDictionary(f => f.GetProperty("id").GetString()!);
        files[pdfId].GetProperty("kind").GetString().ShouldBe("pdf");
        files[imageId].GetProperty("kind").GetString().ShouldBe("png");
    }

    [Fact]
    public async Task BidiOverrideInName_RefusedAtAddFile_NamingTheCodePoint_NothingAdded()
    {
        using var submitter = await _app.ClientForAsync("xa-ia-hru");
        var created = await Browser.CreateAsync(submitter, Browser.CommuneDossier("23971", "Xã Ia Hrú (tên tệp giả)"));
        var id = created.GetProperty("id").GetString()!;

        using var add = await submitter.PostAsJsonAsync($"/api/dossiers/{id}/files", new { componentId = "to-trinh", fileName = "hoadon\u202Efdp.exe", size = 4096 });
        add.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await add.Content.ReadFromJsonAsync<JsonElement>();
        var refusal = problem.GetProperty("problems").EnumerateArray().Single();
        refusal.GetProperty("code").GetString().ShouldBe("invalid-file-name");
        refusal.GetProperty("field").GetString().ShouldBe("fileName");
        refusal.GetProperty("vi").GetString()!.ShouldContain("U+202E (đảo chiều hiển thị / right-to-left override)");
        refusal.GetProperty("en").GetString()!.ShouldContain("U+202E (đảo chiều hiển thị / right-to-left override)");
        problem.GetProperty("errors").GetProperty("fileName")[1].GetString()!.ShouldContain("'hoadonfdp.exe'"); // shown without the override
        (await add.Content.ReadAsStringAsync()).ShouldNotContain("\u202E");

        var after = await Browser.GetAsync(submitter, id);
        after.GetProperty("files").GetArrayLength().ShouldBe(0);
        after.GetProperty("etag").GetString().ShouldBe(created.GetProperty("etag").GetString());
    }

    [Fact]
    public async Task UnallowedExtension_RefusedAtAddFile_ListingTheAllowedOnes_NothingAdded()
    {
        using var submitter = await _app.ClientForAsync("xa-ia-hru");
        var created = await Browser.CreateAsync(submitter, Browser.CommuneDossier("23971", "Xã Ia Hrú (đuôi lạ)"));
        var id = created.GetProperty("id").GetString()!;

        using var add = await submitter.PostAsJsonAsync($"/api/dossiers/{id}/files", new { componentId = "to-trinh", fileName = "to-trinh.exe", size = 4096 });
        add.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var refusal = (await add.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("problems").EnumerateArray().Single();
        refusal.GetProperty("code").GetString().ShouldBe("file-type-not-allowed");
        refusal.GetProperty("en").GetString()!.ShouldContain("'.exe'");
        refusal.GetProperty("en").GetString()!.ShouldContain(".pdf, .docx, .xlsx, .jpg, .jpeg, .png");
        (await Browser.GetAsync(submitter, id)).GetProperty("files").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task NameStoredWithHiddenCharacters_ShownCleaned_InTheDossier_TheDownloadAndItsContentDisposition()
    {
        using var submitter = await _app.ClientForAsync("xa-ia-hru");
        var id = (await Browser.CreateAsync(submitter, Browser.CommuneDossier("23971", "Xã Ia Hrú (dữ liệu cũ)"))).GetProperty("id").GetString()!;
        var (fileId, _) = await Browser.UploadAsync(submitter, id, "to-trinh", "hoadon-fdp.pdf", Browser.Pdf());
        using (var ok = await Browser.ConfirmAsync(submitter, id, fileId))
            ((int)ok.StatusCode).ShouldBe(200, await ok.Content.ReadAsStringAsync());

        // Older data: the name was stored before hidden characters were refused.
        // It is also a row of the older layout: the whole JSON in one property, Data (read as before).
        var table = _app.Table(DossierStorageNames.DossiersTable);
        var row = (await table.GetEntityAsync<Azure.Data.Tables.TableEntity>("23971", id)).Value;
        var data = TableLimits.GetJson(row, "Data")!;
        data.ShouldContain("\"originalName\":\"hoadon-fdp.pdf\"");
        var legacy = new Azure.Data.Tables.TableEntity("23971", id)
        {
            ["Type"] = "dossier",
            ["Data"] = data.Replace("\"originalName\":\"hoadon-fdp.pdf\"", "\"originalName\":\"hoadon\\u202Efdp\\u200D.exe\"", StringComparison.Ordinal),
        };
        await table.UpsertEntityAsync(legacy, Azure.Data.Tables.TableUpdateMode.Replace);

        var dossier = await submitter.GetStringAsync($"/api/dossiers/{id}");
        dossier.ShouldNotContain("\u202E");
        dossier.ShouldNotContain("\\u202E", Case.Insensitive);
        JsonDocument.Parse(dossier).RootElement.GetProperty("files")[0].GetProperty("originalName").GetString().ShouldBe("hoadonfdp.exe");

        var download = await submitter.GetFromJsonAsync<JsonElement>($"/api/dossiers/{id}/files/{fileId}/download");
        download.GetProperty("fileName").GetString().ShouldBe("hoadonfdp.exe");
        var url = download.GetProperty("url").GetString()!;
        url.ShouldNotContain("%E2%80%AE", Case.Insensitive); // U+202E, however often escaped
        url.ShouldNotContain("%25E2%2580%25AE", Case.Insensitive);
        using var blob = await Browser.Storage.GetAsync(url);
        blob.StatusCode.ShouldBe(HttpStatusCode.OK);
        var disposition = blob.Content.Headers.ContentDisposition!.ToString();
        disposition.ShouldContain("hoadonfdp.exe");
        disposition.ShouldNotContain("%E2%80%AE", Case.Insensitive);
        disposition.ShouldNotContain("\u202E");
    }
}
