using System.Reflection;
using Azure.Storage.Queues;
using NoOneLeftBehind.TestSupport;

namespace NoOneLeftBehind.FunctionsHost.Tests;

[CollectionDefinition(Name)]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "xunit collection definition.")]
public sealed class SampleHostCollection : ICollectionFixture<SampleHostFixture>
{
    public const string Name = "Local Functions host running the sample worker";
}

/// <summary>
/// A real Azurite, and tools/FunctionsHost (in this process, on free ports) running the sample isolated worker
/// (tests/FunctionsHost.SampleWorker) as a separate process. The worker's functions record what they did as files
/// in <see cref="EffectsDirectory"/>.
/// </summary>
public sealed class SampleHostFixture : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);
    private readonly AzuriteFixture _azurite = new();

    public FunctionsHostApp Host { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public string EffectsDirectory { get; } = Path.Combine(Path.GetTempPath(), "fnhost-effects-" + Guid.NewGuid().ToString("N"));

    public string ConnectionString => _azurite.ConnectionString;

    public static string SampleWorkerDirectory =>
        typeof(SampleHostFixture).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "SampleWorkerDirectory").Value!;

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        Directory.CreateDirectory(EffectsDirectory);
        Host = FunctionsHostApp.Create(new FunctionsHostOptions
        {
            ScriptRoot = SampleWorkerDirectory,
            Port = 0,
            // A developer's local.settings.json in the build output must not point the tests elsewhere.
            LocalSettingsPath = Path.Combine(EffectsDirectory, "no-local.settings.json"),
            Settings = new Dictionary<string, string>
            {
                ["AzureWebJobsStorage"] = _azurite.ConnectionString,
                ["SAMPLE_EFFECTS_DIR"] = EffectsDirectory,
                ["WorkQueue"] = "work", // the queue trigger's %WorkQueue%
            },
            // Long enough for a test to see the restart window (503), short enough to keep the suite quick.
            RestartDelay = TimeSpan.FromSeconds(3),
            QueueLease = TimeSpan.FromSeconds(30),
        });
        await Host.StartAsync();
        using var ready = new CancellationTokenSource(Deadline);
        await Host.WaitForWorkerAsync(ready.Token);
        Http = new HttpClient { BaseAddress = Host.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
        await _azurite.DisposeAsync();
        try
        {
            Directory.Delete(EffectsDirectory, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }

    /// <summary>A queue client as an app would write to it: base64, as host.json's messageEncoding says.</summary>
    public QueueClient Queue(string name, bool base64 = true)
    {
        var client = new QueueClient(ConnectionString, name, new QueueClientOptions { MessageEncoding = base64 ? QueueMessageEncoding.Base64 : QueueMessageEncoding.None });
        client.CreateIfNotExists();
        return client;
    }

    /// <summary>The effects recorded for a kind and token: the third field of each file name (dequeue count, pid…).</summary>
    public IReadOnlyList<string> Effects(string kind, string token) =>
        Directory.EnumerateFiles(EffectsDirectory, $"{kind}~{token}~*")
            .Select(f => Path.GetFileName(f).Split('~')[2])
            .Order(StringComparer.Ordinal)
            .ToArray();

    /// <summary>Waits until <paramref name="condition"/> holds; fails with <paramref name="what"/> after a generous deadline.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        ArgumentNullException.ThrowIfNull(condition);
        using var deadline = new CancellationTokenSource(Deadline);
        while (!await condition())
        {
            if (deadline.IsCancellationRequested) throw new TimeoutException($"Still waiting for: {what}");
            await Task.Delay(100);
        }
    }

    public static Task EventuallyAsync(Func<bool> condition, string what) => EventuallyAsync(() => Task.FromResult(condition()), what);
}
