using System.Text.Json.Nodes;
using NoOneLeftBehind.Domain.Plans;
using NoOneLeftBehind.Domain.Tests.Criteria;

namespace NoOneLeftBehind.Domain.Tests.Plans;

/// <summary>
/// Award stages as plan data (issue 16 B): an award form lists the stages and years at which the plan grants it, and the
/// award forms it is exclusive with in a stage. The Chư Pưh rows read the seed (000_…) clause by clause.
/// </summary>
public class AwardStageTests
{
    private const string ChuPuh = "chu-puh-2021-2025.json";

    private static Plan ChuPuhPlan => Nominations.Catalogue.TryGet(PlanId.Parse("chu-puh-2021-2025"), out var p) ? p : throw new InvalidOperationException();

    private static AwardForm Form(string id) => ChuPuhPlan.AwardForms.Single(f => f.Id == id);

    [Theory]
    [InlineData("co-thi-dua-tinh", StageKind.MidTerm, 2023, true)]          // III.2.b: the province's awards at the sơ kết (II.4: 2023)…
    [InlineData("co-thi-dua-tinh", StageKind.Final, 2025, true)]            // …and at the tổng kết (II.4: 2025)
    [InlineData("co-thi-dua-tinh", StageKind.Annual, 2024, false)]          // III.2.a/b: never in an annual round
    [InlineData("bang-khen-chu-tich-tinh", StageKind.Annual, 2023, false)]  // III.2.b: the same for the Chủ tịch UBND tỉnh's Bằng khen
    [InlineData("bang-khen-chu-tich-tinh", StageKind.MidTerm, 2023, true)]  // III.2.b
    [InlineData("huan-chuong-lao-dong", StageKind.Annual, 2024, false)]     // III.2.b: State awards are proposed at the sơ kết / tổng kết
    [InlineData("bang-khen-thu-tuong", StageKind.Final, 2025, true)]        // III.2.b
    [InlineData("giay-khen-chu-tich-huyen", StageKind.Annual, 2022, true)]  // II.4: "Giai đoạn 2022 - 2025 … khen thưởng hàng năm theo thẩm quyền"
    [InlineData("giay-khen-chu-tich-huyen", StageKind.Annual, 2025, true)]  // II.4: to 2025
    [InlineData("giay-khen-chu-tich-huyen", StageKind.Annual, 2021, false)] // II.4: annual awards start in 2022, the year the plan is launched
    [InlineData("giay-khen-chu-tich-huyen", StageKind.MidTerm, 2023, true)] // III.2.b "Đối với khen thưởng cấp huyện" at the sơ kết too
    public void Grants_ChuPuhAwardForm_AtTheStagesOfTheSeed(string formId, StageKind kind, int year, bool granted)
    {
        AwardStages.Grants(ChuPuhPlan, Form(formId), kind, year).ShouldBe(granted);
    }

    [Fact]
    public void Describe_ProvinceAward_NamesTheStagesInWords()
    {
        // III.2.b with II.4's years: what a refusal says.
        AwardStages.Describe(ChuPuhPlan, Form("co-thi-dua-tinh")).ShouldBe(("sơ kết (2023), tổng kết (2025)", "mid-term review (2023), final review (2025)"));
        AwardStages.Describe(ChuPuhPlan, Form("giay-khen-chu-tich-huyen")).Vi.ShouldBe("khen thưởng hằng năm (2022–2025), sơ kết (2023), tổng kết (2025)");
    }

    [Fact]
    public void Grants_FormWithoutStages_EveryStageOfThePlan()
    {
        // Plans that say nothing about stages per award form keep every form at every stage (Bắc Giang: one sơ kết).
        Nominations.Catalogue.TryGet(PlanId.Parse("bac-giang-so-ket-2023"), out var bacGiang).ShouldBeTrue();
        var form = bacGiang.AwardForms.Single(f => f.Id == "bang-khen-chu-tich-tinh");
        form.Stages.ShouldBeNull();
        AwardStages.Grants(bacGiang, form, StageKind.MidTerm, 2023).ShouldBeTrue();
    }

    [Fact]
    public void Load_ChuPuhProvinceAwards_ExcludeTheStateAwardsForUnits()
    {
        // III.2.b: "Huyện, xã/thị trấn; các thôn, làng … (trừ các đơn vị đã được đề nghị khen thưởng cấp Nhà nước)".
        var exclusion = Form("co-thi-dua-tinh").ExcludedWith.ShouldNotBeNull();
        exclusion.AwardForms.ShouldBe(["huan-chuong-lao-dong", "bang-khen-thu-tuong"]);
        exclusion.Kinds.ShouldBe([SubjectKind.District, SubjectKind.Commune, SubjectKind.Village]);
        exclusion.Clause.ShouldBe("III.2.b");
        var other = Form("bang-khen-chu-tich-tinh").ExcludedWith.ShouldNotBeNull();
        other.AwardForms.ShouldBe(exclusion.AwardForms);
        other.Kinds.ShouldBe(exclusion.Kinds);
        (other.Clause, other.Text).ShouldBe((exclusion.Clause, exclusion.Text));
        Form("giay-khen-chu-tich-huyen").ExcludedWith.ShouldBeNull(); // the district's award is not named by the clause
    }

    [Fact]
    public void Load_ChuPuhStateAwards_DeferToKhoan2MucIIIOfQd666()
    {
        // III.2.b: State awards "theo quy định tại khoản 2 Mục III Kế hoạch … ban hành kèm theo Quyết định số 666/QĐ-TTg".
        foreach (var id in new[] { "huan-chuong-lao-dong", "bang-khen-thu-tuong" })
        {
            var criterion = Form(id).Criteria.ShouldNotBeNull().ShouldHaveSingleItem();
            criterion.Clause.ShouldBe("III.2.b");
            criterion.Text.ShouldContain("khoản 2 Mục III");
            criterion.Text.ShouldContain("666/QĐ-TTg");
            criterion.Reference.ShouldNotBeNull().Clause.ShouldBe("khoản 2 Mục III");
            criterion.Reference.Document.ShouldContain("Quyết định số 666/QĐ-TTg ngày 02/6/2022");
            criterion.Kind.ShouldBe(CriterionKind.Judgement);
        }
    }

    [Theory]
    [InlineData("unknown stage word", "$.awardForms[2].stages[0].kind", "must be one of launch, annual, mid-term, final")]
    [InlineData("stage the plan lacks", "$.awardForms[0].stages[0].kind", "the plan has no stage 'final'; its stages are mid-term 2023")]
    [InlineData("years on a one-off stage", "$.awardForms[4].stages[1]", "holds its 'mid-term' stage in 2023 only")]
    [InlineData("year outside the period", "$.awardForms[4].stages[0].toYear", "2026 is outside the period 2021–2025")]
    [InlineData("stage listed twice", "$.awardForms[2].stages[1].kind", "stage 'mid-term' is listed twice")]
    [InlineData("empty stages", "$.awardForms[2].stages", "leave stages out")]
    [InlineData("exclusion of an unknown form", "$.awardForms[2].excludedWith.awardForms[0]", "unknown award form 'huan-chuong'")]
    [InlineData("exclusion of itself", "$.awardForms[2].excludedWith.awardForms[0]", "does not exclude itself")]
    [InlineData("award criterion with categories", "$.awardForms[0].criteria[0].categories", "apply to every subject")]
    [InlineData("award criterion id taken", "$.awardForms[0].criteria[0].id", "duplicate criterion id 'agency.1'")]
    public void Load_BrokenAwardStageOrExclusion_NamesPathAndReason(string problem, string path, string reason)
    {
        var files = PlanCatalogueTests.EmbeddedFiles();
        var name = problem == "stage the plan lacks" ? "bac-giang-so-ket-2023.json" : ChuPuh;
        files[name] = problem switch
        {
            "unknown stage word" => Edit(files[name], p => Stages(p, 2)[0]!["kind"] = "mid-term-review"),
            "stage the plan lacks" => Edit(files[name], p => p["awardForms"]![0]!["stages"] = new JsonArray(new JsonObject { ["kind"] = "final", ["clause"] = "IV.2.a" })),
            "years on a one-off stage" => Edit(files[name], p => Stages(p, 4)[1]!["fromYear"] = 2023),
            "year outside the period" => Edit(files[name], p => Stages(p, 4)[0]!["toYear"] = 2026),
            "stage listed twice" => Edit(files[name], p => Stages(p, 2)[1]!["kind"] = "mid-term"),
            "empty stages" => Edit(files[name], p => p["awardForms"]![2]!["stages"] = new JsonArray()),
            "exclusion of an unknown form" => Edit(files[name], p => p["awardForms"]![2]!["excludedWith"]!["awardForms"]![0] = "huan-chuong"),
            "exclusion of itself" => Edit(files[name], p => p["awardForms"]![2]!["excludedWith"]!["awardForms"]![0] = "co-thi-dua-tinh"),
            "award criterion with categories" => Edit(files[name], p => p["awardForms"]![0]!["criteria"]![0]!["categories"] = new JsonArray("bank")),
            _ => Edit(files[name], p => p["awardForms"]![0]!["criteria"]![0]!["id"] = "agency.1"),
        };

        var ex = Should.Throw<PlanCatalogueException>(() => PlanCatalogue.Load(PlanCatalogueTests.ToFiles(files)));

        var error = ex.Errors.ShouldHaveSingleItem();
        error.Path.ShouldBe(path);
        error.Problem.ShouldContain(reason);
    }

    private static JsonArray Stages(JsonNode plan, int form) => plan["awardForms"]![form]!["stages"]!.AsArray();

    private static string Edit(string json, Action<JsonNode> edit) => PlanCatalogueTests.Edit(json, edit);
}
