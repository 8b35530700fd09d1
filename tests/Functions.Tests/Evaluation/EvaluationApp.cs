using NoOneLeftBehind.InProcessHost;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace NoOneLeftBehind.Functions.Tests.Evaluation;

/// <summary>The real app on a TestServer, with the trigger runner off and a rate limit tests do not reach.</summary>
public sealed class EvaluationAppFactory : WebApplicationFactory<InProcessApp>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Evaluation:RateLimit:PermitLimit", "100000");
    }
}

internal static class EvaluationHttp
{
    public static async Task<(HttpResponseMessage Response, JsonObject Body)> PostAsync(HttpClient client, string json)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        var response = await client.PostAsync(new Uri("/api/evaluate", UriKind.Relative), content);
        var text = await response.Content.ReadAsStringAsync();
        return (response, JsonNode.Parse(text)!.AsObject());
    }

    public static Task<(HttpResponseMessage Response, JsonObject Body)> PostAsync(HttpClient client, object body) =>
        PostAsync(client, JsonSerializer.Serialize(body));

    public static async Task<(HttpResponseMessage Response, JsonObject Body)> GetAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        return (response, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    /// <summary>The field names of a problem's <c>errors</c>.</summary>
    public static IReadOnlyList<string> ErrorFields(JsonObject problem) =>
        problem["errors"]?.AsObject().Select(p => p.Key).ToList() ?? [];

    public static void ShouldBeProblem(this HttpResponseMessage response, int status)
    {
        ((int)response.StatusCode).ShouldBe(status);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }
}
