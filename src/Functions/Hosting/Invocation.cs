using System.Text.Json;
using System.Text.Json.Serialization;

namespace NoOneLeftBehind.Functions.Hosting;

/// <summary>
/// The request the Functions host sends a custom handler for a non-HTTP trigger:
/// trigger and input binding values in <c>Data</c>, trigger metadata (DequeueCount, Id, InsertionTime…) in <c>Metadata</c>.
/// </summary>
public sealed class InvocationRequest
{
    /// <summary>Binding name → value (a queue message arrives as a JSON string).</summary>
    [JsonPropertyName("Data")]
    public Dictionary<string, JsonElement> Data { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Trigger metadata, e.g. <c>DequeueCount</c>, <c>Id</c>, <c>InsertionTime</c>, <c>sys</c>.</summary>
    [JsonPropertyName("Metadata")]
    public Dictionary<string, JsonElement> Metadata { get; init; } = new(StringComparer.Ordinal);
}

/// <summary>The answer the Functions host expects from a custom handler for a non-HTTP trigger.</summary>
public sealed class InvocationResponse
{
    /// <summary>Output binding name → value.</summary>
    [JsonPropertyName("Outputs")]
    public Dictionary<string, object?> Outputs { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Lines the host writes to the function's log.</summary>
    [JsonPropertyName("Logs")]
    public List<string> Logs { get; init; } = [];

    /// <summary>The value bound to <c>$return</c>, if any.</summary>
    [JsonPropertyName("ReturnValue")]
    public object? ReturnValue { get; set; }
}

/// <summary>What a trigger function sees of one invocation.</summary>
public sealed class TriggerContext
{
    internal TriggerContext(string functionName, string triggerBindingName, InvocationRequest request)
    {
        FunctionName = functionName;
        Request = request;
        Trigger = request.Data.TryGetValue(triggerBindingName, out var value) ? value : default;
    }

    /// <summary>The function's name (its folder name next to function.json).</summary>
    public string FunctionName { get; }

    /// <summary>The raw invocation request.</summary>
    public InvocationRequest Request { get; }

    /// <summary>The trigger binding's value (undefined when the host sent none).</summary>
    public JsonElement Trigger { get; }

    /// <summary>Log lines returned to the host.</summary>
    public List<string> Logs { get; } = [];

    /// <summary>How many times this queue message has been delivered, 1 on the first attempt.</summary>
    public long DequeueCount => ReadMetadataInt64("DequeueCount") ?? 1;

    /// <summary>The queue message id, if the trigger is a queue.</summary>
    public string? MessageId => ReadMetadataString("Id");

    /// <summary>
    /// The queue message as text. The host passes a queue message either as a JSON string or, when
    /// the message body is JSON, as that JSON; both come back here as the message text.
    /// </summary>
    public string MessageText => Trigger.ValueKind switch
    {
        JsonValueKind.String => Trigger.GetString() ?? "",
        JsonValueKind.Undefined or JsonValueKind.Null => "",
        _ => Trigger.GetRawText(),
    };

    /// <summary>Deserialises the queue message body as <typeparamref name="T"/>.</summary>
    public T? ReadMessage<T>(JsonSerializerOptions? options = null)
        => JsonSerializer.Deserialize<T>(MessageText, options ?? JsonSerializerOptions.Web);

    private string? ReadMetadataString(string key)
        => Request.Metadata.TryGetValue(key, out var v) ? v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText() : null;

    private long? ReadMetadataInt64(string key)
    {
        if (!Request.Metadata.TryGetValue(key, out var v)) return null;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n)) return n;
        if (v.ValueKind == JsonValueKind.String && long.TryParse(v.GetString(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out n)) return n;
        return null;
    }
}

/// <summary>A queue- or timer-triggered function served at <c>POST /{Name}</c>.</summary>
public interface ITriggerFunction
{
    /// <summary>The function name: the folder of its function.json, and the route the host posts to.</summary>
    string Name { get; }

    /// <summary>Runs one invocation. Throwing fails it (the host, or the local runner, retries a queue message).</summary>
    Task InvokeAsync(TriggerContext context, CancellationToken cancellationToken);
}
