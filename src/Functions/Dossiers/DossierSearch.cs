using System.Globalization;
using System.Text;

namespace NoOneLeftBehind.Functions.Dossiers;

/// <summary>How the reviewers' console searches: every word, ignoring case and diacritics, over names and unit paths.</summary>
internal static class DossierSearch
{
    /// <summary>Lower case, without diacritics, đ → d: "Huyện Chư Pưh" → "huyen chu puh".</summary>
    public static string Fold(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            builder.Append(c switch
            {
                'đ' or 'Đ' => 'd',
                _ => char.ToLowerInvariant(c),
            });
        }
        return builder.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>The words of a search text, folded.</summary>
    public static List<string> Words(string? q) =>
        string.IsNullOrWhiteSpace(q) ? [] : [.. Fold(q).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    /// <summary>
    /// "Xã Ia Hrú, Huyện Chư Pưh, Tỉnh Gia Lai (23971)": the unit and its ancestors, over every version the code had
    /// (a commune keeps its old district's name after the 2025 reform, so "Chu Puh" still finds it).
    /// </summary>
    public static string UnitPath(string code)
    {
        if (!Domain.Units.UnitCode.TryParse(code, out var unitCode)) return code;
        var registry = Domain.Units.UnitRegistry.Embedded;
        var names = new List<string>();
        foreach (var version in registry.VersionsOf(unitCode))
        {
            var date = version.ValidTo is { } to ? to.AddDays(-1) : version.ValidFrom ?? new DateOnly(2024, 1, 1);
            if (!names.Contains(version.FullName)) names.Add(version.FullName);
            foreach (var ancestor in registry.AncestorsOf(unitCode, date))
            {
                if (!names.Contains(ancestor.FullName)) names.Add(ancestor.FullName);
            }
        }
        return names.Count == 0 ? code : $"{string.Join(", ", names)} ({code})";
    }
}
