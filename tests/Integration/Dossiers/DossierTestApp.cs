using NoOneLeftBehind.InProcessHost;
using System.IO.Compression;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using NoOneLeftBehind.Integration.Tests.Hosting;
using NoOneLeftBehind.Integration.Tests.Identity;
using NoOneLeftBehind.TestSupport;

namespace NoOneLeftBehind.Integration.Tests.Dossiers;

/// <summary>The app on Kestrel (a real port) against a test class's own Azurite, with the trigger runner and the development issuer.</summary>
internal sealed class DossierTestApp : IAsyncDisposable
{
    private readonly WebApplicationFactory<InProcessApp> _factory;

    public DossierTestApp(AzuriteFixture azurite, IReadOnlyDictionary<string, string>? settings = null, Action<IServiceCollection>? services = null)
    {
        (_factory, Port) = DevKestrelApp.Start(azurite, b =>
        {
            b.UseSetting("Dossiers:SeedDemoData", "false");
            b.UseSetting("InProcessTriggers:VisibilityTimeout", "00:00:00.200");
            b.UseSetting("InProcessTriggers:Lease", "00:00:05");
            foreach (var (key, value) in settings ?? new Dictionary<string, string>()) b.UseSetting(key, value);
            if (services is not null) b.ConfigureTestServices(services);
        });
    }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    public IServiceProvider Services => _factory.Services;

    public Task<HttpClient> ClientForAsync(string demoUser) => DevUsers.SignInAsync(new HttpClient { BaseAddress = BaseAddress }, demoUser);

    /// <summary>One invocation of a timer function, run as its [Function] runs it: the handler, in a scope of its own.</summary>
    public async Task TickAsync(string function)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        await NoOneLeftBehind.Functions.Hosting.TriggerFunctions.RunAsync(scope.ServiceProvider,
            new NoOneLeftBehind.Functions.Hosting.TriggerContext(function, ""), CancellationToken.None);
    }

    public ValueTask DisposeAsync() => _factory.DisposeAsync();
}

/// <summary>What a browser does: create, upload in blocks with the SAS, confirm, submit.</summary>
internal static class Browser
{
    public static readonly HttpClient Storage = new();

    public static async Task<JsonElement> CreateAsync(HttpClient client, object body)
    {
        using var response = await client.PostAsJsonAsync("/api/dossiers", body);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        ((int)response.StatusCode).ShouldBe(201, json.ToString());
        return json;
    }

    public static object CommuneDossier(string unit, string name, string award = "giay-khen-chu-tich-huyen", bool withFigures = true, string stageKind = "mid-term") => new
    {
        planId = "chu-puh-2021-2025",
        stage = new { kind = stageKind, year = 2023 },
        nominatingUnitCode = unit,
        nominee = new { kind = "commune", name, unitCode = "23971", tags = new[] { "region-3" } },
        awardFormId = award,
        nominationYear = 2023,
        statistics = withFigures
            ? new[]
            {
                new { year = 2021, households = 1850, poor = 520, nearPoor = 310 },
                new { year = 2022, households = 1872, poor = 430, nearPoor = 280 },
                new { year = 2023, households = 1890, poor = 250, nearPoor = 150 },
            }
            : [],
        achievementsSummary = "Hộ nghèo và cận nghèo giảm từ 830 hộ (2021) còn 400 hộ (2023).",
    };

    /// <summary>
    /// A dossier of TP Bắc Giang (213) in the Bắc Giang sơ kết 2023 (seed 003): a household of Phường Trần Phú, or a
    /// nominee of <paramref name="kind"/>, proposed for <paramref name="award"/>.
    /// </summary>
    public static object BacGiangCityDossier(string name, string award = "bang-khen-chu-tich-tinh", string kind = "household") => new
    {
        planId = "bac-giang-so-ket-2023",
        stage = new { kind = "mid-term", year = 2023 },
        nominatingUnitCode = "213",
        nominee = new { kind, name, address = "Phường Trần Phú, TP Bắc Giang" },
        awardFormId = award,
        nominationYear = 2023,
        achievementsSummary = "Tự nguyện đăng ký thoát nghèo năm 2021.",
    };

    /// <summary>Creates a dossier from <paramref name="body"/>, attaches and confirms one PDF per component of the Chư Pưh plan, submits it; returns the id.</summary>
    public static async Task<string> CreateCompleteAndSubmitAsync(HttpClient client, object body)
    {
        var id = await CreateCompleteAsync(client, body);
        using var submit = await SubmitAsync(client, id);
        ((int)submit.StatusCode).ShouldBe(202, await submit.Content.ReadAsStringAsync());
        return id;
    }

    /// <summary>
    /// Creates a dossier from <paramref name="body"/> and attaches and confirms one PDF per required component of the dossier
    /// as served (its plan's, or its route's: a Bắc Giang unit sends its own proposal and the Mẫu 07 report); returns the id.
    /// </summary>
    public static async Task<string> CreateCompleteAsync(HttpClient client, object body)
    {
        var created = await CreateAsync(client, body);
        var id = created.GetProperty("id").GetString()!;
        var required = created.GetProperty("components").EnumerateArray().Where(c => c.GetProperty("required").GetBoolean()).Select(c => c.GetProperty("id").GetString()!).ToList();
        await AttachPdfsAsync(client, id, required);
        return id;
    }

    /// <summary>Uploads a PDF named after each of <paramref name="components"/> to the dossier and confirms it (200).</summary>
    public static async Task AttachPdfsAsync(HttpClient client, string dossierId, IEnumerable<string> components)
    {
        foreach (var component in components)
        {
            var (fileId, _) = await UploadAsync(client, dossierId, component, component + ".pdf", Pdf());
            using var ok = await ConfirmAsync(client, dossierId, fileId);
            ((int)ok.StatusCode).ShouldBe(200, await ok.Content.ReadAsStringAsync());
        }
    }

    /// <summary>Submits the dossier with its current ETag.</summary>
    public static async Task<HttpResponseMessage> SubmitAsync(HttpClient client, string id)
    {
        var etag = (await GetAsync(client, id)).GetProperty("etag").GetString()!;
        return await PostWithETagAsync(client, $"/api/dossiers/{id}/submit", etag);
    }

    /// <summary>Adds a file, uploads it in blocks straight to Blob storage with the SAS, commits the block list; returns the file id.</summary>
    public static Task<(string FileId, JsonElement Added)> UploadAsync(HttpClient client, string dossierId, string component, string fileName, byte[] content, int blockSize = 256 * 1024, bool commit = true, long? declaredSize = null) =>
        UploadToAsync(client, $"/api/dossiers/{dossierId}/files", component, fileName, content, blockSize, commit, declaredSize);

    /// <summary>As <see cref="UploadAsync"/>, to the files of any owner (<c>/api/nominee-lists/{id}/files</c>).</summary>
    public static async Task<(string FileId, JsonElement Added)> UploadToAsync(HttpClient client, string filesPath, string component, string fileName, byte[] content, int blockSize = 256 * 1024, bool commit = true, long? declaredSize = null)
    {
        using var add = await client.PostAsJsonAsync(filesPath, new { componentId = component, fileName, size = declaredSize ?? content.Length });
        var added = await add.Content.ReadFromJsonAsync<JsonElement>();
        ((int)add.StatusCode).ShouldBe(201, added.ToString());
        var fileId = added.GetProperty("file").GetProperty("id").GetString()!;
        await PutBlocksAsync(added.GetProperty("upload").GetProperty("url").GetString()!, content, blockSize, commit);
        return (fileId, added);
    }

    /// <summary>What a browser does with an upload link: the content in blocks, then (unless told not to) the block list.</summary>
    public static async Task PutBlocksAsync(string url, byte[] content, int blockSize = 256 * 1024, bool commit = true)
    {
        var ids = new List<string>();
        for (var offset = 0; offset < content.Length; offset += blockSize)
        {
            var id = Convert.ToBase64String(Encoding.ASCII.GetBytes("block-" + ids.Count.ToString("d6", System.Globalization.CultureInfo.InvariantCulture)));
            ids.Add(id);
            using var block = new ByteArrayContent(content, offset, Math.Min(blockSize, content.Length - offset));
            using var put = await Storage.PutAsync(url + "&comp=block&blockid=" + Uri.EscapeDataString(id), block);
            ((int)put.StatusCode).ShouldBe(201, await put.Content.ReadAsStringAsync());
        }
        if (commit) await CommitAsync(url, ids);
    }

    /// <summary>The demo body Sở LĐ-TB&amp;XH Bắc Giang is written by the start-up seeder: waits until the API knows it (its report of sơ kết 2023).</summary>
    public static async Task WaitForDemoSoAsync(HttpClient client)
    {
        for (var i = 0; i < 100; i++)
        {
            using var r = await client.GetAsync("/api/reports/submission?planId=bac-giang-so-ket-2023&stageKind=mid-term&stageYear=2023&unitCode=24&bodyId=bac-giang-so-ldtbxh");
            if (r.StatusCode == System.Net.HttpStatusCode.OK) return;
            await Task.Delay(200);
        }
        throw new TimeoutException("The demo body was not seeded.");
    }

    public static async Task CommitAsync(string sasUrl, IEnumerable<string> ids)
    {
        var xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>" + string.Concat(ids.Select(i => "<Latest>" + i + "</Latest>")) + "</BlockList>";
        using var body = new StringContent(xml, Encoding.UTF8, "application/xml");
        using var put = await Storage.PutAsync(sasUrl + "&comp=blocklist", body);
        ((int)put.StatusCode).ShouldBe(201, await put.Content.ReadAsStringAsync());
    }

    public static async Task<HttpResponseMessage> ConfirmAsync(HttpClient client, string dossierId, string fileId) =>
        await client.PostAsync($"/api/dossiers/{dossierId}/files/{fileId}/confirm", null);

    public static async Task<JsonElement> GetAsync(HttpClient client, string dossierId) =>
        await client.GetFromJsonAsync<JsonElement>($"/api/dossiers/{dossierId}");

    public static async Task<HttpResponseMessage> PostWithETagAsync(HttpClient client, string path, string etag, object? body = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        return await client.SendAsync(request);
    }

    public static async Task<JsonElement> WaitForStatusAsync(HttpClient client, string dossierId, string status, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        JsonElement d = default;
        while (DateTime.UtcNow < deadline)
        {
            d = await GetAsync(client, dossierId);
            if (d.GetProperty("status").GetString() == status) return d;
            await Task.Delay(200);
        }
        throw new TimeoutException($"Dossier {dossierId} did not reach '{status}': {d}");
    }

    public static byte[] Pdf(int size = 4096)
    {
        var bytes = new byte[size];
        Encoding.ASCII.GetBytes("%PDF-1.7\n").CopyTo(bytes, 0);
        for (var i = 9; i < size; i++) bytes[i] = (byte)('a' + (i % 26));
        return bytes;
    }

    public static byte[] Png() => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0];

    /// <summary>A minimal Word document; with <paramref name="bombBytes"/> it carries an entry of that many zeros.</summary>
    public static byte[] Docx(long bombBytes = 0)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            Write(zip, "[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>");
            Write(zip, "word/document.xml", "<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>Biên bản họp</w:t></w:r></w:p></w:body></w:document>");
            if (bombBytes > 0)
            {
                using var entry = zip.CreateEntry("word/media/image1.bin", CompressionLevel.Optimal).Open();
                var zeros = new byte[1024 * 1024];
                for (long written = 0; written < bombBytes; written += zeros.Length) entry.Write(zeros);
            }
        }
        return stream.ToArray();

        static void Write(ZipArchive zip, string name, string text)
        {
            using var s = zip.CreateEntry(name).Open();
            s.Write(Encoding.UTF8.GetBytes(text));
        }
    }
}

/// <summary>The app's own SDK clients, for what a test checks in storage.</summary>
internal static class DossierStorage
{
    /// <summary>The container of the dossier files.</summary>
    public static Azure.Storage.Blobs.BlobContainerClient Files(this DossierTestApp app) =>
        app.Services.GetRequiredService<Azure.Storage.Blobs.BlobServiceClient>().GetBlobContainerClient(Infrastructure.Dossiers.DossierStorageNames.FilesContainer);

    /// <summary>True when <paramref name="blobName"/> exists in the files container.</summary>
    public static async Task<bool> FileExistsAsync(this DossierTestApp app, string blobName) =>
        (await app.Files().GetBlobClient(blobName).ExistsAsync()).Value;

    /// <summary>The evaluation queue, or its poison queue with <paramref name="suffix"/> <c>-poison</c> (messages base64, as the app sends them).</summary>
    public static Azure.Storage.Queues.QueueClient EvaluationQueue(this DossierTestApp app, string suffix = "") =>
        app.Services.GetRequiredService<Azure.Storage.Queues.QueueServiceClient>().GetQueueClient(Infrastructure.Dossiers.DossierStorageNames.EvaluationQueue + suffix);

    /// <summary>A table of the app's account.</summary>
    public static Azure.Data.Tables.TableClient Table(this DossierTestApp app, string name) =>
        app.Services.GetRequiredService<Azure.Data.Tables.TableServiceClient>().GetTableClient(name);

    /// <summary>The decoded text of up to 32 visible messages; none when the queue does not exist.</summary>
    public static async Task<IReadOnlyList<string>> PeekTextsAsync(this Azure.Storage.Queues.QueueClient queue)
    {
        try
        {
            return [.. (await queue.PeekMessagesAsync(32)).Value.Select(m => m.Body.ToString())];
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 404)
        {
            return [];
        }
    }
}
