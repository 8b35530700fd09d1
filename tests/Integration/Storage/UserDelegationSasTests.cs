using System.Net;
using System.Text;
using Azure.Storage.Blobs;
using NoOneLeftBehind.Infrastructure.Storage.Blobs;
using NoOneLeftBehind.TestSupport;

namespace NoOneLeftBehind.Integration.Tests.Storage;

/// <summary>
/// The Entra path end to end against Azurite in HTTPS + OAuth mode: bearer-token requests, Get User Delegation Key,
/// and user-delegation SAS that a plain HTTP client (the browser) uses.
/// </summary>
public sealed class UserDelegationSasTests(AzuriteOAuthFixture azurite) : IClassFixture<AzuriteOAuthFixture>, IDisposable
{
    private readonly FakeEntraCredential _credential = new(Guid.NewGuid(), Guid.NewGuid());
    private readonly HttpClient _browser = new(azurite.CreateTrustingHandler());

    public void Dispose() => _browser.Dispose();

    private BlobServiceClient TokenClient() => azurite.TokenAccount(_credential)
        .CreateBlobServiceClient(new BlobClientOptions { Transport = azurite.CreateTrustingTransport() });

    private static async Task UploadAsync(BlobServiceClient client, string container, string name, byte[] content) =>
        await client.GetBlobContainerClient(container).GetBlobClient(name).UploadAsync(BinaryData.FromBytes(content));

    [Fact]
    public async Task BearerToken_AuthorisesBlobCallsWithStorageScope()
    {
        var client = TokenClient();
        var container = Names.Unique("ud");

        (await client.GetBlobContainerClient(container).CreateIfNotExistsAsync()).ShouldNotBeNull();
        await UploadAsync(client, container, "a.txt", "abc"u8.ToArray());

        (await client.GetBlobContainerClient(container).GetBlobClient("a.txt").GetPropertiesAsync()).Value.ContentLength.ShouldBe(3);
        _credential.RequestedScopes.ShouldContain("https://storage.azure.com/.default");
    }

    [Fact]
    public async Task GetUserDelegationKey_ReturnsKeyForTheCallersIdentity()
    {
        var now = DateTimeOffset.UtcNow;

        var key = (await TokenClient().GetUserDelegationKeyAsync(now.AddMinutes(-1), now.AddHours(1), CancellationToken.None)).Value;

        key.SignedObjectId.ShouldBe(_credential.ObjectId.ToString());
        key.SignedTenantId.ShouldBe(_credential.TenantId.ToString());
        key.SignedService.ShouldBe("b");
        Convert.FromBase64String(key.Value).Length.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task UserDelegationSas_UploadThenDownloadFromBrowser_Works()
    {
        var client = TokenClient();
        var container = Names.Unique("ud");
        await client.GetBlobContainerClient(container).CreateIfNotExistsAsync();
        using var issuer = new BlobSasIssuer(client, TimeProvider.System);
        var content = Encoding.UTF8.GetBytes("biên bản họp hội đồng");

        var upload = await issuer.IssueUploadAsync(container, "bien-ban.pdf");
        using var put = new HttpRequestMessage(HttpMethod.Put, upload.Uri) { Content = new ByteArrayContent(content) };
        put.Headers.Add("x-ms-blob-type", "BlockBlob");
        using var putResponse = await _browser.SendAsync(put);
        var download = await issuer.IssueDownloadAsync(container, "bien-ban.pdf", "biên bản.pdf");
        using var getResponse = await _browser.GetAsync(download.Uri);

        issuer.UsesAccountKey.ShouldBeFalse();
        upload.Uri.Query.ShouldContain("skoid=" + _credential.ObjectId);
        putResponse.StatusCode.ShouldBe(HttpStatusCode.Created);
        getResponse.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await getResponse.Content.ReadAsByteArrayAsync()).ShouldBe(content);
        getResponse.Content.Headers.ContentDisposition!.ToString().ShouldBe(ContentDispositions.AttachmentDisposition("biên bản.pdf"));
    }

    [Fact]
    public async Task UserDelegationSas_Tampered_IsRefused()
    {
        var client = TokenClient();
        var container = Names.Unique("ud");
        await client.GetBlobContainerClient(container).CreateIfNotExistsAsync();
        await UploadAsync(client, container, "x.txt", [1]);
        using var issuer = new BlobSasIssuer(client, TimeProvider.System);

        var read = await issuer.IssueDownloadAsync(container, "x.txt");
        var widened = new Uri(read.Uri.AbsoluteUri.Replace("sp=r", "sp=rw", StringComparison.Ordinal));
        using var response = await _browser.GetAsync(widened);

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
