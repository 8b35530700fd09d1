using System.Net.Http.Json;
using System.Text.Json;
using NoOneLeftBehind.Integration.Tests.Dossiers;
using NoOneLeftBehind.TestSupport;

namespace NoOneLeftBehind.Integration.Tests.Reports;

/// <summary>With the demo data on, the leaders' status views are not empty: two of Chư Pưh's communes and two of Bắc Giang's districts have reported.</summary>
public sealed class DemoReportSeedTests(AzuriteFixture azurite) : DossierAppTests(azurite, new Dictionary<string, string> { ["Dossiers:SeedDemoData"] = "true", ["Clock:FixedNow"] = "2023-12-20T09:00:00+07:00" })
{
    private static async Task<JsonElement> CountsAsync(HttpClient client, string query)
    {
        for (var i = 0; ; i++)
        {
            var status = await client.GetFromJsonAsync<JsonElement>("/api/reports/status?" + query);
            if (status.GetProperty("counts").GetProperty("submitted").GetInt32() >= 2 || i > 100) return status.GetProperty("counts");
            await Task.Delay(200); // the seeder runs in the background at start
        }
    }

    [Fact]
    public async Task SeededReports_OneOnTimeOneLate_InEachLeadersView()
    {
        using var giaLai = await _app.ClientForAsync("lanh-dao-gia-lai");
        var chuPuh = await CountsAsync(giaLai, "planId=chu-puh-2021-2025&stageKind=annual&stageYear=2023&unitCode=639");
        (chuPuh.GetProperty("submitted").GetInt32(), chuPuh.GetProperty("onTime").GetInt32(), chuPuh.GetProperty("late").GetInt32()).ShouldBe((2, 1, 1));
        using var central = await _app.ClientForAsync("lanh-dao-trung-uong");
        var bacGiang = await CountsAsync(central, "planId=bac-giang-so-ket-2023&stageKind=mid-term&stageYear=2023&unitCode=24");
        (bacGiang.GetProperty("submitted").GetInt32(), bacGiang.GetProperty("onTime").GetInt32(), bacGiang.GetProperty("late").GetInt32()).ShouldBe((2, 1, 1));
        bacGiang.GetProperty("missing").GetInt32().ShouldBe(bacGiang.GetProperty("expected").GetInt32() - 2);
    }
}
