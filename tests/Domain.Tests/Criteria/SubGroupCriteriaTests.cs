using NoOneLeftBehind.Domain.Criteria;
using NoOneLeftBehind.Domain.Plans;
using static NoOneLeftBehind.Domain.Tests.Criteria.Nominations;

namespace NoOneLeftBehind.Domain.Tests.Criteria;

/// <summary>Bullets a plan addresses to a sub-group of a subject kind (domain.md, "Sub-groups inside a subject kind").</summary>
public class SubGroupCriteriaTests
{
    [Theory]
    // Chư Pưh III.1.a, fourth bullet: "Đối với Phòng giao dịch Ngân hàng Chính sách xã hội huyện, … tổ chức tín dụng …".
    [InlineData(ChuPuh, SubjectKind.Agency, "agency.4", "Chư Pưh III.1.a bullet 4 is for the district's NHCSXH office and credit institutions only")]
    // Chư Pưh III.1.h, third bullet: "Ngân hàng hoặc các tổ chức tín dụng thực hiện hiệu quả chính sách tín dụng …".
    [InlineData(ChuPuh, SubjectKind.Enterprise, "enterprise.3", "Chư Pưh III.1.h bullet 3 is for banks and credit institutions only")]
    // Bình Định III.1.7, third bullet: "Ngân hàng hoặc các tổ chức tín dụng …".
    [InlineData(BinhDinh, SubjectKind.Enterprise, "enterprise.3", "Bình Định III.1.7 bullet 3 is for banks and credit institutions only")]
    public void BankBullet_AppliesOnlyToBanksAndCreditInstitutions(string planId, SubjectKind kind, string bankCriterion, string reason)
    {
        var other = Engine.Evaluate(Request(planId, kind, 2023));
        var bank = Engine.Evaluate(Request(planId, kind, 2023, tags: SubjectTags.Bank));
        var creditInstitution = Engine.Evaluate(Request(planId, kind, 2023, tags: SubjectTags.CreditInstitution));

        other.Criteria.Select(c => c.Id).ShouldNotContain(bankCriterion, reason);
        other.Category.ShouldBe("other", reason);
        bank.Criteria.Select(c => c.Id).ShouldContain(bankCriterion, reason);
        bank.Category.ShouldBe("bank", reason);
        creditInstitution.Criteria.Select(c => c.Id).ShouldContain(bankCriterion, reason);
        // Every other bullet of the clause still applies to both.
        bank.Criteria.Count.ShouldBe(other.Criteria.Count + 1, reason);
    }

    [Fact]
    public void BankBullet_AnAgencyWithEveryOtherBulletAttested_IsEligibleWithoutIt()
    {
        // Chư Pưh III.1.a: a phòng of the district (no bank tag) is not asked about credit policy.
        var request = Request(ChuPuh, SubjectKind.Agency, 2023);
        request = request with { Attestations = AttestAll(request) };

        Engine.Evaluate(request).Verdict.ShouldBe(Verdict.Eligible);
    }

    [Fact]
    public void Tags_BankWords_AreContractWords()
    {
        SubjectKinds.ParseTags(["bank", "credit-institution", "something-else"]).ShouldBe(SubjectTags.Bank | SubjectTags.CreditInstitution);
        SubjectKinds.TagWords.ShouldContain("bank");
        SubjectKinds.TagWords.ShouldContain("credit-institution");
    }

    [Theory]
    // Chư Pưh III.1.e: a household that registers to exit poverty (bullet 1) or one that helps poor households (bullet 2).
    [InlineData(SubjectKind.Household, "household.1", "household.2", "Chư Pưh III.1.e: the two bullets are alternative groups of households")]
    // Chư Pưh III.1.g: officials who do poverty-reduction work (bullet 1) or any employee who helps villages (bullet 2).
    [InlineData(SubjectKind.Official, "official.1", "official.2", "Chư Pưh III.1.g: the two bullets are alternative groups of people")]
    // Bình Định III.1.5 has Chư Pưh III.1.e's two bullets word for word: the same two groups of households.
    [InlineData(SubjectKind.Household, "household.1", "household.2", "Bình Định III.1.5: the same two bullets as Chư Pưh III.1.e, alternative groups of households", BinhDinh)]
    public void AlternativeGroups_AnyOneGroupIsEnough(SubjectKind kind, string first, string second, string reason, string planId = ChuPuh)
    {
        Verdict With(params Attestation[] attestations) => Engine.Evaluate(Request(planId, kind, 2023, attestations: attestations)).Verdict;

        With(new Attestation(second, true)).ShouldBe(Verdict.Eligible, reason);
        With(new Attestation(first, true)).ShouldBe(Verdict.Eligible, reason);
        With(new Attestation(first, false), new Attestation(second, true)).ShouldBe(Verdict.Eligible, reason);
        With().ShouldBe(Verdict.NeedsReview, reason);
        With(new Attestation(first, false)).ShouldBe(Verdict.NeedsReview, reason + " (the other group is still open)");
        With(new Attestation(first, false), new Attestation(second, false)).ShouldBe(Verdict.NotEligible, reason);
    }

    [Fact]
    public void AlternativeGroups_OnlyWhereThePlanSaysSo()
    {
        // Bình Định III.1.6 (officials): "có sáng kiến…" and "Không ngừng học tập…" describe the same people: both required.
        var request = Request(BinhDinh, SubjectKind.Official, 2023, attestations: [new Attestation("official.1", true)]);

        Engine.Evaluate(request).Verdict.ShouldBe(Verdict.NeedsReview);
    }
}
