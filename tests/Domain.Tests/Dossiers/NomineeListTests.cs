using NoOneLeftBehind.Domain.Dossiers;
using NoOneLeftBehind.Domain.Plans;
using Dossier = NoOneLeftBehind.Domain.Dossiers.Dossier;

namespace NoOneLeftBehind.Domain.Tests.Dossiers;

/// <summary>
/// Sở LĐ-TB&amp;XH's list (danh sách trình, seed 003 IV.3.b) as pure decisions: what goes on it, its documents, the
/// 05/12/2023 deadline (IV.3.a), and forwarding each listed dossier once.
/// </summary>
public sealed class NomineeListTests
{
    private static readonly DossierRuleBook Rules = DossierRuleBook.LoadEmbedded();
    private static readonly Plan BacGiang = PlanCatalogue.LoadEmbedded().TryGet(PlanId.Parse("bac-giang-so-ket-2023"), out var p) ? p : throw new InvalidOperationException();
    private static readonly NomineeListRule Rule = Rules.ListFor(BacGiang, new DossierStage(StageKind.MidTerm, 2023), "bang-khen-chu-tich-tinh")!;
    private static readonly NomineeListId ListId = NomineeListId.Of("bac-giang-so-ldtbxh", BacGiang.Id, Rule.Stage, "bang-khen-chu-tich-tinh");
    private static readonly DateTimeOffset Now = new(2023, 12, 4, 9, 0, 0, TimeSpan.FromHours(7));
    private static readonly DossierFileLimits Limits = new();

    private static ListCandidate Candidate(string name, DossierStatus status, bool own = false, string unit = "213") =>
        new(new ListEntry(unit + "-" + Guid.NewGuid().ToString("N"), unit, name, SubjectKind.Household, own, null), status);

    private static NomineeList Open() => NomineeList.Open(ListId, Rule, "24", "Sở (tid_oid)", Now);

    private static NomineeList WithDocuments(NomineeList list)
    {
        foreach (var component in new[] { "to-trinh", "bien-ban" })
        {
            var id = Guid.NewGuid().ToString("N");
            list = list.AddFile(component, component + ".pdf", 1000, id, Rule.Components, Limits, Now).Next!;
            list = list.ConfirmFile(id, new InspectedFile(list.BlobPrefix + id + "/pinned", 1000, FileKind.Pdf, new string('a', 64), null), Limits, Now).Next!;
        }
        return list;
    }

    [Fact]
    public void Id_RoundTrips_AndRefusesMalformedText()
    {
        ListId.Value.ShouldBe("bac-giang-so-ldtbxh~bac-giang-so-ket-2023~mid-term-2023~bang-khen-chu-tich-tinh");
        NomineeListId.TryParse(ListId.Value, out var parsed).ShouldBeTrue();
        parsed.ShouldBe(ListId);
        NomineeListId.TryParse("bac-giang-so-ldtbxh~x~someday-2023~y", out _).ShouldBeFalse("unknown stage kind");
        NomineeListId.TryParse("A~b~mid-term-2023~c", out _).ShouldBeFalse("upper case is no id");
        NomineeListId.TryParse("a~b~mid-term-2023", out _).ShouldBeFalse("three parts");
    }

    [Theory]
    [InlineData(DossierStatus.Approved, false, true)]     // IV.3.a: the Sở's council considered a unit's dossier and approved it
    [InlineData(DossierStatus.Evaluated, false, false)]   // a unit's dossier the Sở has not approved
    [InlineData(DossierStatus.Rejected, false, false)]
    [InlineData(DossierStatus.Returned, false, false)]
    [InlineData(DossierStatus.Evaluated, true, true)]     // IV.2.a: the Sở's own goes straight onto its list
    [InlineData(DossierStatus.Approved, true, true)]
    [InlineData(DossierStatus.Draft, true, false)]        // its own, not yet submitted
    [InlineData(DossierStatus.Rejected, true, false)]
    public void Assemble_TakesApprovedDossiers_AndTheBodysOwnOnceEvaluated(DossierStatus status, bool own, bool listed)
    {
        var decision = Open().Assemble([Candidate("Hộ ông A", status, own)], Now);
        (decision.Next!.Entries.Count == 1).ShouldBe(listed);
    }

    [Fact]
    public void Submit_OnTime_WithDocuments_ListsTheDossiers_AndLeavesEachToForward()
    {
        var a = Candidate("Hộ ông A", DossierStatus.Approved);
        var own = Candidate("Phòng Bảo trợ xã hội", DossierStatus.Evaluated, own: true, unit: "24");
        var list = WithDocuments(Open().Assemble([a, own], Now).Next!);

        var submitted = list.Submit([a, own], Rule.Components, Rule.Deadline, "Sở", Now);

        submitted.Refusal.ShouldBe(DossierRefusal.None);
        submitted.Next!.Status.ShouldBe(NomineeListStatus.Submitted);
        submitted.Next.PendingForwards.Count.ShouldBe(2);
        var once = submitted.Next.RecordForwarded(a.Entry.DossierId, Now).Next!;
        once.PendingForwards.ShouldHaveSingleItem().DossierId.ShouldBe(own.Entry.DossierId);
        once.RecordForwarded(a.Entry.DossierId, Now).Writes.ShouldBeFalse("a retry records nothing twice");
        once.Submit([a, own], Rule.Components, Rule.Deadline, "Sở", Now).Writes.ShouldBeFalse("submitting again resumes the forwarding, changes nothing");
        once.Assemble([], Now).Refusal.ShouldBe(DossierRefusal.NotAllowed, "a submitted list does not change");
    }

    [Fact]
    public void Submit_After5December_RefusedWithTheDateInWords_AndEveryOtherProblem()
    {
        var a = Candidate("Hộ ông A", DossierStatus.Approved);
        var list = Open().Assemble([a], Now).Next!;
        var late = new DateTimeOffset(2023, 12, 6, 0, 0, 1, TimeSpan.FromHours(7));

        var refused = list.Submit([a with { Status = DossierStatus.Forwarded }], Rule.Components, Rule.Deadline, "Sở", late);

        refused.Refusal.ShouldBe(DossierRefusal.Refused);
        var codes = refused.Problems.Select(p => p.Code).ToList();
        codes.ShouldBe(["missing-component", "missing-component", "deadline-passed", "not-eligible"], ignoreOrder: true);
        var deadline = refused.Problems.Single(p => p.Code == "deadline-passed");
        deadline.MessageVi.ShouldContain("ngày 05 tháng 12 năm 2023 (05/12/2023");
        deadline.MessageVi.ShouldContain("mục IV.3.a");
        deadline.MessageEn.ShouldContain("5 December 2023");
        refused.Problems.Single(p => p.Code == "not-eligible").MessageVi.ShouldContain("Hộ ông A");
        refused.Problems.Where(p => p.Code == "missing-component").Select(p => p.Field).ShouldBe(["components.to-trinh", "components.bien-ban"], "IV.3.b: the tờ trình and the council's minutes");
        WithDocuments(list).Submit([a], Rule.Components, Rule.Deadline, "Sở", new DateTimeOffset(2023, 12, 5, 23, 59, 0, TimeSpan.FromHours(7)))
            .Refusal.ShouldBe(DossierRefusal.None, "the last minute of 05/12/2023 in Vietnam is on time");
    }

    [Fact]
    public void Submit_EmptyList_Refused()
    {
        WithDocuments(Open()).Submit([], Rule.Components, Rule.Deadline, "Sở", Now).Problems.Single().Code.ShouldBe("empty-list");
    }

    [Fact]
    public void Documents_FollowTheDossierFileChecks()
    {
        var list = Open();
        list.AddFile("bao-cao-thanh-tich", "x.pdf", 10, "f1", Rule.Components, Limits, Now).Problems.Single().Code.ShouldBe("unknown-component", "the reports come with the dossiers");
        list.AddFile("to-trinh", "x.exe", 10, "f1", Rule.Components, Limits, Now).Problems.Single().Code.ShouldBe("file-type-not-allowed");
        list.AddFile("to-trinh", "x.pdf", Limits.MaxFileBytes + 1, "f1", Rule.Components, Limits, Now).Problems.Single().Code.ShouldBe("file-too-large");
        var added = list.AddFile("to-trinh", "To trinh.pdf", 10, "f1", Rule.Components, Limits, Now).Next!;
        added.Files.Single().StoredName.ShouldBe(list.BlobPrefix + "f1");
        var rejected = added.ConfirmFile("f1", new InspectedFile("x", 10, null, null, new DossierProblem("type-mismatch", "files.f1", "không phải PDF", "not a PDF")), Limits, Now).Next!;
        rejected.Files.Single().State.ShouldBe(FileState.Rejected);
        added.RemoveFile("f1", Now).Next!.Files.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(DossierStatus.Approved, false, DossierStatus.Forwarded)]
    [InlineData(DossierStatus.Evaluated, true, DossierStatus.Forwarded)]   // the Sở's own
    [InlineData(DossierStatus.Forwarded, false, DossierStatus.Forwarded)]  // already: unchanged (a retry)
    public void ForwardOnList_ForwardsOnce(DossierStatus from, bool own, DossierStatus to)
    {
        var d = DossierRoutesTests.Draft("213") with { Status = from, Revision = 1 };
        var decision = d.ForwardOnList(ListId, own, Now);
        decision.Next!.Status.ShouldBe(to);
        decision.Writes.ShouldBe(from != to);
    }

    [Fact]
    public void ForwardOnList_AUnitsDossierNotApproved_NotAllowed()
    {
        var d = DossierRoutesTests.Draft("213") with { Status = DossierStatus.Evaluated, Revision = 1 };
        d.ForwardOnList(ListId, own: false, Now).Refusal.ShouldBe(DossierRefusal.NotAllowed);
    }
}
