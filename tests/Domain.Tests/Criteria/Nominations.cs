using NoOneLeftBehind.Domain.Criteria;
using NoOneLeftBehind.Domain.Plans;

namespace NoOneLeftBehind.Domain.Tests.Criteria;

/// <summary>Shared catalogue and engine, and builders for nominations.</summary>
internal static class Nominations
{
    public static readonly PlanCatalogue Catalogue = PlanCatalogue.LoadEmbedded();

    public static readonly CriteriaEngine Engine = new(Catalogue);

    public const string ChuPuh = "chu-puh-2021-2025";
    public const string TuyenQuang = "tuyen-quang-2016-2020";
    public const string BinhDinh = "binh-dinh-2021-2025";
    public const string BacGiang = "bac-giang-so-ket-2023";
    public const string KhanhVinh = "khanh-vinh-2021-2025";

    public static EvaluationRequest Request(
        string planId, SubjectKind kind, int nominationYear, IReadOnlyList<YearFigures>? statistics = null,
        SubjectTags tags = SubjectTags.None, EvaluationFacts facts = default, params Attestation[] attestations) =>
        new()
        {
            PlanId = PlanId.Parse(planId),
            Subject = new EvaluationSubject(kind, tags, "Đơn vị thử"),
            NominationYear = nominationYear,
            Statistics = statistics ?? [],
            Facts = facts,
            Attestations = attestations,
        };

    /// <summary>
    /// Figures from <paramref name="firstYear"/> on with constant households; each poor count in turn.
    /// With 10.000 households one poor household is 0,01 points.
    /// </summary>
    public static YearFigures[] Series(int firstYear, long households, long nearPoor, params long[] poor) =>
        [.. poor.Select((p, i) => new YearFigures(firstYear + i, households, p, nearPoor))];

    /// <summary>Evaluates and returns the status of one criterion.</summary>
    public static CriterionStatus StatusOf(EvaluationRequest request, string criterionId) =>
        Criterion(request, criterionId).Status;

    public static CriterionResult Criterion(EvaluationRequest request, string criterionId)
    {
        var result = Engine.Evaluate(request);
        return result.Criteria.SingleOrDefault(c => c.Id == criterionId)
            ?? throw new InvalidOperationException($"{criterionId} is not among {string.Join(", ", result.Criteria.Select(c => c.Id))}");
    }

    /// <summary>Attests every judgement criterion that applies, except those listed.</summary>
    public static Attestation[] AttestAll(EvaluationRequest request, params string[] except)
    {
        var result = Engine.Evaluate(request with { Attestations = [] });
        Catalogue.TryGet(request.PlanId, out var plan).ShouldBeTrue();
        var judged = plan.Subjects.SelectMany(s => s.Criteria).Where(c => c.Rule.HasJudgement).Select(c => c.Id).ToHashSet();
        return [.. result.Criteria
            .Where(c => judged.Contains(c.Id) && !except.Contains(c.Id))
            .Select(c => new Attestation(c.Id, true, "Biên bản họp Hội đồng"))];
    }
}
