using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NoOneLeftBehind.TestSupport;
using static NoOneLeftBehind.Integration.Tests.Statistics.StatisticsTestData;

namespace NoOneLeftBehind.Integration.Tests.Statistics;

/// <summary>
/// Which plan targets a unit gets (issue 17 item 2): those of the plans that govern it — by the units the plan governed in its
/// period and the year shown — over real HTTP on the app's own Azurite, with review figures imported through the API.
/// </summary>
public sealed class StatisticsTargetsApiTests(AzuriteFixture azurite) : StatisticsAppTests(azurite)
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        using var admin = await ClientForAsync("quan-tri");
        // Old Gia Lai (with Chư Pưh) and Bình Định 2021–2024, the new Gia Lai (code 52) in 2025, Tuyên Quang 2015–2021, Kon Tum 2023.
        var figures = Within("64", 2021, 2024).Concat(Within("52", 2021, 2025)).Concat(Within("08", 2015, 2021)).Concat(Within("62", 2023, 2023)).ToList();
        // Imported by the class's first test; the same file again is answered at once (200, already imported).
        using var upload = await UploadAsync(admin, "muc-tieu.csv", Csv(figures));
        upload.StatusCode.ShouldBeOneOf([HttpStatusCode.Accepted, HttpStatusCode.OK], await upload.Content.ReadAsStringAsync());
        if (upload.StatusCode == HttpStatusCode.Accepted) await WaitDoneAsync(admin, upload.Headers.Location!.ToString());
    }

    [Fact]
    public async Task ChuPuh_ItsOwnPlansTargets_InWords_WithTheStrictnessOfThePlan()
    {
        using var leader = await ClientForAsync("lanh-dao-trung-uong");
        var answer = await leader.GetFromJsonAsync<JsonElement>("/api/statistics/units/639/targets?basis=historical&year=2024");
        var targets = answer.GetProperty("targets").EnumerateArray().ToList();
        // Chư Pưh II.1.2: "bình quân trên 2%/năm", ethnic-minority households "bình quân hàng năm trên 3%" — never Bình Định's I.1.
        targets.Select(t => (t.GetProperty("planId").GetString(), t.GetProperty("clause").GetString(), t.GetProperty("measure").GetString(),
                t.GetProperty("rule").GetString(), t.GetProperty("amount").GetDecimal(), t.GetProperty("minExclusive").GetBoolean()))
            .ShouldBe([
                ("chu-puh-2021-2025", "II.1.2", "poor-rate", "average-fall-per-year", 2m, true),
                ("chu-puh-2021-2025", "II.1.2", "minority-poor-rate", "average-fall-per-year", 3m, true),
            ]);
        var plan = targets[0].GetProperty("plan");
        plan.GetProperty("title").GetString().ShouldEndWith("trên địa bàn huyện Chư Pưh");
        (plan.GetProperty("period").GetProperty("from").GetInt32(), plan.GetProperty("period").GetProperty("to").GetInt32()).ShouldBe((2021, 2025));
        (plan.GetProperty("governs").GetProperty("code").GetString(), plan.GetProperty("governs").GetProperty("name").GetString()).ShouldBe(("639", "Huyện Chư Pưh"));
        (targets[0].GetProperty("baselineYear").GetInt32(), targets[0].GetProperty("endYear").GetInt32()).ShouldBe((2021, 2025));
        // Measured on Chư Pưh's own figures from its 2021 baseline (the minority part included).
        targets.ShouldAllBe(t => t.GetProperty("status").GetString() != "insufficient-data");
        targets[1].GetProperty("years").EnumerateArray().Select(y => y.GetProperty("year").GetInt32()).ShouldBe([2022, 2023, 2024]);

        // The unit view (the dashboard's one request) answers the same, for the version it shows.
        var view = await leader.GetFromJsonAsync<JsonElement>("/api/statistics/units/639?basis=historical&asOf=2024&include=targets");
        view.GetProperty("targets").GetRawText().ShouldBe(answer.GetProperty("targets").GetRawText());

        // A commune of Chư Pưh gets the district's plan, through the district.
        var commune = await leader.GetFromJsonAsync<JsonElement>("/api/statistics/units/23971/targets?basis=historical&year=2023");
        commune.GetProperty("targets").EnumerateArray().Select(t => (t.GetProperty("planId").GetString(), t.GetProperty("plan").GetProperty("governs").GetProperty("code").GetString()))
            .Distinct().ShouldBe([("chu-puh-2021-2025", "639")]);
    }

    [Fact]
    public async Task GiaLai_OldAndNew_NoneOfBinhDinhsTargets()
    {
        using var leader = await ClientForAsync("lanh-dao-trung-uong");
        // Old Gia Lai (64): Chư Pưh's plan is the district's, Bình Định's another province's.
        (await TargetPlansAsync(leader, "/api/statistics/units/64/targets?basis=historical&year=2024")).ShouldBeEmpty();
        var view = await leader.GetFromJsonAsync<JsonElement>("/api/statistics/units/64?basis=historical&asOf=2024&include=targets");
        view.GetProperty("targets").GetArrayLength().ShouldBe(0);
        // The new Gia Lai carries Bình Định's code 52 but is not the Bình Định of the plan: in its own year (historical 2025)
        // and in the 2025 boundaries (every year read in the units of 01/07/2025).
        (await TargetPlansAsync(leader, "/api/statistics/units/52/targets?basis=historical")).ShouldBeEmpty();
        (await TargetPlansAsync(leader, "/api/statistics/units/52/targets?basis=2025&year=2024")).ShouldBeEmpty();
        (await TargetPlansAsync(leader, "/api/statistics/units/52?basis=2025&include=targets")).ShouldBeEmpty();
    }

    [Fact]
    public async Task BinhDinh_ItsDistricts_BinhDinhsPlan_ThroughTheProvince()
    {
        using var leader = await ClientForAsync("lanh-dao-trung-uong");
        // 52 as it was in 2024 (Bình Định) and An Lão (542), one of its districts.
        (await TargetPlansAsync(leader, "/api/statistics/units/52/targets?basis=historical&year=2024")).ShouldBe(["binh-dinh-2021-2025"]);
        var anLao = await leader.GetFromJsonAsync<JsonElement>("/api/statistics/units/542/targets?basis=historical&year=2023");
        var targets = anLao.GetProperty("targets").EnumerateArray().ToList();
        targets.Select(t => t.GetProperty("targetId").GetString()).ShouldBe(["poor-rate", "minority-poor-rate", "poor-district-exit", "charity-houses"]);
        targets.Select(t => t.GetProperty("plan").GetProperty("governs").GetProperty("name").GetString()).Distinct().ShouldBe(["Tỉnh Bình Định"]);
        // I.1 "duy trì mức giảm 1,5-2%/năm": at least 1.5 points every year; "giảm trên 3%/năm" for minorities.
        (targets[0].GetProperty("rule").GetString(), targets[0].GetProperty("amount").GetDecimal(), targets[0].GetProperty("minExclusive").GetBoolean())
            .ShouldBe(("fall-each-year", 1.5m, false));
        targets[1].GetProperty("minExclusive").GetBoolean().ShouldBeTrue();
        targets[2].GetProperty("status").GetString().ShouldBe("not-measured");
    }

    [Fact]
    public async Task TuyenQuang_ItsPlanIn2016To2020Only()
    {
        using var leader = await ClientForAsync("lanh-dao-trung-uong");
        var in2018 = await leader.GetFromJsonAsync<JsonElement>("/api/statistics/units/08/targets?basis=historical&year=2018");
        in2018.GetProperty("year").GetInt32().ShouldBe(2018);
        in2018.GetProperty("targets").EnumerateArray().Select(t => (t.GetProperty("planId").GetString(), t.GetProperty("targetId").GetString()))
            .ShouldBe([("tuyen-quang-2016-2020", "poor-rate"), ("tuyen-quang-2016-2020", "poor-districts-communes"), ("tuyen-quang-2016-2020", "minority-poor-rate")]);
        // From its 2015 baseline: "bình quân 3%/năm" is not strict.
        var poorRate = in2018.GetProperty("targets")[0];
        (poorRate.GetProperty("baselineYear").GetInt32(), poorRate.GetProperty("minExclusive").GetBoolean()).ShouldBe((2015, false));
        // 2021 lies outside 2016–2020; the unit view gives the plans that govern the version shown with their period, for the
        // dashboard to show those covering the year it shows.
        (await TargetPlansAsync(leader, "/api/statistics/units/08/targets?basis=historical&year=2021")).ShouldBeEmpty();
        var view = await leader.GetFromJsonAsync<JsonElement>("/api/statistics/units/08?basis=historical&asOf=2021&include=targets");
        view.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("plan").GetProperty("period").GetProperty("to").GetInt32()).Distinct().ShouldBe([2020]);
    }

    [Fact]
    public async Task UnitNoPlanGoverns_NoTargets_AndABadYearIsRefused()
    {
        using var leader = await ClientForAsync("lanh-dao-trung-uong");
        // Kon Tum (62): the catalogue has no plan of its own, nor of a unit it lies within.
        var konTum = await leader.GetFromJsonAsync<JsonElement>("/api/statistics/units/62/targets?basis=historical&year=2023");
        konTum.GetProperty("targets").GetArrayLength().ShouldBe(0);
        (await leader.GetFromJsonAsync<JsonElement>("/api/statistics/units/62?basis=historical&include=targets")).GetProperty("unit").GetProperty("years").GetArrayLength().ShouldBe(1);

        using var badYear = await leader.GetAsync("/api/statistics/units/62/targets?year=1900");
        badYear.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await badYear.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetRawText().ShouldContain("\"year\"");
        problem.GetRawText().ShouldContain("1900");
    }

    /// <summary>The distinct plan ids of the targets an answer (<c>…/targets</c> or a unit view) carries.</summary>
    private static async Task<string?[]> TargetPlansAsync(HttpClient client, string url) =>
        [.. (await client.GetFromJsonAsync<JsonElement>(url)).GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("planId").GetString()).Distinct()];
}
