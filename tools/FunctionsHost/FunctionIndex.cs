using System.Text.Json;
using Microsoft.Azure.Functions.Worker.Grpc.Messages;

namespace NoOneLeftBehind.FunctionsHost;

/// <summary>A function as the worker indexed it: its id, name and trigger binding.</summary>
/// <param name="Id">The function id the worker loaded it under (invocations name it).</param>
/// <param name="Name">The function name.</param>
/// <param name="Trigger">The trigger binding.</param>
/// <param name="Outputs">The output bindings (name → binding), for the host-side outputs it writes (queue).</param>
public sealed record IndexedFunction(string Id, string Name, Binding Trigger, IReadOnlyDictionary<string, Binding> Outputs);

/// <summary>One binding of a function's metadata (raw_bindings JSON), with its properties as JSON.</summary>
/// <param name="Name">The parameter name (<c>req</c>, <c>message</c>, <c>$return</c>…).</param>
/// <param name="Type">The binding type (<c>httpTrigger</c>, <c>queueTrigger</c>, <c>timerTrigger</c>, <c>queue</c>…).</param>
/// <param name="Direction">In or out.</param>
/// <param name="Properties">The binding's JSON object.</param>
public sealed record Binding(string Name, string Type, string Direction, JsonElement Properties)
{
    /// <summary>A string property, or null.</summary>
    public string? Text(string name) =>
        Properties.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>A boolean property (false when missing).</summary>
    public bool Bool(string name) =>
        Properties.TryGetProperty(name, out var value) && (value.ValueKind == JsonValueKind.True ||
            (value.ValueKind == JsonValueKind.String && bool.TryParse(value.GetString(), out var parsed) && parsed));

    /// <summary>A string array property (empty when missing or null).</summary>
    public IReadOnlyList<string> Strings(string name) =>
        Properties.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToArray()
            : [];

    /// <summary>Reads one raw binding.</summary>
    /// <exception cref="InvalidDataException">It is not a JSON object with a name and a type.</exception>
    public static Binding Parse(string rawBinding)
    {
        using var doc = JsonDocument.Parse(rawBinding);
        var root = doc.RootElement.Clone();
        string Get(string name) =>
            root.EnumerateObject().FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)).Value is { ValueKind: JsonValueKind.String } v
                ? v.GetString()!
                : throw new InvalidDataException($"A binding has no \"{name}\": {rawBinding}");
        var direction = root.TryGetProperty("direction", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()! : "in";
        return new Binding(Get("name"), Get("type"), direction, root);
    }
}

/// <summary>Builds <see cref="IndexedFunction"/>s from the worker's metadata response.</summary>
internal static class FunctionIndex
{
    public static IndexedFunction FromMetadata(string functionId, RpcFunctionMetadata metadata)
    {
        var bindings = metadata.RawBindings.Select(Binding.Parse).ToList();
        var trigger = bindings.FirstOrDefault(b => b.Type.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidDataException($"Function {metadata.Name} has no trigger binding.");
        var outputs = bindings
            .Where(b => string.Equals(b.Direction, "out", StringComparison.OrdinalIgnoreCase))
            .ToDictionary(b => b.Name, StringComparer.OrdinalIgnoreCase);
        return new IndexedFunction(functionId, metadata.Name, trigger, outputs);
    }
}
