using System.Globalization;
using System.Text.Json;

namespace NoOneLeftBehind.Functions.Hosting;

/// <summary>
/// The queue settings of host.json (<c>extensions.queues</c>) that the Functions host applies in
/// Azure and tools/FunctionsHost here; handlers read <c>maxDequeueCount</c> to know their last attempt.
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
