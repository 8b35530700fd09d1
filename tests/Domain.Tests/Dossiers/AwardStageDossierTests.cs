using NoOneLeftBehind.Domain.Criteria;
using NoOneLeftBehind.Domain.Dossiers;
using NoOneLeftBehind.Domain.Plans;
using NoOneLeftBehind.Domain.Tests.Criteria;
using Dossier = NoOneLeftBehind.Domain.Dossiers.Dossier;

namespace NoOneLeftBehind.Domain.Tests.Dossiers;

/// <summary>
/// Dossiers against the plan's award stages and exclusions (issue 16 B; Chư Pưh III.2.b and II.4): a dossier for an award
/// form at a stage the plan does not grant it is refused, and a unit proposed for a State award is not also proposed for
/// the province's award in the same stage.
/// </summary>
public sealed class AwardStageDossierTests
{
    private static readonly DateTimeOffset Now = new(2023, 11, 20, 9, 0, 0, TimeSpan.FromHours(7));
    private static readonly DossierRuleBook Rules = DossierRuleBook.LoadEmbedded();

    private static Plan ChuPuh => Nominations.Catalogue.TryGet(PlanId.Parse("chu-puh-2021-2025"), out var p) ? p : throw new InvalidOperationException();

    private static Dossier Dossier(string award, DossierStage? stage = null, DossierStatus status = DossierStatus.Draft, string unit = "639",
        Nominee? nominee = null, string? code = null)
    {
        var id = DossierId.New(unit);
        return new Dossier
        {
            Id = id,
            PlanId = PlanId.Parse("chu-puh-2021-2025"),
            Stage = stage ?? new DossierStage(StageKind.MidTerm, 2023),
            NominatingUnitCode = id.Unit,
            Nominee = nominee ?? new Nominee { Kind = SubjectKind.Commune, Name = "Xã Ia Le", UnitCode = "23986", Tags = [SubjectTags.Region3] },
            AwardFormId = award,
            NominationYear = 2023,
            Status = status,
            Revision = status == DossierStatus.Draft ? 0 : 1,
            TrackingCode = code,
            CreatedAt = Now,
            CreatedBy = "test",
            UpdatedAt = Now,
        };
    }

    private static Dossier Complete(Dossier d) => d with
    {
        Files = [.. Rules.ComponentsOf(ChuPuh).Where(c => c.Required).Select(c => new DossierFile
        {
            Id = Guid.NewGuid().ToString("N"), ComponentId = c.Id, StoredName = "x/" + c.Id, OriginalName = c.Id + ".pdf", State = FileState.Accepted, Size = 10, AddedAt = Now,
        })],
    };

    private static DossierDecision Submit(Dossier d, params Dossier[] others) =>
        Complete(d).Submit(Rules.ComponentsOf(ChuPuh), null, null, [], Now, ChuPuh, others);

    // ---- Award stages ----

    [Theory]
    [InlineData("co-thi-dua-tinh", StageKind.Annual, 2023, "award-not-at-stage")]          // III.2.b: the province's Cờ thi đua only at sơ kết / tổng kết
    [InlineData("bang-khen-chu-tich-tinh", StageKind.Annual, 2024, "award-not-at-stage")]  // III.2.b: the same for its Bằng khen
    [InlineData("huan-chuong-lao-dong", StageKind.Annual, 2022, "award-not-at-stage")]     // III.2.b: State awards at sơ kết / tổng kết
    [InlineData("giay-khen-chu-tich-huyen", StageKind.Annual, 2021, "award-not-at-stage")] // II.4: annual awards 2022–2025
    [InlineData("giay-khen-chu-tich-huyen", StageKind.Annual, 2022, null)]                 // II.4: from 2022
    [InlineData("co-thi-dua-tinh", StageKind.Final, 2025, null)]                           // III.2.b with II.4: the tổng kết 2025
    public void ValidateData_AwardFormAtStage_RefusedWhereThePlanDoesNotGrantIt(string award, StageKind kind, int year, string? code)
    {
        var nominee = new Nominee { Kind = SubjectKind.Commune, Name = "Xã Ia Le", UnitCode = "23986", Tags = [SubjectTags.Region3] };

        var problems = DossierChecks.ValidateData(ChuPuh, new DossierStage(kind, year), nominee, award, year);

        problems.SingleOrDefault()?.Code.ShouldBe(code);
        if (code is not null) problems.Single().Field.ShouldBe("stage");
    }

    [Fact]
    public void AwardStage_Refusal_NamesTheStagesInWordsAndTheClause()
    {
        var problem = DossierChecks.AwardStage(ChuPuh, "co-thi-dua-tinh", new DossierStage(StageKind.Annual, 2024)).ShouldNotBeNull();

        problem.MessageVi.ShouldBe("Kế hoạch chỉ xét Cờ thi đua cấp tỉnh ở các đợt: sơ kết (2023), tổng kết (2025) (mục III.2.b); hồ sơ này thuộc đợt khen thưởng hằng năm 2024. Chọn đợt khác hoặc hình thức khen thưởng khác.");
        problem.MessageEn.ShouldContain("only at: mid-term review (2023), final review (2025) (clause III.2.b)");
        problem.MessageEn.ShouldNotContain("mid-term 2023"); // words, never the API's stage words
    }

    [Fact]
    public void Submit_DraftMadeBeforeThePlanSaidSo_IsRefusedAtAStageThePlanDoesNotGrant()
    {
        // A province award drafted in an annual round under plan 1.0.0 (III.2.b was not data then) is refused on submission.
        var decision = Submit(Dossier("bang-khen-chu-tich-tinh", new DossierStage(StageKind.Annual, 2023)));

        decision.Refusal.ShouldBe(DossierRefusal.Refused);
        decision.Problems.Single().Code.ShouldBe("award-not-at-stage");
    }

    // ---- Exclusions ----

    [Fact]
    public void Submit_ProvinceAwardForAUnitProposedForAStateAward_IsRefusedNamingTheOtherDossier()
    {
        // III.2.b: "(trừ các đơn vị đã được đề nghị khen thưởng cấp Nhà nước)" — Xã Ia Le proposed for the Huân chương.
        var state = Dossier("huan-chuong-lao-dong", status: DossierStatus.Submitted, code: "HS-K7Q4-9XM2");

        var decision = Submit(Dossier("co-thi-dua-tinh", unit: "23986"), state);

        decision.Refusal.ShouldBe(DossierRefusal.Refused);
        var problem = decision.Problems.ShouldHaveSingleItem();
        (problem.Code, problem.Field).ShouldBe(("excluded-award", "awardFormId"));
        problem.MessageVi.ShouldBe("“Xã Ia Le” đã được đề nghị Huân chương Lao động trong đợt sơ kết 2023 (hồ sơ HS-K7Q4-9XM2); theo mục III.2.b của kế hoạch, không đề nghị đồng thời Cờ thi đua cấp tỉnh trong cùng đợt.");
        problem.MessageEn.ShouldContain("(dossier HS-K7Q4-9XM2)");
    }

    [Fact]
    public void Submit_StateAwardForAUnitProposedForTheProvinceAward_IsRefusedToo()
    {
        // Either order: the unit would otherwise stand proposed for both in the stage.
        var province = Dossier("bang-khen-chu-tich-tinh", status: DossierStatus.Approved, code: "HS-AAAA-BBBB");

        Submit(Dossier("bang-khen-thu-tuong"), province).Problems.Single().MessageVi.ShouldContain("(hồ sơ HS-AAAA-BBBB)");
    }

    [Theory]
    [InlineData(DossierStatus.Draft, StageKind.MidTerm, 2023, "23986")]    // a draft proposes nothing
    [InlineData(DossierStatus.Rejected, StageKind.MidTerm, 2023, "23986")] // a rejected proposal was not made to the State
    [InlineData(DossierStatus.Submitted, StageKind.Final, 2025, "23986")]  // another stage: the tổng kết may reward it again
    [InlineData(DossierStatus.Submitted, StageKind.MidTerm, 2023, "23983")] // another commune (Ia Phang)
    public void Submit_NoStandingStateProposalOfTheSameUnitInTheStage_IsAccepted(DossierStatus status, StageKind kind, int year, string unitCode)
    {
        var other = Dossier("huan-chuong-lao-dong", new DossierStage(kind, year), status,
            nominee: new Nominee { Kind = SubjectKind.Commune, Name = "Xã Ia Le", UnitCode = unitCode });

        Submit(Dossier("co-thi-dua-tinh"), other).Refusal.ShouldBe(DossierRefusal.None);
    }

    [Fact]
    public void Submit_HouseholdProposedForBoth_IsNotExcluded()
    {
        // III.2.b excludes units (huyện, xã, thôn); "tập thể, cá nhân có thành tích tiêu biểu" has no such exception.
        var household = new Nominee { Kind = SubjectKind.Household, Name = "Hộ ông Rơ Châm Blưh" };
        var state = Dossier("huan-chuong-lao-dong", status: DossierStatus.Submitted, nominee: household);

        Submit(Dossier("bang-khen-chu-tich-tinh", nominee: household), state).Refusal.ShouldBe(DossierRefusal.None);
    }

    [Fact]
    public void Submit_SameUnitNominatedByAnotherUnit_IsTheSameNominee()
    {
        // The unit code identifies a unit nominee whoever nominates it: the district proposes Xã Ia Le for the Huân chương,
        // the commune itself for the Cờ thi đua.
        var byDistrict = Dossier("huan-chuong-lao-dong", status: DossierStatus.UnderReview, unit: "639", code: "HS-CCCC-DDDD");

        Submit(Dossier("co-thi-dua-tinh", unit: "23986"), byDistrict).Problems.Single().Code.ShouldBe("excluded-award");
    }

    [Theory]
    [InlineData("Làng Plei Ơi", "  làng   PLEI ơi ", true)]   // spaces and case do not make another village
    [InlineData("Làng Plei Ơi", "Làng Plei Oi", false)]       // diacritics do: "Ơ" and "O" are different letters
    public void NomineeKey_VillageWithoutUnitCode_IsBodyKindAndNormalisedName(string first, string second, bool same)
    {
        var a = Dossier("huan-chuong-lao-dong", nominee: new Nominee { Kind = SubjectKind.Village, Name = first });
        var b = Dossier("co-thi-dua-tinh", nominee: new Nominee { Kind = SubjectKind.Village, Name = second });

        (DossierChecks.NomineeKey(a) == DossierChecks.NomineeKey(b)).ShouldBe(same);
        DossierChecks.NomineeKey(a).ShouldStartWith("ubnd:639|village|");
    }

    [Fact]
    public void NomineeKey_VillageOfAnotherNominatingBody_IsAnotherNominee()
    {
        // Without a register of villages, two bodies naming "Làng Plei Ơi" may mean two villages.
        var a = Dossier("huan-chuong-lao-dong", unit: "639", nominee: new Nominee { Kind = SubjectKind.Village, Name = "Làng Plei Ơi" });
        var b = Dossier("co-thi-dua-tinh", unit: "23986", nominee: new Nominee { Kind = SubjectKind.Village, Name = "Làng Plei Ơi" });

        DossierChecks.NomineeKey(a).ShouldNotBe(DossierChecks.NomineeKey(b));
    }

    // ---- The State-award criterion (III.2.b → khoản 2 Mục III, QĐ 666) in the evaluation ----

    [Fact]
    public void Evaluate_ForAStateAward_AddsTheReferenceCriterionAfterTheSubjects()
    {
        var request = Nominations.Request("chu-puh-2021-2025", SubjectKind.Agency, 2023) with { AwardFormId = "huan-chuong-lao-dong" };
        request = request with { Attestations = Nominations.AttestAll(request with { AwardFormId = null }) };

        var result = Nominations.Engine.Evaluate(request);

        var state = result.Criteria[^1];
        (state.Id, state.Clause, state.Status).ShouldBe(("state-award.huan-chuong-lao-dong", "III.2.b", CriterionStatus.NeedsReview));
        state.Text.ShouldStartWith("theo quy định tại khoản 2 Mục III Kế hoạch");
        state.Reference.ShouldNotBeNull().Clause.ShouldBe("khoản 2 Mục III");
        state.Reference.Document.ShouldContain("666/QĐ-TTg");
        state.Explanation.ShouldContain("khoản 2 Mục III");
        result.Verdict.ShouldBe(Verdict.NeedsReview, "the subject's criteria are attested; the State standard waits for the reviewer");
        result.Criteria.Take(result.Criteria.Count - 1).ShouldAllBe(c => c.Reference == null);
    }

    [Fact]
    public void Evaluate_StateCriterionAttested_CountsLikeAnyJudgement()
    {
        var request = Nominations.Request("chu-puh-2021-2025", SubjectKind.Agency, 2023) with { AwardFormId = "bang-khen-thu-tuong" };
        request = request with { Attestations = [.. Nominations.AttestAll(request with { AwardFormId = null }), new Attestation("state-award.bang-khen-thu-tuong", true)] };

        Nominations.Engine.Evaluate(request).Verdict.ShouldBe(Verdict.Eligible);
    }

    [Theory]
    [InlineData("co-thi-dua-tinh", 0)]  // the province's awards add nothing: the plan's standard is the law (III.3)
    [InlineData(null, 0)]               // without an award form, the subject's criteria only (the contract as before)
    [InlineData("huan-chuong-lao-dong", 1)]
    public void Evaluate_AwardForm_AddsOnlyItsOwnCriteria(string? award, int added)
    {
        var request = Nominations.Request("chu-puh-2021-2025", SubjectKind.Agency, 2023);
        var without = Nominations.Engine.Evaluate(request).Criteria.Count;

        Nominations.Engine.Evaluate(request with { AwardFormId = award }).Criteria.Count.ShouldBe(without + added);
    }

    [Fact]
    public void Validate_UnknownAwardForm_IsAnErrorOnAwardFormId()
    {
        var request = Nominations.Request("chu-puh-2021-2025", SubjectKind.Agency, 2023) with { AwardFormId = "huan-chuong" };

        var error = Nominations.Engine.Validate(request).ShouldHaveSingleItem();
        error.Field.ShouldBe("awardFormId");
        error.MessageVi.ShouldContain("huan-chuong-lao-dong");
    }

    [Fact]
    public void Validate_AttestingTheStateCriterionWithoutItsAwardForm_IsAnError()
    {
        var request = Nominations.Request("chu-puh-2021-2025", SubjectKind.Agency, 2023) with { Attestations = [new Attestation("state-award.huan-chuong-lao-dong", true)] };

        Nominations.Engine.Validate(request).ShouldHaveSingleItem().Field.ShouldBe("attestations[0].criterionId");
    }
}
