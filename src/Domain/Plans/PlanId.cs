namespace NoOneLeftBehind.Domain.Plans;

/// <summary>Identifier of a plan in the catalogue: lower-case letters, digits and single hyphens.</summary>
public readonly record struct PlanId
{
    private PlanId(string value) => Value = value;

    /// <summary>The id text, e.g. <c>binh-dinh-2021-2025</c>.</summary>
    public string Value { get; }

    /// <summary>Parses an id; false when the text is not a well-formed plan id.</summary>
    public static bool TryParse(string? text, out PlanId id)
    {
        if (IsWellFormed(text))
        {
            id = new PlanId(text!);
            return true;
        }
        id = default;
        return false;
    }

    /// <summary>Parses an id; throws <see cref="FormatException"/> when it is not well formed.</summary>
    public static PlanId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new FormatException($"'{text}' is not a plan id (lower-case letters, digits and hyphens).");

    /// <inheritdoc />
    public override string ToString() => Value ?? string.Empty;

    internal static bool IsWellFormed(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.Length > 64 || text[0] == '-' || text[^1] == '-')
            return false;
        var previousHyphen = false;
        foreach (var c in text)
        {
            var hyphen = c == '-';
            if (!(hyphen || char.IsAsciiDigit(c) || char.IsAsciiLetterLower(c)) || (hyphen && previousHyphen))
                return false;
            previousHyphen = hyphen;
        }
        return true;
    }
}
