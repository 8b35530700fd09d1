using System.Security.Cryptography;
using System.Text;
using NoOneLeftBehind.Infrastructure.Storage.Blobs;
using NoOneLeftBehind.TestSupport;

namespace NoOneLeftBehind.Integration.Tests.Storage;

[Collection(AzuriteFixture.CollectionName)]
public sealed class StorageBlobClientTests(AzuriteFixture azurite)
{
    private readonly StorageBlobClient _client = new(azurite.Account);

    private async Task<string> NewContainerAsync()
    {
        var container = Names.Unique("c");
        (await _client.CreateContainerIfNotExistsAsync(container)).ShouldBeTrue();
        return container;
    }

    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    [Fact]
    public async Task CreateContainerIfNotExists_Twice_SecondReportsExisting()
    {
        var container = await NewContainerAsync();

        (await _client.CreateContainerIfNotExistsAsync(container)).ShouldBeFalse();
    }

    [Fact]
    public async Task Upload_Small_IsOnePutBlobWithVerifiedMd5AndSha256Metadata()
    {
        var container = await NewContainerAsync();
        var content = Encoding.UTF8.GetBytes("Báo cáo thành tích năm 2025");

        var result = await _client.UploadAsync(container, "2025/báo cáo.txt", new MemoryStream(content),
            new BlobUploadOptions { ContentType = "text/plain; charset=utf-8", Metadata = new Dictionary<string, string> { ["unit"] = "540" } });
        var properties = await _client.GetPropertiesAsync(container, "2025/báo cáo.txt");

        result.BlockCount.ShouldBe(0);
        result.Length.ShouldBe(content.Length);
#pragma warning disable CA5351 // checking the transport checksum the service verifies
        result.ContentMd5.ShouldBe(MD5.HashData(content));
#pragma warning restore CA5351
        result.Sha256.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(content)));
        properties.ShouldNotBeNull();
        properties.ContentLength.ShouldBe(content.Length);
        properties.ContentType.ShouldBe("text/plain; charset=utf-8");
        properties.ContentMd5.ShouldBe(result.ContentMd5);
        properties.ETag.ShouldBe(result.ETag);
        properties.Metadata["unit"].ShouldBe("540");
        properties.Metadata[StorageBlobClient.Sha256MetadataName].ShouldBe(result.Sha256);
    }

    [Fact]
    public async Task Upload_TwentyFiveMegabytes_IsStagedInBlocksAndReadsBackWithSameSha256()
    {
        var container = await NewContainerAsync();
        var content = RandomBytes(25 * 1024 * 1024, seed: 25);
        var expected = Convert.ToHexStringLower(SHA256.HashData(content));

        var result = await _client.UploadAsync(container, "big.bin", new MemoryStream(content));
        await using var download = await _client.DownloadAsync(container, "big.bin");
        var actual = Convert.ToHexStringLower(await SHA256.HashDataAsync(download!.Content));

        result.BlockCount.ShouldBe(7); // 6 full 4 MiB blocks and a 1 MiB tail
        result.ContentMd5.ShouldBeNull();
        result.Length.ShouldBe(content.Length);
        result.Sha256.ShouldBe(expected);
        actual.ShouldBe(expected);
        download.Properties.ContentLength.ShouldBe(content.Length);
        download.Properties.Metadata[StorageBlobClient.Sha256MetadataName].ShouldBe(expected);
    }

    [Fact]
    public async Task Upload_ExactlyOneBlock_IsSingleShot()
    {
        var container = await NewContainerAsync();
        var content = RandomBytes(64 * 1024, seed: 1);

        var result = await _client.UploadAsync(container, "one.bin", new MemoryStream(content), new BlobUploadOptions { BlockSize = 64 * 1024 });

        result.BlockCount.ShouldBe(0);
        result.ContentMd5.ShouldNotBeNull();
    }

    [Fact]
    public async Task Upload_NoOverwriteOnExisting_Throws409()
    {
        var container = await NewContainerAsync();
        await _client.UploadAsync(container, "a.txt", new MemoryStream([1]));

        var ex = await Should.ThrowAsync<Infrastructure.Storage.Core.StorageRequestException>(() =>
            _client.UploadAsync(container, "a.txt", new MemoryStream([2]), new BlobUploadOptions { Overwrite = false }));

        ex.Status.ShouldBe(409);
        ex.ErrorCode.ShouldBe("BlobAlreadyExists");
    }

    [Fact]
    public async Task Download_Range_ReturnsThoseBytesAndTotalLength()
    {
        var container = await NewContainerAsync();
        var content = RandomBytes(10_000, seed: 2);
        await _client.UploadAsync(container, "r.bin", new MemoryStream(content));

        await using var middle = await _client.DownloadAsync(container, "r.bin", new BlobRange(1000, 500));
        await using var tail = await _client.DownloadAsync(container, "r.bin", new BlobRange(9_990));
        using var middleBytes = new MemoryStream();
        await middle!.Content.CopyToAsync(middleBytes);
        using var tailBytes = new MemoryStream();
        await tail!.Content.CopyToAsync(tailBytes);

        middleBytes.ToArray().ShouldBe(content[1000..1500]);
        middle.TotalLength.ShouldBe(10_000);
        middle.Properties.ContentLength.ShouldBe(500);
        tailBytes.ToArray().ShouldBe(content[9_990..]);
    }

    [Fact]
    public async Task Download_Missing_ReturnsNull()
    {
        var container = await NewContainerAsync();

        (await _client.DownloadAsync(container, "nope")).ShouldBeNull();
        (await _client.GetPropertiesAsync(container, "nope")).ShouldBeNull();
    }

    [Fact]
    public async Task SetMetadata_ReplacesMetadata()
    {
        var container = await NewContainerAsync();
        await _client.UploadAsync(container, "m.txt", new MemoryStream([1]), new BlobUploadOptions { Metadata = new Dictionary<string, string> { ["a"] = "1" } });

        var set = await _client.SetMetadataAsync(container, "m.txt", new Dictionary<string, string> { ["status"] = "scanned" });
        var missing = await _client.SetMetadataAsync(container, "none.txt", new Dictionary<string, string> { ["status"] = "x" });
        var properties = await _client.GetPropertiesAsync(container, "m.txt");

        set.ShouldBeTrue();
        missing.ShouldBeFalse();
        properties!.Metadata["status"].ShouldBe("scanned");
        properties.Metadata.ContainsKey("a").ShouldBeFalse();
    }

    [Fact]
    public async Task SetMetadata_NonAsciiValue_IsRejectedBeforeSending()
    {
        await Should.ThrowAsync<ArgumentException>(() =>
            _client.SetMetadataAsync("anycontainer", "x", new Dictionary<string, string> { ["name"] = "hồ sơ" }));
    }

    [Fact]
    public async Task Delete_ExistingThenMissing_TrueThenFalse()
    {
        var container = await NewContainerAsync();
        await _client.UploadAsync(container, "d.txt", new MemoryStream([1]));

        (await _client.DeleteAsync(container, "d.txt")).ShouldBeTrue();
        (await _client.DeleteAsync(container, "d.txt")).ShouldBeFalse();
        (await _client.GetPropertiesAsync(container, "d.txt")).ShouldBeNull();
    }

    [Fact]
    public async Task List_ByPrefixAcrossPages_ReturnsOnlyThatPrefixInOrder()
    {
        var container = await NewContainerAsync();
        foreach (var name in new[] { "dossier-1/a.pdf", "dossier-1/b.pdf", "dossier-1/c d.pdf", "dossier-1/đ.pdf", "dossier-10/x.pdf", "dossier-2/y.pdf" })
        {
            await _client.UploadAsync(container, name, new MemoryStream([1, 2, 3]));
        }

        var first = await _client.ListPageAsync(container, "dossier-1/", 2, null);
        var all = await _client.ListAsync(container, "dossier-1/", maxPerPage: 2).ToListAsync();

        first.Items.Count.ShouldBe(2);
        first.NextMarker.ShouldNotBeNullOrEmpty();
        all.Select(b => b.Name).ShouldBe(["dossier-1/a.pdf", "dossier-1/b.pdf", "dossier-1/c d.pdf", "dossier-1/đ.pdf"]);
        all[0].Properties.ContentLength.ShouldBe(3);
        all[0].Properties.Metadata.ContainsKey(StorageBlobClient.Sha256MetadataName).ShouldBeTrue();
    }

    [Fact]
    public async Task BlobStore_Port_UploadsListsAndDownloads()
    {
        var store = new BlobStore(_client);
        var container = Names.Unique("port");
        await store.CreateContainerIfNotExistsAsync(container);

        await store.UploadAsync(container, "p/1.txt", new MemoryStream("một"u8.ToArray()));
        var names = await store.ListAsync(container, "p/").Select(b => b.Name).ToListAsync();
        await using var download = await store.DownloadAsync(container, "p/1.txt");
        using var reader = new StreamReader(download!.Content);

        names.ShouldBe(["p/1.txt"]);
        (await reader.ReadToEndAsync()).ShouldBe("một");
    }
}
