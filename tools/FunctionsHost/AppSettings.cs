using System.Text.Json;

namespace NoOneLeftBehind.FunctionsHost;

/// <summary>
/// The app settings the worker and the triggers see: <c>local.settings.json</c>'s <c>Values</c> (only a sample of it is
/// committed), then the host's own environment for names the file does not set, then explicit overrides.
/// </summary>
public sealed class AppSettings
{
    private readonly Dictionary<string, string> _values;

    /// <summary>Settings from the given values.</summary>
    public AppSettings(IReadOnlyDictionary<string, string> values) =>
        _values = new Dictionary<string, string>(values, StringComparer.OrdinalIgnoreCase);

    /// <summary>Every setting (name → value) to hand to the worker as environment variables.</summary>
    public IReadOnlyDictionary<string, string> Values => _values;

    /// <summary>Reads <c>Values</c> of <paramref name="localSettingsPath"/> (if it exists), then applies <paramref name="overrides"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not valid JSON, or <c>Values</c> holds a non-string value.</exception>
    public static AppSettings Load(string localSettingsPath, IReadOnlyDictionary<string, string>? overrides = null)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (File.Exists(localSettingsPath))
        {
            try
            {
                using var doc = JsonDocument.Parse(File.ReadAllText(localSettingsPath), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
                if (doc.RootElement.TryGetProperty(nameof(Values), out var section))
                {
                    foreach (var property in section.EnumerateObject())
                    {
                        values[property.Name] = property.Value.ValueKind switch
                        {
                            JsonValueKind.String => property.Value.GetString()!,
                            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => property.Value.GetRawText(),
                            _ => throw new InvalidDataException($"local.settings.json: Values.{property.Name} must be a string ({localSettingsPath})."),
                        };
                    }
                }
                // As Core Tools does: ConnectionStrings reach the worker as ConnectionStrings__<name>.
                if (doc.RootElement.TryGetProperty("ConnectionStrings", out var connectionStrings) && connectionStrings.ValueKind == JsonValueKind.Object)
                {
                    foreach (var property in connectionStrings.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String))
                        values["ConnectionStrings__" + property.Name] = property.Value.GetString()!;
                }
            }
            catch (JsonException ex)
            {
                throw new InvalidDataException($"local.settings.json is not valid JSON ({localSettingsPath}): {ex.Message}", ex);
            }
        }
        foreach (var (name, value) in overrides ?? new Dictionary<string, string>()) values[name] = value;
        return new AppSettings(values);
    }

    /// <summary>A setting: these values first, then the host's environment (as the Functions host reads app settings).</summary>
    public string? Get(string name) =>
        _values.TryGetValue(name, out var value) ? value
        : Environment.GetEnvironmentVariable(name) ?? Environment.GetEnvironmentVariable(name.Replace(":", "__", StringComparison.Ordinal));

    /// <summary>Replaces <c>%name%</c> expressions in a binding property with the settings they name, as the host does.</summary>
    /// <exception cref="InvalidOperationException">A named setting does not exist.</exception>
    public string Resolve(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('%');
        if (parts.Length < 3) return text;
        for (var i = 1; i < parts.Length - 1; i += 2)
        {
            parts[i] = Get(parts[i]) ?? throw new InvalidOperationException($"The binding expression %{parts[i]}% names no app setting.");
        }
        return string.Concat(parts);
    }

    /// <summary>The app setting <c>AzureWebJobs.&lt;function&gt;.Disabled</c> turns a function off.</summary>
    public bool IsDisabled(string functionName) =>
        bool.TryParse(Get($"AzureWebJobs.{functionName}.Disabled") ?? Get($"AzureWebJobs__{functionName}__Disabled"), out var disabled) && disabled;
}
