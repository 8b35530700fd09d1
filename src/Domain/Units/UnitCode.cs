using System.Diagnostics.CodeAnalysis;

namespace NoOneLeftBehind.Domain.Units;

/// <summary>
/// The official code of an administrative unit (mã đơn vị hành chính, GSO/NSO list): ASCII digits,
/// 2 for a province, 3 for a district, 5 for a commune; longer codes are accepted for villages.
/// Leading zeros matter, so a code is text, never a number. The same code can name different
/// units at different dates (the July 2025 reform reused codes): pair it with a date to find the unit.
/// </summary>
public readonly record struct UnitCode : IComparable<UnitCode>
{
    private readonly string? _value;

    private UnitCode(string value) => _value = value;

    /// <summary>The code as written in the official list, e.g. <c>"00004"</c>.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Parses a code; throws <see cref="FormatException"/> when it is not 2–12 ASCII digits.</summary>
    /// <param name="value">The code text.</param>
    /// <returns>The code.</returns>
    public static UnitCode Parse(string value) =>
        TryParse(value, out var code)
            ? code
            : throw new FormatException($"'{value}' is not an administrative unit code (2 to 12 digits).");

    /// <summary>Parses a code without throwing. Surrounding whitespace is not accepted.</summary>
    /// <param name="value">The code text.</param>
    /// <param name="code">The code when the text is valid.</param>
    /// <returns><see langword="true"/> when <paramref name="value"/> is 2–12 ASCII digits.</returns>
    public static bool TryParse([NotNullWhen(true)] string? value, out UnitCode code)
    {
        code = default;
        if (value is null || value.Length is < 2 or > 12)
            return false;
        foreach (var c in value)
        {
            if (!char.IsAsciiDigit(c))
                return false;
        }

        code = new UnitCode(value);
        return true;
    }

    /// <summary>
    /// How many digits a code has at <paramref name="level"/>: 2 for a province, 3 for a district, 5 for a
    /// commune; <see langword="null"/> for a village (codes of varying width).
    /// </summary>
    /// <param name="level">The level.</param>
    /// <returns>The width, or <see langword="null"/>.</returns>
    public static int? WidthAt(UnitLevel level) => level switch
    {
        UnitLevel.Province => 2,
        UnitLevel.District => 3,
        UnitLevel.Commune => 5,
        _ => null,
    };

    /// <inheritdoc/>
    public int CompareTo(UnitCode other) => string.CompareOrdinal(Value, other.Value);

    /// <summary>Orders codes ordinally.</summary>
    public static bool operator <(UnitCode left, UnitCode right) => left.CompareTo(right) < 0;

    /// <summary>Orders codes ordinally.</summary>
    public static bool operator >(UnitCode left, UnitCode right) => left.CompareTo(right) > 0;

    /// <summary>Orders codes ordinally.</summary>
    public static bool operator <=(UnitCode left, UnitCode right) => left.CompareTo(right) <= 0;

    /// <summary>Orders codes ordinally.</summary>
    public static bool operator >=(UnitCode left, UnitCode right) => left.CompareTo(right) >= 0;

    /// <summary>The code text.</summary>
    /// <returns>The code as written in the official list.</returns>
    public override string ToString() => Value;
}
