using System.Text.Json;
using NoOneLeftBehind.Domain.Criteria;
using NoOneLeftBehind.Domain.Bodies;
using NoOneLeftBehind.Domain.Dossiers;
using NoOneLeftBehind.Domain.Plans;
using NoOneLeftBehind.Domain.Units;
using Dossier = NoOneLeftBehind.Domain.Dossiers.Dossier;

namespace NoOneLeftBehind.Domain.Tests.Dossiers;

/// <summary>The workflow's decisions on the dossier aggregate: pure, so every rule is checked here without storage.</summary>
public sealed class DossierDecisionTests
{
    private const string Reviewer = "Lê Văn Cường (tid_oid)";
    private static readonly PlanCatalogue Catalogue = PlanCatalogue.LoadEmbedded();
    private static readonly CriteriaEngine Engine = new(Catalogue);
    private static readonly DossierRuleBook Rules = DossierRuleBook.LoadEmbedded();
    private static readonly DateTimeOffset Now = new(2023, 11, 20, 9, 0, 0, TimeSpan.FromHours(7));
    private static readonly DossierFileLimits Limits = new() { MaxFileBytes = 50L * 1024 * 1024, MaxDossierBytes = 200L * 1024 * 1024, MaxFiles = 60 };

    private static Plan PlanOf(string id) => Catalogue.TryGet(PlanId.Parse(id), out var p) ? p : throw new InvalidOperationException(id);

    private static IReadOnlyList<ComponentRule> Components => Rules.ComponentsOf(PlanOf("chu-puh-2021-2025"));

    private static Dossier Draft(string unit = "639", string plan = "chu-puh-2021-2025", string award = "bang-khen-chu-tich-tinh")
    {
        var id = DossierId.New(unit);
        return new Dossier
        {
            Id = id,
            PlanId = PlanId.Parse(plan),
            Stage = new DossierStage(StageKind.MidTerm, 2023),
            NominatingUnitCode = id.Unit,
            Nominee = new Nominee { Kind = SubjectKind.Commune, Name = "Xã Ia Le", UnitCode = "23986", Tags = [SubjectTags.Region3] },
            AwardFormId = award,
            NominationYear = 2023,
            CreatedAt = Now,
            CreatedBy = "Nguyễn Thị Hạnh (tid_oid)",
            UpdatedAt = Now,
        };
    }

    private static DossierFile File(string component, FileState state, long size = 1024) => new()
    {
        Id = Guid.NewGuid().ToString("N"), ComponentId = component, StoredName = "x/" + Guid.NewGuid().ToString("N"), OriginalName = component + ".pdf",
        State = state, Size = state == FileState.Pending ? null : size, AddedAt = Now,
    };

    private static Dossier UnderReview() => Draft() with { Status = DossierStatus.UnderReview, Revision = 1, Reviewer = Reviewer };

    // ---- Review: what a return names (items[i]) ----

    [Theory]
    [InlineData(null, null, "invalid-item", "items[0]")]                                  // names nothing: which component or field?
    [InlineData("bien-ban", "statistics", "invalid-item", "items[0]")]                    // names both: one item is one thing to fix
    [InlineData(null, "population", "unknown-field", "items[0].field")]                   // not a field of a dossier
    [InlineData(null, "Statistics", "unknown-field", "items[0].field")]                   // field names are the API's words, case and all
    [InlineData("bien-ban-hop", null, "unknown-component", "items[0].componentId")]       // not a component of the plan's dossier
    public void Review_ReturnItemNotOneKnownThing_IsRefused(string? component, string? field, string code, string path)
    {
        var decision = UnderReview().Review(DossierAction.Return, Reviewer, null, [new ReturnItem(component, field, "Chưa có chữ ký.")], Components, null, Now);

        decision.Refusal.ShouldBe(DossierRefusal.Invalid);
        decision.Next.ShouldBeNull();
        var problem = decision.Problems.ShouldHaveSingleItem();
        (problem.Code, problem.Field).ShouldBe((code, path));
        problem.MessageVi.ShouldNotBeNullOrWhiteSpace();
        problem.MessageEn.ShouldNotBeNullOrWhiteSpace();
    }

    [Theory]
    [InlineData("bien-ban", null)]                                 // a component of the legal default list
    [InlineData(null, DossierFields.Statistics)]                   // a field
    [InlineData(null, DossierFields.AchievementsSummary)]          // another field, named as the API names it
    public void Review_ReturnItemNamingOneKnownThing_Returns(string? component, string? field)
    {
        var decision = UnderReview().Review(DossierAction.Return, Reviewer, null, [new ReturnItem(component, field, "  Cần bổ sung.  ")], Components, null, Now);

        decision.Refusal.ShouldBe(DossierRefusal.None);
        decision.Next!.Status.ShouldBe(DossierStatus.Returned);
        decision.Next.Supplement.ShouldBe([new SupplementItem(component, field, "Cần bổ sung.")]);
        decision.Changes.Select(c => c.Field).ShouldContain("supplement");
    }

    [Fact]
    public void Review_ReturnWithoutItemsOrReasons_NamesEachGap()
    {
        UnderReview().Review(DossierAction.Return, Reviewer, null, [], Components, null, Now).Problems.Single().Field.ShouldBe("items");
        var problems = UnderReview().Review(DossierAction.Return, Reviewer, null, [new ReturnItem("bien-ban", null, " "), new ReturnItem(null, "facts", null)], Components, null, Now).Problems;
        problems.Select(p => (p.Code, p.Field)).ShouldBe([("required", "items[0].reason"), ("required", "items[1].reason")]);
    }

    [Theory]
    [InlineData(DossierAction.Reject, null)]       // a rejection says why
    [InlineData(DossierAction.Reject, "   ")]      // blank is no reason
    public void Review_RejectWithoutANote_IsRefused(DossierAction action, string? note)
    {
        var decision = UnderReview().Review(action, Reviewer, note, null, Components, ["other", "x"], Now);
        decision.Refusal.ShouldBe(DossierRefusal.Invalid);
        decision.Problems.Single().Field.ShouldBe("note");
        decision.Quota.ShouldBeNull();
    }

    [Fact]
    public void Review_DecideWithoutTheDecisionsReference_IsRefused()
    {
        var forwarded = UnderReview() with { Status = DossierStatus.Forwarded };
        forwarded.Review(DossierAction.Decide, Reviewer, "", null, Components, null, Now).Problems.Single().MessageEn.ShouldContain("decision's number and date");
        forwarded.Review(DossierAction.Decide, Reviewer, "QĐ 1234/QĐ-UBND ngày 20/12/2023", null, Components, null, Now).Next!.Status.ShouldBe(DossierStatus.Decided);
    }

    [Fact]
    public void Review_Reject_FreesTheSlotItHolds_AndOnlyThat()
    {
        var d = UnderReview();
        var decision = d.Review(DossierAction.Reject, Reviewer, "Không đạt tiêu chí giảm nghèo.", null, Components, ["a", d.Id.Value, "b"], Now);

        decision.Next!.Status.ShouldBe(DossierStatus.Rejected);
        decision.Next.DecisionNote.ShouldBe("Không đạt tiêu chí giảm nghèo.");
        decision.Quota!.Holders.ShouldBe(["a", "b"]);
        decision.Note.ShouldBe("Không đạt tiêu chí giảm nghèo.");
        // A dossier that holds no slot (the plan sets no quota) frees nothing.
        d.Review(DossierAction.Reject, Reviewer, "Không đạt.", null, Components, ["a"], Now).Quota.ShouldBeNull();
        // Approving keeps the slot.
        d.Review(DossierAction.Approve, Reviewer, null, null, Components, [d.Id.Value], Now).Quota.ShouldBeNull();
    }

    [Fact]
    public void Review_UnderReviewByAnother_IsRefusedAsHeld_AndAWrongStatusIsNotAllowed()
    {
        UnderReview().Review(DossierAction.Approve, "Người khác (x)", null, null, Components, null, Now).Refusal.ShouldBe(DossierRefusal.HeldByAnother);
        Draft().Review(DossierAction.Approve, Reviewer, null, null, Components, null, Now).Refusal.ShouldBe(DossierRefusal.NotAllowed);
        var taken = (Draft() with { Status = DossierStatus.Evaluated, Revision = 1 }).Review(DossierAction.StartReview, Reviewer, null, null, Components, null, Now);
        taken.Next!.Reviewer.ShouldBe(Reviewer);
    }

    // ---- Files ----

    [Theory]
    [InlineData(59, 0, false)]  // one below the limit: the 60th file is added
    [InlineData(60, 0, true)]   // at the limit
    [InlineData(59, 5, false)]  // refused files do not count (their bytes are gone)
    [InlineData(30, 30, false)] // the same: only pending and accepted files count
    public void AddFile_CountsPendingAndAcceptedFiles_AgainstTheLimit(int kept, int refused, bool tooMany)
    {
        var d = Draft() with
        {
            Files = [.. Enumerable.Range(0, kept).Select(i => File("minh-chung", i % 2 == 0 ? FileState.Accepted : FileState.Pending)),
                .. Enumerable.Range(0, refused).Select(_ => File("minh-chung", FileState.Rejected))],
        };

        var decision = d.AddFile("bien-ban", "bien-ban.pdf", 1000, "f0000000000000000000000000000000", Components, Limits, Now);

        decision.Problems.Any(p => p.Code == "too-many-files").ShouldBe(tooMany);
        if (tooMany)
        {
            decision.Problems.Single().Field.ShouldBe("files");
            decision.Problems.Single().MessageVi.ShouldContain("60");
        }
        else
        {
            decision.Next!.Files.Count.ShouldBe(kept + refused + 1);
            decision.Next.Files[^1].ShouldBe(new DossierFile
            {
                Id = "f0000000000000000000000000000000", ComponentId = "bien-ban", StoredName = d.Id.Value + "/f0000000000000000000000000000000",
                OriginalName = "bien-ban.pdf", AddedAt = Now,
            });
        }
    }

    [Fact]
    public void AddFile_ReportsEveryProblemAtOnce()
    {
        var d = Draft() with { Status = DossierStatus.Returned, Revision = 1, Supplement = [new SupplementItem(null, DossierFields.Statistics, "Số liệu 2023.")] };
        var problems = d.AddFile("bien-ban", "a\u202Egpj.exe", 60L * 1024 * 1024, "f", Components, Limits, Now).Problems;
        problems.Select(p => p.Code).ShouldContain("file-too-large");
        problems.Select(p => p.Code).ShouldContain("not-requested"); // a return for the figures takes no files
    }

    [Theory]
    [InlineData(150, 50, false)] // exactly 200 MB in all is within the limit
    [InlineData(150, 51, true)]  // one megabyte over
    [InlineData(0, 201, true)]   // one file alone over the dossier's limit
    public void ConfirmFile_AcceptedFilesOverTheDossierLimit_AreRefused(int acceptedMb, int newMb, bool tooLarge)
    {
        const long Mb = 1024 * 1024;
        var pending = File("bao-cao-thanh-tich", FileState.Pending);
        var d = Draft() with { Files = [File("to-trinh", FileState.Accepted, acceptedMb * Mb), File("minh-chung", FileState.Rejected, 500 * Mb), pending] };

        var decision = d.ConfirmFile(pending.Id, new InspectedFile("pinned/1", newMb * Mb, FileKind.Pdf, new string('a', 64), null), Limits, Now);

        if (tooLarge)
        {
            decision.Refusal.ShouldBe(DossierRefusal.Invalid);
            var problem = decision.Problems.ShouldHaveSingleItem();
            (problem.Code, problem.Field).ShouldBe(("dossier-too-large", "files." + pending.Id));
            problem.MessageEn.ShouldBe("The dossier exceeds 200 MB.");
        }
        else
        {
            var file = decision.Next!.Files.Single(f => f.Id == pending.Id);
            (file.State, file.StoredName, file.Size).ShouldBe((FileState.Accepted, "pinned/1", newMb * Mb));
        }
    }

    [Fact]
    public void ConfirmFile_RefusedBytes_MarkTheFileRejectedWithTheReason_AndAFileNoLongerPendingIsNotTaken()
    {
        var pending = File("to-trinh", FileState.Pending);
        var d = Draft() with { Files = [pending] };
        var problem = new DossierProblem("file-type-mismatch", "files." + pending.Id, "Tệp không phải PDF.", "The file is not a PDF.");

        var rejected = d.ConfirmFile(pending.Id, new InspectedFile("pinned/1", 10, null, null, problem), Limits, Now);
        rejected.Next!.Files.Single().State.ShouldBe(FileState.Rejected);
        rejected.Next.Files.Single().Rejection.ShouldBe(new DossierText("Tệp không phải PDF.", "The file is not a PDF."));
        rejected.Note.ShouldBe("Tệp không phải PDF.", "the history is written in Vietnamese");

        var accepted = rejected.Next.ConfirmFile(pending.Id, new InspectedFile("pinned/2", 10, FileKind.Pdf, "ab", null), Limits, Now);
        accepted.Problems.Single().Code.ShouldBe("file-not-pending");
        rejected.Next.RefuseConfirmation(pending.Id)!.Refusal.ShouldBe(DossierRefusal.Refused);
        d.RefuseConfirmation("nope")!.Refusal.ShouldBe(DossierRefusal.NotFound);
        d.RefuseConfirmation(pending.Id).ShouldBeNull();
    }

    [Fact]
    public void RemoveFile_AfterAReturn_OnlyFromANamedComponent()
    {
        var named = File("bien-ban", FileState.Accepted);
        var other = File("to-trinh", FileState.Accepted);
        var d = Draft() with { Status = DossierStatus.Returned, Revision = 1, Files = [named, other], Supplement = [new SupplementItem("bien-ban", null, "Thiếu chữ ký.")] };

        d.RemoveFile(named.Id, Now).Next!.Files.ShouldBe([other]);
        d.RemoveFile(other.Id, Now).Problems.Single().Code.ShouldBe("not-requested");
        d.RemoveFile("missing", Now).Refusal.ShouldBe(DossierRefusal.NotFound);
        (d with { Status = DossierStatus.Submitted }).RemoveFile(named.Id, Now).Refusal.ShouldBe(DossierRefusal.NotAllowed);
    }

    // ---- Edit ----

    [Fact]
    public void Edit_AfterAReturn_OnlyTheFieldsTheReturnNames()
    {
        var d = Draft() with { Status = DossierStatus.Returned, Revision = 1, Supplement = [new SupplementItem(null, DossierFields.AchievementsSummary, "Viết rõ hơn.")] };
        var plan = PlanOf("chu-puh-2021-2025");

        var allowed = d.Edit(new DossierEdit { AchievementsSummary = "Giảm 300 hộ nghèo." }, plan, Engine, Now);
        allowed.Next!.AchievementsSummary.ShouldBe("Giảm 300 hộ nghèo.");
        allowed.Changes.Select(c => c.Field).ShouldBe([DossierFields.AchievementsSummary]);

        var refused = d.Edit(new DossierEdit { NominationYear = 2024, AchievementsSummary = "x" }, plan, Engine, Now);
        refused.Problems.Select(p => (p.Code, p.Field)).ShouldBe([("not-requested", DossierFields.NominationYear)]);
    }

    [Fact]
    public void Edit_DataThePlanDoesNotHave_IsRefused()
    {
        var refused = Draft().Edit(new DossierEdit { AwardFormId = "huan-chuong" }, PlanOf("chu-puh-2021-2025"), Engine, Now);
        refused.Problems.Single().Code.ShouldBe("unknown-award-form");
    }

    // ---- Submit ----

    private static Dossier Complete(Dossier d) =>
        d with { Files = [File("to-trinh", FileState.Accepted), File("bien-ban", FileState.Accepted), File("bao-cao-thanh-tich", FileState.Accepted)] };

    [Theory]
    [InlineData(0, "2023-11-30T23:59:00+07:00", false)] // the last minute of the deadline's day
    [InlineData(0, "2023-12-01T00:00:00+07:00", true)]  // a first submission after the deadline
    [InlineData(1, "2023-12-05T10:00:00+07:00", false)] // a supplement after a return: the reviewer awaits it
    public void Submit_DeadlineBindsTheFirstSubmissionOnly(int revision, string at, bool late)
    {
        var plan = PlanOf("bac-giang-so-ket-2023");
        // A unit's dossier on its route to Sở LĐ-TB&XH (IV.3.a): its own proposal and the nominee's Mẫu 07 report.
        var d = Draft("213", "bac-giang-so-ket-2023") with
        {
            Revision = revision, Status = revision == 0 ? DossierStatus.Draft : DossierStatus.Returned,
            Files = [File("to-trinh-don-vi", FileState.Accepted), File("bao-cao-thanh-tich", FileState.Accepted)],
        };
        var committee = NominatingBody.PeoplesCommittee("213");
        var deadline = Rules.SubmissionDeadline(plan, d, committee);

        var decision = d.Submit(Rules.ComponentsOf(plan, d, committee), deadline, null, [], DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture));

        decision.Problems.Any(p => p.Code == "deadline-passed").ShouldBe(late);
        if (!late) decision.Next!.Revision.ShouldBe(revision + 1);
    }

    [Fact]
    public void Submit_TakesAFreeSlot_RefusesWhenOthersHoldThemAll_AndAHolderKeepsIts()
    {
        var d = Complete(Draft());
        var limit = new QuotaLimit(2, "IV.2.a", "Mỗi huyện", "02 xã");

        var taken = d.Submit(Components, null, limit, ["a"], Now);
        taken.Quota!.Holders.ShouldBe(["a", d.Id.Value]);
        (taken.Next!.Status, taken.Next.Revision, taken.Next.SubmittedAt).ShouldBe((DossierStatus.Submitted, 1, (DateTimeOffset?)Now));

        d.Submit(Components, null, limit, ["a", "b"], Now).Problems.Single().Code.ShouldBe("quota-exceeded");
        (d with { Status = DossierStatus.Returned, Revision = 1 }).Submit(Components, null, limit, ["a", d.Id.Value], Now).Quota.ShouldBeNull();
    }

    [Fact]
    public void Submit_MissingComponentsAndUnconfirmedFiles_AllReported()
    {
        var d = Draft() with { Files = [File("to-trinh", FileState.Pending)] };
        var problems = d.Submit(Components, null, null, [], Now).Problems.Select(p => p.Code).ToList();
        problems.Count(c => c == "missing-component").ShouldBe(3);
        problems.ShouldContain("file-not-confirmed");
    }

    // ---- Evaluation ----

    [Fact]
    public void Messages_NameThingsInWords_NeverByTheirIds()
    {
        // Issue 17, item 7: a clerk reads "Tờ trình đề nghị khen thưởng", not 'to-trinh'; "số liệu rà soát", not 'statistics'.
        var plan = PlanOf("bac-giang-so-ket-2023");
        var draft = Draft("213", "bac-giang-so-ket-2023");
        var missing = draft.Submit(Rules.ComponentsOf(plan, draft, NominatingBody.PeoplesCommittee("213")), null, null, [], Now).Problems.First(p => p.Code == "missing-component");
        missing.MessageVi.ShouldStartWith("Thiếu thành phần hồ sơ: Tờ trình (văn bản) đề nghị khen thưởng của cơ quan, địa phương");
        missing.MessageEn.ShouldNotContain("'to-trinh'");

        var quota = Rules.QuotaFor(plan, "bang-khen-chu-tich-tinh", SubjectKind.Household, "213", (_, _) => true)
                    ?? new QuotaLimit(2, "IV.2.a", "Mỗi huyện", "02 hộ", "Bằng khen của Chủ tịch UBND tỉnh");
        var over = DossierChecks.Quota(quota, ["a", "b", "c", "d", "e"], "z", SubjectKind.Household, "bang-khen-chu-tich-tinh")!;
        over.MessageVi.ShouldContain("hộ gia đình");
        over.MessageVi.ShouldContain(quota.AwardFormName!);
        foreach (var text in new[] { over.MessageVi, over.MessageEn })
        {
            text.ShouldNotContain("bang-khen-chu-tich-tinh");
            text.ShouldNotContain("'household'");
        }

        var returned = Draft() with
        {
            Status = DossierStatus.Returned, Revision = 1,
            Supplement = [new SupplementItem(null, DossierFields.Statistics, "Số hộ nghèo chưa khớp."), new SupplementItem("bao-cao-thanh-tich", null, "Chưa ký.")],
        };
        var edit = returned.Edit(new DossierEdit { NominationYear = 2024 }, PlanOf("chu-puh-2021-2025"), Engine, Now).Problems.Single();
        edit.MessageVi.ShouldBe("Hồ sơ bị trả lại chỉ để bổ sung: số liệu rà soát hộ nghèo, cận nghèo; 1 thành phần hồ sơ được nêu; không được sửa năm đề nghị.");
        var add = returned.AddFile("to-trinh", "x.pdf", 1024, "f1", Components, Limits, Now).Problems.Single(p => p.Code == "not-requested");
        add.MessageVi.ShouldBe("Hồ sơ bị trả lại chỉ để bổ sung: số liệu rà soát hộ nghèo, cận nghèo; “Báo cáo thành tích của đối tượng được đề nghị khen thưởng”; "
                               + "không được thêm tệp cho “Tờ trình đề nghị khen thưởng (kèm danh sách đối tượng đề nghị)”.");
        add.MessageEn.ShouldNotContain("'to-trinh'");
    }

    [Fact]
    public void Submit_RefusedFilesAreNotSubmitted_TheAuditRecordsThemRemoved()
    {
        var refused = File("minh-chung", FileState.Rejected) with { OriginalName = "anh.rar" };
        var d = Complete(Draft()) with { Files = [.. Complete(Draft()).Files, refused] };

        var submitted = d.Submit(Components, null, null, [], Now);

        submitted.Next!.Files.Select(f => f.State).ShouldAllBe(s => s == FileState.Accepted);
        submitted.Next.Files.Count.ShouldBe(3);
        submitted.Changes.Single().Field.ShouldBe("files");
        submitted.Changes.Single().Before!.ShouldContain("anh.rar");
        submitted.Changes.Single().After!.ShouldNotContain("anh.rar");
        Complete(Draft()).Submit(Components, null, null, [], Now).Changes.ShouldBeEmpty("nothing refused, nothing changed but the status");
    }

    [Theory]
    [InlineData("HS-K7Q4-9XM2", "K7Q49XM2")]
    [InlineData("hs k7q4 9xm2", "K7Q49XM2")]
    [InlineData("k7q49xm2", "K7Q49XM2")]
    [InlineData("HS-K7Q4-9XM", null)]   // too short
    [InlineData("HS-K7Q4-9XM0", null)]  // 0 is not in the alphabet (reads as O)
    [InlineData("", null)]
    public void TrackingCode_Normalize_AcceptsWhatIsTypedOverThePhone(string typed, string? expected) =>
        TrackingCode.Normalize(typed).ShouldBe(expected);

    [Fact]
    public void TrackingCode_New_IsTheShortReadableForm() =>
        Enumerable.Range(0, 200).Select(_ => TrackingCode.New()).ShouldAllBe(c => TrackingCode.Normalize(c) != null && c.Length == 12);

    [Fact]
    public void RecordEvaluation_OnlyForTheSubmittedRevision()
    {
        var d = Draft() with { Status = DossierStatus.Submitted, Revision = 2 };
        var summary = new EvaluationSummary(2, Verdict.Eligible, "1", Now, null);
        d.RecordEvaluation(2, DossierAction.Evaluate, summary, "eligible", Now).Next!.Status.ShouldBe(DossierStatus.Evaluated);
        d.RecordEvaluation(1, DossierAction.Evaluate, summary, "eligible", Now).Writes.ShouldBeFalse(); // an older message
        (d with { Status = DossierStatus.Evaluated }).RecordEvaluation(2, DossierAction.Evaluate, summary, "x", Now).Writes.ShouldBeFalse(); // redelivered
    }

    // ---- Typed ids in storage ----

    [Fact]
    public void TypedIds_StoredAsTheStringsTheyWere_AndRowsWrittenBeforeLoad()
    {
        // A row's JSON as written before the ids were typed.
        const string stored = """
            {"id":"639-5eed0000000040008000000000000004","planId":"chu-puh-2021-2025","stage":{"kind":"mid-term","year":2023},"nominatingUnitCode":"639",
             "nominee":{"kind":"commune","name":"Xã Ia Phang","unitCode":"23983","tags":[]},"awardFormId":"bang-khen-chu-tich-tinh","nominationYear":2023,
             "status":"approved","revision":1,"createdAt":"2023-11-20T02:00:00+00:00","createdBy":"demo seed","updatedAt":"2023-11-20T02:00:00+00:00"}
            """;
        var web = new JsonSerializerOptions(JsonSerializerDefaults.Web);

        var d = JsonSerializer.Deserialize<Dossier>(stored, web)!;

        d.Id.UnitCode.ShouldBe("639");
        d.PlanId.ShouldBe(PlanId.Parse("chu-puh-2021-2025"));
        d.NominatingUnitCode.ShouldBe(UnitCode.Parse("639"));
        var json = JsonSerializer.SerializeToElement(d, web);
        json.GetProperty("id").GetString().ShouldBe("639-5eed0000000040008000000000000004");
        json.GetProperty("planId").GetString().ShouldBe("chu-puh-2021-2025");
        json.GetProperty("nominatingUnitCode").GetString().ShouldBe("639");
        json.TryGetProperty("isEditable", out _).ShouldBeFalse();
        Should.Throw<JsonException>(() => JsonSerializer.Deserialize<Dossier>(stored.Replace("639-5eed", "VN-5eed", StringComparison.Ordinal), web));
    }
}
