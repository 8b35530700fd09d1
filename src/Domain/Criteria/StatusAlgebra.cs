namespace NoOneLeftBehind.Domain.Criteria;

/// <summary>
/// How statuses combine. For "all of", the worst wins: not-met &gt; insufficient-data &gt; needs-review &gt; met.
/// For "any of", the best wins. So missing data never passes, and a failing alternative never hides a passing one.
/// </summary>
public static class StatusAlgebra
{
    /// <summary>Combines the statuses of requirements that must all hold.</summary>
    public static CriterionStatus AllOf(CriterionStatus a, CriterionStatus b) => a > b ? a : b;

    /// <summary>Combines the statuses of alternatives.</summary>
    public static CriterionStatus AnyOf(CriterionStatus a, CriterionStatus b) => a < b ? a : b;

    /// <summary>The verdict that corresponds to a combined status.</summary>
    public static Verdict ToVerdict(CriterionStatus status) => status switch
    {
        CriterionStatus.Met => Verdict.Eligible,
        CriterionStatus.NeedsReview => Verdict.NeedsReview,
        CriterionStatus.InsufficientData => Verdict.Incomplete,
        _ => Verdict.NotEligible,
    };
}
