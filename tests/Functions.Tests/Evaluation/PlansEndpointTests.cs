using static NoOneLeftBehind.Functions.Tests.Evaluation.EvaluationHttp;

namespace NoOneLeftBehind.Functions.Tests.Evaluation;

/// <summary>GET /api/plans and /api/plans/{planId}: the catalogue the engine uses.</summary>
public sealed class PlansEndpointTests(EvaluationAppFactory factory) : IClassFixture<EvaluationAppFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Plans_ListsTheFiveSeedPlansWithCatalogueVersion()
    {
        var (response, body) = await GetAsync(_client, "/api/plans");

        ((int)response.StatusCode).ShouldBe(200);
        body["catalogueVersion"]!.GetValue<string>().Length.ShouldBe(16);
        body["plans"]!.AsArray().Select(p => p!["id"]!.GetValue<string>())
            .ShouldBe(["bac-giang-so-ket-2023", "binh-dinh-2021-2025", "chu-puh-2021-2025", "khanh-vinh-2021-2025", "tuyen-quang-2016-2020"]);
    }

    [Fact]
    public async Task Plan_HasCriteriaAwardFormsDeadlinesQuotasAndDossier()
    {
        var (response, plan) = await GetAsync(_client, "/api/plans/bac-giang-so-ket-2023");

        ((int)response.StatusCode).ShouldBe(200);
        plan["planVersion"]!.GetValue<string>().ShouldStartWith("1.0.0+");
        plan["period"]!["from"]!.GetValue<int>().ShouldBe(2021);
        plan["baselineYear"]!.GetValue<int>().ShouldBe(2021);
        var criterion = plan["subjects"]![0]!["criteria"]![1]!;
        criterion["clause"]!.GetValue<string>().ShouldBe("IV.2.a");
        criterion["kind"]!.GetValue<string>().ShouldBe("judgement");
        criterion["text"]!.GetValue<string>().ShouldContain("điểm b mục 3 phần II Kế hoạch số 3976/KH-UBND");
        plan["awardForms"]!.AsArray().ShouldContain(f => f!["id"]!.GetValue<string>() == "bang-khen-chu-tich-tinh");
        plan["deadlines"]![0]!["date"]!.GetValue<string>().ShouldBe("2023-11-30");
        plan["quotas"]!.AsArray().Count.ShouldBeGreaterThan(5);
        plan["dossier"]!["components"]!.AsArray().Count.ShouldBe(3);
    }

    [Fact]
    public async Task Plan_NumericCriterion_ShowsItsRule()
    {
        var (_, plan) = await GetAsync(_client, "/api/plans/chu-puh-2021-2025");

        var district = plan["subjects"]!.AsArray().Single(s => s!["kinds"]![0]!.GetValue<string>() == "district")!;
        var rule = district["criteria"]![2]!["rule"]!;
        rule["type"]!.GetValue<string>().ShouldBe("any-of");
        rule["rules"]![0]!["minPoints"]!.GetValue<decimal>().ShouldBe(4m);
        rule["rules"]![1]!["moreThanPercent"]!.GetValue<decimal>().ShouldBe(50m);
    }

    [Fact]
    public async Task Plan_Unknown_IsNotFoundListingTheKnownOnes()
    {
        var (response, body) = await GetAsync(_client, "/api/plans/ha-noi-2021-2025");

        response.ShouldBeProblem(404);
        body["knownPlans"]!.AsArray().Count.ShouldBe(5);
    }
}
