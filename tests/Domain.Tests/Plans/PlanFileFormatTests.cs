using System.Text.Json.Nodes;
using NoOneLeftBehind.Domain.Plans;
using NoOneLeftBehind.Domain.Tests.Criteria;

namespace NoOneLeftBehind.Domain.Tests.Plans;

/// <summary>
/// The plan file format as the source-generated reader takes it: one record per rule type chosen by <c>"type"</c>,
/// and every refusal named by file, JSON path and a plain reason (no .NET type names).
/// </summary>
public class PlanFileFormatTests
{
    private const string Name = "chu-puh-2021-2025.json";
    private const string AnyOfRule = "$.subjects[1].criteria[2].rule";
    private const string YearlyFall = AnyOfRule + ".rules[0]";

    [Fact]
    public void Load_EachRuleType_ReadsItsOwnRecord()
    {
        Nominations.Catalogue.TryGet(PlanId.Parse("chu-puh-2021-2025"), out var plan).ShouldBeTrue();

        var rule = plan.Subjects[1].Criteria[2].Rule.ShouldBeOfType<AnyOfRuleDefinition>();
        rule.Type.ShouldBe("any-of");
        var fall = rule.Rules[0].ShouldBeOfType<YearlyRateFallRuleDefinition>();
        (fall.Measure, fall.MinPoints, fall.Years).ShouldBe((Measure.PoorRate, 4m, 3));
        var halving = rule.Rules[1].ShouldBeOfType<ReductionVsBaselineRuleDefinition>();
        (halving.Measure, halving.MoreThanPercent).ShouldBe((Measure.PoorAndNearPoorCount, 50m));
        plan.Subjects[0].Criteria[0].Rule.ShouldBeOfType<JudgementRuleDefinition>().HasJudgement.ShouldBeTrue();
    }

    [Fact]
    public void Load_TypeAfterTheParameters_IsRead()
    {
        var files = PlanCatalogueTests.EmbeddedFiles();
        files[Name] = Edit(files[Name], p =>
        {
            var rule = p["subjects"]![1]!["criteria"]![2]!["rule"]!["rules"]![0]!.AsObject();
            rule.Remove("type");
            rule.Add("type", "yearly-rate-fall");
        });

        var catalogue = PlanCatalogue.Load(ToFiles(files));

        catalogue.TryGet(PlanId.Parse("chu-puh-2021-2025"), out var plan).ShouldBeTrue();
        plan.Subjects[1].Criteria[2].Rule.ShouldBeOfType<AnyOfRuleDefinition>().Rules[0].ShouldBeOfType<YearlyRateFallRuleDefinition>();
    }

    [Theory]
    [InlineData("unknown rule type", YearlyFall + ".type", "unknown rule type 'yearly-fall'; the types are yearly-rate-fall, reduction-vs-baseline, end-state-rate, fact, judgement, all-of, any-of")]
    [InlineData("no rule type", YearlyFall + ".type", "a rule needs its \"type\"")]
    [InlineData("missing parameter", YearlyFall + ".minPoints", "required by rule type 'yearly-rate-fall': minPoints missing; a 'yearly-rate-fall' rule has the fields type, measure, minPoints, years")]
    [InlineData("parameter of another type", YearlyFall + ".moreThanPercent", "unknown field 'moreThanPercent'; a 'yearly-rate-fall' rule has the fields type, measure, minPoints, years")]
    [InlineData("unknown measure", YearlyFall + ".measure", "must be one of poor-rate, poor-and-near-poor-rate, poor-and-near-poor-count")]
    [InlineData("years as text", YearlyFall + ".years", "must be a whole number")]
    [InlineData("null text", "$.subjects[0].criteria[0].text", "must not be null")]
    [InlineData("unknown plan field", "$.note", "unknown field 'note'; this object has the fields schemaVersion, id, version")]
    [InlineData("duplicate field", "$.issuer", "the field 'issuer' appears twice")]
    [InlineData("target without its rule", "$.targets[0].rule", "a fall in points per year is judged fall-each-year or average-fall-per-year")]
    [InlineData("target rule unknown", "$.targets[0].rule", "must be one of fall-each-year, average-fall-per-year, reduction-vs-baseline, below-at-end")]
    public void Load_BrokenFile_NamesPathAndReason(string problem, string path, string reason)
    {
        var files = PlanCatalogueTests.EmbeddedFiles();
        files[Name] = problem switch
        {
            "unknown rule type" => Edit(files[Name], p => Fall(p)["type"] = "yearly-fall"),
            "no rule type" => Edit(files[Name], p => Fall(p).Remove("type")),
            "missing parameter" => Edit(files[Name], p => Fall(p).Remove("minPoints")),
            "parameter of another type" => Edit(files[Name], p => Fall(p)["moreThanPercent"] = 50),
            "unknown measure" => Edit(files[Name], p => Fall(p)["measure"] = "poverty"),
            "years as text" => Edit(files[Name], p => Fall(p)["years"] = "3"),
            "null text" => Edit(files[Name], p => p["subjects"]![0]!["criteria"]![0]!["text"] = null),
            "unknown plan field" => Edit(files[Name], p => p.AsObject().Add("note", "x")),
            "duplicate field" => files[Name].Replace("\"issuer\":", "\"issuer\": \"x\", \"issuer\":", StringComparison.Ordinal),
            "target without its rule" => Edit(files[Name], p => p["targets"]![0]!.AsObject().Remove("rule")),
            _ => Edit(files[Name], p => p["targets"]![0]!["rule"] = "on-average"),
        };
        files[Name].ShouldNotBe(PlanCatalogueTests.EmbeddedFiles()[Name], "the edit must change the file");

        var ex = Should.Throw<PlanCatalogueException>(() => PlanCatalogue.Load(ToFiles(files)));

        var error = ex.Errors.ShouldHaveSingleItem();
        error.File.ShouldBe("plans/" + Name);
        error.Path.ShouldBe(path, ex.Message);
        error.Problem.ShouldStartWith(reason, Case.Sensitive, ex.Message);
        error.Problem.ShouldNotContain("NoOneLeftBehind", customMessage: "no .NET type names in a plan author's message");
    }

    [Theory]
    [InlineData("unknown body role", "nominatorRoles", "$.quotas[2].nominatorRoles", "unknown body role 'so-khcn'")]
    [InlineData("levels not adding up", "levels", "$.quotas[8].items[3].levels", "the levels' counts add up to the item's count")]
    public void Load_BacGiangQuotaByBody_Checked(string why, string field, string path, string problem)
    {
        const string bacGiang = "bac-giang-so-ket-2023.json";
        var files = PlanCatalogueTests.EmbeddedFiles();
        files[bacGiang] = Edit(files[bacGiang], p =>
        {
            if (field == "nominatorRoles") p["quotas"]![2]!["nominatorRoles"] = new JsonArray("so-khcn");
            else p["quotas"]![8]!["items"]![3]!["levels"]![1]!["count"] = 2;
        });

        var errors = Should.Throw<PlanCatalogueException>(() => PlanCatalogue.Load(ToFiles(files)), why).Errors;
        errors.ShouldContain(e => e.Path == path && e.Problem.Contains(problem), why);
    }

    [Fact]
    public void Load_SyntaxError_NamesLineAndByte()
    {
        var files = PlanCatalogueTests.EmbeddedFiles();
        files[Name] = "{\n  \"schemaVersion\": 1,\n  \"id\" \"chu-puh-2021-2025\"\n}";

        var error = Should.Throw<PlanCatalogueException>(() => PlanCatalogue.Load(ToFiles(files))).Errors.ShouldHaveSingleItem();

        error.File.ShouldBe("plans/" + Name);
        error.Problem.ShouldContain("(line 3, byte");
    }

    private static JsonObject Fall(JsonNode plan) => plan["subjects"]![1]!["criteria"]![2]!["rule"]!["rules"]![0]!.AsObject();

    private static IEnumerable<PlanFile> ToFiles(Dictionary<string, string> files) => PlanCatalogueTests.ToFiles(files);

    private static string Edit(string json, Action<JsonNode> edit) => PlanCatalogueTests.Edit(json, edit);
}
