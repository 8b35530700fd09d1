using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NoOneLeftBehind.Functions.Hosting;
using NoOneLeftBehind.Functions.Statistics;

namespace NoOneLeftBehind.Functions.Tests.Edge;

/// <summary>
/// Issue 16 (A): the server's cut of a request body is at least the configured upload limit. Statistics allow
/// <c>Statistics:MaxUploadBytes</c> (32 MiB) while Kestrel cut every body at 30,000,000 bytes, so a file the
/// configuration allows was refused as a connection-level 413. Over real HTTP (Kestrel), with the configured limit
/// read from the app: a file of exactly the limit is read and judged on its content (here: not a workbook), one byte
/// more is a 413 problem — raw or as a form part — and a body past the route's cut is a 413 problem too, never a reset.
/// </summary>
public sealed class RequestBodyLimitTests : IAsyncLifetime
{
    private KestrelApp _app = null!;
    private long _limit;

    public Task InitializeAsync()
    {
        _app = new KestrelApp();
        _limit = _app.Services.GetRequiredService<IOptions<StatisticsApiOptions>>().Value.MaxUploadBytes;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public void DefaultLimit_IsOverKestrelsDefaultCut() =>
        _limit.ShouldBeGreaterThan(30_000_000); // the case of the issue: 32 MiB allowed, 30 MB cut

    [Fact]
    public async Task RawFile_AtExactlyTheLimit_IsReadAndJudgedOnItsContent()
    {
        using var client = await AdminAsync();
        using var response = await client.PostAsync(new Uri("/api/statistics/imports?fileName=tinh.xlsx", UriKind.Relative), Raw(_limit));

        var problem = await ProblemVocabularyTests.ShouldBeProblemAsync(response, HttpStatusCode.BadRequest, "invalid-review-file");
        problem.GetProperty("problems").GetArrayLength().ShouldBeGreaterThan(0); // the workbook was opened: zeros are not one
    }

    [Fact]
    public async Task FormFile_AtExactlyTheLimit_IsReadAndJudgedOnItsContent()
    {
        using var client = await AdminAsync();
        using var form = Form(_limit);
        using var response = await client.PostAsync(new Uri("/api/statistics/imports", UriKind.Relative), form);

        await ProblemVocabularyTests.ShouldBeProblemAsync(response, HttpStatusCode.BadRequest, "invalid-review-file");
    }

    [Fact]
    public async Task RawFile_OneByteOverTheLimit_Is413Problem()
    {
        using var client = await AdminAsync();
        using var response = await client.PostAsync(new Uri("/api/statistics/imports?fileName=tinh.xlsx", UriKind.Relative), Raw(_limit + 1));

        var problem = await ProblemVocabularyTests.ShouldBeProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "file-too-large");
        problem.GetProperty("limitBytes").GetInt64().ShouldBe(_limit);
    }

    [Fact]
    public async Task FormFile_OneByteOverTheLimit_Is413Problem()
    {
        using var client = await AdminAsync();
        using var form = Form(_limit + 1);
        using var response = await client.PostAsync(new Uri("/api/statistics/imports", UriKind.Relative), form);

        await ProblemVocabularyTests.ShouldBeProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "file-too-large");
    }

    [Fact]
    public async Task ChunkedBody_PastTheRoutesCut_Is413Problem()
    {
        using var client = await AdminAsync();
        // No Content-Length: the server counts while reading and stops at the route's cut.
        using var content = new StreamContent(new ZeroStream(RequestBodyLimits.BodyLimitFor(_limit) + 1));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await client.PostAsync(new Uri("/api/statistics/imports?fileName=tinh.xlsx", UriKind.Relative), content);

        await ProblemVocabularyTests.ShouldBeProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "body-too-large");
    }

    [Fact]
    public async Task JsonBody_UnderAConfiguredLimitAboveKestrelsCut_IsRead_AndOverItIs413Problem()
    {
        // An endpoint's JSON limit above 30,000,000 bytes: the guard raises the server's cut to it.
        const int limit = 31_000_000;
        await using var app = new KestrelApp(new Dictionary<string, string> { ["Evaluation:MaxRequestBytes"] = limit.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        using var client = app.Client();
        client.Timeout = TimeSpan.FromMinutes(5);

        using var under = await client.PostAsync(new Uri("/api/evaluate", UriKind.Relative), Json(limit));
        var problem = await ProblemVocabularyTests.ShouldBeProblemAsync(under, HttpStatusCode.BadRequest, "invalid-evaluation-request");
        problem.GetProperty("errors").TryGetProperty("planId", out _).ShouldBeTrue(); // read whole and judged: not a plan id

        // Chunked, so that the guard counts while reading (a declared length over the limit is refused before the body
        // is read, and the client, still sending, may see the connection closed instead of the answer).
        using var chunked = new StreamContent(new ZeroStream(limit + 1));
        chunked.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var over = await client.PostAsync(new Uri("/api/evaluate", UriKind.Relative), chunked);
        var tooLarge = await ProblemVocabularyTests.ShouldBeProblemAsync(over, HttpStatusCode.RequestEntityTooLarge, "body-too-large");
        tooLarge.TryGetProperty("limitBytes", out var stated).ShouldBeTrue(tooLarge.ToString()); // the guard's answer, not the server's cut
        stated.GetInt32().ShouldBe(limit);

        static StringContent Json(int length)
        {
            const string head = "{\"planId\":\"", tail = "\"}";
            return new StringContent(head + new string('x', length - head.Length - tail.Length) + tail, System.Text.Encoding.UTF8, "application/json");
        }
    }

    private async Task<HttpClient> AdminAsync()
    {
        var token = await _app.DevTokenAsync("quan-tri");
        var client = _app.Client();
        client.Timeout = TimeSpan.FromMinutes(5);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static ByteArrayContent Raw(long length)
    {
        var content = new ByteArrayContent(new byte[length]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return content;
    }

    private static MultipartFormDataContent Form(long length)
    {
        var form = new MultipartFormDataContent();
        var file = Raw(length);
        form.Add(file, "file", "tinh.xlsx");
        return form;
    }

    /// <summary>A stream of zeros of a given length and no known length (sent chunked).</summary>
    private sealed class ZeroStream(long length) : Stream
    {
        private long _left = length;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, _left);
            Array.Clear(buffer, offset, n);
            _left -= n;
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
