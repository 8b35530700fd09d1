using System.IO.Compression;
using System.Text;
using NoOneLeftBehind.Domain.Bodies;
using NoOneLeftBehind.Domain.Dossiers;
using NoOneLeftBehind.Domain.Identity;
using NoOneLeftBehind.Domain.Plans;
using NoOneLeftBehind.Domain.Units;

namespace NoOneLeftBehind.Domain.Tests.Dossiers;

public sealed class DossierRulesTests
{
    private static readonly PlanCatalogue Catalogue = PlanCatalogue.LoadEmbedded();
    private static readonly DossierRuleBook Rules = DossierRuleBook.LoadEmbedded();
    private static readonly RegistryUnitHierarchy Units = new(UnitRegistry.Embedded, TimeProvider.System);

    private static Plan PlanOf(string id) => Catalogue.TryGet(PlanId.Parse(id), out var p) ? p : throw new InvalidOperationException(id);

    [Theory]
    [InlineData("2023-11-30T23:59:59+07:00", false)] // last second of the last day in Vietnam
    [InlineData("2023-11-30T16:59:59+00:00", false)] // the same instant in UTC
    [InlineData("2023-11-30T17:00:00+00:00", true)]  // 01/12 00:00 in Vietnam, still 30/11 in UTC
    [InlineData("2023-12-01T00:00:00+07:00", true)]
    public void Deadline_BacGiangDistrict_EndsWithThe30thInVietnam(string now, bool late)
    {
        var deadline = Rules.SubmissionDeadline(PlanOf("bac-giang-so-ket-2023"), DossierRoutesTests.Draft("213"), NominatingBody.PeoplesCommittee("213"));
        deadline.ShouldNotBeNull();
        deadline.Date.ShouldBe(new DateOnly(2023, 11, 30));
        var problem = DossierChecks.Deadline(deadline, DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture));
        (problem is not null).ShouldBe(late);
        if (late) problem!.MessageVi.ShouldContain("30/11/2023");
    }

    [Fact]
    public void Deadline_AnnualStage_TakesTheStageYear_AndPlansWithoutOneHaveNone()
    {
        Rules.SubmissionDeadline(PlanOf("khanh-vinh-2021-2025"), new DossierStage(StageKind.Annual, 2024), "639")!.Date.ShouldBe(new DateOnly(2024, 12, 10));
        Rules.SubmissionDeadline(PlanOf("chu-puh-2021-2025"), new DossierStage(StageKind.MidTerm, 2023), "639").ShouldBeNull();
    }

    [Theory]
    [InlineData("213", SubjectKind.Household, 2)] // TP Bắc Giang: 2 households
    [InlineData("220", SubjectKind.Commune, 2)]   // Sơn Động: 2 communes (exception)
    [InlineData("213", SubjectKind.Commune, 1)]   // others: 1 commune
    [InlineData("639", SubjectKind.Household, 0)] // not a nominator of this plan
    public void Quota_BacGiang_ByDistrictAndKind(string unit, SubjectKind kind, int expected)
    {
        var limit = Rules.QuotaFor(PlanOf("bac-giang-so-ket-2023"), "bang-khen-chu-tich-tinh", kind, unit, PlanUnits.WithinDuring(PlanOf("bac-giang-so-ket-2023"), UnitRegistry.Embedded, Units.IsWithin));
        limit.ShouldNotBeNull();
        limit.Count.ShouldBe(expected);
    }

    [Fact]
    public void Quota_ThirdHousehold_Refused_ButAHolderResubmitting_IsNot()
    {
        var limit = new QuotaLimit(2, "IV.2.a", "Mỗi huyện", "02 hộ");
        DossierChecks.Quota(limit, ["a", "b"], "c", SubjectKind.Household, "bang-khen-chu-tich-tinh")!.Code.ShouldBe("quota-exceeded");
        DossierChecks.Quota(limit, ["a", "b"], "b", SubjectKind.Household, "bang-khen-chu-tich-tinh").ShouldBeNull();
        DossierChecks.Quota(null, ["a", "b"], "c", SubjectKind.Household, "x").ShouldBeNull();
    }

    [Fact]
    public void Components_PlanDeferringToTheLaw_GetTheLegalList_EvidenceOptional()
    {
        var components = Rules.ComponentsOf(PlanOf("chu-puh-2021-2025"));
        components.Where(c => c.Required).Select(c => c.Id).ShouldBe(["to-trinh", "bien-ban", "bao-cao-thanh-tich"]);
        components.Single(c => c.Id == "minh-chung").Required.ShouldBeFalse();
        Rules.ComponentsOf(PlanOf("khanh-vinh-2021-2025")).Single(c => c.Id == "minh-chung").Required.ShouldBeFalse();
    }

    [Theory]
    [InlineData(DossierStatus.Draft, DossierAction.Submit, DossierStatus.Submitted)]
    [InlineData(DossierStatus.Returned, DossierAction.Submit, DossierStatus.Submitted)]
    [InlineData(DossierStatus.Submitted, DossierAction.Evaluate, DossierStatus.Evaluated)]
    [InlineData(DossierStatus.Evaluated, DossierAction.StartReview, DossierStatus.UnderReview)]
    [InlineData(DossierStatus.UnderReview, DossierAction.Return, DossierStatus.Returned)]
    [InlineData(DossierStatus.Approved, DossierAction.Forward, DossierStatus.Forwarded)]
    [InlineData(DossierStatus.Forwarded, DossierAction.Decide, DossierStatus.Decided)]
    public void Workflow_AllowedTransitions(DossierStatus from, DossierAction action, DossierStatus to) =>
        DossierWorkflow.Next(from, action).ShouldBe(to);

    [Theory]
    [InlineData(DossierStatus.Draft, DossierAction.Approve)]      // nothing to approve before evaluation and review
    [InlineData(DossierStatus.Evaluated, DossierAction.Approve)]  // a reviewer must take it first
    [InlineData(DossierStatus.Approved, DossierAction.Submit)]    // the unit cannot change an approved dossier
    [InlineData(DossierStatus.Decided, DossierAction.Return)]
    public void Workflow_RefusedTransitions(DossierStatus from, DossierAction action) =>
        DossierWorkflow.Next(from, action).ShouldBeNull();

    [Fact]
    public void DossierId_CarriesTheUnit_AndRejectsGarbage()
    {
        var id = DossierId.New("23971");
        DossierId.TryParse(id.Value, out var parsed).ShouldBeTrue();
        parsed.UnitCode.ShouldBe("23971");
        DossierId.TryParse("VN-" + new string('a', 32), out _).ShouldBeFalse();
        DossierId.TryParse("639-../../x", out _).ShouldBeFalse();
    }
}

public sealed class FileInspectionTests
{
    private static readonly DossierFileLimits Limits = new();

    [Theory]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31 }, SniffResult.Pdf)]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, SniffResult.Png)]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }, SniffResult.Jpeg)]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04 }, SniffResult.Zip)]
    [InlineData(new byte[] { 0x4D, 0x5A, 0x90, 0x00 }, SniffResult.Executable)] // a renamed .exe
    [InlineData(new byte[] { 0x7F, 0x45, 0x4C, 0x46 }, SniffResult.OtherExecutable)]
    [InlineData(new byte[] { 0x3C, 0x68, 0x74, 0x6D, 0x6C }, SniffResult.Unknown)] // <html
    public void Sniff_ByMagicBytes(byte[] head, SniffResult expected) => FileSniffer.Sniff(head).ShouldBe(expected);

    [Fact]
    public void Zip_DocxAndXlsx_Recognised_PlainZipRefused()
    {
        Check(Zip(("[Content_Types].xml", 10), ("word/document.xml", 10))).Kind.ShouldBe(FileKind.Docx);
        Check(Zip(("[Content_Types].xml", 10), ("xl/workbook.xml", 10))).Kind.ShouldBe(FileKind.Xlsx);
        Check(Zip(("a.txt", 10))).Problem!.Code.ShouldBe("file-type-not-allowed");
    }

    [Fact]
    public void Zip_PathTraversal_And_HighRatio_Refused()
    {
        Check(Zip(("[Content_Types].xml", 10), ("word/document.xml", 10), ("../../etc/passwd", 10))).Problem!.Code.ShouldBe("unsafe-archive");
        Check(Zip(("[Content_Types].xml", 10), ("word/document.xml", 10), ("word/media/zeros.bin", 5 * 1024 * 1024))).Problem!.Code.ShouldBe("zip-bomb");
    }

    private static (FileKind? Kind, DossierProblem? Problem) Check(byte[] zip)
    {
        var (count, offset, size, problem) = ZipStructure.FindCentralDirectory(zip, zip.Length, "f", "x.docx");
        problem.ShouldBeNull();
        var (entries, p2) = ZipStructure.ParseCentralDirectory(zip.AsSpan((int)offset, (int)size), count, "f", "x.docx");
        p2.ShouldBeNull();
        return ZipStructure.Check(entries, Limits, "f", "x.docx");
    }

    private static byte[] Zip(params (string Name, int ZeroBytes)[] entries)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, zeros) in entries)
            {
                using var s = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
                s.Write(new byte[zeros]);
            }
        }
        return stream.ToArray();
    }
}
