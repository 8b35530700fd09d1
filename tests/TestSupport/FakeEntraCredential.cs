using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure.Core;

namespace NoOneLeftBehind.TestSupport;

/// <summary>
/// Mints unsigned JWTs shaped like Entra access tokens for Azure Storage (issuer sts.windows.net/{tenant},
/// audience https://storage.azure.com). Only emulators that skip signature checks (Azurite --oauth basic) accept them.
/// </summary>
public sealed class FakeEntraCredential(Guid tenantId, Guid objectId, TimeProvider? time = null) : TokenCredential
{
    public Guid TenantId { get; } = tenantId;

    public Guid ObjectId { get; } = objectId;

    public List<string> RequestedScopes { get; } = [];

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        lock (RequestedScopes)
        {
            RequestedScopes.AddRange(requestContext.Scopes);
        }
        var now = (time ?? TimeProvider.System).GetUtcNow();
        var expires = now.AddHours(1);
        var claims = new Dictionary<string, object>
        {
            ["aud"] = "https://storage.azure.com",
            ["iss"] = string.Create(CultureInfo.InvariantCulture, $"https://sts.windows.net/{TenantId}/"),
            ["iat"] = now.AddMinutes(-5).ToUnixTimeSeconds(),
            ["nbf"] = now.AddMinutes(-5).ToUnixTimeSeconds(),
            ["exp"] = expires.ToUnixTimeSeconds(),
            ["oid"] = ObjectId.ToString(),
            ["tid"] = TenantId.ToString(),
            ["appid"] = Guid.Empty.ToString(),
        };
        var token = Encode(new Dictionary<string, object> { ["alg"] = "none", ["typ"] = "JWT" }) + "." + Encode(claims) + ".";
        return new AccessToken(token, expires);
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));

    private static string Encode(Dictionary<string, object> value) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(value))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
