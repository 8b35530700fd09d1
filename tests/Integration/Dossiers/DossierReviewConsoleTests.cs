using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NoOneLeftBehind.Integration.Tests.Identity;
using NoOneLeftBehind.TestSupport;

namespace NoOneLeftBehind.Integration.Tests.Dossiers;

/// <summary>
/// What the reviewers' console reads, over real HTTP on Azurite as the development users: the queue searched
/// without diacritics and filtered by stage and status (scoped to the caller's units), the quota use of a
/// dossier's nominating unit, and an evidence file viewable inline.
/// </summary>
public sealed class DossierReviewConsoleTests(AzuriteFixture azurite) : DossierAppTests(azurite, SoKet2023Clock)
{
    [Fact]
    public async Task Queue_SearchIgnoresDiacritics_FiltersByStageAndStatus_OnlyReadableUnits()
    {
        using var commune = await _app.ClientForAsync("xa-ia-hru");
        using var reviewer = await _app.ClientForAsync("tham-dinh-gia-lai");
        var draft = (await Browser.CreateAsync(commune, Browser.CommuneDossier("23971", "Xã Ia Hrú"))).GetProperty("id").GetString()!;
        var annual = (await Browser.CreateAsync(commune, Browser.CommuneDossier("23971", "Thôn Đắk Đoa", stageKind: "annual"))).GetProperty("id").GetString()!;
        var submitted = await Browser.CreateCompleteAndSubmitAsync(commune, Browser.CommuneDossier("23971", "Làng Plei Ơi"));

        // "chu puh" finds the commune's dossiers by its district's name (Huyện Chư Pưh), without diacritics.
        var found = await IdsAsync(commune, "/api/dossiers?q=chu%20puh");
        found.ShouldBe([submitted, annual, draft], ignoreOrder: true);
        // Issue 17, item 8: the reviewers' queue lists what was submitted; drafts only when asked for by status.
        (await IdsAsync(reviewer, "/api/dossiers?q=chu%20puh")).ShouldBe([submitted]);
        (await IdsAsync(reviewer, "/api/dossiers?q=chu%20puh&status=draft")).ShouldBe([annual, draft], ignoreOrder: true);
        var first = (await reviewer.GetFromJsonAsync<JsonElement>("/api/dossiers?q=CHU+PUH")).EnumerateArray().First();
        first.GetProperty("nominatingUnitPath").GetString()!.ShouldContain("Huyện Chư Pưh");
        first.GetProperty("nominatingUnitName").GetString()!.ShouldContain("23971");

        // "d" finds "đ"; every word must match; words in any order.
        (await IdsAsync(commune, "/api/dossiers?q=dak%20doa")).ShouldBe([annual]);
        (await IdsAsync(commune, "/api/dossiers?q=dak%20plei")).ShouldBeEmpty();
        (await IdsAsync(reviewer, "/api/dossiers?q=oi%20plei")).ShouldBe([submitted]);
        (await IdsAsync(reviewer, "/api/dossiers?q=Ơi")).ShouldBe([submitted]);

        // Paged: the same order cut into pages, with the total in a header; the unpaged answer is unchanged.
        var all = await IdsAsync(commune, "/api/dossiers?q=chu+puh");
        using (var first2 = await commune.GetAsync("/api/dossiers?q=chu+puh&pageSize=2"))
        {
            first2.Headers.GetValues("X-Total-Count").Single().ShouldBe("3");
            var page1 = (await first2.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Select(d => d.GetProperty("id").GetString()!).ToList();
            var page2 = await IdsAsync(commune, "/api/dossiers?q=chu+puh&pageSize=2&page=2");
            page1.Count.ShouldBe(2);
            page1.Concat(page2).ShouldBe(all);
        }
        (await IdsAsync(reviewer, "/api/dossiers?q=chu+puh&pageSize=2&page=3")).ShouldBeEmpty();
        (await IdsAsync(reviewer, "/api/dossiers?q=chu+puh&page=2147483647")).ShouldBeEmpty();
        foreach (var (query, field) in new[] { ("page=0", "page"), ("pageSize=0", "pageSize"), ("pageSize=501", "pageSize") })
        {
            using var badPage = await reviewer.GetAsync($"/api/dossiers?{query}");
            badPage.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await badPage.Content.ReadAsStringAsync()).ShouldContain($"\"{field}\"");
        }

        // The Chư Pưh plan sets no quota: the console says so.
        (await reviewer.GetFromJsonAsync<JsonElement>($"/api/dossiers/{submitted}/quota")).GetProperty("applies").GetBoolean().ShouldBeFalse();

        // Stage and status filters.
        (await IdsAsync(commune, "/api/dossiers?q=chu+puh&stageKind=annual&stageYear=2023")).ShouldBe([annual]);
        (await IdsAsync(reviewer, "/api/dossiers?q=chu+puh&stageKind=mid-term&stageYear=2023&status=draft")).ShouldBe([draft]);
        (await IdsAsync(reviewer, "/api/dossiers?q=chu+puh&stageYear=2022")).ShouldBeEmpty();
        using (var bad = await reviewer.GetAsync("/api/dossiers?stageKind=someday"))
        {
            bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await bad.Content.ReadAsStringAsync()).ShouldContain("stage.kind");
        }

        // Scope: the Chư Pưh district's submitter does not see a commune's dossiers; an unreadable unit is 403.
        using var admin = await _app.ClientForAsync("quan-tri");
        await DevUsers.MoveScopeAsync(admin, DistrictSubmitter, new { unitCode = "213", displayName = "Cán bộ TP Bắc Giang" });
        using var elsewhere = await _app.ClientForAsync("huyen-chu-puh");
        (await IdsAsync(elsewhere, "/api/dossiers?q=chu+puh")).ShouldBeEmpty();
        using (var forbidden = await elsewhere.GetAsync("/api/dossiers?unitCode=23971")) forbidden.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Quota_ShowsLimitClauseAndHolders_AndEvidenceIsViewableInline()
    {
        using var admin = await _app.ClientForAsync("quan-tri");
        await DevUsers.MoveScopeAsync(admin, DistrictSubmitter, new { unitCode = "213", displayName = "Cán bộ TP Bắc Giang" });
        using var submitter = await _app.ClientForAsync("huyen-chu-puh");

        // Bắc Giang, clause IV.2.a: each district may propose 2 households for the provincial certificate.
        var first = await HouseholdAsync(submitter, "Hộ ông Nguyễn Văn Một");
        var second = await HouseholdAsync(submitter, "Hộ bà Trần Thị Hai");
        var before = await submitter.GetFromJsonAsync<JsonElement>($"/api/dossiers/{second}/quota");
        before.GetProperty("applies").GetBoolean().ShouldBeTrue();
        before.GetProperty("limit").GetInt32().ShouldBe(2);
        before.GetProperty("used").GetInt32().ShouldBe(0);
        before.GetProperty("clause").GetString().ShouldBe("IV.2.a");
        before.GetProperty("unit").GetProperty("code").GetString().ShouldBe("213");
        before.GetProperty("holdsSlot").GetBoolean().ShouldBeFalse();

        var etag = (await Browser.GetAsync(submitter, first)).GetProperty("etag").GetString()!;
        using (var ok = await Browser.PostWithETagAsync(submitter, $"/api/dossiers/{first}/submit", etag))
            ok.StatusCode.ShouldBe(HttpStatusCode.Accepted, await ok.Content.ReadAsStringAsync());
        var after = await submitter.GetFromJsonAsync<JsonElement>($"/api/dossiers/{second}/quota");
        after.GetProperty("used").GetInt32().ShouldBe(1);
        after.GetProperty("holdsSlot").GetBoolean().ShouldBeFalse();
        var holder = after.GetProperty("holders").EnumerateArray().Single();
        holder.GetProperty("id").GetString().ShouldBe(first);
        holder.GetProperty("nominee").GetString().ShouldBe("Hộ ông Nguyễn Văn Một");
        (await submitter.GetFromJsonAsync<JsonElement>($"/api/dossiers/{first}/quota")).GetProperty("holdsSlot").GetBoolean().ShouldBeTrue();

        // Another province's reviewer may not read the unit's quota.
        using var reviewer = await _app.ClientForAsync("tham-dinh-gia-lai");
        using (var forbidden = await reviewer.GetAsync($"/api/dossiers/{first}/quota")) forbidden.StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        // Evidence inline: the read SAS overrides the stored "attachment" with "inline"; without ?inline it stays a download.
        var file = (await Browser.GetAsync(submitter, first)).GetProperty("files").EnumerateArray().First().GetProperty("id").GetString()!;
        var view = await submitter.GetFromJsonAsync<JsonElement>($"/api/dossiers/{first}/files/{file}/download?inline=true");
        view.GetProperty("inline").GetBoolean().ShouldBeTrue();
        using (var pdf = await Browser.Storage.GetAsync(view.GetProperty("url").GetString()))
        {
            pdf.StatusCode.ShouldBe(HttpStatusCode.OK);
            pdf.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("inline");
            pdf.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        }
        var download = await submitter.GetFromJsonAsync<JsonElement>($"/api/dossiers/{first}/files/{file}/download");
        download.GetProperty("inline").GetBoolean().ShouldBeFalse();
        using (var saved = await Browser.Storage.GetAsync(download.GetProperty("url").GetString()))
            saved.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
    }

    private static async Task<List<string>> IdsAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        return [.. JsonDocument.Parse(body).RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetString()!)];
    }

    private static async Task<string> HouseholdAsync(HttpClient submitter, string name)
    {
        var created = await Browser.CreateAsync(submitter, Browser.BacGiangCityDossier(name));
        var id = created.GetProperty("id").GetString()!;
        // A unit's dossier to Sở LĐ-TB&XH (IV.3.a): its own proposal and the Mẫu 07 report.
        await Browser.AttachPdfsAsync(submitter, id, new[] { "to-trinh-don-vi", "bao-cao-thanh-tich" });
        return id;
    }
}
