using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NoOneLeftBehind.Integration.Tests.Identity;
using NoOneLeftBehind.TestSupport;

namespace NoOneLeftBehind.Integration.Tests.Dossiers;

/// <summary>
/// Deadlines, quotas and reminders of the Bắc Giang mid-term plan (the seed plan that states them):
/// the admin moves the district demo submitter to TP Bắc Giang (213), the business clock is set to
/// November 2023 as a newcomer would in Development.
/// </summary>
public sealed class DossierRulesTests(AzuriteFixture azurite) : DossierAppTests(azurite, SoKet2023Clock)
{
    [Fact]
    public async Task Quota_Deadline_Reminders_FollowThePlanInVietnamTime()
    {
        using var admin = await _app.ClientForAsync("quan-tri");
        await DevUsers.MoveScopeAsync(admin, DistrictSubmitter, new { unitCode = "213", displayName = "Cán bộ TP Bắc Giang" });
        using var submitter = await _app.ClientForAsync("huyen-chu-puh");

        // Quota: each district of Bắc Giang may propose 2 households for the provincial certificate.
        var ids = new List<string>();
        for (var i = 1; i <= 3; i++) ids.Add(await CompleteHouseholdAsync(submitter, $"Hộ ông Nguyễn Văn {i}"));
        for (var i = 0; i < 2; i++)
        {
            using var ok = await Browser.SubmitAsync(submitter, ids[i]);
            ok.StatusCode.ShouldBe(HttpStatusCode.Accepted, await ok.Content.ReadAsStringAsync());
        }
        var third = await Browser.GetAsync(submitter, ids[2]);
        using (var over = await Browser.SubmitAsync(submitter, ids[2]))
        {
            over.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
            var problem = await over.Content.ReadFromJsonAsync<JsonElement>();
            problem.GetProperty("code").GetString().ShouldBe("quota-exceeded");
            problem.GetProperty("detail").GetString()!.ShouldContain("IV.2.a");
        }
        (await Browser.GetAsync(submitter, ids[2])).GetProperty("etag").GetString().ShouldBe(third.GetProperty("etag").GetString());

        // Reminders: 7 days before 30/11/2023 in Vietnam, recorded once however often the timer fires.
        await SetClockAsync(admin, "2023-11-23T08:00:00+07:00");
        for (var i = 0; i < 2; i++)
        {
            await _app.TickAsync("DossierDeadlineReminders");
        }
        var notes = await submitter.GetFromJsonAsync<JsonElement>("/api/units/213/notifications");
        var forThird = notes.EnumerateArray().Where(n => n.GetProperty("dossierId").GetString() == ids[2]).ToList();
        forThird.Count.ShouldBe(1);
        forThird[0].GetProperty("daysLeft").GetInt32().ShouldBe(7);
        forThird[0].GetProperty("messageVi").GetString()!.ShouldContain("30/11/2023");

        // Deadline: 30/11/2023 is the last day (Asia/Ho_Chi_Minh); 01/12 00:30 +07:00 is already late (a village: quota left).
        var late = await CompleteHouseholdAsync(submitter, "Thôn Đông Sơn", kind: "village");
        // Giấy khen are decided by the unit's head (IV.2.b): no provincial deadline, so the same moment is not late for them.
        var giayKhen = await CompleteHouseholdAsync(submitter, "Hộ bà Trần Thị Muộn", award: "giay-khen");
        await SetClockAsync(admin, "2023-12-01T00:30:00+07:00");
        using (var refused = await Browser.SubmitAsync(submitter, late))
        {
            refused.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
            problem.GetProperty("code").GetString().ShouldBe("deadline-passed");
            problem.GetProperty("detail").GetString()!.ShouldContain("30/11/2023");
        }
        (await Browser.GetAsync(submitter, late)).GetProperty("status").GetString().ShouldBe("draft");
        using (var accepted = await Browser.SubmitAsync(submitter, giayKhen))
            accepted.StatusCode.ShouldBe(HttpStatusCode.Accepted, await accepted.Content.ReadAsStringAsync());
    }

    private static Task<string> CompleteHouseholdAsync(HttpClient submitter, string name, string award = "bang-khen-chu-tich-tinh", string kind = "household") =>
        Browser.CreateCompleteAsync(submitter, Browser.BacGiangCityDossier(name, award, kind));
}
