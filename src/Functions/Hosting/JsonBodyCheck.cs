using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace NoOneLeftBehind.Functions.Hosting;

/// <summary>Why a JSON body was refused: a stable code, the place (a JSON path, or <c>body</c>) and the reason in Vietnamese and English.</summary>
/// <param name="Code"><c>duplicate-property</c>, <c>invalid-escape</c>, <c>invalid-utf8</c> or <c>malformed-json</c>.</param>
/// <param name="Field">Where: <c>$.subject.unitCode</c>, or <c>body</c> for the whole body.</param>
/// <param name="MessageVi">Vietnamese.</param>
/// <param name="MessageEn">English.</param>
public sealed record JsonBodyError(string Code, string Field, string MessageVi, string MessageEn);

/// <summary>
/// Checks a JSON body before anything binds it: valid UTF-8, well-formed, no string with an unpaired
/// surrogate escape (<c>"\ud800"</c>), and no object naming a property twice — compared ignoring case,
/// because the model binder matches names ignoring case and keeps the last one. A body that passes has one
/// meaning, so the authorization check and the handler cannot read two different values from it.
/// </summary>
public static class JsonBodyCheck
{
    /// <summary>Deepest nesting accepted.</summary>
    public const int MaxDepth = 64;

    /// <summary>The first problem of <paramref name="utf8"/>, or null when the body is acceptable.</summary>
    public static JsonBodyError? Check(ReadOnlySpan<byte> utf8)
    {
        if (!Utf8.IsValid(utf8))
        {
            var at = FirstInvalidUtf8Byte(utf8) + 1;
            return new("invalid-utf8", "body",
                $"Nội dung không phải văn bản UTF-8 hợp lệ (byte thứ {at.ToString(CultureInfo.InvariantCulture)}).",
                $"The body is not valid UTF-8 (at byte {at.ToString(CultureInfo.InvariantCulture)}).");
        }

        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = MaxDepth, CommentHandling = JsonCommentHandling.Disallow });
        var frames = new List<Frame>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        CountArrayItem(frames);
                        frames.Add(new Frame(new HashSet<string>(StringComparer.OrdinalIgnoreCase)));
                        break;
                    case JsonTokenType.StartArray:
                        CountArrayItem(frames);
                        frames.Add(new Frame(null));
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        frames.RemoveAt(frames.Count - 1);
                        break;
                    case JsonTokenType.PropertyName:
                        var frame = frames[^1];
                        frame.Property = null; // the path up to this object, not its previous property
                        if (!TryGetString(ref reader, out var name))
                            return InvalidEscape(Path(frames) + ".?");
                        if (!frame.Names!.Add(name))
                        {
                            var path = Path(frames) + "." + name;
                            return new("duplicate-property", path,
                                $"Thuộc tính '{name}' xuất hiện nhiều lần trong cùng một đối tượng (không phân biệt chữ hoa, chữ thường) tại {path}; mỗi thuộc tính chỉ được ghi một lần.",
                                $"Property '{name}' appears more than once in the same object (ignoring case) at {path}; give each property once.");
                        }
                        frame.Property = name;
                        break;
                    case JsonTokenType.String:
                        CountArrayItem(frames);
                        if (reader.ValueIsEscaped && !TryGetString(ref reader, out _))
                            return InvalidEscape(Path(frames));
                        break;
                    default:
                        CountArrayItem(frames);
                        break;
                }
            }
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line
                ? $" (dòng/line {(line + 1).ToString(CultureInfo.InvariantCulture)}, vị trí/byte {(ex.BytePositionInLine + 1)?.ToString(CultureInfo.InvariantCulture)})"
                : string.Empty;
            return new("malformed-json", "body", "JSON không hợp lệ" + where + ".", "Malformed JSON" + where + ".");
        }
        return null;
    }

    private static JsonBodyError InvalidEscape(string path) => new("invalid-escape", path,
        $"Chuỗi tại {path} chứa mã thoát Unicode không hợp lệ (một nửa cặp thay thế \\uD800–\\uDFFF đứng một mình).",
        $"The string at {path} holds an invalid Unicode escape (an unpaired surrogate \\uD800–\\uDFFF).");

    private static bool TryGetString(ref Utf8JsonReader reader, out string value)
    {
        try
        {
            value = reader.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            value = string.Empty;
            return false;
        }
    }

    private static void CountArrayItem(List<Frame> frames)
    {
        if (frames.Count > 0 && frames[^1].Names is null) frames[^1].Index++;
    }

    private static string Path(List<Frame> frames)
    {
        var path = new StringBuilder("$");
        foreach (var frame in frames)
        {
            if (frame.Names is null) path.Append('[').Append(frame.Index.ToString(CultureInfo.InvariantCulture)).Append(']');
            else if (frame.Property is not null) path.Append('.').Append(frame.Property);
        }
        return path.ToString();
    }

    private static int FirstInvalidUtf8Byte(ReadOnlySpan<byte> utf8)
    {
        var offset = 0;
        while (offset < utf8.Length)
        {
            if (System.Text.Rune.DecodeFromUtf8(utf8[offset..], out _, out var consumed) != System.Buffers.OperationStatus.Done) return offset;
            offset += consumed;
        }
        return offset;
    }

    private sealed class Frame(HashSet<string>? names)
    {
        public HashSet<string>? Names { get; } = names;

        public string? Property { get; set; }

        public int Index { get; set; } = -1;
    }
}
