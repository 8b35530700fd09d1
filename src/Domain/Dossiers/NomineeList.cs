using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using NoOneLeftBehind.Domain.Plans;

namespace NoOneLeftBehind.Domain.Dossiers;

/// <summary>
/// Identifier of a list (danh sách trình): one per (body, plan, stage, award form),
/// <c>{bodyId}~{planId}~{stage}-{year}~{awardFormId}</c>, e.g. <c>bac-giang-so-ldtbxh~bac-giang-so-ket-2023~mid-term-2023~bang-khen-chu-tich-tinh</c>.
/// Deterministic, so opening a list twice finds the same one.
/// </summary>
[JsonConverter(typeof(NomineeListIdJsonConverter))]
public readonly record struct NomineeListId
{
    private NomineeListId(string bodyId, string planId, DossierStage stage, string awardFormId)
    {
        BodyId = bodyId;
        PlanId = planId;
        Stage = stage;
        AwardFormId = awardFormId;
    }

    /// <summary>The body that assembles and submits the list.</summary>
    public string BodyId { get; }

    /// <summary>The plan.</summary>
    public string PlanId { get; }

    /// <summary>The stage.</summary>
    public DossierStage Stage { get; }

    /// <summary>The award form.</summary>
    public string AwardFormId { get; }

    /// <summary>The id text.</summary>
    public string Value => BodyId + "~" + Key;

    /// <summary>The part after the body: <c>{planId}~{stage}-{year}~{awardFormId}</c> (the row key in the body's partition).</summary>
    public string Key => string.Join('~', PlanId, DossierChecks.Word(Stage.Kind) + "-" + Stage.Year.ToString(CultureInfo.InvariantCulture), AwardFormId);

    /// <summary>The id of the list of <paramref name="bodyId"/> for a plan's stage and award form.</summary>
    public static NomineeListId Of(string bodyId, string planId, DossierStage stage, string awardFormId)
    {
        ArgumentNullException.ThrowIfNull(stage);
        foreach (var (part, name) in new[] { (bodyId, nameof(bodyId)), (planId, nameof(planId)), (awardFormId, nameof(awardFormId)) })
        {
            if (!IsSlug(part)) throw new ArgumentException($"'{part}' is not a kebab-case id.", name);
        }
        return new NomineeListId(bodyId, planId, stage, awardFormId);
    }

    /// <summary>Parses an id; false when the text is not well formed.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out NomineeListId id)
    {
        id = default;
        var parts = text?.Split('~');
        if (parts is not { Length: 4 } || parts.Take(3).Concat(parts.Skip(3)).Any(p => !IsSlug(p))) return false;
        var dash = parts[2].LastIndexOf('-');
        if (dash <= 0 || !int.TryParse(parts[2][(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var year)) return false;
        StageKind? kind = parts[2][..dash] switch
        {
            "launch" => StageKind.Launch, "annual" => StageKind.Annual, "mid-term" => StageKind.MidTerm, "final" => StageKind.Final, _ => null,
        };
        if (kind is null) return false;
        id = new NomineeListId(parts[0], parts[1], new DossierStage(kind.Value, year), parts[3]);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Value;

    private static bool IsSlug(string? s) =>
        s is { Length: > 0 and <= 80 } && s.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');
}

/// <summary>Reads and writes <see cref="NomineeListId"/> as its text.</summary>
public sealed class NomineeListIdJsonConverter : JsonConverter<NomineeListId>
{
    /// <inheritdoc />
    public override NomineeListId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        NomineeListId.TryParse(reader.GetString(), out var id) ? id : throw new JsonException($"'{reader.GetString()}' is not a list id.");

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, NomineeListId value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.Value);
    }
}

/// <summary>Where a list is.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<NomineeListStatus>))]
public enum NomineeListStatus
{
    /// <summary>Being assembled: its dossiers and documents may change.</summary>
    [JsonStringEnumMemberName("draft")] Draft,
    /// <summary>Submitted (trình): its dossiers are forwarded.</summary>
    [JsonStringEnumMemberName("submitted")] Submitted,
}

/// <summary>A dossier on a list, as the list shows it.</summary>
/// <param name="DossierId">The dossier.</param>
/// <param name="NominatingUnitCode">Its nominating unit.</param>
/// <param name="NomineeName">The nominee.</param>
/// <param name="NomineeKind">The nominee's kind.</param>
/// <param name="Own">True for a dossier the list's body nominated itself.</param>
/// <param name="AchievementsSummary">The line of the list.</param>
public sealed record ListEntry(string DossierId, string NominatingUnitCode, string NomineeName, SubjectKind NomineeKind, bool Own, string? AchievementsSummary);

/// <summary>A dossier that may go on a list, with its status as read now.</summary>
/// <param name="Entry">How the list shows it.</param>
/// <param name="Status">Its status now.</param>
public sealed record ListCandidate(ListEntry Entry, DossierStatus Status)
{
    /// <summary>The candidate <paramref name="d"/> is; <paramref name="own"/> when the list's body nominated it.</summary>
    public static ListCandidate Of(Dossier d, bool own)
    {
        ArgumentNullException.ThrowIfNull(d);
        return new(new ListEntry(d.Id.Value, d.NominatingUnitCode.Value, d.Nominee.Name, d.Nominee.Kind, own, d.AchievementsSummary), d.Status);
    }

    /// <summary>
    /// True when it may be on the list: a unit's dossier once the body approved it (IV.3.a: the Sở's council considers
    /// them); the body's own once submitted and evaluated and not returned or rejected — the council considers those at
    /// the meeting whose minutes the list carries (IV.3.b), so they need no approval of their own.
    /// </summary>
    public bool Eligible => IsEligible(Status, Entry.Own);

    /// <summary>See <see cref="Eligible"/>.</summary>
    public static bool IsEligible(DossierStatus status, bool own) =>
        own ? status is DossierStatus.Evaluated or DossierStatus.UnderReview or DossierStatus.Approved : status == DossierStatus.Approved;
}

/// <summary>What a list decision comes to: the next list, or the problems (nothing written).</summary>
public sealed record NomineeListDecision
{
    private NomineeListDecision()
    {
    }

    /// <summary>The audit word of the action (<c>assemble</c>, <c>add-file</c>, <c>confirm-file</c>, <c>remove-file</c>, <c>submit</c>, <c>forwarded</c>).</summary>
    public string Action { get; private init; } = "";

    /// <summary>The list after the decision (the current one when nothing changes); null when refused.</summary>
    public NomineeList? Next { get; private init; }

    /// <summary>True when <see cref="Next"/> is to be written.</summary>
    public bool Writes { get; private init; }

    /// <summary>The audit note.</summary>
    public string? Note { get; private init; }

    /// <summary>Why it is refused, or <see cref="DossierRefusal.None"/>.</summary>
    public DossierRefusal Refusal { get; private init; }

    /// <summary>The problems of a refusal.</summary>
    public IReadOnlyList<DossierProblem> Problems { get; private init; } = [];

    /// <summary>A change to write.</summary>
    public static NomineeListDecision Change(string action, NomineeList next, string? note = null) => new() { Action = action, Next = next, Writes = true, Note = note };

    /// <summary>Nothing to change.</summary>
    public static NomineeListDecision Unchanged(string action, NomineeList current) => new() { Action = action, Next = current };

    /// <summary>Refused.</summary>
    public static NomineeListDecision Refuse(string action, DossierRefusal refusal, IReadOnlyList<DossierProblem> problems) =>
        new() { Action = action, Refusal = refusal, Problems = problems };
}
