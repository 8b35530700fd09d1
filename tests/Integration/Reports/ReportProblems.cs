using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace NoOneLeftBehind.Integration.Tests.Reports;

/// <summary>The report APIs' bad-input answer, as the tests check it.</summary>
internal static class ReportProblems
{
    /// <summary>
    /// Asserts a 400 <c>application/problem+json</c> whose <c>problems[]</c> hold <paramref name="code"/> with Vietnamese and
    /// English words both naming <paramref name="named"/>; returns the problem.
    /// </summary>
    public static async Task<JsonElement> ShouldBeProblemAsync(this HttpResponseMessage response, string code, string named)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var item = problem.GetProperty("problems").EnumerateArray().First(p => p.GetProperty("code").GetString() == code);
        item.GetProperty("vi").GetString()!.ShouldContain(named);
        item.GetProperty("en").GetString()!.ShouldContain(named);
        return problem;
    }
}
