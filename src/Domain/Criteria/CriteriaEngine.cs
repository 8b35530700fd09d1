using NoOneLeftBehind.Domain.Plans;

namespace NoOneLeftBehind.Domain.Criteria;

/// <summary>
/// Evaluates nominations against the plans of a <see cref="PlanCatalogue"/>. Pure, deterministic, no I/O;
/// one instance is shared by all threads. <see cref="EvaluateVerdict"/> skips the explanations and allocates
/// nothing for a valid request.
/// </summary>
public sealed class CriteriaEngine
{
    private readonly PlanCatalogue _catalogue;

    /// <summary>Creates an engine over a loaded catalogue.</summary>
    public CriteriaEngine(PlanCatalogue catalogue)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        _catalogue = catalogue;
    }

    /// <summary>The catalogue the engine evaluates against.</summary>
    public PlanCatalogue Catalogue => _catalogue;

    /// <summary>Checks a request against its plan; an empty list when it can be evaluated.</summary>
    public IReadOnlyList<InputError> Validate(EvaluationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return RequestValidator.Validate(_catalogue, request, out _, out _, out _) ?? (IReadOnlyList<InputError>)[];
    }

    /// <summary>Evaluates with Vietnamese explanations and the values used.</summary>
    /// <exception cref="InvalidEvaluationRequestException">The request fails <see cref="Validate"/>.</exception>
    public EvaluationResult Evaluate(EvaluationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (plan, subject, category) = Prepare(request);
        var results = new List<CriterionResult>(subject?.Criteria.Length ?? 0);
        var status = Run(plan, subject, category, request, results);
        var categoryId = subject is null || subject.Categories.Length == 0 || category < 0 ? null : subject.Categories[category].Id;
        return new EvaluationResult(plan.Id, plan.Version, StatusAlgebra.ToVerdict(status), categoryId, results)
        {
            Gaps = Gaps(plan, subject, category, request.Subject.Kind),
        };
    }

    /// <summary>Evaluates the verdict only, without explanations.</summary>
    /// <exception cref="InvalidEvaluationRequestException">The request fails <see cref="Validate"/>.</exception>
    public Verdict EvaluateVerdict(EvaluationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (plan, subject, category) = Prepare(request);
        return StatusAlgebra.ToVerdict(Run(plan, subject, category, request, null));
    }

    private (CompiledPlan Plan, CompiledSubject? Subject, int Category) Prepare(EvaluationRequest request)
    {
        var errors = RequestValidator.Validate(_catalogue, request, out var plan, out var subject, out var category);
        if (errors is not null)
            throw new InvalidEvaluationRequestException(errors);
        return (plan!, subject, category);
    }

    private static CriterionStatus Run(CompiledPlan plan, CompiledSubject? subject, int category, EvaluationRequest request, List<CriterionResult>? results)
    {
        // The plan gives no rule for this subject (or for its category): a reviewer has to judge what the plan lacks,
        // so the best it can get is needs-review.
        var gap = subject is null || category < 0 ? CriterionStatus.NeedsReview : CriterionStatus.Met;
        var awardCriteria = plan.AwardCriteriaOf(request.AwardFormId);
        if (subject is null && awardCriteria.Length == 0)
            return gap;

        Span<YearFigures> slots = stackalloc YearFigures[plan.SlotCount];
        ulong present = 0;
        var statistics = request.Statistics;
        for (var i = 0; i < statistics.Count; i++)
        {
            var figures = statistics[i];
            var slot = figures.Year - plan.BaselineYear;
            slots[slot] = figures;
            present |= 1UL << slot;
        }

        var context = new EvaluationContext(slots, present, plan.Definition, request.NominationYear, request.Facts, null);
        var outcome = gap;
        if (subject is not null)
        {
            var combined = subject.AllOf ? CriterionStatus.Met : CriterionStatus.NotMet;
            var any = false;
            foreach (var criterion in subject.Criteria)
            {
                if (!criterion.AppliesTo(category))
                    continue;
                any = true;
                var status = EvaluateCriterion(criterion, ref context, request.Attestations, results);
                combined = subject.AllOf ? StatusAlgebra.AllOf(combined, status) : StatusAlgebra.AnyOf(combined, status);
            }
            outcome = any ? StatusAlgebra.AllOf(combined, gap) : gap;
        }
        // The award form's own standard (a State award's reference, Chư Pưh III.2.b) is required on top of the subject's.
        foreach (var criterion in awardCriteria)
            outcome = StatusAlgebra.AllOf(outcome, EvaluateCriterion(criterion, ref context, request.Attestations, results));
        return outcome;
    }

    private static CriterionStatus EvaluateCriterion(CompiledCriterion criterion, ref EvaluationContext context, IReadOnlyList<Attestation> attestations,
        List<CriterionResult>? results)
    {
        context.Attestation = criterion.HasJudgement ? FindAttestation(attestations, criterion.Id) : null;
        if (results is null)
            return criterion.Rule.Evaluate(context, null);
        var trace = new Trace();
        var status = criterion.Rule.Evaluate(context, trace);
        var definition = criterion.Definition;
        results.Add(new CriterionResult(definition.Id, definition.Clause, definition.Text, criterion.Kind, status, trace.TakeText(), trace.Values)
        {
            Reference = definition.Reference is { } reference ? new CriterionReference(reference.Document, reference.Clause) : null,
        });
        return status;
    }

    /// <summary>What the plan lacks for the subject: its kind, or the category its tags would need.</summary>
    private static IReadOnlyList<CriteriaGap> Gaps(CompiledPlan plan, CompiledSubject? subject, int category, SubjectKind kind)
    {
        if (subject is null)
        {
            var defined = string.Join(", ", plan.Definition.Subjects.SelectMany(s => s.Kinds).Select(SubjectKinds.ToContract));
            var word = SubjectKinds.ToContract(kind);
            return [new CriteriaGap(null,
                $"Kế hoạch {plan.Id} không quy định tiêu chí cho đối tượng '{word}' (đối tượng có tiêu chí: {defined}); cần người thẩm định đánh giá.",
                $"Plan {plan.Id} defines no criteria for subject kind '{word}' (kinds it defines: {defined}); a reviewer has to judge.")];
        }
        if (category >= 0)
            return [];
        var definition = subject.Definition;
        var categories = string.Join("; ", definition.Categories!.Select(c => $"{c.Title} ({RequestValidator.Describe(c.When)})"));
        var missing = string.Join(", ", subject.Criteria.Where(c => !c.AppliesTo(category)).Select(c => c.Id));
        return [new CriteriaGap(definition.Clause,
            $"Kế hoạch {plan.Id} ({definition.Clause}) chỉ quy định tiêu chí {missing} cho các nhóm: {categories}; đối tượng không thuộc nhóm nào, "
                + "nên được xét với các tiêu chí áp dụng chung và cần người thẩm định đánh giá phần kế hoạch không quy định.",
            $"Plan {plan.Id} ({definition.Clause}) sets criteria {missing} only for: {categories}; the subject is in none of these groups, "
                + "so it is evaluated with the criteria for every subject of its kind and a reviewer has to judge what the plan does not set.")];
    }

    private static Attestation? FindAttestation(IReadOnlyList<Attestation> attestations, string criterionId)
    {
        for (var i = 0; i < attestations.Count; i++)
        {
            if (string.Equals(attestations[i].CriterionId, criterionId, StringComparison.Ordinal))
                return attestations[i];
        }
        return null;
    }
}
