using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using NoOneLeftBehind.Domain.Identity;

namespace NoOneLeftBehind.Domain.Dossiers;

/// <summary>
/// Identifier of a nomination dossier: <c>{nominating unit code}-{32 hex digits}</c>, e.g.
/// <c>639-4f0c…</c>. The unit is part of the id so that a request for a dossier can be authorised
/// (and the dossier read with one point lookup) before anything is loaded; an id guessed for
/// another unit is refused without revealing whether it exists.
/// </summary>
[JsonConverter(typeof(DossierIdJsonConverter))]
public readonly record struct DossierId
{
    private DossierId(string value, string unitCode)
    {
        Value = value;
        UnitCode = unitCode;
    }

    /// <summary>The id text.</summary>
    public string Value { get; }

    /// <summary>The nominating unit's code (2, 3 or 5 digits).</summary>
    public string UnitCode { get; }

    /// <summary>The nominating unit's code, typed.</summary>
    public Units.UnitCode Unit => Units.UnitCode.Parse(UnitCode);

    /// <summary>A new id for a dossier of <paramref name="unitCode"/>.</summary>
    public static DossierId New(string unitCode)
    {
        if (!IsUnitCode(unitCode)) throw new ArgumentException($"'{unitCode}' is not a unit code of 2, 3 or 5 digits.", nameof(unitCode));
        return new DossierId(unitCode + "-" + Guid.NewGuid().ToString("N"), unitCode);
    }

    /// <summary>A fixed id (demo data) made of a unit code and a 32-hex-digit suffix.</summary>
    public static DossierId Create(string unitCode, Guid suffix)
    {
        if (!IsUnitCode(unitCode)) throw new ArgumentException($"'{unitCode}' is not a unit code of 2, 3 or 5 digits.", nameof(unitCode));
        return new DossierId(unitCode + "-" + suffix.ToString("N"), unitCode);
    }

    /// <summary>Parses an id; false when the text is not well formed.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out DossierId id)
    {
        id = default;
        if (text is null || text.Length > 40) return false;
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0) return false;
        var unit = text[..dash];
        var suffix = text[(dash + 1)..];
        if (!IsUnitCode(unit) || suffix.Length != 32) return false;
        foreach (var c in suffix)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c)) return false;
        }
        id = new DossierId(text, unit);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Value ?? string.Empty;

    private static bool IsUnitCode(string? code) =>
        ScopeUnitCodes.IsValid(code) && !string.Equals(code, ScopeUnitCodes.National, StringComparison.Ordinal);
}
