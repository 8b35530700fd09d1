using System.Text.Json.Nodes;
using static NoOneLeftBehind.Functions.Tests.Evaluation.EvaluationHttp;

namespace NoOneLeftBehind.Functions.Tests.Evaluation;

/// <summary>
/// The public contract's additions of issue 16 B for award stages (Chư Pưh III.2.b): <c>GET /api/plans</c> shows an award
/// form's stages, exclusions and criteria; <c>POST /api/evaluate</c> takes an optional <c>awardFormId</c> and answers a
/// State award with the khoản 2 Mục III / QĐ 666 reference. Requests without the additions answer as before.
/// </summary>
public sealed class AwardStageContractTests(EvaluationAppFactory factory) : IClassFixture<EvaluationAppFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private static JsonObject ChuPuhAgency(string? awardFormId)
    {
        var request = new JsonObject
        {
            ["planId"] = "chu-puh-2021-2025",
            ["subject"] = new JsonObject { ["kind"] = "agency", ["name"] = "Phòng Lao động - Thương binh và Xã hội huyện" },
            ["nominationYear"] = 2023,
        };
        if (awardFormId is not null) request["awardFormId"] = awardFormId;
        return request;
    }

    [Fact]
    public async Task Plans_ChuPuhAwardForms_ShowStagesExclusionAndTheStateReference()
    {
        var (response, plan) = await GetAsync(_client, "/api/plans/chu-puh-2021-2025");

        ((int)response.StatusCode).ShouldBe(200);
        plan["planVersion"]!.GetValue<string>().ShouldStartWith("1.1.0+");
        var forms = plan["awardForms"]!.AsArray().ToDictionary(f => f!["id"]!.GetValue<string>(), f => f!);
        // III.2.b: the province's awards only at the sơ kết and tổng kết.
        forms["co-thi-dua-tinh"]["stages"]!.AsArray().Select(s => s!["kind"]!.GetValue<string>()).ShouldBe(["mid-term", "final"]);
        forms["co-thi-dua-tinh"]["excludedWith"]!["awardForms"]!.AsArray().Select(a => a!.GetValue<string>()).ShouldBe(["huan-chuong-lao-dong", "bang-khen-thu-tuong"]);
        // II.4: the district's Giấy khen every year 2022–2025.
        var annual = forms["giay-khen-chu-tich-huyen"]["stages"]![0]!;
        (annual["kind"]!.GetValue<string>(), annual["fromYear"]!.GetValue<int>(), annual["toYear"]!.GetValue<int>()).ShouldBe(("annual", 2022, 2025));
        var state = forms["huan-chuong-lao-dong"]["criteria"]![0]!;
        state["reference"]!["clause"]!.GetValue<string>().ShouldBe("khoản 2 Mục III");
        state["reference"]!["document"]!.GetValue<string>().ShouldContain("Quyết định số 666/QĐ-TTg");
        // Existing members unchanged: id, name, level, decidedBy, clause, text.
        forms["huan-chuong-lao-dong"]["level"]!.GetValue<string>().ShouldBe("national");
        forms["huan-chuong-lao-dong"]["clause"]!.GetValue<string>().ShouldBe("III.2.b");
    }

    [Fact]
    public async Task Evaluate_StateAward_AnswersTheReferenceAsItsCriterion()
    {
        var (response, body) = await PostAsync(_client, ChuPuhAgency("huan-chuong-lao-dong").ToJsonString());

        ((int)response.StatusCode).ShouldBe(200, body.ToJsonString());
        var state = body["criteria"]!.AsArray().Last()!;
        state["id"]!.GetValue<string>().ShouldBe("state-award.huan-chuong-lao-dong");
        state["clause"]!.GetValue<string>().ShouldBe("III.2.b");
        state["text"]!.GetValue<string>().ShouldContain("khoản 2 Mục III Kế hoạch");
        state["status"]!.GetValue<string>().ShouldBe("needs-review");
        state["reference"]!["clause"]!.GetValue<string>().ShouldBe("khoản 2 Mục III");
        body["criteria"]!.AsArray().Take(3).ShouldAllBe(c => c!["reference"] == null); // only where the plan defers
    }

    [Fact]
    public async Task Evaluate_WithoutAwardForm_AnswersAsBefore()
    {
        var (_, without) = await PostAsync(_client, ChuPuhAgency(null).ToJsonString());
        var (_, province) = await PostAsync(_client, ChuPuhAgency("co-thi-dua-tinh").ToJsonString());

        without["criteria"]!.AsArray().Select(c => c!["id"]!.GetValue<string>()).ShouldBe(["agency.1", "agency.2", "agency.3"]);
        province["criteria"]!.AsArray().Count.ShouldBe(3, "the province's awards add no criterion");
    }

    [Fact]
    public async Task Evaluate_UnknownAwardForm_Is400OnAwardFormId()
    {
        var (response, body) = await PostAsync(_client, ChuPuhAgency("huan-chuong").ToJsonString());

        ((int)response.StatusCode).ShouldBe(400);
        body.ToJsonString().ShouldContain("awardFormId");
        body.ToJsonString().ShouldContain("huan-chuong-lao-dong"); // the forms the plan has
    }
}
