using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NoOneLeftBehind.Functions.Dossiers;
using NoOneLeftBehind.Infrastructure.Dossiers;
using NoOneLeftBehind.TestSupport;

namespace NoOneLeftBehind.Integration.Tests.Dossiers;

/// <summary>The Development demo dossiers: seeded on the first start, and a second start adds or changes nothing.</summary>
public sealed class DossierDemoSeedTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string DemoMarker = "-5eed0000";
    private static readonly Dictionary<string, string> Seeding = new() { ["Dossiers:SeedDemoData"] = "true" };

    [Fact]
    public async Task DemoSeeding_TwoStarts_SameFourDossiersInTheirStates_NothingDuplicated()
    {
        Dictionary<string, string> etags;
        int blobCount;
        await using (var first = new DossierTestApp(azurite, Seeding))
        {
            await SeederFinishedAsync(first);
            using var reviewer = await first.ClientForAsync("tham-dinh-gia-lai");
            var submittedId = (await DemoAsync(reviewer)).Single(d => d.GetProperty("nomineeName").GetString() == "Xã Ia Le").GetProperty("id").GetString()!;
            await Browser.WaitForStatusAsync(reviewer, submittedId, "evaluated", TimeSpan.FromSeconds(60));

            // The reviewer's list holds what was submitted; the commune's draft is listed to the commune (issue 17, item 8).
            using var commune = await first.ClientForAsync("xa-ia-hru");
            (await DemoAsync(reviewer)).Select(d => d.GetProperty("status").GetString()).ShouldBe(["evaluated", "returned", "approved"], ignoreOrder: true);
            (await DemoAsync(commune)).Single().GetProperty("status").GetString().ShouldBe("draft"); // its own only
            List<JsonElement> demo = [.. await DemoAsync(reviewer), .. await DemoAsync(commune)];
            demo.Select(d => d.GetProperty("status").GetString()).ShouldBe(["draft", "evaluated", "returned", "approved"], ignoreOrder: true);
            etags = demo.ToDictionary(d => d.GetProperty("id").GetString()!, d => d.GetProperty("etag").GetString()!);
            etags.Count.ShouldBe(4);
            blobCount = await DemoBlobsAsync(first);
            blobCount.ShouldBe(10); // 1 + 3 + 3 + 3 small PDFs
        }

        await using var second = new DossierTestApp(azurite, Seeding);
        await SeederFinishedAsync(second);
        using var reviewer2 = await second.ClientForAsync("tham-dinh-gia-lai");
        using var commune2 = await second.ClientForAsync("xa-ia-hru");
        List<JsonElement> again = [.. await DemoAsync(reviewer2), .. await DemoAsync(commune2)];
        again.ToDictionary(d => d.GetProperty("id").GetString()!, d => d.GetProperty("etag").GetString()!).ShouldBe(etags);
        (await DemoBlobsAsync(second)).ShouldBe(blobCount);
        var results = second.Services.GetRequiredService<EvaluationResultStore>();
        foreach (var id in etags.Keys)
        {
            var audit = await reviewer2.GetFromJsonAsync<JsonElement>($"/api/dossiers/{id}/audit");
            audit.EnumerateArray().Count(a => a.GetProperty("action").GetString() == "create").ShouldBe(1);
            (await results.ListAsync(id)).Count.ShouldBeLessThanOrEqualTo(1);
        }
        var counts = await reviewer2.GetFromJsonAsync<JsonElement>("/api/dossier-counts?planId=chu-puh-2021-2025&stageKind=mid-term&stageYear=2023");
        counts.GetProperty("total").GetInt32().ShouldBe(4);
    }

    // The demo dossiers the caller can list (the seeder's fixed ids), with the nominee's name at the top level.
    private static async Task<List<JsonElement>> DemoAsync(HttpClient client)
    {
        var list = await client.GetFromJsonAsync<JsonElement>("/api/dossiers?planId=chu-puh-2021-2025");
        return [.. list.EnumerateArray()
            .Where(d => d.GetProperty("id").GetString()!.Contains(DemoMarker, StringComparison.Ordinal))
            .Select(d => JsonSerializer.SerializeToElement(new
            {
                id = d.GetProperty("id").GetString(),
                etag = d.GetProperty("etag").GetString(),
                status = d.GetProperty("status").GetString(),
                nomineeName = d.GetProperty("nominee").GetProperty("name").GetString(),
            }))];
    }

    private static async Task<int> DemoBlobsAsync(DossierTestApp app)
    {
        var n = 0;
        await foreach (var blob in app.Files().GetBlobsAsync())
            if (blob.Name.Contains(DemoMarker, StringComparison.Ordinal)) n++;
        return n;
    }

    private static async Task SeederFinishedAsync(DossierTestApp app)
    {
        var seeder = app.Services.GetServices<IHostedService>().OfType<DemoDossierSeeder>().Single();
        await seeder.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(60));
    }
}
