using System.Globalization;
using System.Text.Json;

namespace NoOneLeftBehind.Infrastructure.Storage.Tables;

/// <summary>
/// Entity ⇄ JSON in the Table service's OData v3 JSON format. Types JSON cannot carry unambiguously are annotated
/// with <c>Name@odata.type</c>: Int64 (as a string), Double, DateTime, Guid and Binary (base64).
/// Reads use <c>odata=minimalmetadata</c>, where the service annotates exactly those types.
/// </summary>
internal static class TableJson
{
    private const string TypeSuffix = "@odata.type";

    public static void WriteEntity(Utf8JsonWriter writer, TableEntity entity)
    {
        writer.WriteStartObject();
        foreach (var (name, value) in entity)
        {
            if (value is null || name == "Timestamp" || name.StartsWith("odata.", StringComparison.Ordinal))
            {
                continue;
            }
            switch (value)
            {
                case string s:
                    writer.WriteString(name, s);
                    break;
                case int i:
                    writer.WriteNumber(name, i);
                    break;
                case long l:
                    writer.WriteString(name + TypeSuffix, "Edm.Int64");
                    writer.WriteString(name, l.ToString(CultureInfo.InvariantCulture));
                    break;
                case double d:
                    writer.WriteString(name + TypeSuffix, "Edm.Double");
                    if (double.IsFinite(d))
                    {
                        writer.WriteNumber(name, d);
                    }
                    else
                    {
                        writer.WriteString(name, double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
                    }
                    break;
                case bool b:
                    writer.WriteBoolean(name, b);
                    break;
                case DateTimeOffset dto:
                    WriteDateTime(writer, name, dto);
                    break;
                case DateTime dt:
                    if (dt.Kind == DateTimeKind.Unspecified)
                    {
                        throw new ArgumentException($"Property '{name}': a DateTime of unspecified kind is ambiguous; use DateTimeOffset or a UTC DateTime.", nameof(entity));
                    }
                    WriteDateTime(writer, name, new DateTimeOffset(dt.ToUniversalTime()));
                    break;
                case Guid g:
                    writer.WriteString(name + TypeSuffix, "Edm.Guid");
                    writer.WriteString(name, g.ToString("D", CultureInfo.InvariantCulture));
                    break;
                case byte[] bytes:
                    writer.WriteString(name + TypeSuffix, "Edm.Binary");
                    writer.WriteBase64String(name, bytes);
                    break;
                default:
                    throw new ArgumentException($"Property '{name}' has type {value.GetType().Name}, which Table storage cannot hold (use string, int, long, double, bool, DateTimeOffset, Guid or byte[]).", nameof(entity));
            }
        }
        writer.WriteEndObject();
    }

    public static byte[] Serialize(TableEntity entity)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteEntity(writer, entity);
        }
        return buffer.ToArray();
    }

    public static TableEntity ReadEntity(JsonElement element)
    {
        var entity = new TableEntity();
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (property.Name.EndsWith(TypeSuffix, StringComparison.Ordinal) && property.Value.ValueKind == JsonValueKind.String)
            {
                types[property.Name[..^TypeSuffix.Length]] = property.Value.GetString()!;
            }
        }
        foreach (var property in element.EnumerateObject())
        {
            var name = property.Name;
            if (name.EndsWith(TypeSuffix, StringComparison.Ordinal))
            {
                continue;
            }
            if (name.StartsWith("odata.", StringComparison.Ordinal))
            {
                if (name == "odata.etag")
                {
                    entity.ETag = property.Value.GetString();
                }
                continue;
            }
            var value = ReadValue(property.Value, types.GetValueOrDefault(name));
            if (name == "Timestamp")
            {
                entity.Timestamp = value switch
                {
                    DateTimeOffset d => d,
                    string s => ParseDateTime(s),
                    _ => null,
                };
                continue;
            }
            entity[name] = value;
        }
        return entity;
    }

    private static object? ReadValue(JsonElement value, string? edmType)
    {
        switch (edmType)
        {
            case "Edm.Int64":
                return value.ValueKind == JsonValueKind.String
                    ? long.Parse(value.GetString()!, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)
                    : value.GetInt64();
            case "Edm.Double":
                return value.ValueKind == JsonValueKind.String
                    ? value.GetString() switch
                    {
                        "NaN" => double.NaN,
                        "Infinity" => double.PositiveInfinity,
                        "-Infinity" => double.NegativeInfinity,
                        var s => double.Parse(s!, NumberStyles.Float, CultureInfo.InvariantCulture),
                    }
                    : value.GetDouble();
            case "Edm.DateTime":
                return ParseDateTime(value.GetString()!);
            case "Edm.Guid":
                return Guid.Parse(value.GetString()!, CultureInfo.InvariantCulture);
            case "Edm.Binary":
                return value.GetBytesFromBase64();
            case "Edm.Int32":
                return value.GetInt32();
            case "Edm.Boolean":
                return value.GetBoolean();
            case "Edm.String":
                return value.GetString();
        }
        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => ReadUnannotatedNumber(value),
            JsonValueKind.Null => null,
            _ => value.GetRawText(),
        };
    }

    private static object ReadUnannotatedNumber(JsonElement value)
    {
        var raw = value.GetRawText();
        var looksIntegral = raw.IndexOfAny(['.', 'e', 'E']) < 0;
        if (looksIntegral && value.TryGetInt32(out var i))
        {
            return i;
        }
        if (looksIntegral && value.TryGetInt64(out var l))
        {
            return l;
        }
        return value.GetDouble();
    }

    private static DateTimeOffset ParseDateTime(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static void WriteDateTime(Utf8JsonWriter writer, string name, DateTimeOffset value)
    {
        writer.WriteString(name + TypeSuffix, "Edm.DateTime");
        writer.WriteString(name, value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
    }
}
