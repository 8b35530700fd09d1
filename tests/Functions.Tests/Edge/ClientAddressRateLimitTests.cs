using System.Net;
using System.Net.Http.Headers;

namespace NoOneLeftBehind.Functions.Tests.Edge;

/// <summary>
/// Security issue 13, item 4: the anonymous rate limit is partitioned on the address the app can trust (X-Forwarded-For
/// only from a configured proxy, and then only the entry that proxy appended) or on the signed-in caller.
/// Over real HTTP: the app on Kestrel, the test client on 127.0.0.1.
/// </summary>
public sealed class ClientAddressRateLimitTests
{
    private static readonly Dictionary<string, string> Limit = new()
    {
        ["Evaluation:RateLimit:PermitLimit"] = "2",
        ["Evaluation:RateLimit:WindowSeconds"] = "3600",
    };

    /// <summary>Azure's shape: the Functions host on loopback is the known proxy, one hop appended by the platform front end.</summary>
    private static readonly Dictionary<string, string> BehindTrustedProxy = new(Limit)
    {
        ["Network:ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
        ["Network:ForwardedHeaders:KnownProxies:1"] = "::1",
        ["Network:ForwardedHeaders:ForwardLimit"] = "1",
    };

    [Fact]
    public async Task RotatingForwardedFor_FromAnUntrustedPeer_DoesNotEscapeTheLimit()
    {
        await using var app = new KestrelApp(Limit); // default: no proxy is trusted
        using var client = app.Client();

        (await GetPlansAsync(client, "203.0.113.1")).ShouldBe(HttpStatusCode.OK);
        (await GetPlansAsync(client, "203.0.113.2")).ShouldBe(HttpStatusCode.OK);
        // A new made-up address per request used to be a new window each time (2,000 of 2,000 got through).
        for (var i = 3; i < 10; i++)
            (await GetPlansAsync(client, $"203.0.113.{i}")).ShouldBe(HttpStatusCode.TooManyRequests);
        (await GetPlansAsync(client, forwardedFor: null)).ShouldBe(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task BehindATrustedProxy_TheAddressItAppended_IsTheClient()
    {
        await using var app = new KestrelApp(BehindTrustedProxy);
        using var client = app.Client();

        // The client wrote the left part; the front end appended 203.0.113.7 (rightmost). Rotating the left part changes nothing.
        (await GetPlansAsync(client, "10.9.9.1, 203.0.113.7")).ShouldBe(HttpStatusCode.OK);
        (await GetPlansAsync(client, "10.9.9.2, 203.0.113.7")).ShouldBe(HttpStatusCode.OK);
        (await GetPlansAsync(client, "10.9.9.3, 203.0.113.7")).ShouldBe(HttpStatusCode.TooManyRequests);
        (await GetPlansAsync(client, "203.0.113.7")).ShouldBe(HttpStatusCode.TooManyRequests);

        // Another real client (another appended address) has its own window, whatever it claims on the left.
        (await GetPlansAsync(client, "203.0.113.7, 198.51.100.20")).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task SpoofingAVictimsAddress_DoesNotLockTheVictimOut()
    {
        await using var app = new KestrelApp(BehindTrustedProxy);
        using var client = app.Client();
        const string victim = "198.51.100.50";
        const string attacker = "203.0.113.66";

        // The attacker names the victim; the front end appends the attacker's real address.
        for (var i = 0; i < 5; i++) await GetPlansAsync(client, $"{victim}, {attacker}");
        (await GetPlansAsync(client, $"{victim}, {attacker}")).ShouldBe(HttpStatusCode.TooManyRequests);

        (await GetPlansAsync(client, victim)).ShouldBe(HttpStatusCode.OK); // the victim, through the front end
    }

    [Fact]
    public async Task SignedInCaller_IsLimitedAsThatUser_NotByAddress()
    {
        await using var app = new KestrelApp(Limit);
        var token = await app.DevTokenAsync("quan-tri");
        using var anonymous = app.Client();
        using var signedIn = app.Client();
        signedIn.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        (await GetPlansAsync(anonymous, null)).ShouldBe(HttpStatusCode.OK);
        (await GetPlansAsync(anonymous, null)).ShouldBe(HttpStatusCode.OK);
        (await GetPlansAsync(anonymous, null)).ShouldBe(HttpStatusCode.TooManyRequests);

        // Same address, own window: the user's.
        (await GetPlansAsync(signedIn, null)).ShouldBe(HttpStatusCode.OK);
        (await GetPlansAsync(signedIn, null)).ShouldBe(HttpStatusCode.OK);
        (await GetPlansAsync(signedIn, null)).ShouldBe(HttpStatusCode.TooManyRequests);
    }

    private static async Task<HttpStatusCode> GetPlansAsync(HttpClient client, string? forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/plans", UriKind.Relative));
        if (forwardedFor is not null) request.Headers.Add("X-Forwarded-For", forwardedFor);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }
}
