using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NoOneLeftBehind.TestSupport;

namespace NoOneLeftBehind.Integration.Tests.Dossiers;

/// <summary>Issue 17, item 8: <c>GET /api/units</c>, the form's unit picker, over real HTTP — names found without diacritics.</summary>
public sealed class UnitPickerTests(AzuriteFixture azurite) : DossierAppTests(azurite)
{
    [Fact]
    public async Task Units_FoundWithoutDiacritics_OwnNameFirst_InTheYearsBoundaries_WithinASubtree()
    {
        using var commune = await _app.ClientForAsync("xa-ia-hru");
        var found = (await commune.GetFromJsonAsync<JsonElement>("/api/units?q=ia%20hru&year=2023")).EnumerateArray().ToList();
        found.Take(3).ShouldAllBe(u => u.GetProperty("name").GetString()!.StartsWith("Xã Ia Hr"), "own-name matches first (Ia Hrú, Ia Hrung)");
        // Two communes are named Ia Hrú; the path tells them apart.
        var ours = found.Single(u => u.GetProperty("code").GetString() == "23971");
        ours.GetProperty("name").GetString().ShouldBe("Xã Ia Hrú");
        ours.GetProperty("path").GetString()!.ShouldContain("Huyện Chư Pưh");

        var inChuPuh = (await commune.GetFromJsonAsync<JsonElement>("/api/units?q=xa&year=2023&within=639")).EnumerateArray().ToList();
        inChuPuh.Count.ShouldBeGreaterThan(3);
        inChuPuh.ShouldAllBe(u => u.GetProperty("path").GetString()!.Contains("Huyện Chư Pưh"));
        (await commune.GetFromJsonAsync<JsonElement>("/api/units?q=&year=2023")).GetArrayLength().ShouldBe(0, "nothing asked, nothing listed");

        using var anonymous = new HttpClient { BaseAddress = _app.BaseAddress };
        (await anonymous.GetAsync("/api/units?q=ia%20hru")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
