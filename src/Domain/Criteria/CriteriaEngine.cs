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
        var results = new List<CriterionResult>(subject.Criteria.Length);
        var status = Run(plan, subject, category, request, results);
        var categoryId = subject.Categories.Length == 0 ? null : subject.Categories[category].Id;
        return new EvaluationResult(plan.Id, plan.Version, StatusAlgebra.ToVerdict(status), categoryId, results);
    }

    /// <summary>Evaluates the verdict only, without explanations.</summary>
    /// <exception cref="InvalidEvaluationRequestException">The request fails <see cref="Validate"/>.</exception>
    public Verdict EvaluateVerdict(EvaluationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (plan, subject, category) = Prepare(request);
        return StatusAlgebra.ToVerdict(Run(plan, subject, category, request, null));
    }

    private (CompiledPlan Plan, CompiledSubject Subject, int Category) Prepare(EvaluationRequest request)
    {
        var errors = RequestValidator.Validate(_catalogue, request, out var plan, out var subject, out var category);
        if (errors is not null)
            throw new InvalidEvaluationRequestException(errors);
        return (plan!, subject!, category);
    }

    private static CriterionStatus Run(CompiledPlan plan, CompiledSubject subject, int category, EvaluationRequest request, List<CriterionResult>? results)
    {
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
        var combined = subject.AllOf ? CriterionStatus.Met : CriterionStatus.NotMet;
        foreach (var criterion in subject.Criteria)
        {
            if (!criterion.AppliesTo(category))
                continue;
            var attestation = criterion.HasJudgement ? FindAttestation(request.Attestations, criterion.Id) : null;
            context.Attestation = attestation;
            CriterionStatus status;
            if (results is null)
            {
                status = criterion.Rule.Evaluate(context, null);
            }
            else
            {
                var trace = new Trace();
                status = criterion.Rule.Evaluate(context, trace);
                var definition = criterion.Definition;
                results.Add(new CriterionResult(definition.Id, definition.Clause, definition.Text, criterion.Kind, status, trace.TakeText(), trace.Values));
            }
            combined = subject.AllOf ? StatusAlgebra.AllOf(combined, status) : StatusAlgebra.AnyOf(combined, status);
        }
        return combined;
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
