using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using NoOneLeftBehind.Functions.Hosting;

namespace NoOneLeftBehind.Functions.Tests.Edge;

/// <summary>
/// Issue 16 (A): one problem+json vocabulary across the API (docs/api-errors.md): <c>type</c>, <c>title</c>,
/// <c>status</c>, <c>code</c>, <c>localizedTitle</c>/<c>localizedDetail</c> as <c>{ vi, en }</c>, <c>problems[]</c>
/// and <c>errors</c>, and a <c>traceId</c> — also for the 401, 403, 404 and 405 that used to leave with an empty body.
/// Over real HTTP (Kestrel).
/// </summary>
public sealed class ProblemVocabularyTests : IAsyncLifetime
{
    private KestrelApp _app = null!;

    public Task InitializeAsync()
    {
        _app = new KestrelApp();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Anonymous_OnProtectedRoute_Is401Problem_AndKeepsTheBearerChallenge()
    {
        using var client = _app.Client();
        using var response = await client.GetAsync(new Uri("/api/me", UriKind.Relative));

        var problem = await ShouldBeProblemAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
        response.Headers.WwwAuthenticate.ToString().ShouldContain("Bearer");
        problem.GetProperty("localizedTitle").GetProperty("vi").GetString().ShouldBe("Chưa đăng nhập");
        problem.GetProperty("localizedTitle").GetProperty("en").GetString().ShouldBe("Not signed in");
    }

    [Fact]
    public async Task SignedIn_WithoutTheRole_Is403Problem()
    {
        // A submitter may not administer unit scopes (Admin only).
        using var client = await ClientAsAsync("xa-ia-hru");
        using var response = await client.GetAsync(new Uri("/api/admin/unit-scopes", UriKind.Relative));

        var problem = await ShouldBeProblemAsync(response, HttpStatusCode.Forbidden, "forbidden");
        problem.GetProperty("localizedDetail").GetProperty("en").GetString()!.ShouldContain("role or unit scope");
    }

    [Fact]
    public async Task SignedIn_UnknownRoute_Is404Problem()
    {
        using var client = await ClientAsAsync("quan-tri");
        using var response = await client.GetAsync(new Uri("/api/no-such-route", UriKind.Relative));

        var problem = await ShouldBeProblemAsync(response, HttpStatusCode.NotFound, "not-found");
        problem.GetProperty("localizedDetail").GetProperty("vi").GetString()!.ShouldContain("Không có");
    }

    [Fact]
    public async Task SignedIn_WrongMethod_Is405Problem()
    {
        using var client = await ClientAsAsync("quan-tri");
        using var response = await client.DeleteAsync(new Uri("/api/plans", UriKind.Relative));

        await ShouldBeProblemAsync(response, HttpStatusCode.MethodNotAllowed, "method-not-allowed");
    }

    [Fact]
    public async Task JsonBodyOverItsLimit_Is413Problem_WithTheLimit()
    {
        using var client = _app.Client();
        var json = "{\"planId\":\"" + new string('a', 300 * 1024) + "\"}"; // over Evaluation:MaxRequestBytes (256 KiB)
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri("/api/evaluate", UriKind.Relative), content);

        var problem = await ShouldBeProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "body-too-large");
        problem.GetProperty("limitBytes").GetInt32().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task UnknownPlan_OnPlansRoute_Is404Problem_NamingTheKnownOnes()
    {
        using var client = _app.Client();
        using var response = await client.GetAsync(new Uri("/api/plans/khong-co", UriKind.Relative));

        var problem = await ShouldBeProblemAsync(response, HttpStatusCode.NotFound, "unknown-plan");
        problem.GetProperty("localizedDetail").GetProperty("en").GetString()!.ShouldContain("Known plans:");
        problem.GetProperty("knownPlans").GetArrayLength().ShouldBeGreaterThan(0);
    }

    [Fact]
    public void ForStatus_EveryErrorStatus_HasACodeAndBothLanguages()
    {
        foreach (var status in new[] { 400, 401, 403, 404, 405, 409, 413, 415, 429, 500, 502, 503 })
        {
            var result = ApiProblem.ForStatus(status).ShouldBeAssignableTo<Microsoft.AspNetCore.Http.IValueHttpResult<Microsoft.AspNetCore.Mvc.ProblemDetails>>()!;
            var problem = result.Value!;
            problem.Status.ShouldBe(status);
            problem.Extensions["code"].ShouldBeOfType<string>().ShouldNotBeNullOrWhiteSpace();
            problem.Type.ShouldBe(ApiProblem.TypeBase + problem.Extensions["code"]);
            var title = problem.Extensions["localizedTitle"].ShouldBeOfType<Bilingual>();
            title.Vi.ShouldNotBe(title.En, $"status {status}");
            problem.Title.ShouldBe(title.Vi + " / " + title.En);
        }
    }

    private async Task<HttpClient> ClientAsAsync(string demoUser)
    {
        var token = await _app.DevTokenAsync(demoUser);
        var client = _app.Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>The body is problem+json in the vocabulary: code, type from the code (or kept), both languages, trace id.</summary>
    internal static async Task<JsonElement> ShouldBeProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, body);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", body);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        problem.GetProperty("status").GetInt32().ShouldBe((int)status);
        problem.GetProperty("code").GetString().ShouldBe(code, body);
        problem.GetProperty("type").GetString()!.ShouldStartWith(ApiProblem.TypeBase);
        var vi = problem.GetProperty("localizedTitle").GetProperty("vi").GetString()!;
        var en = problem.GetProperty("localizedTitle").GetProperty("en").GetString()!;
        vi.ShouldNotBeNullOrWhiteSpace();
        en.ShouldNotBeNullOrWhiteSpace();
        problem.GetProperty("title").GetString().ShouldBe(vi + " / " + en);
        if (problem.TryGetProperty("detail", out var detail))
            detail.GetString().ShouldBe(problem.GetProperty("localizedDetail").GetProperty("vi").GetString() + " / " + problem.GetProperty("localizedDetail").GetProperty("en").GetString());
        problem.GetProperty("traceId").GetString().ShouldNotBeNullOrWhiteSpace();
        return problem;
    }
}
