using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NoOneLeftBehind.FunctionsHost;

/// <summary>
/// The parts of the app's <c>host.json</c> this host honours: <c>extensions.http.routePrefix</c> and
/// <c>extensions.queues</c>, with the Functions host's defaults where a value is missing.
/// </summary>
public sealed record HostJson
{
    /// <summary>The prefix of every HTTP route (default <c>api</c>; empty means none).</summary>
    public string RoutePrefix { get; init; } = "api";

    /// <summary><c>functionTimeout</c>: how long a queue or timer invocation may run before it is cancelled and counted as failed (null: no limit).</summary>
    public TimeSpan? FunctionTimeout { get; init; }

    /// <summary>The queue trigger settings.</summary>
    public QueueSettings Queues { get; init; } = new();

    /// <summary>Reads <paramref name="path"/>; a missing file gives the defaults.</summary>
    /// <exception cref="InvalidDataException">The file is not valid JSON or a value has the wrong shape.</exception>
    public static HostJson Load(string path)
    {
        if (!File.Exists(path)) return new HostJson();
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"host.json is not valid JSON ({path}): {ex.Message}", ex);
        }
        var extensions = root?["extensions"];
        var http = extensions?["http"];
        var queues = extensions?["queues"];
        var defaults = new QueueSettings();
        return new HostJson
        {
            RoutePrefix = (http?["routePrefix"]?.GetValue<string>() ?? "api").Trim('/'),
            FunctionTimeout = Span(root, "functionTimeout", "functionTimeout"),
            Queues = new QueueSettings
            {
                BatchSize = Int(queues, "batchSize") ?? defaults.BatchSize,
                NewBatchThreshold = Int(queues, "newBatchThreshold") ?? (Int(queues, "batchSize") ?? defaults.BatchSize) / 2,
                MaxPollingInterval = Span(queues, "maxPollingInterval", "extensions.queues.maxPollingInterval") ?? defaults.MaxPollingInterval,
                VisibilityTimeout = Span(queues, "visibilityTimeout", "extensions.queues.visibilityTimeout") ?? defaults.VisibilityTimeout,
                MaxDequeueCount = Int(queues, "maxDequeueCount") ?? defaults.MaxDequeueCount,
                Base64 = !string.Equals(queues?["messageEncoding"]?.GetValue<string>(), "none", StringComparison.OrdinalIgnoreCase),
            },
        };
    }

    private static int? Int(JsonNode? section, string name) => section?[name] is { } node ? node.GetValue<int>() : null;

    private static TimeSpan? Span(JsonNode? section, string name, string path)
    {
        if (section?[name] is not { } node) return null;
        var text = node.GetValue<string>();
        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidDataException($"host.json: {path} \"{text}\" is not a time span (hh:mm:ss).");
    }
}

/// <summary>host.json <c>extensions.queues</c> (defaults as the Functions host's queue extension 5.x).</summary>
public sealed record QueueSettings
{
    /// <summary>Messages fetched at once (1–32).</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>A new batch is fetched when no more than this many messages are still being processed.</summary>
    public int NewBatchThreshold { get; init; } = 8;

    /// <summary>The longest wait between polls of an empty queue.</summary>
    public TimeSpan MaxPollingInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a failed message stays invisible before it is retried.</summary>
    public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.Zero;

    /// <summary>Attempts before a message goes to <c>&lt;queue&gt;-poison</c>.</summary>
    public int MaxDequeueCount { get; init; } = 5;

    /// <summary>Whether message bodies are base64 (<c>messageEncoding</c>, default base64).</summary>
    public bool Base64 { get; init; } = true;
}
