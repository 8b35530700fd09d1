using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using NoOneLeftBehind.Infrastructure.Messaging;
using NoOneLeftBehind.Infrastructure.Reports;
using NoOneLeftBehind.Integration.Tests.Dossiers;
using NoOneLeftBehind.Integration.Tests.Messaging;
using NoOneLeftBehind.Integration.Tests.Identity;
using NoOneLeftBehind.TestSupport;

namespace NoOneLeftBehind.Integration.Tests.Reports;

/// <summary>
/// The submission of signed review reports over HTTP on Azurite (issue 18): the upload straight to Blob storage with the
/// SAS, the confirmation that sniffs, hashes and records it (a retry adds nothing, a renamed non-PDF is refused and nothing
/// recorded), on time at 23:59 and late at 00:01 in Vietnam, the leaders' status of a province's reporters, the
/// <c>report.submitted</c> event, the roles and scopes, and bad input in Vietnamese and English.
/// </summary>
public sealed class ReportSubmissionApiTests(AzuriteFixture azurite) : DossierAppWithBusTests(azurite, new Dictionary<string, string>
    {
        ["Clock:FixedNow"] = SoKet2023Now,
        ["AzureWebJobs:DossierDeadlineReminders:Disabled"] = "true",
        ["AzureWebJobs:ReportDeadlineReminders:Disabled"] = "true",
    })
{
    private const string BacGiang = "bac-giang-so-ket-2023";
    private const string So = "bac-giang-so-ldtbxh";

    private static object SoReport(string fileName, long size) => new
    {
        planId = BacGiang, stageKind = "mid-term", stageYear = 2023, unitCode = "24", bodyId = So, fileName, size,
    };

    private static object ChuPuhAnnual(int year, string unitCode, string fileName, long size) => new
    {
        planId = "chu-puh-2021-2025", stageKind = "annual", stageYear = year, unitCode, fileName, size,
    };

    /// <summary>Registers the upload, puts its blocks with the SAS, commits; returns the add answer.</summary>
    private static async Task<JsonElement> UploadAsync(HttpClient client, object input, byte[] content)
    {
        using var add = await client.PostAsJsonAsync("/api/reports/submission/files", input);
        var added = await add.Content.ReadFromJsonAsync<JsonElement>();
        add.StatusCode.ShouldBe(HttpStatusCode.Created, added.ToString());
        await Browser.PutBlocksAsync(added.GetProperty("upload").GetProperty("url").GetString()!, content, 4096);
        return added;
    }

    private static async Task<HttpResponseMessage> ConfirmAsync(HttpClient client, JsonElement added) =>
        await client.PostAsync($"/api/reports/submissions/{added.GetProperty("submission").GetProperty("id").GetString()}/files/{added.GetProperty("file").GetProperty("id").GetString()}/confirm", null);

    [Fact]
    public async Task SoUploadsARealPdf_At2359_OnTime_RetryAddsNothing_ALaterVersionAt0001_IsLateButTheReportStaysOnTime_OneEventPerVersion()
    {
        using var admin = await _app.ClientForAsync("quan-tri");
        using var so = await _app.ClientForAsync("so-ldtbxh-bac-giang");
        await Browser.WaitForDemoSoAsync(so);
        // Bắc Giang V.1: "gửi báo cáo sơ kết về Sở Nội vụ, xong trước ngày 30/11/2023".
        await SetClockAsync(admin, "2023-11-30T23:59:00+07:00");
        var pdf = Browser.Pdf(20_000);
        var added = await UploadAsync(so, SoReport("bao-cao-so-ket-2023-so-ldtbxh.pdf", pdf.Length), pdf);
        var id = added.GetProperty("submission").GetProperty("id").GetString()!;
        id.ShouldBe($"{BacGiang}~mid-term~2023~24~{So}");
        added.GetProperty("file").GetProperty("state").GetString().ShouldBe("pending");
        added.GetProperty("submission").GetProperty("status").GetString().ShouldBe("not-submitted");
        var route = added.GetProperty("submission").GetProperty("route");
        (route.GetProperty("clause").GetString(), route.GetProperty("deadline").GetString(), route.GetProperty("to").GetString()).ShouldBe(("V.1", "2023-11-30", "Sở Nội vụ"));

        using var ok = await ConfirmAsync(so, added);
        var view = await ok.Content.ReadFromJsonAsync<JsonElement>();
        ok.StatusCode.ShouldBe(HttpStatusCode.OK, view.ToString());
        view.GetProperty("status").GetString().ShouldBe("submitted");
        view.GetProperty("timeliness").GetString().ShouldBe("on-time");
        view.GetProperty("submittedAt").GetDateTimeOffset().ShouldBe(DateTimeOffset.Parse("2023-11-30T23:59:00+07:00", System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromMinutes(1));
        var sha = Convert.ToHexStringLower(SHA256.HashData(pdf));
        view.GetProperty("file").GetProperty("sha256").GetString().ShouldBe(sha);
        view.GetProperty("file").GetProperty("size").GetInt64().ShouldBe(pdf.Length);

        // The confirmation retried (a lost answer): the same view, still one version.
        using (var retry = await ConfirmAsync(so, added))
        {
            retry.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("versions").GetArrayLength().ShouldBe(1);
        }

        // The pinned copy is served by a read link: the same bytes.
        var link = await so.GetFromJsonAsync<JsonElement>($"/api/reports/submissions/{id}/download");
        link.GetProperty("sha256").GetString().ShouldBe(sha);
        link.GetProperty("fileName").GetString().ShouldBe("bao-cao-so-ket-2023-so-ldtbxh.pdf");
        var bytes = await Browser.Storage.GetByteArrayAsync(link.GetProperty("url").GetString());
        Convert.ToHexStringLower(SHA256.HashData(bytes)).ShouldBe(sha);

        // 00:01 on 01/12/2023 in Vietnam: a corrected version is late; the report stays on time (its first submission).
        await SetClockAsync(admin, "2023-12-01T00:01:00+07:00");
        var pdf2 = Browser.Pdf(8_000);
        var second = await UploadAsync(so, SoReport("bao-cao-so-ket-2023-so-ldtbxh-v2.pdf", pdf2.Length), pdf2);
        using var ok2 = await ConfirmAsync(so, second);
        var view2 = await ok2.Content.ReadFromJsonAsync<JsonElement>();
        ok2.StatusCode.ShouldBe(HttpStatusCode.OK, view2.ToString());
        view2.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("timeliness").GetString()).ShouldBe(["on-time", "late"]);
        view2.GetProperty("timeliness").GetString().ShouldBe("on-time");
        view2.GetProperty("file").GetProperty("id").GetString().ShouldBe(second.GetProperty("file").GetProperty("id").GetString());
        var got = await so.GetFromJsonAsync<JsonElement>($"/api/reports/submission?planId={BacGiang}&stageKind=mid-term&stageYear=2023&unitCode=24&bodyId={So}");
        got.GetProperty("versions").GetArrayLength().ShouldBe(2);
        got.GetProperty("etag").GetString().ShouldNotBeNullOrEmpty();

        // Bắc Giang's status (the central leader): the 10 districts and the 8 registered bodies report to Sở Nội vụ by 30/11/2023
        // (V.1); the Sở has, on time; the province's own report goes to Trung ương by 15/12/2023 (V.2).
        var bodyStore = _app.Services.GetRequiredService<NoOneLeftBehind.Domain.Bodies.INominatingBodyStore>();
        for (var i = 0; i < 100 && (await bodyStore.ListAsync()).Count(b => b.UnitCode == "24") < NoOneLeftBehind.Functions.Identity.Dev.DemoBodies.All.Count; i++)
            await Task.Delay(200);
        using var central = await _app.ClientForAsync("lanh-dao-trung-uong");
        var status = await central.GetFromJsonAsync<JsonElement>($"/api/reports/status?planId={BacGiang}&stageKind=mid-term&stageYear=2023&unitCode=24");
        var counts = status.GetProperty("counts");
        (counts.GetProperty("expected").GetInt32(), counts.GetProperty("submitted").GetInt32(), counts.GetProperty("onTime").GetInt32(), counts.GetProperty("missing").GetInt32())
            .ShouldBe((18, 1, 1, 17));
        var reporters = status.GetProperty("reporters").EnumerateArray().ToList();
        reporters.Count(r => r.GetProperty("body").ValueKind == JsonValueKind.Null).ShouldBe(10);
        reporters.Single(r => r.GetProperty("submissionId").GetString() == id).GetProperty("timeliness").GetString().ShouldBe("on-time");
        reporters.ShouldAllBe(r => r.GetProperty("deadline").GetString() == "2023-11-30" && r.GetProperty("clause").GetString() == "V.1");
        var own = status.GetProperty("own");
        (own.GetProperty("deadline").GetString(), own.GetProperty("clause").GetString(), own.GetProperty("status").GetString()).ShouldBe(("2023-12-15", "V.2", "not-submitted"));

        // The Sở's obligations: its own report only (not the province's, nor the districts').
        var mine = (await so.GetFromJsonAsync<JsonElement>("/api/reports/obligations")).GetProperty("items").EnumerateArray().ToList();
        mine.Select(o => o.GetProperty("id").GetString()).ShouldBe([id]);
        mine[0].GetProperty("status").GetString().ShouldBe("submitted");

        // One report.submitted per accepted version, stored with it and published by the dispatcher.
        var table = _app.Services.GetRequiredService<TableServiceClient>().GetTableClient(ReportSubmissionStore.TableName);
        var outbox = await table.QueryAsync<TableEntity>(e => e.PartitionKey == BacGiang).Where(e => e.RowKey.StartsWith(Outbox.RowKeyPrefix, StringComparison.Ordinal)).ToListAsync();
        outbox.Select(e => e.GetString("EventType")).ShouldBe([IntegrationEventTypes.ReportSubmitted, IntegrationEventTypes.ReportSubmitted]);
        await _app.TickAsync("DispatchIntegrationEvents");
        var sent = _bus.Sent.Select(m => JsonDocument.Parse(m.Body.ToString()).RootElement).Where(e => e.GetProperty("type").GetString() == IntegrationEventTypes.ReportSubmitted)
            .Select(e => e.GetProperty("data")).Where(d => d.GetProperty("submissionId").GetString() == id).OrderBy(d => d.GetProperty("version").GetInt32()).ToList();
        sent.Select(d => (d.GetProperty("timeliness").GetString(), d.GetProperty("firstTimeliness").GetString())).ShouldBe([("on-time", "on-time"), ("late", "on-time")]);
        sent[0].GetProperty("route").GetProperty("clause").GetString().ShouldBe("V.1");
        sent[0].GetProperty("body").GetProperty("id").GetString().ShouldBe(So);
    }

    [Fact]
    public async Task ANonPdfRenamedPdf_IsRefusedInBothLanguages_AndNothingIsRecorded()
    {
        using var commune = await _app.ClientForAsync("xa-ia-hru");
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }.Concat(new byte[2000]).ToArray();
        var added = await UploadAsync(commune, ChuPuhAnnual(2021, "23971", "bao-cao.pdf", png.Length), png);
        using var refused = await ConfirmAsync(commune, added);
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        refused.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("code").GetString().ShouldBe("invalid-report-request");
        var item = problem.GetProperty("problems").EnumerateArray().ShouldHaveSingleItem();
        item.GetProperty("code").GetString().ShouldBe("file-type-not-allowed");
        item.GetProperty("vi").GetString()!.ShouldContain("bao-cao.pdf");
        item.GetProperty("vi").GetString()!.ShouldContain("nội dung là PNG");
        item.GetProperty("en").GetString()!.ShouldNotContain("extension", Case.Insensitive, "no advice to rename: only a PDF is a report");
        item.GetProperty("en").GetString()!.ShouldContain("bao-cao.pdf");

        var view = await commune.GetFromJsonAsync<JsonElement>("/api/reports/submission?planId=chu-puh-2021-2025&stageKind=annual&stageYear=2021&unitCode=23971");
        view.GetProperty("status").GetString().ShouldBe("not-submitted");
        view.GetProperty("versions").GetArrayLength().ShouldBe(0);
        view.GetProperty("pending").GetArrayLength().ShouldBe(0);
        view.GetProperty("submittedAt").ValueKind.ShouldBe(JsonValueKind.Null);
        // Confirming it again finds nothing to confirm.
        using var again = await ConfirmAsync(commune, added);
        again.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ChuPuhCommunes_OnTimeAt2359_LateAt0001_AndGiaLaisStatusCountsThem()
    {
        // Chư Pưh IV.1: "Định kỳ trước ngày 10/11 hằng năm … báo cáo … về Phòng Nội vụ và Phòng Lao động-Thương binh và Xã hội".
        using var admin = await _app.ClientForAsync("quan-tri");
        using var commune = await _app.ClientForAsync("xa-ia-hru");
        await SetClockAsync(admin, "2022-11-10T23:59:00+07:00");
        using (var onTime = await ConfirmAsync(commune, await UploadAsync(commune, ChuPuhAnnual(2022, "23971", "bc-2022.pdf", 4096), Browser.Pdf())))
            (await onTime.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("timeliness").GetString().ShouldBe("on-time");
        await SetClockAsync(admin, "2023-11-11T00:01:00+07:00");
        using (var late = await ConfirmAsync(commune, await UploadAsync(commune, ChuPuhAnnual(2023, "23971", "bc-2023.pdf", 4096), Browser.Pdf())))
        {
            var view = await late.Content.ReadFromJsonAsync<JsonElement>();
            view.GetProperty("timeliness").GetString().ShouldBe("late");
            view.GetProperty("daysLate").GetInt32().ShouldBe(1);
        }

        // The province's leader: who reports from within Gia Lai for Chư Pưh's 2023 yearly report (its communes), and who has.
        using var leader = await _app.ClientForAsync("lanh-dao-gia-lai");
        var status = await leader.GetFromJsonAsync<JsonElement>("/api/reports/status?planId=chu-puh-2021-2025&stageKind=annual&stageYear=2023&unitCode=64");
        var reporters = status.GetProperty("reporters").EnumerateArray().ToList();
        var communes = NoOneLeftBehind.Domain.Units.UnitRegistry.Embedded.ChildrenOf(NoOneLeftBehind.Domain.Units.UnitCode.Parse("639"), new DateOnly(2023, 11, 10));
        reporters.Select(r => r.GetProperty("unit").GetProperty("code").GetString()).ShouldBe(communes.Select(c => c.Code.Value), ignoreOrder: true);
        var counts = status.GetProperty("counts");
        (counts.GetProperty("expected").GetInt32(), counts.GetProperty("submitted").GetInt32(), counts.GetProperty("onTime").GetInt32(),
            counts.GetProperty("late").GetInt32(), counts.GetProperty("missing").GetInt32()).ShouldBe((communes.Count, 1, 0, 1, communes.Count - 1));
        var iaHru = reporters.Single(r => r.GetProperty("unit").GetProperty("code").GetString() == "23971");
        (iaHru.GetProperty("status").GetString(), iaHru.GetProperty("timeliness").GetString(), iaHru.GetProperty("deadline").GetString()).ShouldBe(("submitted", "late", "2023-11-10"));
        reporters.Where(r => r.GetProperty("status").GetString() == "not-submitted").ShouldAllBe(r => r.GetProperty("overdue").GetBoolean());

        // The district (639) receives them: its reviewer sees the same reporters; 2022's report counts on time.
        using var reviewer = await _app.ClientForAsync("tham-dinh-gia-lai");
        var district = await reviewer.GetFromJsonAsync<JsonElement>("/api/reports/status?planId=chu-puh-2021-2025&stageKind=annual&stageYear=2022&unitCode=639");
        district.GetProperty("counts").GetProperty("onTime").GetInt32().ShouldBe(1);
        district.GetProperty("route").GetProperty("clause").GetString().ShouldBe("IV.1");

        // The commune's obligations: its yearly reports, newest first, 2023 submitted late.
        var obligations = (await commune.GetFromJsonAsync<JsonElement>("/api/reports/obligations")).GetProperty("items").EnumerateArray().ToList();
        obligations.Select(o => o.GetProperty("id").GetString()).ShouldBe(new[] { 2025, 2024, 2023, 2022, 2021 }.Select(y => $"chu-puh-2021-2025~annual~{y}~23971"));
        obligations.Single(o => o.GetProperty("stage").GetProperty("year").GetInt32() == 2023).GetProperty("timeliness").GetString().ShouldBe("late");
    }

    [Fact]
    public async Task RolesAndScopes_401WithoutToken_403ForAnotherUnitOrBodyOrRole()
    {
        using var anonymous = new HttpClient { BaseAddress = _app.BaseAddress };
        using (var r = await anonymous.PostAsJsonAsync("/api/reports/submission/files", ChuPuhAnnual(2023, "23971", "bc.pdf", 4096)))
            r.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        using (var r = await anonymous.GetAsync("/api/reports/status?planId=chu-puh-2021-2025&stageKind=annual&stageYear=2023&unitCode=639"))
            r.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        using var district = await _app.ClientForAsync("huyen-chu-puh");
        using var commune = await _app.ClientForAsync("xa-ia-hru");
        using var leader = await _app.ClientForAsync("lanh-dao-gia-lai");
        using var so = await _app.ClientForAsync("so-ldtbxh-bac-giang");
        // A district submitter may not send its commune's report; a leader sends none.
        using (var r = await district.PostAsJsonAsync("/api/reports/submission/files", ChuPuhAnnual(2023, "23971", "bc.pdf", 4096)))
            r.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using (var r = await leader.PostAsJsonAsync("/api/reports/submission/files", ChuPuhAnnual(2023, "23971", "bc.pdf", 4096)))
            r.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        // The commune's upload, confirmed by another unit's submitter: 403; read by the Sở of Bắc Giang: 403.
        var added = await UploadAsync(commune, ChuPuhAnnual(2024, "23971", "bc.pdf", 4096), Browser.Pdf());
        using (var r = await ConfirmAsync(district, added))
            r.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var id = added.GetProperty("submission").GetProperty("id").GetString();
        using (var r = await so.GetAsync($"/api/reports/submissions/{id}/download"))
            r.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using (var r = await so.GetAsync("/api/reports/submission?planId=chu-puh-2021-2025&stageKind=annual&stageYear=2024&unitCode=23971"))
            r.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        // A body's report is sent only by a user acting for that body (the province's own submitter is not the Sở).
        await Browser.WaitForDemoSoAsync(so);
        using var admin = await _app.ClientForAsync("quan-tri");
        await DevUsers.MoveScopeAsync(admin, DistrictSubmitter, new { unitCode = "24", displayName = "Cán bộ UBND tỉnh Bắc Giang" });
        using var province = await _app.ClientForAsync("huyen-chu-puh");
        using (var r = await province.PostAsJsonAsync("/api/reports/submission/files", SoReport("bc.pdf", 4096)))
            r.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        // Status is for reviewers and leaders only; a malformed id is 403 (ids reveal nothing).
        using (var r = await commune.GetAsync("/api/reports/status?planId=chu-puh-2021-2025&stageKind=annual&stageYear=2023&unitCode=23971"))
            r.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using (var r = await commune.PostAsync("/api/reports/submissions/not-an-id/files/x/confirm", null))
            r.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using (var r = await commune.GetAsync("/api/reports/obligations?unitCode=639"))
            r.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("khong-co", "annual", 2023, "23971", "bc.pdf", "unknown-plan", "khong-co")]
    [InlineData("chu-puh-2021-2025", "giua-ky", 2023, "23971", "bc.pdf", "invalid-stage", "giua-ky")]
    [InlineData("chu-puh-2021-2025", "annual", null, "23971", "bc.pdf", "required", "stageYear")]
    [InlineData("chu-puh-2021-2025", "annual", 2030, "23971", "bc.pdf", "not-a-reporter", "23971")]
    [InlineData("chu-puh-2021-2025", "annual", 2023, "23971", "bao-cao.docx", "file-type-not-allowed", "bao-cao.docx")]
    [InlineData("bac-giang-so-ket-2023", "mid-term", 2023, "23971", "bc.pdf", "not-a-reporter", "23971")]
    public async Task BadInput_Is400InBothLanguages_AndWritesNothing(string planId, string stageKind, int? stageYear, string unitCode, string fileName, string code, string named)
    {
        using var commune = await _app.ClientForAsync("xa-ia-hru");
        using var response = await commune.PostAsJsonAsync("/api/reports/submission/files", new { planId, stageKind, stageYear, unitCode, fileName, size = 4096 });
        await response.ShouldBeProblemAsync(code, named);
        if (code == "file-type-not-allowed")
        {
            var view = await commune.GetFromJsonAsync<JsonElement>($"/api/reports/submission?planId={planId}&stageKind={stageKind}&stageYear={stageYear}&unitCode={unitCode}");
            view.GetProperty("pending").GetArrayLength().ShouldBe(0);
        }
    }

    [Fact]
    public async Task ASizeOverTheLimit_OrAnUnknownBody_Is400()
    {
        using var so = await _app.ClientForAsync("so-ldtbxh-bac-giang");
        await Browser.WaitForDemoSoAsync(so);
        using (var r = await so.PostAsJsonAsync("/api/reports/submission/files", SoReport("bc.pdf", 60L * 1024 * 1024)))
        {
            r.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("problems")[0].GetProperty("code").GetString().ShouldBe("file-too-large");
        }
        using (var r = await so.PostAsJsonAsync("/api/reports/submission/files", new { planId = BacGiang, stageKind = "mid-term", stageYear = 2023, unitCode = "24", bodyId = "khong-co", fileName = "bc.pdf", size = 10 }))
        {
            r.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("problems")[0].GetProperty("code").GetString().ShouldBe("unknown-body");
        }
    }
}
