using NoOneLeftBehind.Domain.Criteria;

namespace NoOneLeftBehind.Domain.Tests.Criteria;

public class StatusAlgebraTests
{
    [Theory]
    [InlineData(CriterionStatus.Met, CriterionStatus.InsufficientData, CriterionStatus.Met)] // one alternative is enough
    [InlineData(CriterionStatus.NotMet, CriterionStatus.InsufficientData, CriterionStatus.InsufficientData)] // the missing data might pass
    [InlineData(CriterionStatus.NotMet, CriterionStatus.NotMet, CriterionStatus.NotMet)]
    [InlineData(CriterionStatus.NeedsReview, CriterionStatus.InsufficientData, CriterionStatus.NeedsReview)] // a reviewer can still pass it
    public void AnyOf_BestWins(CriterionStatus a, CriterionStatus b, CriterionStatus expected)
    {
        StatusAlgebra.AnyOf(a, b).ShouldBe(expected);
        StatusAlgebra.AnyOf(b, a).ShouldBe(expected);
    }

    [Theory]
    [InlineData(CriterionStatus.Met, CriterionStatus.InsufficientData, CriterionStatus.InsufficientData)] // missing data never passes
    [InlineData(CriterionStatus.NotMet, CriterionStatus.InsufficientData, CriterionStatus.NotMet)] // a known failure decides
    [InlineData(CriterionStatus.Met, CriterionStatus.NeedsReview, CriterionStatus.NeedsReview)]
    [InlineData(CriterionStatus.Met, CriterionStatus.Met, CriterionStatus.Met)]
    public void AllOf_WorstWins(CriterionStatus a, CriterionStatus b, CriterionStatus expected)
    {
        StatusAlgebra.AllOf(a, b).ShouldBe(expected);
        StatusAlgebra.AllOf(b, a).ShouldBe(expected);
    }

    [Theory]
    [InlineData(CriterionStatus.Met, Verdict.Eligible)]
    [InlineData(CriterionStatus.NeedsReview, Verdict.NeedsReview)]
    [InlineData(CriterionStatus.InsufficientData, Verdict.Incomplete)]
    [InlineData(CriterionStatus.NotMet, Verdict.NotEligible)]
    public void ToVerdict_MapsContractWords(CriterionStatus status, Verdict verdict) =>
        StatusAlgebra.ToVerdict(status).ShouldBe(verdict);
}
