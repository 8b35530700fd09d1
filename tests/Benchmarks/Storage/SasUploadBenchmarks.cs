using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Azure.Storage.Blobs;
using BenchmarkDotNet.Attributes;
using NoOneLeftBehind.Infrastructure.Storage.Blobs;
using NoOneLeftBehind.TestSupport;

namespace NoOneLeftBehind.Benchmarks.Storage;

/// <summary>What one upload iteration recorded.</summary>
public sealed record UploadMeasurement(double WorkingSetBeforeMb, double WorkingSetPeakMb, double WorkingSetAfterMb, double AzuriteGrowthMb);

/// <summary>
/// A 200 MB file uploaded straight to storage through an upload SAS, as the browser does: the app only issues
/// the SAS; the bytes go from a streaming source to Azurite with plain HttpClient Put Block (8 MiB) + Put Block List.
/// What is measured: this process plays both roles (issuer and "browser"), so its working set during the upload is
/// an upper bound of what the app would need — in production the app process never sees the bytes at all. The
/// source generates the bytes as they are sent, so nothing holds the file; Azurite (in memory) does, and its
/// growth is reported separately. The upload is verified afterwards by SHA-256 of a streamed download.
/// Run: dotnet run -c Release --project tests/Benchmarks -- --filter '*SasUploadBenchmarks*'
/// </summary>
[Config(typeof(SasUploadBenchmarkConfig))]
public class SasUploadBenchmarks
{
    private const int BlockSize = 8 * 1024 * 1024;
    private const string Container = "bench-uploads";

    public static ConcurrentDictionary<string, List<UploadMeasurement>> Measurements { get; } = new();

    private AzuriteFixture? _azurite;
    private BlobContainerClient? _client;
    private BlobSasIssuer? _issuer;
    private HttpClient? _browser;
    private int _run;
    private string _blob = "";
    private string _expectedSha256 = "";
    private long _workingSetBefore;
    private long _azuriteBefore;

    [Params(200)]
    public int Megabytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _azurite = new AzuriteFixture();
        _azurite.InitializeAsync().GetAwaiter().GetResult();
        var service = _azurite.Account.CreateBlobServiceClient();
        _client = service.GetBlobContainerClient(Container);
        _client.CreateIfNotExistsAsync().GetAwaiter().GetResult();
        _issuer = new BlobSasIssuer(service, TimeProvider.System);
        _browser = new HttpClient { Timeout = TimeSpan.FromMinutes(10) };
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var source = new GeneratedBytes(Megabytes * 1024L * 1024L);
        var buffer = new byte[81920];
        int read;
        while ((read = source.Read(buffer, 0, buffer.Length)) > 0)
        {
            hash.AppendData(buffer, 0, read);
        }
        _expectedSha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    [IterationSetup]
    public void Before()
    {
        _blob = "upload-" + Interlocked.Increment(ref _run).ToString(CultureInfo.InvariantCulture) + ".bin";
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        _workingSetBefore = WorkingSet(Environment.ProcessId);
        _azuriteBefore = _azurite!.ProcessId is { } pid ? WorkingSet(pid) : 0;
    }

    [Benchmark(Description = "200 MB via upload SAS (Put Block + Put Block List)")]
    public async Task UploadThroughSas()
    {
        var peak = _workingSetBefore;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                peak = Math.Max(peak, WorkingSet(Environment.ProcessId));
                await Task.Delay(10, CancellationToken.None);
            }
        });

        var sas = await _issuer!.IssueUploadAsync(Container, _blob, TimeSpan.FromMinutes(30));
        var source = new GeneratedBytes(Megabytes * 1024L * 1024L);
        var ids = new List<string>();
        while (source.Remaining > 0)
        {
            var id = Convert.ToBase64String(Encoding.ASCII.GetBytes(ids.Count.ToString("d6", CultureInfo.InvariantCulture)));
            using var content = new SliceContent(source, Math.Min(BlockSize, source.Remaining));
            using var block = await _browser!.PutAsync(new Uri(sas.Uri + "&comp=block&blockid=" + Uri.EscapeDataString(id)), content);
            Expect(block, HttpStatusCode.Created, "Put Block");
            ids.Add(id);
        }
        var list = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>");
        ids.ForEach(id => list.Append("<Latest>").Append(id).Append("</Latest>"));
        list.Append("</BlockList>");
        using var commit = await _browser!.PutAsync(new Uri(sas.Uri + "&comp=blocklist"), new StringContent(list.ToString(), Encoding.UTF8, "application/xml"));
        Expect(commit, HttpStatusCode.Created, "Put Block List");

        await stop.CancelAsync();
        await sampler;
        var after = WorkingSet(Environment.ProcessId);
        var azuriteAfter = _azurite!.ProcessId is { } pid ? WorkingSet(pid) : 0;
        Measurements.GetOrAdd(nameof(UploadThroughSas), _ => []).Add(new UploadMeasurement(
            Mb(_workingSetBefore), Mb(Math.Max(peak, after)), Mb(after), Mb(azuriteAfter - _azuriteBefore)));
    }

    [IterationCleanup]
    public void Verify()
    {
        var blob = _client!.GetBlobClient(_blob);
        using var download = blob.OpenRead();
        var actual = Convert.ToHexStringLower(SHA256.HashData(download));
        if (actual != _expectedSha256)
        {
            throw new InvalidOperationException($"{_blob}: SHA-256 {actual}, expected {_expectedSha256}.");
        }
        blob.DeleteIfExists();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _browser?.Dispose();
        _issuer?.Dispose();
        _azurite?.Dispose();
    }

    private static void Expect(HttpResponseMessage response, HttpStatusCode status, string what)
    {
        if (response.StatusCode != status)
        {
            throw new InvalidOperationException($"{what}: HTTP {(int)response.StatusCode}");
        }
    }

    private static long WorkingSet(int pid)
    {
        using var process = Process.GetProcessById(pid);
        return process.WorkingSet64;
    }

    private static double Mb(long bytes) => bytes / (1024.0 * 1024.0);

    /// <summary>Deterministic pseudo-random bytes produced on demand: the "file" never exists in memory.</summary>
    private sealed class GeneratedBytes(long totalLength) : Stream
    {
        private ulong _state = 0x9E3779B97F4A7C15;
        private long _produced;

        public long Remaining => totalLength - _produced;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => totalLength;
        public override long Position { get => _produced; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, Remaining);
            for (var i = 0; i < n; i++)
            {
                _state ^= _state << 13;
                _state ^= _state >> 7;
                _state ^= _state << 17;
                buffer[offset + i] = (byte)_state;
            }
            _produced += n;
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>The next <c>length</c> bytes of the source as a request body with a known Content-Length, written in 64 KiB pieces.</summary>
    private sealed class SliceContent(GeneratedBytes source, long length) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var buffer = new byte[64 * 1024];
            var left = length;
            while (left > 0)
            {
                var n = source.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
                await stream.WriteAsync(buffer.AsMemory(0, n));
                left -= n;
            }
        }

        protected override bool TryComputeLength(out long value)
        {
            value = length;
            return true;
        }
    }
}
