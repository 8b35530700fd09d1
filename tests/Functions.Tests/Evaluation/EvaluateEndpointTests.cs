using System.Text.Json.Nodes;
using static NoOneLeftBehind.Functions.Tests.Evaluation.EvaluationHttp;

namespace NoOneLeftBehind.Functions.Tests.Evaluation;

/// <summary>POST /api/evaluate over the real pipeline: the contract's field names and words, and problem details for bad input.</summary>
public sealed class EvaluateEndpointTests(EvaluationAppFactory factory) : IClassFixture<EvaluationAppFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private static JsonObject BinhDinhDistrict() => new()
    {
        ["planId"] = "binh-dinh-2021-2025",
        ["subject"] = new JsonObject { ["kind"] = "district", ["name"] = "Huyện X", ["unitCode"] = "540", ["tags"] = new JsonArray("poor-district") },
        ["nominationYear"] = 2025,
        ["statistics"] = new JsonArray(
            Row(2021, 12000, 3600, 1500), Row(2022, 12000, 2880, 1500), Row(2023, 12000, 2160, 1500), Row(2024, 12000, 1440, 1500)),
        ["facts"] = new JsonObject { ["policyHouseholdsPoor"] = 0, ["somethingElse"] = 3 },
        ["attestations"] = new JsonArray(),
    };

    private static JsonObject Row(int year, long households, long poor, long nearPoor) =>
        new() { ["year"] = year, ["households"] = households, ["poor"] = poor, ["nearPoor"] = nearPoor };

    [Fact]
    public async Task Evaluate_ValidNomination_AnswersWithTheContractFieldsAndWords()
    {
        var (response, body) = await PostAsync(_client, BinhDinhDistrict().ToJsonString());

        ((int)response.StatusCode).ShouldBe(200);
        body["planId"]!.GetValue<string>().ShouldBe("binh-dinh-2021-2025");
        body["planVersion"]!.GetValue<string>().ShouldStartWith("1.2.0+"); // Bình Định re-encoded for issue 16 (1.1.0: "đến năm 2025"; 1.2.0: III.1.5 alternatives)
        body["verdict"]!.GetValue<string>().ShouldBe("needs-review");
        var criteria = body["criteria"]!.AsArray();
        var numeric = criteria.Single(c => c!["id"]!.GetValue<string>() == "district.poor-rate-fall-6")!;
        numeric["clause"]!.GetValue<string>().ShouldBe("III.1.2");
        numeric["kind"]!.GetValue<string>().ShouldBe("numeric");
        numeric["status"]!.GetValue<string>().ShouldBe("met");
        numeric["text"]!.GetValue<string>().ShouldStartWith("Đối với huyện nghèo giảm tỷ lệ nghèo đa chiều từ 6%/năm");
        numeric["explanation"]!.GetValue<string>().ShouldContain("2022: 30,00 % → 24,00 % (giảm 6,00 điểm) ✓ đạt ≥ 6");
        numeric["values"]!["poorRate.2021"]!.GetValue<decimal>().ShouldBe(30m);
        criteria.Where(c => c!["kind"]!.GetValue<string>() == "judgement")
            .ShouldAllBe(c => c!["status"]!.GetValue<string>() == "needs-review");
        body["gaps"]!.AsArray().ShouldBeEmpty();
    }

    [Theory]
    // Tuyên Quang III.1.3: "Hết năm 2019 không còn hộ chính sách, người có công là hộ nghèo" — the count's year is read.
    [InlineData(2019, "met")]
    [InlineData(2020, "insufficient-data")]
    public async Task Evaluate_DatedFact_IsJudgedForItsYear(int countedYear, string status)
    {
        var request = new JsonObject
        {
            ["planId"] = "tuyen-quang-2016-2020",
            ["subject"] = new JsonObject { ["kind"] = "commune", ["name"] = "Xã X" },
            ["nominationYear"] = 2020,
            ["facts"] = new JsonObject { ["policyHouseholdsPoor"] = 0, ["policyHouseholdsPoorYear"] = countedYear },
        };

        var (response, body) = await PostAsync(_client, request.ToJsonString());

        ((int)response.StatusCode).ShouldBe(200);
        body["criteria"]!.AsArray().Single(c => c!["id"]!.GetValue<string>() == "commune.policy-households")!["status"]!.GetValue<string>().ShouldBe(status);
    }

    [Fact]
    public async Task Evaluate_AllMetAndAttested_IsEligible()
    {
        var request = new JsonObject
        {
            ["planId"] = "khanh-vinh-2021-2025",
            ["subject"] = new JsonObject { ["kind"] = "collective", ["name"] = "Phòng Đào tạo" },
            ["nominationYear"] = 2023,
            ["facts"] = new JsonObject { ["contribution"] = 2_000_000 },
            ["attestations"] = new JsonArray(new JsonObject { ["criterionId"] = "collective.annual-targets", ["met"] = true, ["note"] = "Báo cáo năm 2023" }),
        };

        var (response, body) = await PostAsync(_client, request.ToJsonString());

        ((int)response.StatusCode).ShouldBe(200);
        body["verdict"]!.GetValue<string>().ShouldBe("eligible");
    }

    [Fact]
    public async Task Evaluate_MissingFigures_IsIncompleteAndFailingFiguresNotEligible()
    {
        var incomplete = BinhDinhDistrict();
        incomplete["statistics"]!.AsArray().RemoveAt(2);
        var failing = BinhDinhDistrict();
        failing["statistics"]![1]!["poor"] = 3500;

        (await PostAsync(_client, incomplete.ToJsonString())).Body["verdict"]!.GetValue<string>().ShouldBe("incomplete");
        var (_, body) = await PostAsync(_client, failing.ToJsonString());
        body["verdict"]!.GetValue<string>().ShouldBe("not-eligible");
        body["criteria"]!.AsArray().ShouldContain(c => c!["status"]!.GetValue<string>() == "not-met");
    }

    [Fact]
    public async Task Evaluate_UnknownPlan_ListsTheKnownOnes()
    {
        var request = BinhDinhDistrict();
        request["planId"] = "ha-noi-2021-2025";

        var (response, body) = await PostAsync(_client, request.ToJsonString());

        response.ShouldBeProblem(400);
        ErrorFields(body).ShouldBe(["planId"]);
        var known = body["knownPlans"]!.AsArray().Select(p => p!.GetValue<string>()).ToList();
        known.ShouldBe(["bac-giang-so-ket-2023", "binh-dinh-2021-2025", "chu-puh-2021-2025", "khanh-vinh-2021-2025", "tuyen-quang-2016-2020"]);
        body["errors"]!["planId"]![1]!.GetValue<string>().ShouldContain("Known plans: bac-giang-so-ket-2023");
        // Issue 16: the same entry in the API's vocabulary, each language on its own (docs/api-errors.md).
        body["code"]!.GetValue<string>().ShouldBe("invalid-evaluation-request");
        var entry = body["problems"]!.AsArray().ShouldHaveSingleItem()!;
        entry["field"]!.GetValue<string>().ShouldBe("planId");
        entry["code"]!.GetValue<string>().ShouldBe("unknown-plan");
        entry["vi"]!.GetValue<string>().ShouldBe(body["errors"]!["planId"]![0]!.GetValue<string>());
        entry["en"]!.GetValue<string>().ShouldBe(body["errors"]!["planId"]![1]!.GetValue<string>());
        body["localizedTitle"]!["en"]!.GetValue<string>().ShouldBe("Invalid request");
    }

    [Theory]
    [InlineData("{ \"planId\": \"binh-dinh-2021-2025\", ")] // cut off
    [InlineData("{ planId: 1 }")] // not JSON
    [InlineData("")] // empty
    public async Task Evaluate_MalformedJson_IsProblemNamingTheBody(string json)
    {
        var (response, body) = await PostAsync(_client, json);

        response.ShouldBeProblem(400);
        ErrorFields(body).ShouldBe(["body"]);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("42")]
    [InlineData("{\"subject\": [], \"statistics\": {}, \"facts\": 3, \"attestations\": [1]}")]
    [InlineData("{\"planId\": 5, \"subject\": {\"kind\": 1, \"tags\": \"poor-district\"}, \"nominationYear\": \"2025\"}")]
    [InlineData("{\"planId\": \"x\", \"subject\": {\"kind\": \"district\"}, \"nominationYear\": 1e400}")]
    [InlineData("{\"planId\": \"chu-puh-2021-2025\", \"subject\": {\"kind\": \"district\"}, \"nominationYear\": 2024, \"statistics\": [{\"year\": 2021, \"households\": 99999999999999999999, \"poor\": 1, \"nearPoor\": 1}]}")]
    public async Task Evaluate_WrongShapes_AreProblemsNeverServerErrors(string json)
    {
        var (response, body) = await PostAsync(_client, json);

        response.ShouldBeProblem(400);
        ErrorFields(body).ShouldNotBeEmpty();
    }

    [Fact]
    public async Task Evaluate_MissingRequiredFields_NamesEachOne()
    {
        var (response, body) = await PostAsync(_client, "{}");

        response.ShouldBeProblem(400);
        ErrorFields(body).ShouldBe(["planId", "subject", "nominationYear"], ignoreOrder: true);
    }

    [Fact]
    public async Task Evaluate_BadFigures_NamesEachOffendingField()
    {
        var request = BinhDinhDistrict();
        var rows = request["statistics"]!.AsArray();
        rows[2]!["poor"] = -5; // negative count
        rows[3]!["nearPoor"] = 11_000; // poor + near-poor above households
        rows.Add(Row(2022, 12000, 2000, 1000)); // duplicate year
        rows.Add(Row(2023, 0, 0, 0)); // duplicate and no households
        rows.Add(new JsonObject { ["year"] = 2025, ["households"] = "many", ["poor"] = 1.5, ["nearPoor"] = 0 }); // wrong types

        var (response, body) = await PostAsync(_client, request.ToJsonString());

        response.ShouldBeProblem(400);
        ErrorFields(body).ShouldBe(["statistics[6].households", "statistics[6].poor"], ignoreOrder: true);

        rows.RemoveAt(6);
        (response, body) = await PostAsync(_client, request.ToJsonString());
        response.ShouldBeProblem(400);
        ErrorFields(body).ShouldBe(
            ["statistics[2].poor", "statistics[3]", "statistics[4].year", "statistics[5].year", "statistics[5].households"], ignoreOrder: true);
        foreach (var (_, messages) in body["errors"]!.AsObject())
        {
            messages!.AsArray().Count.ShouldBe(2); // Vietnamese, then English
        }
        body["errors"]!["statistics[2].poor"]![0]!.GetValue<string>().ShouldBe("Số hộ nghèo không được âm.");
        body["errors"]!["statistics[2].poor"]![1]!.GetValue<string>().ShouldBe("The poor-household count must not be negative.");
    }

    [Theory]
    [InlineData(2020)] // before 2021–2025
    [InlineData(2026)] // after it
    public async Task Evaluate_NominationYearOutsideThePeriod_NamesIt(int year)
    {
        var request = BinhDinhDistrict();
        request["nominationYear"] = year;

        var (response, body) = await PostAsync(_client, request.ToJsonString());

        response.ShouldBeProblem(400);
        ErrorFields(body).ShouldContain("nominationYear");
    }

    [Fact]
    public async Task Evaluate_UnknownSubjectKind_ListsTheKinds()
    {
        var request = BinhDinhDistrict();
        request["subject"]!["kind"] = "province";

        var (response, body) = await PostAsync(_client, request.ToJsonString());

        response.ShouldBeProblem(400);
        ErrorFields(body).ShouldBe(["subject.kind"]);
        body["errors"]!["subject.kind"]![1]!.GetValue<string>().ShouldContain("agency, collective, commune, district");
    }

    [Fact]
    public async Task Evaluate_SubjectKindThePlanDoesNotDefine_IsEvaluatedAndNamesTheGap()
    {
        var request = BinhDinhDistrict();
        request["planId"] = "khanh-vinh-2021-2025";
        request["nominationYear"] = 2023;
        request["statistics"] = new JsonArray();

        var (response, body) = await PostAsync(_client, request.ToJsonString());

        ((int)response.StatusCode).ShouldBe(200, customMessage: "a subject the plan gives no rule for is not malformed input (issue 16)");
        body["verdict"]!.GetValue<string>().ShouldBe("needs-review");
        body["criteria"]!.AsArray().ShouldBeEmpty();
        var gap = body["gaps"]!.AsArray().ShouldHaveSingleItem()!;
        gap["clause"].ShouldBeNull();
        gap["en"]!.GetValue<string>().ShouldContain("kinds it defines: collective, individual");
        gap["vi"]!.GetValue<string>().ShouldContain("không quy định tiêu chí cho đối tượng 'district'");
    }

    [Fact]
    public async Task Evaluate_ChuPuhThiTranOutsideRegions_IsEvaluatedAndNamesTheGap()
    {
        var request = BinhDinhDistrict();
        request["planId"] = "chu-puh-2021-2025";
        request["subject"] = new JsonObject { ["kind"] = "commune", ["name"] = "Thị trấn Nhơn Hòa" };

        var (response, body) = await PostAsync(_client, request.ToJsonString());

        ((int)response.StatusCode).ShouldBe(200, customMessage: "Chư Pưh III.1.c: a thị trấn outside khu vực I–III is evaluated, never 400");
        body["verdict"]!.GetValue<string>().ShouldBe("needs-review");
        body["gaps"]!.AsArray().ShouldHaveSingleItem()!["clause"]!.GetValue<string>().ShouldBe("III.1.c");
    }

    [Fact]
    public async Task Evaluate_AttestingANumericCriterion_IsRefused()
    {
        var request = BinhDinhDistrict();
        request["attestations"] = new JsonArray(new JsonObject { ["criterionId"] = "district.poor-rate-fall-6", ["met"] = true });

        var (response, body) = await PostAsync(_client, request.ToJsonString());

        response.ShouldBeProblem(400);
        ErrorFields(body).ShouldBe(["attestations[0].criterionId"]);
    }

    [Fact]
    public async Task Evaluate_UnknownTagsAndFacts_AreIgnored()
    {
        var request = BinhDinhDistrict();
        request["subject"]!["tags"]!.AsArray().Add("ven-bien");

        var (response, body) = await PostAsync(_client, request.ToJsonString());

        ((int)response.StatusCode).ShouldBe(200);
        body["category"]!.GetValue<string>().ShouldBe("poor-district");
    }

    [Fact]
    public async Task Evaluate_NumbersWrittenAsText_AreExplainedFieldByField()
    {
        var request = BinhDinhDistrict();
        var rows = request["statistics"]!.AsArray();
        rows[0]!["households"] = "12.000,0"; // Vietnamese: unambiguous, twelve thousand
        rows[1]!["poor"] = "1,530"; // one separator, three digits: 1530 or 1.53
        rows[2]!["nearPoor"] = 12.5; // a fraction of a household
        rows[3]!["households"] = "nhiều"; // not a number at all

        var (response, body) = await PostAsync(_client, request.ToJsonString());

        response.ShouldBeProblem(400);
        ErrorFields(body).ShouldBe(["statistics[0].households", "statistics[1].poor", "statistics[2].nearPoor", "statistics[3].households"], ignoreOrder: true);
        string Vi(string field) => body["errors"]![field]![0]!.GetValue<string>();
        string En(string field) => body["errors"]![field]![1]!.GetValue<string>();
        Vi("statistics[0].households").ShouldBe(
            "Tổng số hộ (statistics[0].households) cần là một số, không phải chuỗi \"12.000,0\". Hãy gửi 12000.0 (số JSON, không đặt trong ngoặc kép, không có dấu phân cách hàng nghìn).");
        Vi("statistics[1].poor").ShouldContain("có thể hiểu là 1.530 hoặc 1,53");
        En("statistics[1].poor").ShouldContain("could mean 1,530 or 1.53");
        Vi("statistics[2].nearPoor").ShouldBe("Số hộ cận nghèo (statistics[2].nearPoor) là số hộ, phải là số nguyên không âm; nhận 12.5.");
        Vi("statistics[3].households").ShouldBe("Tổng số hộ (statistics[3].households) cần là một số, không phải chuỗi \"nhiều\". Hãy gửi một số JSON (vd. 12000).");
        foreach (var (_, messages) in body["errors"]!.AsObject())
            messages![0]!.GetValue<string>().ShouldNotContain("Cần kiểu");
    }

    [Theory]
    [InlineData("1.234,5", 1234.5, null)]
    [InlineData("1,234.5", 1234.5, null)]
    [InlineData("12.000.000", 12000000d, null)]
    [InlineData("12,5", 12.5, null)]
    [InlineData("1,530", 1530d, 1.53)]
    [InlineData("1.530", 1530d, 1.53)]
    [InlineData("1530", 1530d, null)]
    [InlineData("12.34.5", null, null)]
    [InlineData("abc", null, null)]
    public void NumberText_ReadTheVietnameseAndTheEnglishWay_AmbiguityKept(string text, double? first, double? second)
    {
        var (a, b, ambiguous) = NoOneLeftBehind.Functions.Evaluation.Evaluate.NumberFields.Read(text);
        a.ShouldBe(first is null ? null : (decimal)first.Value);
        b.ShouldBe(second is null ? null : (decimal)second.Value);
        ambiguous.ShouldBe(second is not null);
    }
}
