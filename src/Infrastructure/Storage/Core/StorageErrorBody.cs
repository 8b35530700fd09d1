using System.Text.Json;
using System.Xml.Linq;

namespace NoOneLeftBehind.Infrastructure.Storage.Core;

/// <summary>Reads the error code and message out of an XML (Blob, Queue) or JSON (Table) error body.</summary>
internal static class StorageErrorBody
{
    public static (string? Code, string? Message) Parse(string body)
    {
        var trimmed = body.TrimStart();
        try
        {
            if (trimmed.StartsWith('{'))
            {
                using var doc = JsonDocument.Parse(trimmed);
                if (doc.RootElement.TryGetProperty("odata.error", out var error) || doc.RootElement.TryGetProperty("error", out error))
                {
                    var code = error.TryGetProperty("code", out var c) ? c.GetString() : null;
                    string? message = null;
                    if (error.TryGetProperty("message", out var m))
                    {
                        message = m.ValueKind == JsonValueKind.Object && m.TryGetProperty("value", out var v) ? v.GetString() : m.ToString();
                    }
                    return (code, message);
                }
            }
            else if (trimmed.StartsWith('<'))
            {
                var root = XDocument.Parse(trimmed).Root;
                return (root?.Element("Code")?.Value, root?.Element("Message")?.Value);
            }
        }
        catch (JsonException)
        {
        }
        catch (System.Xml.XmlException)
        {
        }
        return (null, null);
    }
}
