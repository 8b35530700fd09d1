using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NoOneLeftBehind.Infrastructure.Dossiers;
using NoOneLeftBehind.Infrastructure.Storage;
using NoOneLeftBehind.Integration.Tests.Identity;
using NoOneLeftBehind.TestSupport;

namespace NoOneLeftBehind.Integration.Tests.Dossiers;

/// <summary>
/// Quotas by nominating body over HTTP on Azurite (seed 003 IV.2.a, ADR 0008): the admin registers Sở KH&amp;ĐT Bắc
/// Giang and gives the demo submitter a scope on the province naming that body; the submitter's dossiers record it,
/// and Sở KH&amp;ĐT's 01 tập thể + 01 cá nhân are accepted, a second tập thể refused (before: every one of them was).
/// A dossier stored before bodies (no <c>nominatorBodyId</c> in its row) reads as its unit's people's committee.
/// </summary>
public sealed class DossierBodyQuotaTests(AzuriteFixture azurite) : DossierAppTests(azurite, SoKet2023Clock)
{
    private const string SoKhdt = "bac-giang-so-khdt-test";

    [Fact]
    public async Task SoKhdt_OneCollectiveAndOneIndividualAccepted_SecondCollectiveRefused_OldRowsReadAsTheCommittee()
    {
        using var admin = await _app.ClientForAsync("quan-tri");
        using (var post = await admin.PostAsJsonAsync("/api/admin/bodies", new
               { id = SoKhdt, name = "Sở Kế hoạch và Đầu tư tỉnh Bắc Giang", kind = "so-ban", unitCode = "24", roles = new[] { "so-khdt" } }))
            post.StatusCode.ShouldBe(HttpStatusCode.Created, await post.Content.ReadAsStringAsync());
        await DevUsers.MoveScopeAsync(admin, DistrictSubmitter, new { unitCode = "24", bodyId = SoKhdt });
        using var submitter = await _app.ClientForAsync("huyen-chu-puh");
        (await submitter.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("scope").GetProperty("bodyId").GetString().ShouldBe(SoKhdt);

        var collective = await CompleteAsync(submitter, "collective", "Phòng Kinh tế đối ngoại");
        var individual = await CompleteAsync(submitter, "individual", "Nguyễn Văn Kế");
        var secondCollective = await CompleteAsync(submitter, "collective", "Văn phòng Sở");
        (await Browser.GetAsync(submitter, collective)).GetProperty("nominatorBodyId").GetString().ShouldBe(SoKhdt);

        using (var ok = await Browser.SubmitAsync(submitter, collective)) ok.StatusCode.ShouldBe(HttpStatusCode.Accepted, await ok.Content.ReadAsStringAsync());
        using (var ok = await Browser.SubmitAsync(submitter, individual)) ok.StatusCode.ShouldBe(HttpStatusCode.Accepted, await ok.Content.ReadAsStringAsync());
        using (var over = await Browser.SubmitAsync(submitter, secondCollective))
        {
            over.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
            var problem = await over.Content.ReadFromJsonAsync<JsonElement>();
            problem.GetProperty("code").GetString().ShouldBe("quota-exceeded");
            problem.GetProperty("detail").GetString()!.ShouldContain("IV.2.a");
        }
        var quota = await submitter.GetFromJsonAsync<JsonElement>($"/api/dossiers/{secondCollective}/quota");
        (quota.GetProperty("limit").GetInt32(), quota.GetProperty("used").GetInt32()).ShouldBe((1, 1));
        quota.GetProperty("nominatorBodyId").GetString().ShouldBe(SoKhdt);
        quota.GetProperty("nominator").GetString().ShouldBe("Sở Kế hoạch và Đầu tư");

        // A row stored before bodies: its JSON has no nominatorBodyId. It reads as the province's committee (no quota for it).
        var table = _app.Table(DossierStorageNames.DossiersTable);
        var row = (await table.GetEntityAsync<Azure.Data.Tables.TableEntity>("24", secondCollective)).Value;
        var json = TableLimits.GetJson(row, "Data")!;
        var old = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!;
        old.Remove("nominatorBodyId").ShouldBeTrue();
        await table.UpsertEntityAsync(new Azure.Data.Tables.TableEntity("24", secondCollective) { ["Type"] = "dossier", ["Data"] = JsonSerializer.Serialize(old) },
            Azure.Data.Tables.TableUpdateMode.Replace);
        var read = await Browser.GetAsync(submitter, secondCollective);
        (read.TryGetProperty("nominatorBodyId", out var body) ? body.ValueKind : JsonValueKind.Null).ShouldBe(JsonValueKind.Null);
        var oldQuota = await submitter.GetFromJsonAsync<JsonElement>($"/api/dossiers/{secondCollective}/quota");
        oldQuota.GetProperty("nominatorBodyId").GetString().ShouldBe("ubnd:24");
        oldQuota.GetProperty("limit").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task GiaLaiCommune_CannotDraftUnderBacGiangsPlan_400NamingPlanId()
    {
        using var commune = await _app.ClientForAsync("xa-ia-hru");
        using var refused = await commune.PostAsJsonAsync("/api/dossiers", new
        {
            planId = "bac-giang-so-ket-2023",
            stage = new { kind = "mid-term", year = 2023 },
            nominatingUnitCode = "23971",
            nominee = new { kind = "household", name = "Hộ ông Rơ Châm Thử" },
            awardFormId = "bang-khen-chu-tich-tinh",
            nominationYear = 2023,
        });
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var item = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("problems").EnumerateArray()
            .Single(p => p.GetProperty("code").GetString() == "plan-not-for-unit");
        item.GetProperty("field").GetString().ShouldBe("planId");
        item.GetProperty("vi").GetString()!.ShouldContain("Bắc Giang");
        (await commune.GetFromJsonAsync<JsonElement>("/api/dossiers?unitCode=23971&planId=bac-giang-so-ket-2023")).GetArrayLength().ShouldBe(0);
    }

    private static Task<string> CompleteAsync(HttpClient submitter, string kind, string name) =>
        Browser.CreateCompleteAsync(submitter, new
        {
            planId = "bac-giang-so-ket-2023",
            stage = new { kind = "mid-term", year = 2023 },
            nominatingUnitCode = "24",
            nominee = new { kind, name, position = "Sở Kế hoạch và Đầu tư tỉnh Bắc Giang" },
            awardFormId = "bang-khen-chu-tich-tinh",
            nominationYear = 2023,
            achievementsSummary = "Hoàn thành xuất sắc nhiệm vụ giảm nghèo giai đoạn 2022–2023.",
        });
}
