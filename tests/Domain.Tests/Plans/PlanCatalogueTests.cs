using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NoOneLeftBehind.Domain.Plans;
using NoOneLeftBehind.Domain.Tests.Criteria;

namespace NoOneLeftBehind.Domain.Tests.Plans;

public class PlanCatalogueTests
{
    private static readonly string[] SeedPlanIds =
        ["bac-giang-so-ket-2023", "binh-dinh-2021-2025", "chu-puh-2021-2025", "khanh-vinh-2021-2025", "tuyen-quang-2016-2020"];

    [Fact]
    public void LoadEmbedded_EverySeedPlan_Loads()
    {
        var catalogue = PlanCatalogue.LoadEmbedded();

        catalogue.PlanIds.ShouldBe(SeedPlanIds);
        catalogue.Version.Length.ShouldBe(16);
        foreach (var id in SeedPlanIds)
        {
            // Re-encoded for issue 16: Bình Định ("đến năm 2025"), Tuyên Quang (windows inside 2016–2020, III.2.1), Chư Pưh
            // (III.2.b: award stages, the province's awards excluded for units proposed for a State award, the QĐ 666 reference).
            var encoding = id switch { "binh-dinh-2021-2025" => "1.2.0+", "tuyen-quang-2016-2020" or "chu-puh-2021-2025" => "1.1.0+", _ => "1.0.0+" };
            catalogue.VersionOf(PlanId.Parse(id)).ShouldStartWith(encoding);
        }
    }

    [Theory]
    [InlineData("chu-puh-2021-2025", 18, "agency,district,commune,village,household,official,enterprise")]
    [InlineData("tuyen-quang-2016-2020", 40, "agency,district,commune,village,household,enterprise,official,collective,individual")] // III.2.1: supporters
    [InlineData("binh-dinh-2021-2025", 31, "agency,district,commune,village,household,official,enterprise,collective,individual")]
    [InlineData("bac-giang-so-ket-2023", 16, "district,commune,village,household,official,enterprise,agency,collective,individual")]
    [InlineData("khanh-vinh-2021-2025", 4, "collective,individual")]
    public void LoadEmbedded_Plan_HasItsSubjectsAndCriteria(string planId, int criteria, string kinds)
    {
        Nominations.Catalogue.TryGet(PlanId.Parse(planId), out var plan).ShouldBeTrue();

        plan.Subjects.Sum(s => s.Criteria.Count).ShouldBe(criteria);
        string.Join(",", plan.Subjects.SelectMany(s => s.Kinds).Select(SubjectKinds.ToContract)).ShouldBe(kinds);
    }

    [Fact]
    public void LoadEmbedded_NumericThresholds_AreTheSeedsOnes()
    {
        // The rules of domain.md, plan by plan; nothing else is numeric.
        var numeric = Nominations.Catalogue.Plans
            .SelectMany(p => p.Subjects.SelectMany(s => s.Criteria).Where(c => c.Kind == CriterionKind.Numeric).Select(c => $"{p.Id}/{c.Id}"))
            .Order(StringComparer.Ordinal);

        numeric.ShouldBe(
        [
            "binh-dinh-2021-2025/commune.region-3-halving", "binh-dinh-2021-2025/district.poor-rate-fall-6",
            "binh-dinh-2021-2025/district.rate-fall-4-or-halving", "binh-dinh-2021-2025/village.halving",
            "chu-puh-2021-2025/commune.halving", "chu-puh-2021-2025/district.rate-fall-or-halving", "chu-puh-2021-2025/village.halving",
            "khanh-vinh-2021-2025/collective.contribution", "khanh-vinh-2021-2025/individual.contribution",
            "tuyen-quang-2016-2020/commune.policy-households", "tuyen-quang-2016-2020/commune.rate-fall-7",
            "tuyen-quang-2016-2020/commune.region-2-end-state", "tuyen-quang-2016-2020/commune.region-3-end-state",
            "tuyen-quang-2016-2020/district.policy-households", "tuyen-quang-2016-2020/district.rate-fall-5",
            "tuyen-quang-2016-2020/district.rate-fall-7", "tuyen-quang-2016-2020/household.escaped.3-years",
            "tuyen-quang-2016-2020/official.3-years",
        ]);
    }

    [Fact]
    public void LoadEmbedded_TuyenQuang_MinorityTargetIsOnTheMinorityPoorRate()
    {
        Nominations.Catalogue.TryGet(PlanId.Parse("tuyen-quang-2016-2020"), out var plan).ShouldBeTrue();

        var minority = plan.Targets.Single(t => t.Scope.Contains("dân tộc thiểu số", StringComparison.Ordinal));
        minority.Measure.ShouldBe(TargetMeasure.MinorityPoorRate,
            customMessage: "Tuyên Quang I.1: “hộ nghèo dân tộc thiểu số giảm trên 4%/năm” is about the ethnic-minority poor rate");
        minority.Min.ShouldBe(4m);
        minority.MinExclusive.ShouldBe(true, customMessage: "Tuyên Quang I.1: “trên 4%/năm” is strict");
        var areas = plan.Targets.Single(t => t.Id == "poor-districts-communes");
        areas.Measure.ShouldBe(TargetMeasure.PoorRate, customMessage: "Tuyên Quang I.1: poor districts and extremely difficult communes: their poor rate");
        areas.Scope.ShouldNotContain("dân tộc thiểu số");
    }

    [Fact]
    public void LoadEmbedded_BacGiang_SaysItsCriteriaAreByReference()
    {
        Nominations.Catalogue.TryGet(PlanId.Parse("bac-giang-so-ket-2023"), out var plan).ShouldBeTrue();

        plan.CriteriaReference.ShouldNotBeNull().Document.ShouldBe("Kế hoạch số 3976/KH-UBND");
        plan.Subjects.SelectMany(s => s.Criteria).ShouldAllBe(c => c.Kind == CriterionKind.Judgement);
        plan.Quotas.Single(q => q.Nominator.StartsWith("Mỗi huyện", StringComparison.Ordinal)).Items
            .Single(i => i.SubjectKind == SubjectKind.Commune).Exceptions!.Single().Count.ShouldBe(2);
        plan.Deadlines.Select(d => d.Date).ShouldBe(["2023-11-30", "2023-12-05", "2023-11-30", "2023-12-15"]);
        plan.Dossier.Components.Count.ShouldBe(3);
    }

    [Fact]
    public void LoadEmbedded_CriterionTexts_AreVerbatimFromTheSeeds()
    {
        // The seeds live outside the repository on the build machines; elsewhere this check has nothing to compare.
        const string seeds = "/work/shared/seeds";
        if (!Directory.Exists(seeds))
            return;
        foreach (var plan in Nominations.Catalogue.Plans)
        {
            var source = Normalise(File.ReadAllText(Path.Combine(seeds, plan.Source)).Replace("**", string.Empty, StringComparison.Ordinal));
            foreach (var criterion in plan.Subjects.SelectMany(s => s.Criteria).Concat(plan.AwardForms.SelectMany(f => f.Criteria ?? [])))
                source.ShouldContain(Normalise(criterion.Text), customMessage: $"{plan.Id}/{criterion.Id}");
            foreach (var exclusion in plan.AwardForms.Select(f => f.ExcludedWith).OfType<AwardExclusion>())
                source.ShouldContain(Normalise(exclusion.Text), customMessage: $"{plan.Id}: exclusion");
        }

        static string Normalise(string s) => Regex.Replace(s, @"\s+", " ");
    }

    [Fact]
    public void Load_BrokenThreshold_NamesFilePlanAndField()
    {
        var files = EmbeddedFiles();
        files["chu-puh-2021-2025.json"] = Edit(files["chu-puh-2021-2025.json"], plan =>
            plan["subjects"]![1]!["criteria"]![2]!["rule"]!["rules"]![0]!["minPoints"] = -4);

        var ex = Should.Throw<PlanCatalogueException>(() => PlanCatalogue.Load(ToFiles(files)));

        var error = ex.Errors.ShouldHaveSingleItem();
        error.File.ShouldBe("plans/chu-puh-2021-2025.json");
        error.PlanId.ShouldBe("chu-puh-2021-2025");
        error.Path.ShouldBe("$.subjects[1].criteria[2].rule.rules[0].minPoints");
        ex.Message.ShouldContain("plans/chu-puh-2021-2025.json (plan chu-puh-2021-2025) at $.subjects[1].criteria[2].rule.rules[0].minPoints");
    }

    [Fact]
    public void Load_MisspelledField_NamesTheJsonPath()
    {
        var files = EmbeddedFiles();
        files["binh-dinh-2021-2025.json"] = Edit(files["binh-dinh-2021-2025.json"], plan =>
            plan["subjects"]![1]!["criteria"]![7]!["rule"]!.AsObject().Add("minPoint", 6));

        var error = Should.Throw<PlanCatalogueException>(() => PlanCatalogue.Load(ToFiles(files))).Errors.ShouldHaveSingleItem();

        error.File.ShouldBe("plans/binh-dinh-2021-2025.json");
        error.Path.ShouldContain("$.subjects[1].criteria[7].rule");
        error.Problem.ShouldContain("minPoint");
    }

    [Theory]
    [InlineData("missing text", "$.subjects[0].criteria[0].text")]
    [InlineData("unknown category", "$.subjects[2].criteria[0].categories[0]")]
    [InlineData("unknown rule parameter", "$.subjects[3].criteria[2].rule.years")]
    [InlineData("byYear after the period", "$.subjects[3].criteria[2].rule.byYear")]
    [InlineData("withinPeriod on a reduction against the baseline", "$.subjects[3].criteria[2].rule.withinPeriod")]
    [InlineData("bad clause", "$.subjects[0].criteria[1].clause")]
    [InlineData("duplicate criterion", "$.subjects[0].criteria[1].id")]
    [InlineData("malformed json", "$.id")] // the reader stops inside the object
    public void Load_BrokenPlan_ReportsThePath(string problem, string path)
    {
        var files = EmbeddedFiles();
        const string name = "chu-puh-2021-2025.json";
        files[name] = problem switch
        {
            "missing text" => Edit(files[name], p => p["subjects"]![0]!["criteria"]![0]!["text"] = " "),
            "unknown category" => Edit(files[name], p => p["subjects"]![2]!["criteria"]![0]!["categories"]![0] = "region-4"),
            "unknown rule parameter" => Edit(files[name], p => p["subjects"]![3]!["criteria"]![2]!["rule"]!["years"] = 3),
            "byYear after the period" => Edit(files[name], p => p["subjects"]![3]!["criteria"]![2]!["rule"]!["byYear"] = 2026),
            "withinPeriod on a reduction against the baseline" => Edit(files[name], p => p["subjects"]![3]!["criteria"]![2]!["rule"]!["withinPeriod"] = true),
            "bad clause" => Edit(files[name], p => p["subjects"]![0]!["criteria"]![1]!["clause"] = "3.1.a"),
            "duplicate criterion" => Edit(files[name], p => p["subjects"]![0]!["criteria"]![1]!["id"] = "agency.1"),
            _ => "{ \"id\": ",
        };

        var ex = Should.Throw<PlanCatalogueException>(() => PlanCatalogue.Load(ToFiles(files)));

        ex.Errors.ShouldContain(e => e.File == "plans/" + name && e.Path == path, ex.Message);
    }

    [Fact]
    public void Load_FileNameDiffersFromId_IsRefused()
    {
        var files = EmbeddedFiles();
        files["chu-puh.json"] = files["chu-puh-2021-2025.json"];
        files.Remove("chu-puh-2021-2025.json");

        Should.Throw<PlanCatalogueException>(() => PlanCatalogue.Load(ToFiles(files))).Errors
            .ShouldContain(e => e.File == "plans/chu-puh.json" && e.Path == "$.id");
    }

    [Fact]
    public void Load_AnyChange_ChangesTheCatalogueVersion()
    {
        var files = EmbeddedFiles();
        var before = PlanCatalogue.Load(ToFiles(files));
        files["khanh-vinh-2021-2025.json"] = Edit(files["khanh-vinh-2021-2025.json"], p => p["title"] = "Kế hoạch (sửa)");

        var after = PlanCatalogue.Load(ToFiles(files));

        after.Version.ShouldNotBe(before.Version);
        after.VersionOf(PlanId.Parse("khanh-vinh-2021-2025")).ShouldNotBe(before.VersionOf(PlanId.Parse("khanh-vinh-2021-2025")));
        after.VersionOf(PlanId.Parse("chu-puh-2021-2025")).ShouldBe(before.VersionOf(PlanId.Parse("chu-puh-2021-2025")));
    }

    internal static Dictionary<string, string> EmbeddedFiles()
    {
        var assembly = typeof(PlanCatalogue).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("plans/", StringComparison.Ordinal))
            .ToDictionary(n => n["plans/".Length..], n =>
            {
                using var reader = new StreamReader(assembly.GetManifestResourceStream(n)!);
                return reader.ReadToEnd();
            });
    }

    internal static IEnumerable<PlanFile> ToFiles(Dictionary<string, string> files) =>
        files.Select(f => new PlanFile("plans/" + f.Key, f.Value));

    internal static string Edit(string json, Action<JsonNode> edit)
    {
        var node = JsonNode.Parse(json)!;
        edit(node);
        return node.ToJsonString();
    }
}
