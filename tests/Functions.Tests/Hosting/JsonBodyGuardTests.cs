using System.Net;
using System.Text;
using NoOneLeftBehind.Functions.Hosting;
using NoOneLeftBehind.Functions.Tests.Evaluation;
using static NoOneLeftBehind.Functions.Tests.Evaluation.EvaluationHttp;

namespace NoOneLeftBehind.Functions.Tests.Hosting;

/// <summary>
/// Issue #13 items 1 and 6: every JSON body is checked once before anything binds it — a property named twice
/// in any case, an unpaired surrogate escape and invalid UTF-8 are 400 naming the place (never 500), and a
/// body is read only up to its limit, chunked or not.
/// </summary>
public sealed class JsonBodyGuardTests(EvaluationAppFactory factory) : IClassFixture<EvaluationAppFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Theory]
    [InlineData("{\"planId\":\"a\",\"planId\":\"b\"}", "$.planId")]              // same spelling
    [InlineData("{\"planId\":\"a\",\"PlanId\":\"b\"}", "$.PlanId")]              // the binder ignores case: so does the check
    [InlineData("{\"subject\":{\"kind\":\"district\",\"KIND\":\"commune\"}}", "$.subject.KIND")] // nested
    [InlineData("{\"statistics\":[{\"year\":1},{\"year\":2,\"Year\":3}]}", "$.statistics[1].Year")] // inside an array
    public async Task Evaluate_PropertyRepeatedInAnyCase_Is400NamingIt(string json, string field)
    {
        var (response, body) = await PostAsync(_client, json);

        response.ShouldBeProblem(400);
        ErrorFields(body).ShouldBe([field]);
        body["code"]!.GetValue<string>().ShouldBe("duplicate-property");
        body["type"]!.GetValue<string>().ShouldBe("https://noonelb.example/problems/invalid-evaluation-request");
    }

    [Theory]
    [InlineData("{\"planId\":\"\\ud800\"}", "$.planId")]                 // lone high surrogate (the probe's body)
    [InlineData("{\"planId\":\"x\\udc00y\"}", "$.planId")]               // lone low surrogate
    [InlineData("{\"subject\":{\"tags\":[\"a\",\"\\ud83d\"]}}", "$.subject.tags[1]")]
    [InlineData("{\"\\ud800\":1}", "$.?")]                               // in a property name
    public async Task Evaluate_UnpairedSurrogateEscape_Is400NotServerError(string json, string field)
    {
        var (response, body) = await PostAsync(_client, json);

        response.ShouldBeProblem(400);
        ErrorFields(body).ShouldBe([field]);
        body["code"]!.GetValue<string>().ShouldBe("invalid-escape");
    }

    [Theory]
    [InlineData(new byte[] { 0x7B, 0x22, 0x70, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0x22, 0x7D }, 7)] // {"p":"\xC3(" } truncated sequence
    [InlineData(new byte[] { 0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x31, 0x7D }, 3)]                   // 0xFF never occurs in UTF-8
    [InlineData(new byte[] { 0x7B, 0x22, 0x70, 0x22, 0x3A, 0x22, 0xED, 0xA0, 0x80, 0x22, 0x7D }, 7)] // an encoded surrogate (CESU-8)
    public async Task Evaluate_InvalidUtf8_Is400NamingTheByte(byte[] utf8, int at)
    {
        using var content = new ByteArrayContent(utf8);
        content.Headers.ContentType = new("application/json");
        using var response = await _client.PostAsync(new Uri("/api/evaluate", UriKind.Relative), content);
        var body = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

        response.ShouldBeProblem(400);
        body["code"]!.GetValue<string>().ShouldBe("invalid-utf8");
        body["errors"]!["body"]![1]!.GetValue<string>().ShouldContain($"at byte {at}");
    }

    [Fact]
    public async Task Evaluate_ChunkedBodyBeyondTheLimit_Is413AndIsNotReadWhole()
    {
        // Over Kestrel (a TestServer buffers the whole request before the app sees it), in this process, so
        // that what the server allocated while refusing the body can be counted.
        var (app, port) = NoOneLeftBehind.TestSupport.KnownPort.Start(p =>
        {
            var factory = new EvaluationAppFactory();
            factory.UseKestrel(p);
            return factory;
        }, factory => factory.StartServer());
        await using var owned = app;
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        using (var warm = await client.PostAsync(new Uri("/api/evaluate", UriKind.Relative), new StringContent("{}", Encoding.UTF8, "application/json")))
            ((int)warm.StatusCode).ShouldBe(400);

        var content = new EndlessJsonContent(totalBytes: 28 * 1024 * 1024);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        using var response = await client.PostAsync(new Uri("/api/evaluate", UriKind.Relative), content);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        response.ShouldBeProblem(413);
        content.Headers.ContentLength.ShouldBeNull(); // sent chunked: no declared length to refuse up front
        // The limit is 256 KiB: reading stops there. Reading the 28 MB whole first (as before) allocates > 56 MB.
        allocated.ShouldBeLessThan(12L * 1024 * 1024, $"{allocated:N0} bytes allocated while refusing the body");
    }

    [Fact]
    public async Task Evaluate_PairedSurrogatesAndVietnamese_StillEvaluate()
    {
        var (response, body) = await PostAsync(_client,
            "{\"planId\":\"khanh-vinh-2021-2025\",\"subject\":{\"kind\":\"collective\",\"name\":\"Phòng Đào tạo \\ud83d\\ude00\"},\"nominationYear\":2023}");

        ((int)response.StatusCode).ShouldBe(200, body.ToJsonString());
        body["verdict"].ShouldNotBeNull();
    }

    [Theory]
    [InlineData("{\"a\":{\"b\":1},\"c\":{\"b\":2}}")] // the same name in two objects is fine
    [InlineData("[{\"a\":1},{\"a\":2}]")]              // and in two array items
    [InlineData("{\"a\":\"\\u00e1\\ud83d\\ude00\"}")]  // escaped letters and a paired surrogate
    public void Check_DistinctNamesPerObject_Pass(string json) =>
        JsonBodyCheck.Check(Encoding.UTF8.GetBytes(json)).ShouldBeNull();

    /// <summary>A JSON-looking body of <c>totalBytes</c>, written in 64 KiB pieces with no Content-Length (chunked).</summary>
    private sealed class EndlessJsonContent(long totalBytes) : HttpContent
    {
        private long _pulled;

        public long BytesPulled => Interlocked.Read(ref _pulled);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var piece = Encoding.ASCII.GetBytes(new string(' ', 64 * 1024));
            await stream.WriteAsync("{\"planId\":\""u8.ToArray());
            while (Interlocked.Read(ref _pulled) < totalBytes)
            {
                await stream.WriteAsync(piece);
                Interlocked.Add(ref _pulled, piece.Length);
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
