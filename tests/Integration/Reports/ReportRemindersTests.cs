using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NoOneLeftBehind.Infrastructure.Dossiers;
using NoOneLeftBehind.Integration.Tests.Dossiers;
using NoOneLeftBehind.TestSupport;

namespace NoOneLeftBehind.Integration.Tests.Reports;

/// <summary>
/// The daily report reminders, fired in-process as the timer runs them: 7, 3 and 1 days before a route's deadline (Bắc Giang
/// V.1 30/11/2023, V.2 15/12/2023), to each reporter that has not submitted, once per reporter and day-mark however often
/// the timer runs; none once the report is in, none on other days.
/// </summary>
public sealed class ReportRemindersTests(AzuriteFixture azurite) : DossierAppTests(azurite, new Dictionary<string, string>
    {
        ["Clock:FixedNow"] = "2023-11-23T08:00:00+07:00",
        ["AzureWebJobs:ReportDeadlineReminders:Disabled"] = "true", // the test fires the timer itself
        ["AzureWebJobs:DossierDeadlineReminders:Disabled"] = "true",
    })
{
    private const string SoReport = "bac-giang-so-ket-2023~mid-term~2023~24~bac-giang-so-ldtbxh";
    private const string CityReport = "bac-giang-so-ket-2023~mid-term~2023~213";
    private const string ProvinceReport = "bac-giang-so-ket-2023~mid-term~2023~24";

    private async Task<List<DossierNotification>> RemindersAsync(string unit, string reportId) =>
        [.. (await _app.Services.GetRequiredService<NotificationStore>().ListAsync(unit)).Where(n => n.ReportId == reportId)];

    [Fact]
    public async Task ReportersAreReminded7_3_1DaysBefore_OncePerDayMark_AndNotOnceSubmitted()
    {
        using var admin = await _app.ClientForAsync("quan-tri");
        using var so = await _app.ClientForAsync("so-ldtbxh-bac-giang");
        for (var i = 0; i < 100 && (await so.GetAsync($"/api/reports/submission?planId=bac-giang-so-ket-2023&stageKind=mid-term&stageYear=2023&unitCode=24&bodyId=bac-giang-so-ldtbxh")).StatusCode != HttpStatusCode.OK; i++)
            await Task.Delay(200); // the demo body is seeded at start

        // 23/11/2023 in Vietnam: 7 days before V.1's 30/11/2023. Twice: recorded once.
        await _app.TickAsync("ReportDeadlineReminders");
        await _app.TickAsync("ReportDeadlineReminders");
        var soReminder = (await RemindersAsync("24", SoReport)).ShouldHaveSingleItem();
        (soReminder.DaysLeft, soReminder.DeadlineDate, soReminder.BodyId).ShouldBe((7, new DateOnly(2023, 11, 30), "bac-giang-so-ldtbxh"));
        soReminder.MessageVi.ShouldContain("30/11/2023");
        soReminder.MessageVi.ShouldContain("V.1");
        soReminder.MessageEn.ShouldContain("Sở Nội vụ");
        (await RemindersAsync("213", CityReport)).ShouldHaveSingleItem().DaysLeft.ShouldBe(7);
        (await RemindersAsync("24", ProvinceReport)).ShouldBeEmpty("the province's own report is due 15/12/2023");
        // The Sở's users see it among their unit's notifications.
        var shown = await so.GetFromJsonAsync<JsonElement>("/api/units/24/notifications");
        shown.EnumerateArray().ShouldContain(n => n.GetProperty("reportId").GetString() == SoReport);

        // The Sở submits; 25/11 is no day-mark; on 27/11 (3 days) only those still owing it are reminded.
        using (var add = await so.PostAsJsonAsync("/api/reports/submission/files", new
               {
                   planId = "bac-giang-so-ket-2023", stageKind = "mid-term", stageYear = 2023, unitCode = "24", bodyId = "bac-giang-so-ldtbxh", fileName = "bc.pdf", size = 4096,
               }))
        {
            var added = await add.Content.ReadFromJsonAsync<JsonElement>();
            add.StatusCode.ShouldBe(HttpStatusCode.Created, added.ToString());
            await Browser.PutBlocksAsync(added.GetProperty("upload").GetProperty("url").GetString()!, Browser.Pdf());
            using var ok = await so.PostAsync($"/api/reports/submissions/{SoReport}/files/{added.GetProperty("file").GetProperty("id").GetString()}/confirm", null);
            ok.StatusCode.ShouldBe(HttpStatusCode.OK, await ok.Content.ReadAsStringAsync());
        }
        await SetClockAsync(admin, "2023-11-25T08:00:00+07:00");
        await _app.TickAsync("ReportDeadlineReminders");
        await SetClockAsync(admin, "2023-11-27T23:30:00+07:00");
        await _app.TickAsync("ReportDeadlineReminders");
        (await RemindersAsync("24", SoReport)).Select(n => n.DaysLeft).ShouldBe([7]);
        (await RemindersAsync("213", CityReport)).Select(n => n.DaysLeft).ShouldBe([3, 7], ignoreOrder: true);

        // 08/12/2023: 7 days before V.2's 15/12/2023, the province's own report to Trung ương.
        await SetClockAsync(admin, "2023-12-08T08:00:00+07:00");
        await _app.TickAsync("ReportDeadlineReminders");
        var province = (await RemindersAsync("24", ProvinceReport)).ShouldHaveSingleItem();
        (province.DaysLeft, province.DeadlineDate).ShouldBe((7, new DateOnly(2023, 12, 15)));
        province.MessageVi.ShouldContain("V.2");
    }
}
