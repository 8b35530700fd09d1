using System.Globalization;
using System.Text;

namespace NoOneLeftBehind.Domain.Dossiers;

/// <summary>
/// The name a user's file has: what it may contain, which extensions are allowed, and which content
/// each extension declares. <see cref="FileKind"/> is the one allow-list; the extensions come from it.
/// </summary>
public static class FileName
{
    /// <summary>Longest accepted name.</summary>
    public const int MaxLength = 200;

    /// <summary>The extensions (lowercase, with the dot) a file of <paramref name="kind"/> may have.</summary>
    public static IReadOnlyList<string> ExtensionsOf(FileKind kind) => kind switch
    {
        FileKind.Pdf => [".pdf"],
        FileKind.Docx => [".docx"],
        FileKind.Xlsx => [".xlsx"],
        FileKind.Jpeg => [".jpg", ".jpeg"],
        FileKind.Png => [".png"],
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "A file kind without extensions."),
    };

    /// <summary>Every allowed extension, in the order of <see cref="FileKind"/>.</summary>
    public static IReadOnlyList<string> AllowedExtensions { get; } = [.. Enum.GetValues<FileKind>().SelectMany(ExtensionsOf)];

    /// <summary>How a kind is named in messages: PDF, DOCX, XLSX, JPEG, PNG.</summary>
    public static string Label(FileKind kind) => kind.ToString().ToUpperInvariant();

    /// <summary>The kind a name's extension declares (case-insensitive), or null when the extension is not allowed.</summary>
    public static FileKind? DeclaredKind(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var extension = Path.GetExtension(name);
        foreach (var kind in Enum.GetValues<FileKind>())
        {
            if (ExtensionsOf(kind).Contains(extension, StringComparer.OrdinalIgnoreCase)) return kind;
        }
        return null;
    }

    /// <summary>
    /// Checks a name given when a file is added: required, at most <see cref="MaxLength"/> characters
    /// (a path is cut to its last part), no control or invisible format character (bidirectional
    /// overrides, zero-width characters, BOM…), and an allowed extension.
    /// </summary>
    /// <returns>The name to keep, or the problem (<c>invalid-file-name</c>, <c>file-type-not-allowed</c>).</returns>
    public static (string? Name, DossierProblem? Problem) Check(string? name, string field = "fileName")
    {
        if (string.IsNullOrWhiteSpace(name))
            return (null, new("invalid-file-name", field, "Tên tệp là bắt buộc.", "The file name is required."));
        foreach (var rune in name.EnumerateRunes())
        {
            if (!IsHidden(rune)) continue;
            var (vi, en) = Describe(rune);
            var code = $"U+{rune.Value:X4}";
            var shown = Clean(name);
            return (null, new("invalid-file-name", field,
                $"Tên tệp '{shown}' chứa ký tự ẩn {code} ({vi} / {en}), có thể làm tên hiển thị sai lệch; đổi tên tệp rồi tải lên lại.",
                $"The file name '{shown}' contains the invisible character {code} ({vi} / {en}), which can disguise how the name reads; rename the file and upload it again."));
        }
        var n = Path.GetFileName(name.Replace('\\', '/').Trim());
        if (n.Length is 0 or > MaxLength)
            return (null, new("invalid-file-name", field, $"Tên tệp phải có từ 1 đến {MaxLength} ký tự.", $"The file name must have 1 to {MaxLength} characters."));
        if (DeclaredKind(n) is null)
        {
            var extension = Path.GetExtension(n);
            var allowed = string.Join(", ", AllowedExtensions);
            return (null, new("file-type-not-allowed", field,
                extension.Length == 0
                    ? $"Tệp '{n}' không có đuôi tệp; chỉ nhận {allowed}."
                    : $"Tệp '{n}' có đuôi '{extension}' không được nhận; chỉ nhận {allowed}.",
                extension.Length == 0
                    ? $"File '{n}' has no extension; only {allowed} are accepted."
                    : $"File '{n}' has the extension '{extension}', which is not accepted; only {allowed} are accepted."));
        }
        return (n, null);
    }

    /// <summary>
    /// The refusal when the sniffed content is not what the name's extension declares (a PNG named
    /// <c>.pdf</c>), or null when they agree.
    /// </summary>
    public static DossierProblem? ContentMismatch(string name, FileKind sniffed, string field)
    {
        ArgumentNullException.ThrowIfNull(name);
        var declared = DeclaredKind(name);
        if (declared == sniffed) return null;
        var content = Label(sniffed);
        if (declared is { } d)
        {
            return new("type-mismatch", field,
                $"Tệp '{name}' có nội dung {content}, không phải {Label(d)}; đặt đúng đuôi tệp ({string.Join(", ", ExtensionsOf(sniffed))}) hoặc chọn đúng tệp.",
                $"'{name}' holds {content} content, not {Label(d)}; give it the right extension ({string.Join(", ", ExtensionsOf(sniffed))}) or choose the right file.");
        }
        // A name kept from before extensions were checked.
        return new("type-mismatch", field,
            $"Tệp '{name}' có nội dung {content}, nhưng đuôi tệp '{Path.GetExtension(name)}' không phải của {content} ({string.Join(", ", ExtensionsOf(sniffed))}).",
            $"'{name}' holds {content} content, but its extension '{Path.GetExtension(name)}' is not one of {content} ({string.Join(", ", ExtensionsOf(sniffed))}).");
    }

    /// <summary>
    /// <paramref name="name"/> without control and invisible format characters: how a name stored
    /// before they were refused is shown and put in a Content-Disposition. Never empty.
    /// </summary>
    public static string Clean(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var hidden = false;
        foreach (var rune in name.EnumerateRunes())
        {
            if (IsHidden(rune))
            {
                hidden = true;
                break;
            }
        }
        if (!hidden) return name.Length == 0 ? "_" : name;
        var clean = new StringBuilder(name.Length);
        foreach (var rune in name.EnumerateRunes())
        {
            if (!IsHidden(rune)) clean.Append(rune.ToString());
        }
        return clean.Length == 0 ? "_" : clean.ToString();
    }

    /// <summary>Control (Cc), format (Cf: bidirectional controls, zero-width characters, BOM…), line and paragraph separators.</summary>
    public static bool IsHidden(Rune rune) => Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format
        or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;

    private static (string Vi, string En) Describe(Rune rune) => rune.Value switch
    {
        0x0000 => ("ký tự rỗng", "null character"),
        0x061C => ("dấu hướng chữ Ả Rập", "Arabic letter mark"),
        0x200B => ("khoảng trắng độ rộng 0", "zero-width space"),
        0x200C => ("ký tự không nối độ rộng 0", "zero-width non-joiner"),
        0x200D => ("ký tự nối độ rộng 0", "zero-width joiner"),
        0x200E => ("dấu trái-sang-phải", "left-to-right mark"),
        0x200F => ("dấu phải-sang-trái", "right-to-left mark"),
        0x202A => ("nhúng trái-sang-phải", "left-to-right embedding"),
        0x202B => ("nhúng phải-sang-trái", "right-to-left embedding"),
        0x202C => ("kết thúc định dạng hướng", "pop directional formatting"),
        0x202D => ("ép hiển thị trái-sang-phải", "left-to-right override"),
        0x202E => ("đảo chiều hiển thị", "right-to-left override"),
        0x2066 => ("cô lập trái-sang-phải", "left-to-right isolate"),
        0x2067 => ("cô lập phải-sang-trái", "right-to-left isolate"),
        0x2068 => ("cô lập theo ký tự đầu", "first strong isolate"),
        0x2069 => ("kết thúc cô lập hướng", "pop directional isolate"),
        0x2028 => ("ký tự ngắt dòng", "line separator"),
        0x2029 => ("ký tự ngắt đoạn", "paragraph separator"),
        0xFEFF => ("dấu thứ tự byte (BOM)", "byte order mark"),
        _ => Rune.GetUnicodeCategory(rune) == UnicodeCategory.Format
            ? ("ký tự định dạng ẩn", "invisible format character")
            : ("ký tự điều khiển", "control character"),
    };
}
