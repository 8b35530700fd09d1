using System.Collections.Frozen;

namespace NoOneLeftBehind.Domain.Plans;

/// <summary>The contract words for subject kinds and tags, both ways.</summary>
public static class SubjectKinds
{
    private static readonly FrozenDictionary<string, SubjectKind> KindsByWord = new Dictionary<string, SubjectKind>(StringComparer.Ordinal)
    {
        ["agency"] = SubjectKind.Agency,
        ["district"] = SubjectKind.District,
        ["commune"] = SubjectKind.Commune,
        ["village"] = SubjectKind.Village,
        ["household"] = SubjectKind.Household,
        ["official"] = SubjectKind.Official,
        ["enterprise"] = SubjectKind.Enterprise,
        ["collective"] = SubjectKind.Collective,
        ["individual"] = SubjectKind.Individual,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, SubjectTags> TagsByWord = new Dictionary<string, SubjectTags>(StringComparer.Ordinal)
    {
        ["poor-district"] = SubjectTags.PoorDistrict,
        ["poor-commune"] = SubjectTags.PoorCommune,
        ["region-1"] = SubjectTags.Region1,
        ["region-2"] = SubjectTags.Region2,
        ["region-3"] = SubjectTags.Region3,
        ["newly-escaped"] = SubjectTags.NewlyEscaped,
        ["supporter"] = SubjectTags.Supporter,
        ["bank"] = SubjectTags.Bank,
        ["credit-institution"] = SubjectTags.CreditInstitution,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Every subject-kind word of the contract.</summary>
    public static IEnumerable<string> KindWords => KindsByWord.Keys.Order(StringComparer.Ordinal);

    /// <summary>Every tag word the engine understands.</summary>
    public static IEnumerable<string> TagWords => TagsByWord.Keys.Order(StringComparer.Ordinal);

    /// <summary>Parses a subject-kind word (<c>district</c>…).</summary>
    public static bool TryParse(string? word, out SubjectKind kind)
    {
        kind = default;
        return word is not null && KindsByWord.TryGetValue(word, out kind);
    }

    /// <summary>Parses tag words; words the engine does not know are ignored, as the contract says.</summary>
    public static SubjectTags ParseTags(IEnumerable<string?>? words)
    {
        var tags = SubjectTags.None;
        if (words is null)
            return tags;
        foreach (var word in words)
        {
            if (word is not null && TagsByWord.TryGetValue(word, out var tag))
                tags |= tag;
        }
        return tags;
    }

    /// <summary>The contract word of a subject kind.</summary>
    public static string ToContract(SubjectKind kind) =>
        KindsByWord.FirstOrDefault(p => p.Value == kind).Key ?? ((int)kind).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The contract word of a single tag.</summary>
    public static string ToContract(SubjectTags tag) =>
        TagsByWord.FirstOrDefault(p => p.Value == tag).Key ?? tag.ToString();
}
