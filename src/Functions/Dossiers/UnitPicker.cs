using NoOneLeftBehind.Domain.Units;

namespace NoOneLeftBehind.Functions.Dossiers;

/// <summary>
/// <c>GET /api/units?q=&amp;year=&amp;within=</c>: the form's unit picker (issue 17, item 8) instead of typing a GSO code.
/// Units in force on 30/06 of <c>year</c> (the stage's year: a 2023 dossier names 2023's units), provinces, districts
/// and communes, whose name, parents' names or code contain every word of <c>q</c> ignoring case and diacritics
/// ("ia hru" finds "Xã Ia Hrú"); <c>within</c> narrows to a unit's subtree. At most 20: units whose own name holds every word first, then by level and name.
/// </summary>
internal static class UnitPicker
{
    private const int MaxResults = 20;

    public static IResult Search(string? q, int? year, string? within)
    {
        var words = DossierSearch.Words(q);
        if (words.Count == 0) return Results.Ok(Array.Empty<object>());
        // Mid-year: a 2025 dossier still names the districts abolished on 01/07/2025.
        var date = new DateOnly(Math.Clamp(year ?? DateTime.UtcNow.Year, 2000, 2100), 6, 30);
        var registry = UnitRegistry.Embedded;
        UnitCode? root = within is not null && UnitCode.TryParse(within, out var parsed) ? parsed : null;
        var found = new List<(bool OwnName, int Level, string Name, object Row)>();
        foreach (var level in new[] { UnitLevel.Province, UnitLevel.District, UnitLevel.Commune })
        {
            foreach (var unit in registry.UnitsAt(date, level))
            {
                if (root is { } r && unit.Code != r && !registry.IsWithin(unit.Code, r, date)) continue;
                var parents = registry.AncestorsOf(unit.Code, date).Where(a => a.Code != unit.Code).Select(a => a.FullName).ToList();
                var text = DossierSearch.Fold(string.Join(' ', unit.FullName, string.Join(' ', parents), unit.Code.Value));
                if (!words.All(w => text.Contains(w, StringComparison.Ordinal))) continue;
                // Units whose own name (or code) holds every word come first: "ia le" is Xã Ia Le, not a unit of Gia Lai.
                var own = DossierSearch.Fold(unit.FullName + " " + unit.Code.Value);
                found.Add((words.All(w => own.Contains(w, StringComparison.Ordinal)), (int)level, unit.Name,
                    new { code = unit.Code.Value, name = unit.FullName, level = level.ToString().ToLowerInvariant(), path = string.Join(", ", parents) }));
            }
        }
        return Results.Ok(found.OrderByDescending(f => f.OwnName).ThenBy(f => f.Level).ThenBy(f => f.Name, StringComparer.Ordinal)
            .Take(MaxResults).Select(f => f.Row).ToList());
    }
}
