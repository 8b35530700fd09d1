using NoOneLeftBehind.Domain.Bodies;
using NoOneLeftBehind.Domain.Dossiers;
using NoOneLeftBehind.Domain.Plans;
using NoOneLeftBehind.Domain.Reports;
using NoOneLeftBehind.Domain.Units;
using NoOneLeftBehind.TestSupport.Reports;

namespace NoOneLeftBehind.Domain.Tests.Reports;

/// <summary>The submission of a signed review report: ids, PDF only, versions, on time or late in Vietnam time, and who must report.</summary>
public class ReportSubmissionTests
{
    private static readonly DossierFileLimits Limits = new();
    private static readonly ReportSubmissionId BacGiangDistrict = ReportSubmissionId.Of("bac-giang-so-ket-2023", StageKind.MidTerm, 2023, "218", null)!.Value;
    private static readonly DateOnly V1 = new(2023, 11, 30);
    private static ReportReporters Reporters => new(ReportTestData.Plans.Value, ReportTestData.Reports.Value, UnitRegistry.Embedded);
    private static Plan Plan(string id) => ReportTestData.Plans.Value.Plans.First(p => p.Id == id);

    private static DateTimeOffset Vn(string local) => DateTimeOffset.Parse(local + "+07:00", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void Id_IsDeterministic_AndParsesBack_WithOrWithoutABody()
    {
        BacGiangDistrict.Value.ShouldBe("bac-giang-so-ket-2023~mid-term~2023~218");
        var body = ReportSubmissionId.Of("bac-giang-so-ket-2023", StageKind.MidTerm, 2023, "24", "bac-giang-so-ldtbxh")!.Value;
        body.Value.ShouldBe("bac-giang-so-ket-2023~mid-term~2023~24~bac-giang-so-ldtbxh");
        ReportSubmissionId.TryParse(body.Value, out var parsed).ShouldBeTrue();
        parsed.ShouldBe(body);
        ReportSubmissionId.TryParse("bac-giang-so-ket-2023~launch~2023~218", out _).ShouldBeFalse();
        ReportSubmissionId.TryParse("bac-giang-so-ket-2023~mid-term~2023~X1", out _).ShouldBeFalse();
        ReportSubmissionId.TryParse("Bac~mid-term~2023~218", out _).ShouldBeFalse();
        ReportSubmissionId.TryParse("a~mid-term~2023~218~b~c", out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData("2023-11-30T23:59:00", ReportTimeliness.OnTime)]
    [InlineData("2023-12-01T00:01:00", ReportTimeliness.Late)]
    [InlineData("2023-11-30T00:00:00", ReportTimeliness.OnTime)]
    public void Judge_IsAgainstTheEndOfTheDeadlinesDayInVietnam(string local, ReportTimeliness expected)
    {
        // Bắc Giang V.1: "gửi báo cáo sơ kết về Sở Nội vụ, xong trước ngày 30/11/2023".
        ReportSubmission.Judge(V1, Vn(local)).ShouldBe(expected);
        ReportSubmission.Judge(null, Vn(local)).ShouldBe(ReportTimeliness.NoDeadline);
    }

    [Fact]
    public void Judge_UsesVietnamNotUtc_ADeadlineDayEndsAt1700Utc()
    {
        ReportSubmission.Judge(V1, new DateTimeOffset(2023, 11, 30, 16, 59, 0, TimeSpan.Zero)).ShouldBe(ReportTimeliness.OnTime);
        ReportSubmission.Judge(V1, new DateTimeOffset(2023, 11, 30, 17, 1, 0, TimeSpan.Zero)).ShouldBe(ReportTimeliness.Late);
        ReportSubmission.DaysLate(V1, Vn("2023-12-03T08:00:00")).ShouldBe(3);
        ReportSubmission.DaysLate(V1, Vn("2023-11-30T08:00:00")).ShouldBe(0);
    }

    [Theory]
    [InlineData("bao-cao.docx", "file-type-not-allowed")]
    [InlineData("bao-cao.png", "file-type-not-allowed")]
    [InlineData("bao-cao", "file-type-not-allowed")]
    [InlineData("", "invalid-file-name")]
    public void AddFile_OnlyAPdfName_IsTaken(string name, string code)
    {
        var decision = ReportSubmission.Open(BacGiangDistrict, Vn("2023-11-20T09:00:00")).AddFile(name, 1000, "f1", Limits, Vn("2023-11-20T09:00:00"));
        decision.Refusal.ShouldBe(DossierRefusal.Invalid);
        decision.Writes.ShouldBeFalse();
        var problem = decision.Problems.ShouldHaveSingleItem();
        problem.Code.ShouldBe(code);
        problem.MessageVi.ShouldNotBeNullOrWhiteSpace();
        problem.MessageEn.ShouldNotBeNullOrWhiteSpace();
        if (code == "file-type-not-allowed") problem.MessageEn.ShouldContain("PDF");
    }

    [Fact]
    public void AddFile_SizeMissingOrOverTheDossierFileLimit_IsRefused()
    {
        var open = ReportSubmission.Open(BacGiangDistrict, Vn("2023-11-20T09:00:00"));
        open.AddFile("bc.pdf", null, "f1", Limits, Vn("2023-11-20T09:00:00")).Problems.ShouldHaveSingleItem().Code.ShouldBe("required");
        open.AddFile("bc.pdf", Limits.MaxFileBytes + 1, "f1", Limits, Vn("2023-11-20T09:00:00")).Problems.ShouldHaveSingleItem().Code.ShouldBe("file-too-large");
    }

    [Fact]
    public void Confirm_FirstVersionSetsSubmittedAtAndTimeliness_ARetryChangesNothing_ALaterUploadAddsAVersionButKeepsTheFirstTimeliness()
    {
        var s = ReportSubmission.Open(BacGiangDistrict, Vn("2023-11-20T09:00:00"));
        s = s.AddFile("bao-cao-so-ket.pdf", 2048, "f1", Limits, Vn("2023-11-30T23:50:00")).Next!;
        s.Pending.ShouldHaveSingleItem().StoredName.ShouldBe("reports/bac-giang-so-ket-2023~mid-term~2023~218/f1");
        var first = s.ConfirmFile("f1", new InspectedFile("reports/x/f1/p", 2048, FileKind.Pdf, "aa", null), V1, "user-1", Vn("2023-11-30T23:59:00"));
        first.Writes.ShouldBeTrue();
        s = first.Next!;
        s.IsSubmitted.ShouldBeTrue();
        s.Pending.ShouldBeEmpty();
        s.SubmittedAt.ShouldBe(Vn("2023-11-30T23:59:00"));
        s.SubmittedBy.ShouldBe("user-1");
        s.Timeliness.ShouldBe(ReportTimeliness.OnTime);

        var retry = s.ConfirmFile("f1", new InspectedFile("reports/x/f1/q", 2048, FileKind.Pdf, "aa", null), V1, "user-1", Vn("2023-12-01T08:00:00"));
        retry.Writes.ShouldBeFalse();
        retry.Next!.Versions.Count.ShouldBe(1);

        s = s.AddFile("bao-cao-so-ket-v2.pdf", 4096, "f2", Limits, Vn("2023-12-01T00:01:00")).Next!;
        s = s.ConfirmFile("f2", new InspectedFile("reports/x/f2/p", 4096, FileKind.Pdf, "bb", null), V1, "user-2", Vn("2023-12-01T00:01:00")).Next!;
        s.Versions.Select(v => (v.FileId, v.Timeliness)).ShouldBe([("f1", ReportTimeliness.OnTime), ("f2", ReportTimeliness.Late)]);
        s.Timeliness.ShouldBe(ReportTimeliness.OnTime);
        s.SubmittedAt.ShouldBe(Vn("2023-11-30T23:59:00"));
    }

    [Fact]
    public void Confirm_RefusedBytes_DropTheUpload_AndRecordNoVersion()
    {
        var s = ReportSubmission.Open(BacGiangDistrict, Vn("2023-11-20T09:00:00")).AddFile("bao-cao.pdf", 100, "f1", Limits, Vn("2023-11-20T09:00:00")).Next!;
        var problem = new DossierProblem("file-type-not-allowed", "files.f1", "Nội dung tệp không phải PDF", "The content is not a PDF");
        var refused = s.ConfirmFile("f1", new InspectedFile("reports/x/f1/p", 100, null, null, problem), V1, "u", Vn("2023-11-21T09:00:00"));
        refused.Refusal.ShouldBe(DossierRefusal.Invalid);
        // Said as what it means for a report (a PDF is expected), not as the dossier files' advice.
        refused.Problems.ShouldHaveSingleItem().Code.ShouldBe("file-type-not-allowed");
        refused.Problems[0].MessageVi.ShouldContain("không phải PDF");
        // A size refusal stands as the inspection gives it.
        var tooLarge = new DossierProblem("file-too-large", "files.f1", "Tệp quá lớn", "Too large");
        s.ConfirmFile("f1", new InspectedFile("reports/x/f1/p", 100, null, null, tooLarge), V1, "u", Vn("2023-11-21T09:00:00")).Problems.ShouldBe([tooLarge]);
        refused.Writes.ShouldBeTrue();
        refused.Next!.Pending.ShouldBeEmpty();
        refused.Next.Versions.ShouldBeEmpty();
        refused.Next.SubmittedAt.ShouldBeNull();
        // A PNG whose inspection passed is still not a report.
        var png = s.ConfirmFile("f1", new InspectedFile("p", 100, FileKind.Png, "cc", null), V1, "u", Vn("2023-11-21T09:00:00"));
        png.Problems.ShouldHaveSingleItem().Code.ShouldBe("file-type-not-allowed");
        png.Problems[0].MessageEn.ShouldContain("its content is PNG");
        s.ConfirmFile("nope", new InspectedFile("p", 1, FileKind.Pdf, "a", null), V1, "u", Vn("2023-11-21T09:00:00")).Refusal.ShouldBe(DossierRefusal.NotFound);
    }

    [Fact]
    public void Reporters_BacGiang_DistrictsAndBodiesToSoNoiVu_By30November_TheProvinceToCentral_By15December()
    {
        var so = new NominatingBody("bac-giang-so-ldtbxh", "Sở Lao động - Thương binh và Xã hội tỉnh Bắc Giang", BodyKinds.SoBan, "24", ["so-ldtbxh"]);
        var other = new NominatingBody("chu-puh-hoi", "Hội", BodyKinds.Hoi, "639", ["hoi"]);
        var all = Reporters.Of(Plan("bac-giang-so-ket-2023"), StageKind.MidTerm, 2023, [so, other, NominatingBody.PeoplesCommittee("24")]);
        var districts = all.Where(o => o.Reporter == ReportReporters.UnitsBelow).ToList();
        var expected = UnitRegistry.Embedded.ChildrenOf(UnitCode.Parse("24"), V1).Select(u => u.Code.Value).Order().ToList();
        expected.Count.ShouldBe(10);
        districts.Select(o => o.Unit.Code.Value).Order().ShouldBe(expected);
        districts.ShouldAllBe(o => o.Route.Clause == "V.1" && o.Deadline == V1 && o.Route.To == "Sở Nội vụ" && o.RecipientUnit == UnitCode.Parse("24"));
        var body = all.Single(o => o.Body != null);
        (body.Id.Value, body.Route.Clause, body.Deadline).ShouldBe(("bac-giang-so-ket-2023~mid-term~2023~24~bac-giang-so-ldtbxh", "V.1", (DateOnly?)V1));
        var province = all.Single(o => o.Reporter == ReportReporters.Self);
        (province.Unit.Code.Value, province.Route.Clause, province.Deadline, province.RecipientUnit).ShouldBe(("24", "V.2", (DateOnly?)new DateOnly(2023, 12, 15), (UnitCode?)null));
        all.Count.ShouldBe(12);
        Reporters.ReportingTo(all, UnitCode.Parse("24")).Count.ShouldBe(11);
        Reporters.Find(body.Id, [so])!.Body!.Id.ShouldBe(so.Id);
        Reporters.Find(ReportSubmissionId.Of("bac-giang-so-ket-2023", StageKind.MidTerm, 2023, "23971", null)!.Value, [so]).ShouldBeNull("a commune of Gia Lai does not report under Bắc Giang's plan");
    }

    [Fact]
    public void Reporters_BinhDinh_Every15November_ChuPuh_Every10November_FromTheUnitsBelow()
    {
        var binhDinh = Reporters.Of(Plan("binh-dinh-2021-2025"), StageKind.Annual, 2024, []);
        binhDinh.ShouldNotBeEmpty();
        binhDinh.ShouldAllBe(o => o.Deadline == new DateOnly(2024, 11, 15) && o.Route.Clause == "V" && o.Unit.Level == UnitLevel.District);
        var chuPuh = Reporters.Of(Plan("chu-puh-2021-2025"), StageKind.Annual, 2023, []);
        chuPuh.ShouldContain(o => o.Unit.Code.Value == "23971");
        chuPuh.ShouldAllBe(o => o.Deadline == new DateOnly(2023, 11, 10) && o.Route.Clause == "IV.1" && o.Unit.Level == UnitLevel.Commune);
        // Gia Lai (64) receives none of Chư Pưh's reports, so its view is of those sent from within it.
        Reporters.ReportingTo(chuPuh, UnitCode.Parse("64")).Count.ShouldBe(chuPuh.Count);
    }

    [Fact]
    public void Reporters_NoDateRoutes_ChuPuhSoKet_TuyenQuangTongKet_AreTheGovernedUnitsOwn_KhanhVinh_TheSchoolOnly()
    {
        var soKet = Reporters.Of(Plan("chu-puh-2021-2025"), StageKind.MidTerm, 2023, []).ShouldHaveSingleItem();
        (soKet.Unit.Code.Value, soKet.Route.Clause, soKet.Deadline, soKet.Route.NoDate).ShouldBe(("639", "II.4", (DateOnly?)null, "Kế hoạch không nêu hạn gửi báo cáo sơ kết."));
        var tongKet = Reporters.Of(Plan("tuyen-quang-2016-2020"), StageKind.Final, 2020, []).ShouldHaveSingleItem();
        (tongKet.Unit.Code.Value, tongKet.Route.Clause, tongKet.Deadline).ShouldBe(("08", "V.2", (DateOnly?)null));
        Reporters.Of(Plan("khanh-vinh-2021-2025"), StageKind.MidTerm, 2023, []).ShouldBeEmpty();
        var school = new NominatingBody("khanh-vinh-truong", "Trường Trung cấp nghề Dân tộc nội trú Khánh Vĩnh", BodyKinds.TruongHoc, "573", ["truong"]);
        var khanhVinh = Reporters.Of(Plan("khanh-vinh-2021-2025"), StageKind.MidTerm, 2023, [school]).ShouldHaveSingleItem();
        (khanhVinh.Body!.Id, khanhVinh.Route.Clause).ShouldBe(("khanh-vinh-truong", "III.4"));
        Reporters.Of(Plan("chu-puh-2021-2025"), StageKind.MidTerm, 2030, []).ShouldBeEmpty();
    }

    [Fact]
    public void Reporters_OfAUnitAbolishedDuringTheYear_AreReadOnItsLastDay_NeverOnTheCodesNextHolder()
    {
        // 52 was Tỉnh Bình Định until 30/06/2025 and is Tỉnh Gia Lai since: Bình Định's 2025 report is its own districts'.
        var binhDinh2025 = Reporters.Of(Plan("binh-dinh-2021-2025"), StageKind.Annual, 2025, []);
        binhDinh2025.ShouldNotBeEmpty();
        binhDinh2025.ShouldAllBe(o => o.AsOf == new DateOnly(2025, 6, 30) && o.Unit.Level == UnitLevel.District);
        binhDinh2025.ShouldNotContain(o => o.Unit.Code.Value == "23971");
        // Chư Pưh (639) ended on 30/06/2025: its communes owe the 2025 yearly report as they were then.
        Reporters.Of(Plan("chu-puh-2021-2025"), StageKind.Annual, 2025, []).ShouldContain(o => o.Unit.Code.Value == "23971" && o.Deadline == new DateOnly(2025, 11, 10));
    }

    [Fact]
    public void Stages_AreTheSchedulesNewestFirst_WithAYearlyReportForEachYear()
    {
        Reporters.Stages(Plan("chu-puh-2021-2025")).ShouldBe(
        [
            (StageKind.Final, 2025), (StageKind.Annual, 2025), (StageKind.Annual, 2024), (StageKind.MidTerm, 2023), (StageKind.Annual, 2023),
            (StageKind.Annual, 2022), (StageKind.Annual, 2021),
        ]);
        Reporters.Stages(Plan("bac-giang-so-ket-2023")).ShouldBe([(StageKind.MidTerm, 2023)]);
    }
}
