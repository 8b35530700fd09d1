using NoOneLeftBehind.Domain.Criteria;
using NoOneLeftBehind.Domain.Plans;
using static NoOneLeftBehind.Domain.Tests.Criteria.Nominations;

namespace NoOneLeftBehind.Domain.Tests.Criteria;

/// <summary>Facts the plan dates are judged for that date (domain.md, "Facts have a date").</summary>
public class DatedFactsTests
{
    [Theory]
    // Tuyên Quang III.1.3, communes: "hết năm 2019 không còn hộ chính sách, người có công thuộc diện hộ nghèo".
    [InlineData(SubjectKind.Commune, "commune.policy-households", 2019, 2020, "Tuyên Quang III.1.3 asks for the end of 2019; a count for 2020 does not answer it")]
    // Tuyên Quang III.1.2, districts: "đến hết năm 2020" — a commune's 2019 count is not the district's answer.
    [InlineData(SubjectKind.District, "district.policy-households", 2020, 2019, "Tuyên Quang III.1.2 asks for the end of 2020; a count for 2019 does not answer it")]
    public void PolicyHouseholdsPoor_CountForAnotherYear_DoesNotAnswer(SubjectKind kind, string criterion, int asked, int other, string reason)
    {
        CriterionResult With(EvaluationFacts facts) => Criterion(Request(TuyenQuang, kind, 2020, [], facts: facts), criterion);

        var wrongYear = With(new(PolicyHouseholdsPoor: 0, PolicyHouseholdsPoorYear: other));
        wrongYear.Status.ShouldBe(CriterionStatus.InsufficientData, reason);
        wrongYear.Explanation.ShouldContain($"đến hết năm {other}", customMessage: reason);
        wrongYear.Explanation.ShouldContain($"kế hoạch hỏi đến hết năm {asked}", customMessage: reason);
        With(new(PolicyHouseholdsPoor: 1, PolicyHouseholdsPoorYear: other)).Status.ShouldBe(CriterionStatus.InsufficientData, reason);

        With(new(PolicyHouseholdsPoor: 0, PolicyHouseholdsPoorYear: asked)).Status.ShouldBe(CriterionStatus.Met, reason);
        With(new(PolicyHouseholdsPoor: 1, PolicyHouseholdsPoorYear: asked)).Status.ShouldBe(CriterionStatus.NotMet, reason);
        // Without a year the count answers the plan's dated question (the contract before issue 16).
        With(new(PolicyHouseholdsPoor: 0)).Status.ShouldBe(CriterionStatus.Met, reason);
    }

    [Theory]
    [InlineData(2021)]
    [InlineData(1899)]
    public void PolicyHouseholdsPoorYear_OutsideOneThousandNineHundredToNomination_IsRefused(int year)
    {
        var request = Request(TuyenQuang, SubjectKind.Commune, 2020, [], facts: new(PolicyHouseholdsPoor: 0, PolicyHouseholdsPoorYear: year));

        var error = Should.Throw<InvalidEvaluationRequestException>(() => Engine.Evaluate(request)).Errors.ShouldHaveSingleItem();

        error.Field.ShouldBe("facts.policyHouseholdsPoorYear");
        error.MessageVi.ShouldContain(year.ToString(System.Globalization.CultureInfo.InvariantCulture));
        error.MessageEn.ShouldContain("nomination year (2020)");
    }
}
