using System.Globalization;
using System.Text.Json;

namespace NoOneLeftBehind.Functions.Evaluation.Evaluate;

/// <summary>
/// What a numeric field of <c>POST /api/evaluate</c> is called in words, and the precise message for a value that is
/// not the number the contract asks for (issue 17, item 7): the field by name, what was received, and how to write it.
/// The contract keeps JSON numbers; a number sent as text ("1.234,5") is explained, never guessed.
/// </summary>
internal static class NumberFields
{
    private static readonly Dictionary<string, (string Vi, string En, bool Count)> Labels = new(StringComparer.Ordinal)
    {
        ["year"] = ("Năm", "The year", false),
        ["nominationYear"] = ("Năm đề nghị khen thưởng", "The nomination year", false),
        ["households"] = ("Tổng số hộ", "The household count", true),
        ["poor"] = ("Số hộ nghèo", "The poor-household count", true),
        ["nearPoor"] = ("Số hộ cận nghèo", "The near-poor household count", true),
        ["minorityHouseholds"] = ("Số hộ dân tộc thiểu số", "The ethnic-minority household count", true),
        ["minorityPoor"] = ("Số hộ nghèo dân tộc thiểu số", "The ethnic-minority poor-household count", true),
        ["minorityNearPoor"] = ("Số hộ cận nghèo dân tộc thiểu số", "The ethnic-minority near-poor household count", true),
        ["policyHouseholdsPoor"] = ("Số hộ chính sách, người có công còn là hộ nghèo", "The count of policy households still poor", true),
        ["policyHouseholdsPoorYear"] = ("Năm của số hộ chính sách còn nghèo", "The year of the policy-household count", false),
        ["escapedPovertyYear"] = ("Năm thoát nghèo", "The year the household escaped poverty", false),
        ["consecutiveYearsInPovertyWork"] = ("Số năm liên tục làm công tác giảm nghèo", "The consecutive years in poverty-reduction work", false),
        ["contribution"] = ("Giá trị đóng góp (đồng)", "The contribution (VND)", false),
    };

    /// <summary>The field's name in words (Vietnamese, English) from its path's last segment, e.g. <c>statistics[2].poor</c>.</summary>
    public static (string Vi, string En) LabelOf(string path)
    {
        var name = path[(path.LastIndexOf('.') + 1)..];
        return Labels.TryGetValue(name, out var label) ? (label.Vi, label.En) : (path, path);
    }

    /// <summary>A number was expected and <paramref name="value"/> (of another JSON kind) came.</summary>
    public static FieldError NotANumber(string path, JsonElement value)
    {
        var (vi, en) = LabelOf(path);
        if (value.ValueKind != JsonValueKind.String)
            return new(path, $"{vi} ({path}) cần là một số, không phải {KindVi(value.ValueKind)}.", $"{en} ({path}) must be a number, not {KindEn(value.ValueKind)}.");
        var text = value.GetString() ?? "";
        var shown = text.Length > 40 ? text[..40] + "…" : text;
        var read = Read(text);
        var wholeOnly = IsCount(path);
        var example = wholeOnly ? "12000" : "1234.5";
        var (hintVi, hintEn) = read switch
        {
            { Ambiguous: true } => (
                $" \"{shown}\" có thể hiểu là {Vi(read.First)} hoặc {Vi(read.Second)}; hãy gửi số JSON không có dấu phân cách hàng nghìn, phần thập phân sau dấu chấm (vd. {example}).",
                $" \"{shown}\" could mean {En(read.First)} or {En(read.Second)}; send a JSON number with no thousands separator and a decimal point (e.g. {example})."),
            { First: { } n } => (
                $" Hãy gửi {n.ToString(CultureInfo.InvariantCulture)} (số JSON, không đặt trong ngoặc kép, không có dấu phân cách hàng nghìn).",
                $" Send {n.ToString(CultureInfo.InvariantCulture)} (a JSON number, not in quotes, with no thousands separator)."),
            _ => (
                $" Hãy gửi một số JSON (vd. {example}).",
                $" Send a JSON number (e.g. {example})."),
        };
        return new(path, $"{vi} ({path}) cần là một số, không phải chuỗi \"{shown}\".{hintVi}", $"{en} ({path}) must be a number, not the text \"{shown}\".{hintEn}");
    }

    /// <summary>A whole number was expected and <paramref name="value"/> is a number with a fraction or out of range.</summary>
    public static FieldError NotWhole(string path, JsonElement value)
    {
        var (vi, en) = LabelOf(path);
        var raw = value.GetRawText();
        return IsCount(path)
            ? new(path, $"{vi} ({path}) là số hộ, phải là số nguyên không âm; nhận {raw}.", $"{en} ({path}) counts households and must be a whole number; got {raw}.")
            : new(path, $"{vi} ({path}) phải là số nguyên; nhận {raw}.", $"{en} ({path}) must be a whole number; got {raw}.");
    }

    private static bool IsCount(string path)
    {
        var name = path[(path.LastIndexOf('.') + 1)..];
        return Labels.TryGetValue(name, out var label) && label.Count;
    }

    /// <summary>
    /// Reads a number written as text the Vietnamese way (1.234,5) or the English way (1,234.5). One separator followed
    /// by exactly three digits ("1,530", "1.530") is ambiguous: both readings are returned.
    /// </summary>
    internal static (decimal? First, decimal? Second, bool Ambiguous) Read(string text)
    {
        var s = text.Trim().Replace(" ", "", StringComparison.Ordinal).Replace("\u00a0", "", StringComparison.Ordinal);
        if (s.Length == 0 || s.Length > 40) return (null, null, false);
        var dots = s.Count(c => c == '.');
        var commas = s.Count(c => c == ',');
        if (dots > 0 && commas > 0)
        {
            // Both: the last one is the decimal separator, the other groups thousands.
            var decimalSeparator = s.LastIndexOf('.') > s.LastIndexOf(',') ? '.' : ',';
            var grouping = decimalSeparator == '.' ? ',' : '.';
            return (Grouped(s, grouping, decimalSeparator), null, false);
        }
        var separator = dots > 0 ? '.' : commas > 0 ? ',' : '\0';
        if (separator == '\0') return (Plain(s), null, false);
        var count = dots + commas;
        var afterLast = s.Length - s.LastIndexOf(separator) - 1;
        if (count > 1) return (Grouped(s, separator, null), null, false); // 1.234.567: only grouping can repeat
        if (afterLast != 3) return (Plain(s.Replace(separator, '.')), null, false); // 12,5 or 12.50: a decimal part
        var asGrouping = Grouped(s, separator, null);
        var asDecimal = Plain(s.Replace(separator, '.'));
        return asGrouping is null || asDecimal is null ? (asGrouping ?? asDecimal, null, false) : (asGrouping, asDecimal, true);
    }

    private static decimal? Grouped(string s, char grouping, char? decimalSeparator)
    {
        var integerPart = decimalSeparator is { } d ? s[..s.LastIndexOf(d)] : s;
        var fraction = decimalSeparator is { } d2 ? s[(s.LastIndexOf(d2) + 1)..] : "";
        var groups = integerPart.TrimStart('-').Split(grouping);
        if (groups[0].Length is 0 or > 3 || groups.Skip(1).Any(g => g.Length != 3)) return null;
        return Plain(integerPart.Replace(grouping.ToString(), "", StringComparison.Ordinal) + (fraction.Length > 0 ? "." + fraction : ""));
    }

    private static decimal? Plain(string s) =>
        s.All(c => char.IsAsciiDigit(c) || c is '.' or '-') &&
        decimal.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n)
            ? n
            : null;

    private static string Vi(decimal? n) => n?.ToString("#,##0.###", CultureInfo.GetCultureInfo("vi-VN")) ?? "";

    private static string En(decimal? n) => n?.ToString("#,##0.###", CultureInfo.InvariantCulture) ?? "";

    private static string KindVi(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "một đối tượng JSON",
        JsonValueKind.Array => "một mảng",
        JsonValueKind.True or JsonValueKind.False => "giá trị true/false",
        _ => "giá trị khác",
    };

    private static string KindEn(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.True or JsonValueKind.False => "true/false",
        _ => "another kind of value",
    };
}
