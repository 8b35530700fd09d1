using System.Globalization;
using System.Text.Json;

namespace NoOneLeftBehind.Functions.Hosting;

/// <summary>
/// The queue settings of host.json (<c>extensions.queues</c>) that the Functions host applies in
/// Azure; the local trigger runner reads the same file so both behave alike.
/// </summary>
public sealed record QueueHostSettings(int MaxDequeueCount, TimeSpan VisibilityTimeout, TimeSpan MaxPollingInterval, int BatchSize)
{
    /// <summary>The Functions host's own defaults.</summary>
    public static QueueHostSettings Defaults { get; } = new(5, TimeSpan.Zero, TimeSpan.FromMinutes(1), 16);

    /// <summary>Reads host.json; missing settings keep the host's defaults.</summary>
    public static QueueHostSettings Load(string hostJsonPath)
    {
        if (!File.Exists(hostJsonPath)) return Defaults;
        using var doc = JsonDocument.Parse(File.ReadAllText(hostJsonPath), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        if (!doc.RootElement.TryGetProperty("extensions", out var ext) || !ext.TryGetProperty("queues", out var q)) return Defaults;
        var d = Defaults;
        return new QueueHostSettings(
            q.TryGetProperty("maxDequeueCount", out var m) ? m.GetInt32() : d.MaxDequeueCount,
            q.TryGetProperty("visibilityTimeout", out var v) ? TimeSpan.Parse(v.GetString()!, CultureInfo.InvariantCulture) : d.VisibilityTimeout,
            q.TryGetProperty("maxPollingInterval", out var p) ? TimeSpan.Parse(p.GetString()!, CultureInfo.InvariantCulture) : d.MaxPollingInterval,
            q.TryGetProperty("batchSize", out var b) ? b.GetInt32() : d.BatchSize);
    }
}

/// <summary>Settings of the local trigger runner (section <c>TriggerRunner</c>).</summary>
public sealed class TriggerRunnerOptions
{
    /// <summary>On by default outside Azure, off in Azure (where the Functions host triggers).</summary>
    public bool? Enabled { get; set; }

    /// <summary>How long a message stays invisible while a function works on it; renewed at half-time.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Overrides host.json's <c>visibilityTimeout</c> (delay before a failed message is retried).</summary>
    public TimeSpan? VisibilityTimeout { get; set; }

    /// <summary>Overrides host.json's <c>maxPollingInterval</c>.</summary>
    public TimeSpan? MaxPollingInterval { get; set; }

    /// <summary>Overrides host.json's <c>maxDequeueCount</c>.</summary>
    public int? MaxDequeueCount { get; set; }

    /// <summary>IANA or Windows id of the zone timer schedules are read in.</summary>
    public string TimeZone { get; set; } = "Asia/Ho_Chi_Minh";

    /// <summary>Where the runner posts invocations; by default the app's own first address.</summary>
    public Uri? HandlerBaseUrl { get; set; }
}
