using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using NoOneLeftBehind.Infrastructure.Reports;
using NoOneLeftBehind.Integration.Tests.Dossiers;
using NoOneLeftBehind.TestSupport;
using static NoOneLeftBehind.Integration.Tests.Statistics.StatisticsTestData;

namespace NoOneLeftBehind.Integration.Tests.Reports;

/// <summary>
/// <c>GET /api/reports/draft</c> over HTTP on Azurite: Chư Pưh's figures imported through the statistics API, the district's
/// sơ kết 2023 draft downloaded and opened with OpenXml, its table 1 equal to what the statistics API serves; a body's draft;
/// the unit scope; bad input answered in Vietnamese and English.
/// </summary>
public sealed class ReportDraftApiTests(AzuriteFixture azurite) : DossierAppTests(azurite)
{
    private const string Draft = "/api/reports/draft?planId=chu-puh-2021-2025&stageKind=mid-term&stageYear=2023&unitCode=639";

    private static List<string[]> Rows(Body body, string caption)
    {
        var p = body.Elements<Paragraph>().First(p => p.InnerText.StartsWith(caption, StringComparison.Ordinal));
        return [.. p.ElementsAfter().OfType<Table>().First().Elements<TableRow>().Select(r => r.Elements<TableCell>().Select(c => c.InnerText).ToArray())];
    }

    private static async Task Table1IsTheStatisticsApisAsync(HttpClient client, string unitCode)
    {
        var stats = await client.GetFromJsonAsync<JsonElement>($"/api/statistics/units/{unitCode}?from=2021&to=2023");
        var years = stats.GetProperty("unit").GetProperty("years").EnumerateArray()
            .ToDictionary(y => y.GetProperty("year").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture),
                y => (ReviewReportDocx.Count(y.GetProperty("households").GetInt64()), ReviewReportDocx.Count(y.GetProperty("poor").GetInt64())));
        years.Count.ShouldBe(3, unitCode);
        using var response = await client.GetAsync(Draft.Replace("unitCode=639", "unitCode=" + unitCode, StringComparison.Ordinal));
        response.StatusCode.ShouldBe(HttpStatusCode.OK, $"{unitCode}: {await response.Content.ReadAsStringAsync()}");
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        using var doc = WordprocessingDocument.Open(stream, false);
        var rows = Rows(doc.MainDocumentPart!.Document!.Body!, "Bảng 1.");
        rows.Skip(1).Select(r => r[0]).ShouldBe(["2021", "2022", "2023"], unitCode);
        foreach (var row in rows.Skip(1)) (row[1], row[2]).ShouldBe(years[row[0]], $"{unitCode} {row[0]}");
    }

    [Fact]
    public async Task DistrictDraft_IsADocxWhoseFiguresAreTheStatisticsApis()
    {
        using var district = await _app.ClientForAsync("huyen-chu-puh");
        using var upload = await UploadAsync(district, "chu-puh.xlsx", NoOneLeftBehind.Infrastructure.Statistics.Import.ReviewFileWriter.Xlsx(Within("639", 2021, 2023)));
        upload.StatusCode.ShouldBe(HttpStatusCode.Accepted, await upload.Content.ReadAsStringAsync());
        await WaitDoneAsync(district, upload.Headers.Location!.ToString());
        var stats = await district.GetFromJsonAsync<JsonElement>("/api/statistics/units/639?from=2021&to=2023");
        var years = stats.GetProperty("unit").GetProperty("years").EnumerateArray()
            .ToDictionary(y => y.GetProperty("year").GetInt32(), y => (Households: y.GetProperty("households").GetInt64(), Poor: y.GetProperty("poor").GetInt64()));
        years.Keys.ShouldBe([2021, 2022, 2023]);

        using var response = await district.GetAsync(Draft);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        (response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName!.Trim('"'))
            .ShouldBe("bao-cao-so-ket-2023-huyen-chu-puh.docx");
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        using var doc = WordprocessingDocument.Open(stream, false);
        var body = doc.MainDocumentPart!.Document!.Body!;
        body.Elements<Table>().First().InnerText.ShouldContain("ỦY BAN NHÂN DÂN HUYỆN CHƯ PƯH");
        var rows = Rows(body, "Bảng 1.");
        rows.Skip(1).Select(r => r[0]).ShouldBe(["2021", "2022", "2023"]);
        foreach (var row in rows.Skip(1))
        {
            var (households, poor) = years[int.Parse(row[0], System.Globalization.CultureInfo.InvariantCulture)];
            (row[1], row[2]).ShouldBe((ReviewReportDocx.Count(households), ReviewReportDocx.Count(poor)));
        }

        // The provincial leader reads the district's draft; a commune's submitter may not.
        using var leader = await _app.ClientForAsync("lanh-dao-gia-lai");
        using var byLeader = await leader.GetAsync(Draft);
        byLeader.StatusCode.ShouldBe(HttpStatusCode.OK);
        // The commune's and the province's drafts too: table 1 is what the statistics API serves for each (the province's
        // consolidates its units: here the district's communes imported above).
        foreach (var unit in new[] { "23971", "64" })
            await Table1IsTheStatisticsApisAsync(leader, unit);
        using var commune = await _app.ClientForAsync("xa-ia-hru");
        using var forbidden = await commune.GetAsync(Draft);
        forbidden.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task BodyDraft_IsTheBodysReport()
    {
        using var so = await _app.ClientForAsync("so-ldtbxh-bac-giang");
        const string path = "/api/reports/draft?planId=bac-giang-so-ket-2023&stageKind=mid-term&stageYear=2023&unitCode=24&bodyId=bac-giang-so-ldtbxh";
        // The demo body is written by the start-up seeder; wait until it is there.
        HttpResponseMessage response = await so.GetAsync(path);
        for (var i = 0; i < 100 && response.StatusCode == HttpStatusCode.BadRequest; i++)
        {
            response.Dispose();
            await Task.Delay(200);
            response = await so.GetAsync(path);
        }
        using (response)
        {
            response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            response.Content.Headers.ContentDisposition!.FileName!.Trim('"').ShouldBe("bao-cao-so-ket-2023-so-lao-dong-thuong-binh-va-xa-hoi-tinh-bac-giang.docx");
            using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
            using var doc = WordprocessingDocument.Open(stream, false);
            var body = doc.MainDocumentPart!.Document!.Body!;
            body.Elements<Table>().First().InnerText.ShouldContain("SỞ LAO ĐỘNG");
            body.Elements<Table>().Last().InnerText.ShouldContain("THỦ TRƯỞNG CƠ QUAN");
            body.Elements<Paragraph>().ShouldNotContain(p => p.InnerText.StartsWith("Bảng 1.", StringComparison.Ordinal), "a body's report has no area figures");
        }
    }

    [Theory]
    [InlineData("planId=khong-co&stageKind=mid-term&stageYear=2023&unitCode=639", "unknown-plan", "khong-co")]
    [InlineData("planId=chu-puh-2021-2025&stageKind=giua-ky&stageYear=2023&unitCode=639", "invalid-stage", "giua-ky")]
    [InlineData("planId=chu-puh-2021-2025&stageKind=mid-term&unitCode=639", "required", "stageYear")]
    [InlineData("planId=chu-puh-2021-2025&stageKind=mid-term&stageYear=2030&unitCode=639", "report-not-available", "2030")]
    [InlineData("planId=chu-puh-2021-2025&stageKind=mid-term&stageYear=2023&unitCode=639&bodyId=bac-giang-so-ldtbxh", "unknown-body", "bac-giang-so-ldtbxh")]
    public async Task BadInput_IsAProblemInBothLanguages(string query, string code, string named)
    {
        using var district = await _app.ClientForAsync("huyen-chu-puh");
        using var response = await district.GetAsync("/api/reports/draft?" + query);
        await response.ShouldBeProblemAsync(code, named);
    }

    [Fact]
    public async Task UnitOutsideTheScopeCheck_IsRefused()
    {
        // No unit: the scope check cannot resolve one (403). The national scope passes it but is no unit of a report (400).
        using var district = await _app.ClientForAsync("huyen-chu-puh");
        using var noUnit = await district.GetAsync("/api/reports/draft?planId=chu-puh-2021-2025&stageKind=mid-term&stageYear=2023");
        noUnit.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using var national = await _app.ClientForAsync("lanh-dao-trung-uong");
        using var vn = await national.GetAsync("/api/reports/draft?planId=chu-puh-2021-2025&stageKind=mid-term&stageYear=2023&unitCode=VN");
        vn.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await vn.Content.ReadFromJsonAsync<JsonElement>();
        var item = problem.GetProperty("problems").EnumerateArray().Single();
        (item.GetProperty("code").GetString(), item.GetProperty("vi").GetString(), item.GetProperty("en").GetString())
            .ShouldBe(("invalid-unit", "Mã đơn vị 'VN' không hợp lệ.", "Unit code 'VN' is not valid."));
    }
}
