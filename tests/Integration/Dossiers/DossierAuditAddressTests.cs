using System.Net.Http.Json;
using System.Text.Json;
using NoOneLeftBehind.TestSupport;

namespace NoOneLeftBehind.Integration.Tests.Dossiers;

/// <summary>
/// Security issue 13, item 4: the dossier audit records the client address the app can trust, never one the client
/// wrote in X-Forwarded-For. Over real HTTP (Kestrel on 127.0.0.1) against Azurite.
/// </summary>
public sealed class DossierAuditAddressTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Audit_FromAnUntrustedPeer_RecordsThePeer_NotTheForwardedFor()
    {
        await using var app = new DossierTestApp(azurite); // default: no proxy is trusted
        var entry = await CreateAndReadAuditAsync(app, "198.51.100.77");
        entry.GetProperty("clientIp").GetString().ShouldBe("127.0.0.1");
    }

    [Fact]
    public async Task Audit_BehindATrustedProxy_RecordsTheAddressItAppended()
    {
        await using var app = new DossierTestApp(azurite, new Dictionary<string, string>
        {
            ["Network:ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
            ["Network:ForwardedHeaders:ForwardLimit"] = "1",
        });
        // The client wrote 198.51.100.77; the front end appended the real address.
        var entry = await CreateAndReadAuditAsync(app, "198.51.100.77, 203.0.113.9");
        entry.GetProperty("clientIp").GetString().ShouldBe("203.0.113.9");
    }

    private static async Task<JsonElement> CreateAndReadAuditAsync(DossierTestApp app, string forwardedFor)
    {
        using var submitter = await app.ClientForAsync("xa-ia-hru");
        submitter.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        var id = (await Browser.CreateAsync(submitter, Browser.CommuneDossier("23971", "Xã Ia Hrú (địa chỉ)"))).GetProperty("id").GetString()!;
        var audit = await submitter.GetFromJsonAsync<JsonElement>($"/api/dossiers/{id}/audit");
        return audit.EnumerateArray().Single(a => a.GetProperty("action").GetString() == "create");
    }
}
