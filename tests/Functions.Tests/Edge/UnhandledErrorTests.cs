using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using NoOneLeftBehind.Domain.Identity;
using NoOneLeftBehind.Functions.Tests.Identity;

namespace NoOneLeftBehind.Functions.Tests.Edge;

/// <summary>
/// Security issue 13, item 7: in Development (how scripts/run.sh starts the app) an unexpected failure answered with the
/// developer exception page — stack trace and the request's headers, the caller's bearer token included. Now every
/// environment answers problem+json with a trace id, and the exception is in the log only. Over real HTTP (Kestrel).
/// The fault: the unit-scope store failing while a signed-in request is authorized (storage down), injected by the test
/// host, not by production code.
/// </summary>
public sealed class UnhandledErrorTests
{
    private const string Secret = "scope-store-exploded-7f3a";

    [Theory]
    [InlineData("application/json")]
    [InlineData("text/html")] // what a browser asks for
    public async Task Unhandled_InDevelopment_IsProblemWithTraceId_WithoutStackTraceOrToken_AndIsLogged(string accept)
    {
        var scopes = new FailingScopeStore();
        await using var app = new KestrelApp(scopes: scopes);
        var token = await app.DevTokenAsync("quan-tri");
        scopes.Fail = true;
        using var client = app.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/me", UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.ParseAdd(accept);

        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.InternalServerError, body);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        body.ShouldNotContain(token);
        body.ShouldNotContain(token[..20]); // not even a part of it
        body.ShouldNotContain("Bearer", Case.Insensitive);
        body.ShouldNotContain("Authorization", Case.Insensitive);
        body.ShouldNotContain(Secret);
        body.ShouldNotContain("InvalidOperationException");
        body.ShouldNotContain(" at ");
        using var problem = JsonDocument.Parse(body);
        problem.RootElement.GetProperty("status").GetInt32().ShouldBe(500);
        var title = problem.RootElement.GetProperty("title").GetString()!;
        title.ShouldContain("Lỗi máy chủ");
        title.ShouldContain("Internal server error");
        var traceId = problem.RootElement.GetProperty("traceId").GetString()!;
        traceId.ShouldNotBeNullOrWhiteSpace();
        problem.RootElement.GetProperty("code").GetString().ShouldBe("internal-error"); // the API's vocabulary (docs/api-errors.md)
        problem.RootElement.GetProperty("localizedTitle").GetProperty("en").GetString().ShouldBe("Internal server error");

        // The log has the exception, its stack trace and the trace id the caller was given; never the token.
        var log = app.Log.Text;
        var line = log.Split("\nError ").FirstOrDefault(l => l.Contains(traceId, StringComparison.Ordinal));
        line.ShouldNotBeNull($"no log line with the trace id {traceId}");
        line.ShouldContain(Secret);
        line.ShouldContain("FailingScopeStore");
        log.ShouldNotContain(token);
    }

    [Fact]
    public async Task MalformedRequest_InDevelopment_Keeps400_AsProblemWithoutStackTrace()
    {
        await using var app = new KestrelApp();
        using var client = app.Client();
        using var content = new StringContent("{ not json", System.Text.Encoding.UTF8, "application/json");

        using var response = await client.PostAsync(new Uri("/dev/token", UriKind.Relative), content);
        var body = await response.Content.ReadAsStringAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, body);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        body.ShouldNotContain(" at ");
        body.ShouldNotContain("Exception");
        using var problem = JsonDocument.Parse(body);
        problem.RootElement.GetProperty("traceId").GetString().ShouldNotBeNullOrWhiteSpace();
    }

    /// <summary>The in-memory store, failing on reads once <see cref="Fail"/> is set (after the demo scopes are seeded).</summary>
    private sealed class FailingScopeStore : IUnitScopeStore
    {
        private readonly InMemoryUnitScopeStore _inner = new();

        public bool Fail { get; set; }

        public Task<UnitScopeAssignment?> FindAsync(UserKey user, CancellationToken cancellationToken = default) =>
            Fail ? throw new InvalidOperationException(Secret) : _inner.FindAsync(user, cancellationToken);

        public Task<UnitScopeAssignment?> AssignAsync(UnitScopeAssignment assignment, CancellationToken cancellationToken = default) =>
            _inner.AssignAsync(assignment, cancellationToken);

        public Task<UnitScopeAssignment?> RevokeAsync(UserKey user, string actor, DateTimeOffset at, CancellationToken cancellationToken = default) =>
            _inner.RevokeAsync(user, actor, at, cancellationToken);

        public Task<IReadOnlyList<UnitScopeAssignment>> ListAsync(CancellationToken cancellationToken = default) =>
            _inner.ListAsync(cancellationToken);

        public Task<IReadOnlyList<UnitScopeAuditEntry>> GetAuditAsync(UserKey user, CancellationToken cancellationToken = default) =>
            _inner.GetAuditAsync(user, cancellationToken);
    }
}
