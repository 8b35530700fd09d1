using NoOneLeftBehind.Domain.Criteria;
using NoOneLeftBehind.Domain.Dossiers;
using NoOneLeftBehind.Domain.Plans;

namespace NoOneLeftBehind.Functions.Dossiers;

/// <summary>Body of POST /api/dossiers and PUT /api/dossiers/{id} (the latter ignores planId, stage and nominatingUnitCode).</summary>
internal sealed record DossierInput(
    string? PlanId,
    StageInput? Stage,
    string? NominatingUnitCode,
    NomineeInput? Nominee,
    string? AwardFormId,
    int? NominationYear,
    List<YearFigures>? Statistics,
    EvaluationFacts? Facts,
    string? AchievementsSummary);

internal sealed record StageInput(string? Kind, int? Year);

internal sealed record NomineeInput(string? Kind, string? Name, string? UnitCode, List<string>? Tags, string? Address, string? Position, string? Level = null);

/// <summary>Body of POST /api/dossiers/{id}/files.</summary>
internal sealed record FileInput(string? ComponentId, string? FileName, long? Size);

/// <summary>Body of POST /api/dossiers/{id}/review.</summary>
internal sealed record ReviewInput(string? Action, string? Note, List<SupplementInput>? Items);

internal sealed record SupplementInput(string? ComponentId, string? Field, string? Reason);

internal static class DossierInputReader
{
    private static readonly Dictionary<string, StageKind> Stages = new(StringComparer.Ordinal)
    {
        ["launch"] = StageKind.Launch, ["annual"] = StageKind.Annual, ["mid-term"] = StageKind.MidTerm, ["final"] = StageKind.Final,
    };

    public static DossierStage? Stage(StageInput? input, List<DossierProblem> problems)
    {
        if (input?.Kind is null || !Stages.TryGetValue(input.Kind, out var kind))
        {
            problems.Add(new("invalid-stage", "stage.kind", $"Giai đoạn '{input?.Kind}' không hợp lệ; dùng: {string.Join(", ", Stages.Keys)}.",
                $"Stage '{input?.Kind}' is not valid; use: {string.Join(", ", Stages.Keys)}."));
            return null;
        }
        if (input.Year is not { } year || year is < 2000 or > 2100)
        {
            problems.Add(new("invalid-stage", "stage.year", "Năm của giai đoạn là bắt buộc (2000–2100).", "The stage's year is required (2000–2100)."));
            return null;
        }
        return new DossierStage(kind, year);
    }

    public static Nominee? Nominee(NomineeInput? input, List<DossierProblem> problems)
    {
        if (input is null)
        {
            problems.Add(new("required", "nominee", "Thiếu thông tin đối tượng được đề nghị.", "The nominee is required."));
            return null;
        }
        if (!SubjectKinds.TryParse(input.Kind, out var kind))
        {
            problems.Add(new("invalid-subject-kind", "nominee.kind", $"Loại đối tượng '{input.Kind}' không có. Các loại: {string.Join(", ", SubjectKinds.KindWords)}.",
                $"Unknown subject kind '{input.Kind}'. Kinds: {string.Join(", ", SubjectKinds.KindWords)}."));
            return null;
        }
        var tags = new List<SubjectTags>();
        // Unknown tag words are ignored, as in the public evaluation contract.
        foreach (var word in input.Tags ?? [])
        {
            var tag = SubjectKinds.ParseTags([word]);
            if (tag != SubjectTags.None && !tags.Contains(tag)) tags.Add(tag);
        }
        if (input.UnitCode is { } code && !Domain.Identity.ScopeUnitCodes.IsValid(code))
            problems.Add(new("invalid-unit-code", "nominee.unitCode", $"Mã đơn vị '{code}' không hợp lệ (2, 3 hoặc 5 chữ số).", $"Unit code '{code}' is not valid (2, 3 or 5 digits)."));
        var level = string.IsNullOrWhiteSpace(input.Level) ? null : input.Level.Trim();
        if (level is not null && !QuotaLevels.All.Contains(level, StringComparer.Ordinal))
            problems.Add(new("invalid-level", "nominee.level", $"Cấp công tác '{level}' không có; dùng một trong: {string.Join(", ", QuotaLevels.All)}.",
                $"Unknown level '{level}'; use one of: {string.Join(", ", QuotaLevels.All)}."));
        return new Nominee { Kind = kind, Name = (input.Name ?? "").Trim(), UnitCode = input.UnitCode, Tags = tags, Address = input.Address, Position = input.Position, Level = level };
    }
}
