using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;

namespace NoOneLeftBehind.Domain.Plans;

/// <summary>
/// The plan file format, source-generated: camelCase, enums by their contract words, rules by their <c>type</c>,
/// unknown or repeated fields, unknown rule types and nulls where the model has none refused. Generated at build time,
/// so the first load of a process does not build the serializer's metadata by reflection (issue #3).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectNullableAnnotations = true,
    AllowOutOfOrderMetadataProperties = true,
    AllowDuplicateProperties = false,
    AllowTrailingCommas = false,
    ReadCommentHandling = JsonCommentHandling.Disallow,
    GenerationMode = JsonSourceGenerationMode.Metadata)]
[JsonSerializable(typeof(Plan))]
internal sealed partial class PlanJson : JsonSerializerContext
{
    /// <summary>The word of an enum value in plan files and the contract (<c>poor-rate</c>…).</summary>
    public static string Word<T>(T value) where T : struct, Enum =>
        JsonSerializer.Serialize(value, (JsonTypeInfo<T>)Default.GetTypeInfo(typeof(T))!).Trim('"');

    /// <summary>The <c>type</c> word of a rule record.</summary>
    public static string RuleTypeWord(Type type)
    {
        foreach (var derived in Default.RuleDefinition.PolymorphismOptions!.DerivedTypes)
        {
            if (derived.DerivedType == type)
                return (string)derived.TypeDiscriminator!;
        }
        return type.Name;
    }

    /// <summary>
    /// The JSON path and a plain reason for a failure to read a plan file, in place of the serializer's message (which
    /// names .NET types): an unknown field with the fields the object has, a missing field by name, an unknown rule
    /// type with the known ones, an enum word with the words allowed, and the line and byte of the problem.
    /// </summary>
    public static (string Path, string Problem) Describe(JsonException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var where = exception.LineNumber is { } line ? $" (line {line + 1}, byte {exception.BytePositionInLine + 1})" : string.Empty;
        return Describe(exception.Path ?? "$", FirstSentence(exception.Message), where);
    }

    /// <summary>
    /// The same for the serializer's <see cref="NotSupportedException"/>, which it throws for a rule without
    /// <c>type</c> (the path and position are in its message).
    /// </summary>
    public static (string Path, string Problem) Describe(NotSupportedException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var at = Match(exception.Message, @"Path: (?<path>\S+) \| LineNumber: (?<line>\d+) \| BytePositionInLine: (?<byte>\d+)");
        var where = at is null ? string.Empty
            : $" (line {long.Parse(at["line"], CultureInfo.InvariantCulture) + 1}, byte {long.Parse(at["byte"], CultureInfo.InvariantCulture) + 1})";
        return Describe(at?["path"] ?? "$", FirstSentence(exception.Message), where);
    }

    private static (string Path, string Problem) Describe(string path, string message, string where)
    {

        if (Match(message, @"^The JSON property '(?<name>[^']*)' could not be mapped to any \.NET member contained in type '(?<type>[^']+)'") is { } unmapped)
        {
            var type = ModelType(unmapped["type"]);
            var name = unmapped["name"];
            return (PathTo(path, name), $"unknown field '{name}'; {What(type)} has {Fields(type)}{where}");
        }
        if (Match(message, @"^JSON deserialization for type '(?<type>[^']+)' was missing required properties including: (?<names>.*?)\.?$") is { } missing)
        {
            var type = ModelType(missing["type"]);
            var names = Regex.Matches(missing["names"], "'([^']*)'").Select(m => m.Groups[1].Value).ToList();
            var why = type is not null && typeof(RuleDefinition).IsAssignableFrom(type) ? $"required by rule type '{RuleTypeWord(type)}'" : "required";
            return (names.Count > 0 ? PathTo(path, names[0]) : path,
                $"{why}: {string.Join(", ", names)} missing; {What(type)} has {Fields(type)}{where}");
        }
        if (Match(message, @"unrecognized type discriminator id '(?<id>[^']*)'") is { } unknownType)
            return (PathTo(path, "type"), $"unknown rule type '{unknownType["id"]}'; the types are {string.Join(", ", RuleTypeWords())}{where}");
        if (Match(message, @"must specify a type discriminator|type discriminator") is not null)
            return (PathTo(path, "type"), $"a rule needs its \"type\": {string.Join(", ", RuleTypeWords())}{where}");
        if (Match(message, @"^Duplicate property '(?<name>[^']*)'") is { } duplicate)
            return (path, $"the field '{duplicate["name"]}' appears twice{where}");
        if (Match(message, @"^The (property or field|constructor parameter) '(?<name>[^']*)' on type '[^']+' doesn't allow (setting |getting )?null") is { } isNull)
            return (PathTo(path, JsonNamingPolicy.CamelCase.ConvertName(isNull["name"])), "must not be null" + where);
        // The serializer names the object that holds the value; the path's last member says which value.
        if (Match(message, @"^The JSON value could not be converted to (?<type>[^ ]+?)\.?$") is { } conversion)
            return (path, Expected(ValueType(ModelType(conversion["type"]), path)) + where);
        return (path, message + where);
    }

    private static string FirstSentence(string message)
    {
        foreach (var marker in new[] { " Path:", " LineNumber:", " | " })
        {
            var cut = message.IndexOf(marker, StringComparison.Ordinal);
            if (cut > 0)
                message = message[..cut];
        }
        return message.Trim();
    }

    private static Dictionary<string, string>? Match(string message, string pattern)
    {
        var match = Regex.Match(message, pattern, RegexOptions.CultureInvariant);
        return match.Success ? match.Groups.Cast<Group>().Where(g => g.Success).ToDictionary(g => g.Name, g => g.Value, StringComparer.Ordinal) : null;
    }

    // The serializer puts the failing member on the path for some failures and not for others.
    private static string PathTo(string path, string member) =>
        path.EndsWith("." + member, StringComparison.Ordinal) || path.EndsWith($"['{member}']", StringComparison.Ordinal) ? path : path + "." + member;

    private static Type? ModelType(string name) => typeof(Plan).Assembly.GetType(name);

    private static string What(Type? type) =>
        type is not null && typeof(RuleDefinition).IsAssignableFrom(type) && !type.IsAbstract ? $"a '{RuleTypeWord(type)}' rule" : "this object";

    private static string Fields(Type? type)
    {
        if (type is null || Default.GetTypeInfo(type) is not { Kind: JsonTypeInfoKind.Object } info)
            return "other fields";
        var names = info.Properties.Where(p => p.Set is not null).Select(p => p.Name).ToList();
        if (typeof(RuleDefinition).IsAssignableFrom(type))
            names.Insert(0, "type");
        return names.Count == 0 ? "no other fields" : "the fields " + string.Join(", ", names);
    }

    private static IEnumerable<string> RuleTypeWords() =>
        Default.RuleDefinition.PolymorphismOptions!.DerivedTypes.Select(d => (string)d.TypeDiscriminator!);

    // The type of the value at the end of path inside an object of type holder: "$.x.years" → years; "$.kinds[0]" → an element of kinds.
    private static Type? ValueType(Type? holder, string path)
    {
        var segment = Match(path, @"\.(?<name>[A-Za-z0-9]+)(?<index>\[\d+\])*$");
        if (holder is null || segment is null || Default.GetTypeInfo(holder) is not { Kind: JsonTypeInfoKind.Object } info)
            return null;
        var property = info.Properties.FirstOrDefault(p => p.Name == segment["name"]);
        if (property is null)
            return null;
        return segment.ContainsKey("index") ? Default.GetTypeInfo(property.PropertyType)?.ElementType : property.PropertyType;
    }

    private static string Expected(Type? type)
    {
        var underlying = type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
        if (underlying is { IsEnum: true })
        {
            var words = underlying.GetFields(BindingFlags.Public | BindingFlags.Static)
                .Select(f => f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? f.Name);
            return "must be one of " + string.Join(", ", words);
        }
        if (underlying == typeof(int))
            return "must be a whole number";
        if (underlying == typeof(decimal))
            return "must be a number";
        if (underlying == typeof(string))
            return "must be a string";
        if (underlying == typeof(bool))
            return "must be true or false";
        if (underlying is null)
            return "has the wrong type";
        return Default.GetTypeInfo(underlying)?.Kind == JsonTypeInfoKind.Enumerable ? "must be an array" : "must be an object";
    }
}
