using System.Text.Json;

namespace NoOneLeftBehind.Functions.Hosting;

/// <summary>One binding of a function.json.</summary>
public sealed record FunctionBinding(
    string Type,
    string Direction,
    string Name,
    string? QueueName,
    string? Connection,
    string? Schedule,
    string? Route,
    IReadOnlyList<string> Methods,
    bool RunOnStartup);

/// <summary>A function as declared by its function.json (the folder name is the function name).</summary>
public sealed record FunctionManifest(string Name, string Path, IReadOnlyList<FunctionBinding> Bindings)
{
    /// <summary>Binding types this app declares; anything else in a function.json is a mistake.</summary>
    public static readonly IReadOnlySet<string> KnownBindingTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        "httpTrigger", "http", "queueTrigger", "timerTrigger", "serviceBusTrigger", "queue", "blob",
    };

    /// <summary>The single trigger binding.</summary>
    public FunctionBinding Trigger => Bindings.Single(b => b.Type.EndsWith("Trigger", StringComparison.Ordinal));

    /// <summary>Reads and checks one function.json; throws <see cref="InvalidDataException"/> naming the file and the problem.</summary>
    public static FunctionManifest Load(string path)
    {
        var name = System.IO.Path.GetFileName(System.IO.Path.GetDirectoryName(path)) ?? "";
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path}: not valid JSON ({ex.Message}).", ex);
        }
        using (doc)
        {
            if (!doc.RootElement.TryGetProperty("bindings", out var bindingsElement) || bindingsElement.ValueKind != JsonValueKind.Array)
                throw new InvalidDataException($"{path}: 'bindings' must be an array.");
            var bindings = new List<FunctionBinding>();
            var i = 0;
            foreach (var b in bindingsElement.EnumerateArray())
            {
                var type = Str(b, "type") ?? throw new InvalidDataException($"{path}: bindings[{i}].type is missing.");
                if (!KnownBindingTypes.Contains(type))
                    throw new InvalidDataException($"{path}: bindings[{i}].type '{type}' is not a known binding type ({string.Join(", ", KnownBindingTypes)}).");
                var direction = Str(b, "direction") ?? throw new InvalidDataException($"{path}: bindings[{i}].direction is missing.");
                var bindingName = Str(b, "name") ?? throw new InvalidDataException($"{path}: bindings[{i}].name is missing.");
                var methods = b.TryGetProperty("methods", out var m) && m.ValueKind == JsonValueKind.Array
                    ? m.EnumerateArray().Select(x => x.GetString() ?? "").ToArray()
                    : [];
                var runOnStartup = b.TryGetProperty("runOnStartup", out var r) && r.ValueKind == JsonValueKind.True;
                var binding = new FunctionBinding(type, direction, bindingName, Str(b, "queueName"), Str(b, "connection"), Str(b, "schedule"), Str(b, "route"), methods, runOnStartup);
                if (type == "queueTrigger" && string.IsNullOrWhiteSpace(binding.QueueName))
                    throw new InvalidDataException($"{path}: bindings[{i}].queueName is required for a queueTrigger.");
                if (type == "timerTrigger")
                {
                    if (string.IsNullOrWhiteSpace(binding.Schedule))
                        throw new InvalidDataException($"{path}: bindings[{i}].schedule is required for a timerTrigger.");
                    if (!CronSchedule.TryParse(binding.Schedule, out _, out var error))
                        throw new InvalidDataException($"{path}: bindings[{i}].schedule '{binding.Schedule}': {error}");
                }
                bindings.Add(binding);
                i++;
            }
            var triggers = bindings.Count(b => b.Type.EndsWith("Trigger", StringComparison.Ordinal));
            if (triggers != 1)
                throw new InvalidDataException($"{path}: a function needs exactly one trigger binding, found {triggers}.");
            return new FunctionManifest(name, path, bindings);
        }
    }

    /// <summary>Finds every function.json below <paramref name="root"/>; function names must be unique.</summary>
    public static IReadOnlyList<FunctionManifest> Discover(string root)
    {
        var manifests = Directory.Exists(root)
            ? Directory.EnumerateFiles(root, "function.json", SearchOption.AllDirectories)
                .Where(p => !p.Contains($"{System.IO.Path.DirectorySeparatorChar}obj{System.IO.Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .Select(Load)
                .ToList()
            : [];
        var duplicate = manifests.GroupBy(m => m.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new InvalidDataException($"Function name '{duplicate.Key}' is declared twice: {string.Join(", ", duplicate.Select(d => d.Path))}.");
        return manifests;
    }

    private static string? Str(JsonElement e, string property)
        => e.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
