using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NoOneLeftBehind.Domain.Statistics.Import;
using NoOneLeftBehind.Infrastructure.Statistics;
using NoOneLeftBehind.Infrastructure.Statistics.Storage;
using NoOneLeftBehind.Integration.Tests.Identity;
using NoOneLeftBehind.TestSupport;
using static NoOneLeftBehind.Integration.Tests.Statistics.StatisticsTestData;

namespace NoOneLeftBehind.Integration.Tests.Statistics;

/// <summary>
/// The statistics API end to end: the app on Kestrel with its own Azurite, the local trigger runner
/// delivering the import message to ImportReviewResults, the development issuer's demo users.
/// </summary>
public sealed class StatisticsApiTests(AzuriteFixture azurite) : StatisticsAppTests(azurite)
{
    [Fact]
    public async Task GoodFile_UploadedByDistrictSubmitter_ImportedInTheBackground_ReadableWithinScope()
    {
        using var district = await ClientForAsync("huyen-chu-puh");
        using var leader = await ClientForAsync("lanh-dao-gia-lai");
        using var national = await ClientForAsync("lanh-dao-trung-uong");
        var figures = Within("639", 2023, 2024);

        var xlsx = NoOneLeftBehind.Infrastructure.Statistics.Import.ReviewFileWriter.Xlsx(figures);
        using var upload = await UploadAsync(district, "chu-puh.xlsx", xlsx);
        upload.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var status = await WaitDoneAsync(district, upload.Headers.Location!.ToString());
        status.GetProperty("rowsProcessed").GetInt32().ShouldBe(figures.Count);
        status.GetProperty("rowsTotal").GetInt32().ShouldBe(figures.Count);

        // The district sees its own series (not its communes: a submitter reads its own unit only).
        var own = await district.GetFromJsonAsync<JsonElement>("/api/statistics/units/639?from=2023&to=2024");
        var years = own.GetProperty("unit").GetProperty("years");
        years.GetArrayLength().ShouldBe(2);
        years[1].GetProperty("poor").GetInt64().ShouldBe(Sum(figures.Where(f => f.Year == 2024)).Poor);
        own.GetProperty("children").GetProperty("total").GetInt32().ShouldBe(0);

        // The provincial leader drills down from the province to the district to its communes.
        var province = await leader.GetFromJsonAsync<JsonElement>("/api/statistics/units/64");
        province.GetProperty("children").GetProperty("items").EnumerateArray().Select(c => c.GetProperty("code").GetString()).ShouldBe(["639"]);
        var drill = await leader.GetFromJsonAsync<JsonElement>("/api/statistics/units/639?pageSize=5");
        drill.GetProperty("children").GetProperty("total").GetInt32().ShouldBe(figures.Select(f => f.Unit).Distinct().Count());
        drill.GetProperty("children").GetProperty("items").GetArrayLength().ShouldBe(5);
        var ranking = await leader.GetFromJsonAsync<JsonElement>("/api/statistics/units/639/ranking?year=2024&measure=poor-rate");
        var ranked = ranking.GetProperty("children").GetProperty("items").EnumerateArray().Select(i => i.GetProperty("value").GetDecimal()).ToList();
        ranked.ShouldBe(ranked.OrderByDescending(v => v).ToList());
        var targets = await leader.GetFromJsonAsync<JsonElement>("/api/statistics/units/639/targets?planId=chu-puh-2021-2025");
        targets.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("targetId").GetString()).ShouldBe(["poor-rate", "minority-poor-rate"]);
        // Chư Pưh II.1.2 "bình quân trên 2%/năm": the rule and its strictness come from the plan file.
        var poorRate = targets.GetProperty("targets")[0];
        (poorRate.GetProperty("rule").GetString(), poorRate.GetProperty("amount").GetDecimal(), poorRate.GetProperty("minExclusive").GetBoolean(),
            poorRate.GetProperty("measure").GetString()).ShouldBe(("average-fall-per-year", 2m, true, "poor-rate"));
        targets.GetProperty("targets")[1].GetProperty("measure").GetString().ShouldBe("minority-poor-rate");
        // The same targets with the unit view, from the same read: one request, one storage query for a drill step.
        using var withTargets = await leader.GetAsync("/api/statistics/units/639?include=targets&planId=chu-puh-2021-2025");
        withTargets.Headers.GetValues("X-Storage-Queries").Single().ShouldBe("1");
        var combined = await withTargets.Content.ReadFromJsonAsync<JsonElement>();
        combined.GetProperty("targets").GetRawText().ShouldBe(targets.GetProperty("targets").GetRawText());
        combined.GetProperty("children").GetProperty("total").GetInt32().ShouldBe(drill.GetProperty("children").GetProperty("total").GetInt32());
        (await leader.GetFromJsonAsync<JsonElement>("/api/statistics/units/639")).GetProperty("targets").ValueKind.ShouldBe(JsonValueKind.Null);
        // Children narrowed to one year; the unit's own series still every year asked for, in the same single query.
        using var narrowed = await leader.GetAsync("/api/statistics/units/639?childFrom=2024&childTo=2024&include=targets&planId=chu-puh-2021-2025");
        narrowed.Headers.GetValues("X-Storage-Queries").Single().ShouldBe("1");
        var oneYear = await narrowed.Content.ReadFromJsonAsync<JsonElement>();
        oneYear.GetProperty("children").GetProperty("items").EnumerateArray()
            .SelectMany(c => c.GetProperty("years").EnumerateArray().Select(y => y.GetProperty("year").GetInt32())).Distinct().ShouldBe([2024]);
        oneYear.GetProperty("unit").GetProperty("years").GetRawText().ShouldBe(combined.GetProperty("unit").GetProperty("years").GetRawText());
        oneYear.GetProperty("targets").GetRawText().ShouldBe(targets.GetProperty("targets").GetRawText());
        using var badChildYears = await leader.GetAsync("/api/statistics/units/639?childFrom=2025&childTo=2024");
        badChildYears.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await badChildYears.Content.ReadAsStringAsync()).ShouldContain("childFrom");
        using var badInclude = await leader.GetAsync("/api/statistics/units/639?include=everything");
        badInclude.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await badInclude.Content.ReadAsStringAsync()).ShouldContain("include");
        using var badPlan = await leader.GetAsync("/api/statistics/units/639?include=targets&planId=khong-co");
        badPlan.StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        // National picture: the provincial leader sees only Gia Lai and no national total; the national leader sees both.
        using var picture = await leader.GetAsync("/api/statistics/national");
        var provincial = await picture.Content.ReadFromJsonAsync<JsonElement>();
        provincial.GetProperty("unit").ValueKind.ShouldBe(JsonValueKind.Null);
        provincial.GetProperty("children").GetProperty("items").EnumerateArray().Select(c => c.GetProperty("code").GetString()).ShouldBe(["64"]);
        int.Parse(picture.Headers.GetValues("X-Entities-Read").Single(), CultureInfo.InvariantCulture).ShouldBe(4); // (1 province + the nation) × 2 years
        picture.Headers.GetValues("X-Storage-Queries").Single().ShouldBe("1");
        var all = await national.GetFromJsonAsync<JsonElement>("/api/statistics/national");
        all.GetProperty("unit").GetProperty("years")[1].GetProperty("households").GetInt64().ShouldBe(Sum(figures.Where(f => f.Year == 2024)).Households);

        // Same file again: one version, answered at once.
        using var again = await UploadAsync(district, "chu-puh-lan-2.xlsx", xlsx);
        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("alreadyImported").GetBoolean().ShouldBeTrue();
        var versions = (await national.GetFromJsonAsync<JsonElement>("/api/statistics/versions")).EnumerateArray()
            .Where(v => v.GetProperty("fileName").GetString()!.StartsWith("chu-puh", StringComparison.Ordinal)).ToList();
        versions.Count.ShouldBe(1);
        versions[0].GetProperty("uploadedByName").GetString().ShouldBe("Nguyễn Văn An");
        versions[0].GetProperty("current").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task HistoricalBoundaries_EachYearCarriesTheNameAndUnitInForce_AndAUnitSaysWhatItBecameOrCameFrom()
    {
        using var admin = await ClientForAsync("quan-tri");
        // Bắc Giang (24) and Bắc Ninh (27) in 2024; the new Bắc Ninh (24, from 01/07/2025) in 2025.
        var figures = Within("24", 2024, 2024).Concat(Within("27", 2024, 2024)).Concat(Within("24", 2025, 2025)).ToList();
        using var upload = await UploadAsync(admin, "bac-giang-bac-ninh.csv", Csv(figures));
        upload.StatusCode.ShouldBe(HttpStatusCode.Accepted, await upload.Content.ReadAsStringAsync());
        await WaitDoneAsync(admin, upload.Headers.Location!.ToString());

        // Each year's boundaries: code 24 is two units, never one series; 2024's rows carry 2024's names.
        var national = await admin.GetFromJsonAsync<JsonElement>("/api/statistics/national?basis=historical");
        // (Other tests of this class may have imported other provinces into the same storage: only 24 and 27 are looked at.)
        var series = national.GetProperty("children").GetProperty("items").EnumerateArray()
            .Where(c => c.GetProperty("code").GetString() is "24" or "27")
            .Select(c => (Code: c.GetProperty("code").GetString(), Name: c.GetProperty("name").GetString(),
                Years: c.GetProperty("years").EnumerateArray().Select(y => y.GetProperty("year").GetInt32()).ToArray()))
            .ToList();
        series.Select(s => (s.Code, s.Name, string.Join(",", s.Years))).ShouldBe(
        [
            ("24", "Tỉnh Bắc Giang", "2024"),
            ("24", "Tỉnh Bắc Ninh", "2025"),
            ("27", "Tỉnh Bắc Ninh", "2024"),
        ]);
        national.GetProperty("children").GetProperty("items").EnumerateArray()
            .First(c => c.GetProperty("code").GetString() == "24").GetProperty("validTo").GetString().ShouldBe("2025-07-01");

        // The unit page of 24 as it was in 2024: Bắc Giang, its own series and districts only, and what it became.
        var bacGiang = await admin.GetFromJsonAsync<JsonElement>("/api/statistics/units/24?basis=historical&asOf=2024");
        var unit = bacGiang.GetProperty("unit");
        unit.GetProperty("name").GetString().ShouldBe("Tỉnh Bắc Giang");
        unit.GetProperty("years").EnumerateArray().Select(y => y.GetProperty("year").GetInt32()).ShouldBe([2024]);
        unit.GetProperty("years")[0].GetProperty("households").GetInt64().ShouldBe(Sum(Within("24", 2024, 2024)).Households);
        bacGiang.GetProperty("children").GetProperty("items").EnumerateArray().ShouldAllBe(c => c.GetProperty("level").GetString() == "District");
        var became = unit.GetProperty("version").GetProperty("became").EnumerateArray().ToList();
        became.Select(b => (b.GetProperty("code").GetString(), b.GetProperty("name").GetString(), b.GetProperty("effective").GetString()))
            .ShouldBe([("24", "Tỉnh Bắc Ninh", "2025-07-01")]);

        // Without asOf: the unit in its last year with figures, the new Bắc Ninh, and what it came from.
        var bacNinh = await admin.GetFromJsonAsync<JsonElement>("/api/statistics/units/24?basis=historical");
        bacNinh.GetProperty("unit").GetProperty("name").GetString().ShouldBe("Tỉnh Bắc Ninh");
        bacNinh.GetProperty("unit").GetProperty("years").EnumerateArray().Select(y => y.GetProperty("year").GetInt32()).ShouldBe([2025]);
        bacNinh.GetProperty("unit").GetProperty("version").GetProperty("cameFrom").EnumerateArray()
            .Select(p => (p.GetProperty("code").GetString(), p.GetProperty("name").GetString())).ShouldBe([("24", "Tỉnh Bắc Giang"), ("27", "Tỉnh Bắc Ninh")]);
        bacNinh.GetProperty("children").GetProperty("items").EnumerateArray().ShouldAllBe(c => c.GetProperty("level").GetString() == "Commune");

        // A pre-reform code read in the 2025 boundaries: no figures, but its name and what it became.
        var oldGiaLai = (await admin.GetFromJsonAsync<JsonElement>("/api/statistics/units/64?basis=2025")).GetProperty("unit");
        oldGiaLai.GetProperty("name").GetString().ShouldBe("Tỉnh Gia Lai");
        oldGiaLai.GetProperty("version").GetProperty("became")[0].GetProperty("code").GetString().ShouldBe("52");

        using var badYear = await admin.GetAsync("/api/statistics/units/24?asOf=1900");
        badYear.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await badYear.Content.ReadAsStringAsync()).ShouldContain("asOf");
    }

    [Fact]
    public async Task AfterTheReform_TheNewProvincesSubmitter_ImportsAndItsLeaderReads_TheOldProvincesHistory()
    {
        // ADR 0010: the new Gia Lai (52) took over the old Gia Lai (64) whole; Chư Pưh's 2021–2022 figures are its history.
        using var admin = await ClientForAsync("quan-tri");
        await DevUsers.MoveScopeAsync(admin, DevUsers.HuyenChuPuh, new { unitCode = "52", displayName = "Sở Nội vụ tỉnh Gia Lai (mới)" });
        await DevUsers.MoveScopeAsync(admin, DevUsers.LanhDaoGiaLai, new { unitCode = "52", displayName = "Lãnh đạo UBND tỉnh Gia Lai (mới)" });
        using var newProvince = await ClientForAsync("huyen-chu-puh");
        using var newLeader = await ClientForAsync("lanh-dao-gia-lai");
        var figures = Within("639", 2021, 2022);
        using var upload = await UploadAsync(newProvince, "chu-puh-2021-2022.csv", Csv(figures));
        upload.StatusCode.ShouldBe(HttpStatusCode.Accepted, await upload.Content.ReadAsStringAsync());
        await WaitDoneAsync(newProvince, upload.Headers.Location!.ToString());
        var district = await newLeader.GetFromJsonAsync<JsonElement>("/api/statistics/units/639?from=2021&to=2022");
        district.GetProperty("unit").GetProperty("years")[1].GetProperty("poor").GetInt64().ShouldBe(Sum(figures.Where(f => f.Year == 2022)).Poor);
        // Hà Nội's rows stay outside: the rule covers what the scope took over, nothing else.
        using var other = await UploadAsync(newProvince, "ha-noi.csv", Csv([F("00004", 2022, 1200, 100, 80)]));
        other.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Scoping_CommuneSubmitterAndProvincialLeader_StopAtTheirUnits()
    {
        using var commune = await ClientForAsync("xa-ia-hru");
        using var leader = await ClientForAsync("lanh-dao-gia-lai");

        // Ia Hrú (23971) may not import for Ia Ko (23977, another commune before and after the reform): 403 naming the row,
        // nothing imported. (Ia Rong, 23972, went wholly into the new Ia Hrú on 01/07/2025: the scope covers it, ADR 0010.)
        using var upload = await UploadAsync(commune, "ia-hru.csv", Csv([F("23971", 2024, 1200, 100, 80), F("23977", 2024, 900, 50, 40)]));
        upload.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var problem = await upload.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("rows").EnumerateArray().Select(r => (r.GetProperty("row").GetInt32(), r.GetProperty("unitCode").GetString())).ShouldBe([(3, "23977")]);
        upload.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");

        (await commune.GetAsync("/api/statistics/units/23977")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await commune.GetAsync("/api/statistics/units/64")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await leader.GetAsync("/api/statistics/units/01")).StatusCode.ShouldBe(HttpStatusCode.Forbidden); // Hà Nội
        (await leader.GetAsync("/api/statistics/units/VN")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await leader.PostAsync("/api/statistics/imports?fileName=x.csv", new ByteArrayContent(Csv([F("23971", 2024, 1200, 100, 80)])))).StatusCode
            .ShouldBe(HttpStatusCode.Forbidden); // leaders do not import

        // A bad file comes back at once with every problem located; nothing is written.
        using var bad = await UploadAsync(commune, "loi.csv", Csv([F("23971", 2024, 1200, 100, 80), F("23971", 2024, 1200, 90, 80)]));
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problems = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("problems");
        problems.EnumerateArray().ShouldContain(p => p.GetProperty("kind").GetString() == "duplicate-unit-year" && p.GetProperty("row").GetInt32() == 3);
        problems.EnumerateArray().ShouldContain(p => p.GetProperty("code").GetString() == "duplicate-unit-year" && p.GetProperty("row").GetInt32() == 3
            && p.GetProperty("vi").GetString()!.Length > 0 && p.GetProperty("en").GetString()!.Length > 0);
        (await leader.GetFromJsonAsync<JsonElement>("/api/statistics/versions")).EnumerateArray()
            .ShouldNotContain(v => v.GetProperty("fileName").GetString() == "loi.csv" || v.GetProperty("fileName").GetString() == "ia-hru.csv");
    }

    [Fact]
    public async Task XlsxDecompressionBomb_RefusedAt400NamingTheLimit_NothingStored_AndTheBackgroundJobSaysWhy()
    {
        using var district = await ClientForAsync("huyen-chu-puh");
        // A valid workbook of Chư Pưh's communes whose shared-strings part inflates to 150 MB; the file is < 1 MB.
        var bomb = ZipBombs.XlsxWithHugeSharedStrings(NoOneLeftBehind.Infrastructure.Statistics.Import.ReviewFileWriter.Xlsx(Within("639", 2022, 2022)), 150L * 1024 * 1024);
        bomb.Length.ShouldBeLessThan(1024 * 1024);
        var versionsBefore = (await district.GetFromJsonAsync<JsonElement>("/api/statistics/versions")).GetArrayLength();

        using var upload = await UploadAsync(district, "bom-nen.xlsx", bomb);

        upload.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var body = await upload.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("type").GetString().ShouldBe("https://noonelb.example/problems/invalid-review-file");
        var problem = body.GetProperty("problems").EnumerateArray().ShouldHaveSingleItem();
        problem.GetProperty("kind").GetString().ShouldBe("archive-limit-exceeded");
        problem.GetProperty("file").GetString().ShouldBe("bom-nen.xlsx");
        problem.GetProperty("messageEn").GetString()!.ShouldContain("part 'xl/sharedStrings.xml' expands");
        problem.GetProperty("messageEn").GetString()!.ShouldContain("over the compression ratio limit of 100:1");
        problem.GetProperty("messageVi").GetString()!.ShouldContain("giới hạn tỉ lệ nén 100:1");
        // The API's entry vocabulary beside the older members (docs/api-errors.md): code, vi, en.
        problem.GetProperty("code").GetString().ShouldBe("archive-limit-exceeded");
        problem.GetProperty("vi").GetString().ShouldBe(problem.GetProperty("messageVi").GetString());
        problem.GetProperty("en").GetString().ShouldBe(problem.GetProperty("messageEn").GetString());
        body.GetProperty("code").GetString().ShouldBe("invalid-review-file");
        // Nothing kept: no upload blob, no new version.
        var services = _app!.Services;
        var container = services.GetRequiredService<StatisticsStorageOptions>().ImportsContainer;
        (await services.GetRequiredService<Azure.Storage.Blobs.BlobServiceClient>().GetBlobContainerClient(container)
            .GetBlobClient("uploads/" + ContentHash.Of(bomb)).ExistsAsync()).Value.ShouldBeFalse();
        (await district.GetFromJsonAsync<JsonElement>("/api/statistics/versions")).GetArrayLength().ShouldBe(versionsBefore);

        // Had it reached the background function (which reads the stored file again and decides), the job fails saying why.
        var me = await district.GetFromJsonAsync<JsonElement>("/api/me");
        var job = await services.GetRequiredService<ReviewImportProcessor>().SubmitAsync("bom-nen-nen.xlsx", bomb,
            new Uploader(me.GetProperty("objectId").GetString()!, "huyen-chu-puh", "639"), CancellationToken.None);
        var status = await WaitFinishedAsync(district, "/api/statistics/imports/" + job.ImportId);
        status.GetProperty("status").GetString().ShouldBe("failed", status.ToString());
        var reason = status.GetProperty("problems").EnumerateArray().ShouldHaveSingleItem();
        reason.GetProperty("kind").GetString().ShouldBe("archive-limit-exceeded");
        reason.GetProperty("messageEn").GetString()!.ShouldContain("compression ratio limit of 100:1");
        (await district.GetFromJsonAsync<JsonElement>("/api/statistics/versions")).GetArrayLength().ShouldBe(versionsBefore);
    }

    [Fact]
    public async Task XlsxCodeTypedAsNumber_RefusedAt400NamingRowAndColumn_NothingImported()
    {
        using var admin = await ClientForAsync("quan-tri");
        // Phường Đức Giang (00124) typed as the number 124, which is Huyện Yên Châu's code.
        var xlsx = NoOneLeftBehind.Infrastructure.Statistics.Import.ReviewFileWriter.XlsxRows(
            ["Mã đơn vị", "Năm", "Tổng số hộ", "Số hộ nghèo", "Số hộ cận nghèo"],
            [["00001", 2021L, 1000L, 50L, 40L], [124L, 2021L, 1000L, 10L, 20L]]);

        using var upload = await UploadAsync(admin, "so.xlsx", xlsx);

        upload.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("problems").EnumerateArray().ShouldHaveSingleItem();
        (problem.GetProperty("row").GetInt32(), problem.GetProperty("columnLetter").GetString(), problem.GetProperty("columnName").GetString(), problem.GetProperty("kind").GetString())
            .ShouldBe((3, "A", "Mã đơn vị", "invalid-unit-code"));
        problem.GetProperty("messageVi").GetString()!.ShouldStartWith("Mã đơn vị phải nhập dạng văn bản (giữ số 0 ở đầu)");
        problem.GetProperty("messageEn").GetString()!.ShouldStartWith("The unit code must be typed as text, keeping its leading zeros");
        (await admin.GetFromJsonAsync<JsonElement>("/api/statistics/versions")).EnumerateArray()
            .ShouldNotContain(v => v.GetProperty("fileName").GetString() == "so.xlsx");
        (await admin.GetFromJsonAsync<JsonElement>("/api/statistics/units/124?from=2021&to=2021")).GetProperty("unit").GetProperty("years").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Template_CsvAndXlsx_HaveVietnameseHeaders()
    {
        using var client = await ClientForAsync("xa-ia-hru");
        using var csv = await client.GetAsync("/api/statistics/template/csv");
        csv.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await csv.Content.ReadAsStringAsync()).ShouldContain("Mã đơn vị");
        using var xlsx = await client.GetAsync("/api/statistics/template");
        xlsx.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        (await xlsx.Content.ReadAsByteArrayAsync())[..2].ShouldBe("PK"u8.ToArray());
    }

    private static async Task<JsonElement> WaitFinishedAsync(HttpClient client, string location)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        JsonElement status = default;
        while (DateTime.UtcNow < deadline)
        {
            status = await client.GetFromJsonAsync<JsonElement>(location);
            if (status.GetProperty("status").GetString() is "done" or "failed") break;
            await Task.Delay(200);
        }
        return status;
    }
}
