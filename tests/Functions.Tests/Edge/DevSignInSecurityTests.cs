using System.Net;

namespace NoOneLeftBehind.Functions.Tests.Edge;

/// <summary>A Kestrel-hosted app in Development for one test class.</summary>
public sealed class DevelopmentApp : IAsyncDisposable
{
    public KestrelApp App { get; } = new();

    public ValueTask DisposeAsync() => App.DisposeAsync();
}

/// <summary>
/// Security issue 13, item 7: the development sign-in page may not be framed, loads nothing but itself, and signs in
/// only from its own origin (no login CSRF). Over real HTTP (Kestrel).
/// </summary>
public sealed class DevSignInSecurityTests(DevelopmentApp fixture) : IClassFixture<DevelopmentApp>
{
    private KestrelApp App => fixture.App;

    private string OwnOrigin => $"http://127.0.0.1:{App.Port}";

    [Fact]
    public async Task Page_HasStrictCsp_NoFraming_NoSniff_NoReferrerToOtherSites()
    {
        using var client = App.Client();
        using var response = await client.GetAsync(new Uri("/dev/sign-in?return_url=/review/", UriKind.Relative));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        csp.ShouldContain("default-src 'none'");
        csp.ShouldContain("frame-ancestors 'none'");
        csp.ShouldContain("form-action 'self'");
        csp.ShouldContain("base-uri 'none'");
        csp.ShouldNotContain("unsafe-inline");
        csp.ShouldNotContain("script-src"); // no script at all (default-src 'none')
        response.Headers.GetValues("X-Frame-Options").Single().ShouldBe("DENY");
        response.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff");
        response.Headers.GetValues("Referrer-Policy").Single().ShouldBe("same-origin"); // no-referrer makes Chromium post "Origin: null"

        // The page's one style block carries the nonce the policy names.
        var nonce = csp.Split("'nonce-")[1].Split('\'')[0];
        (await response.Content.ReadAsStringAsync()).ShouldContain($"<style nonce=\"{nonce}\">");
    }

    [Theory]
    [InlineData("https://evil.example", null)]
    [InlineData("null", null)] // sandboxed frame or data: page
    [InlineData(null, "cross-site")] // a browser form post from elsewhere without Origin
    [InlineData(null, "same-site")] // a sibling subdomain is still another origin
    [InlineData("https://evil.example", "cross-site")]
    public async Task CrossSitePost_IsRefused_AndIssuesNoToken(string? origin, string? fetchSite)
    {
        using var client = App.Client();
        using var request = SignInPost(origin, fetchSite);
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        response.Headers.Location.ShouldBeNull();
        body.ShouldNotContain("access_token");
        body.ShouldNotContain("eyJ"); // no JWT anywhere
        response.Headers.GetValues("X-Frame-Options").Single().ShouldBe("DENY");
    }

    [Fact]
    public async Task SameOriginPost_StillSignsIn()
    {
        using var client = App.Client();
        using var request = SignInPost(OwnOrigin, "same-origin");
        using var response = await client.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldStartWith("/review/#access_token=");
    }

    private static HttpRequestMessage SignInPost(string? origin, string? fetchSite)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/dev/sign-in", UriKind.Relative))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["user"] = "quan-tri", ["return_url"] = "/review/" }),
        };
        if (origin is not null) request.Headers.TryAddWithoutValidation("Origin", origin);
        if (fetchSite is not null) request.Headers.TryAddWithoutValidation("Sec-Fetch-Site", fetchSite);
        request.Headers.TryAddWithoutValidation("Sec-Fetch-Mode", "navigate");
        return request;
    }
}
