using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Time.Testing;
using NoOneLeftBehind.Infrastructure.Storage.Blobs;
using NoOneLeftBehind.TestSupport;

namespace NoOneLeftBehind.Integration.Tests.Storage;

/// <summary>SAS links issued through the SDK's builder, used the way a browser uses them: plain HTTP requests with no storage credentials.</summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class BlobSasIssuerTests(AzuriteFixture azurite) : IDisposable
{
    private readonly BlobServiceClient _client = azurite.Account.CreateBlobServiceClient();
    private readonly HttpClient _browser = new();

    public void Dispose() => _browser.Dispose();

    private BlobSasIssuer Issuer(TimeProvider? time = null) => new(_client, time ?? TimeProvider.System);

    private async Task<string> NewContainerAsync()
    {
        var container = Names.Unique("sas");
        await _client.GetBlobContainerClient(container).CreateIfNotExistsAsync();
        return container;
    }

    private async Task UploadAsync(string container, string name, byte[] content) =>
        await _client.GetBlobContainerClient(container).GetBlobClient(name).UploadAsync(BinaryData.FromBytes(content));

    private static HttpRequestMessage PutBlob(Uri uri, byte[] content)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, uri) { Content = new ByteArrayContent(content) };
        request.Headers.Add("x-ms-blob-type", "BlockBlob");
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        return request;
    }

    [Fact]
    public async Task UploadSas_PutBlobFromBrowser_IsThenReadableWithDownloadSas()
    {
        var container = await NewContainerAsync();
        using var issuer = Issuer();
        var content = Encoding.UTF8.GetBytes("%PDF-1.7 tờ trình");

        var upload = await issuer.IssueUploadAsync(container, "hồ sơ/tờ trình.pdf");
        using var put = await _browser.SendAsync(PutBlob(upload.Uri, content));
        var download = await issuer.IssueDownloadAsync(container, "hồ sơ/tờ trình.pdf", downloadFileName: "tờ trình.pdf");
        using var get = await _browser.GetAsync(download.Uri);

        issuer.UsesAccountKey.ShouldBeTrue();
        upload.Permissions.ShouldBe("cw");
        download.Permissions.ShouldBe("r");
        put.StatusCode.ShouldBe(HttpStatusCode.Created);
        get.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await get.Content.ReadAsByteArrayAsync()).ShouldBe(content);
        get.Content.Headers.ContentDisposition!.ToString().ShouldBe(ContentDispositions.AttachmentDisposition("tờ trình.pdf"));
    }

    [Fact]
    public async Task DownloadSas_SignsTheContentTypeIn_WhateverTheBlobStores()
    {
        var container = await NewContainerAsync();
        await _client.GetBlobContainerClient(container).GetBlobClient("x.pdf").UploadAsync(BinaryData.FromString("<html>"), new Azure.Storage.Blobs.Models.BlobUploadOptions
        {
            HttpHeaders = new Azure.Storage.Blobs.Models.BlobHttpHeaders { ContentType = "text/html" },
        });
        using var issuer = Issuer();

        var sas = await issuer.IssueInlineAsync(container, "x.pdf", "x.pdf", contentType: "application/pdf");
        using var get = await _browser.GetAsync(sas.Uri);

        get.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        get.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("inline");
        var tampered = new Uri(sas.Uri.AbsoluteUri.Replace("rsct=application%2Fpdf", "rsct=text%2Fhtml", StringComparison.Ordinal));
        tampered.ShouldNotBe(sas.Uri);
        using var forged = await _browser.GetAsync(tampered);
        forged.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task UploadSas_PutBlockAndPutBlockListFromBrowser_CommitsTheBlocks()
    {
        var container = await NewContainerAsync();
        using var issuer = Issuer();
        var upload = await issuer.IssueUploadAsync(container, "staged.bin");
        var parts = new[] { new byte[300_000], new byte[200_000] };
        new Random(3).NextBytes(parts[0]);
        new Random(4).NextBytes(parts[1]);
        var ids = new[] { Convert.ToBase64String("block-0"u8), Convert.ToBase64String("block-1"u8) };

        for (var i = 0; i < 2; i++)
        {
            using var block = await _browser.PutAsync(new Uri(upload.Uri + "&comp=block&blockid=" + Uri.EscapeDataString(ids[i])), new ByteArrayContent(parts[i]));
            block.StatusCode.ShouldBe(HttpStatusCode.Created);
        }
        var list = $"<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList><Latest>{ids[0]}</Latest><Latest>{ids[1]}</Latest></BlockList>";
        using var commit = await _browser.PutAsync(new Uri(upload.Uri + "&comp=blocklist"), new StringContent(list, Encoding.UTF8, "application/xml"));
        var stored = (await _client.GetBlobContainerClient(container).GetBlobClient("staged.bin").DownloadContentAsync()).Value.Content.ToArray();

        commit.StatusCode.ShouldBe(HttpStatusCode.Created);
        stored.ShouldBe(parts[0].Concat(parts[1]).ToArray());
    }

    [Fact]
    public async Task ExpiredSas_IsRefused()
    {
        var container = await NewContainerAsync();
        await UploadAsync(container, "old.txt", [1]);
        using var issuer = Issuer(new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(-2)));

        var sas = await issuer.IssueDownloadAsync(container, "old.txt", lifetime: TimeSpan.FromMinutes(5));
        using var get = await _browser.GetAsync(sas.Uri);

        sas.ExpiresOn.ShouldBeLessThan(DateTimeOffset.UtcNow);
        get.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task ReadOnlySas_UsedForWriting_IsRefused()
    {
        var container = await NewContainerAsync();
        await UploadAsync(container, "ro.txt", [1]);
        using var issuer = Issuer();

        var sas = await issuer.IssueDownloadAsync(container, "ro.txt");
        using var put = await _browser.SendAsync(PutBlob(sas.Uri, [9, 9]));
        using var block = await _browser.PutAsync(new Uri(sas.Uri + "&comp=block&blockid=" + Uri.EscapeDataString(Convert.ToBase64String("b0"u8))), new ByteArrayContent([1]));
        var properties = (await _client.GetBlobContainerClient(container).GetBlobClient("ro.txt").GetPropertiesAsync()).Value;

        put.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        block.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        properties.ContentLength.ShouldBe(1);
    }

    [Fact]
    public async Task UploadSas_UsedForReadingOrForAnotherBlob_IsRefused()
    {
        var container = await NewContainerAsync();
        await UploadAsync(container, "secret.txt", [1]);
        using var issuer = Issuer();

        var sas = await issuer.IssueUploadAsync(container, "secret.txt");
        using var get = await _browser.GetAsync(sas.Uri);
        var otherBlob = new Uri(sas.Uri.AbsoluteUri.Replace("secret.txt", "other.txt", StringComparison.Ordinal));
        using var putOther = await _browser.SendAsync(PutBlob(otherBlob, [1]));

        get.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        putOther.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Issue_LifetimeAboveLimit_Throws()
    {
        using var issuer = Issuer();

        await Should.ThrowAsync<ArgumentOutOfRangeException>(() => issuer.IssueDownloadAsync("c1c", "x", lifetime: TimeSpan.FromDays(1)));
    }
}
