using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using NoOneLeftBehind.Functions.Identity;

namespace NoOneLeftBehind.Benchmarks.Identity;

/// <summary>
/// What token validation costs a request once the signing keys are cached: the app's own
/// authentication pipeline (scheme selection, JwtBearer, signature, issuer/tenant, audience,
/// lifetime, alg and type checks, the user-token rule) for one Entra-shaped RS256 access token.
/// Run: <c>dotnet run -c Release --project tests/Benchmarks -- --filter '*TokenValidation*' --job short --inProcess</c>.
/// </summary>
[MemoryDiagnoser]
public class TokenValidationBenchmarks
{
    private const string Tenant = "7f1d3c2a-0b1e-4c55-9a3e-5d1b2c3d4e5f";
    private const string ClientId = "11111111-2222-4333-8444-555555555555";
    private RSA? _rsa;
    private WebApplication? _app;
    private string _authorization = "";
    private byte[] _signedPart = [];
    private byte[] _signature = [];

    [GlobalSetup]
    public void Setup()
    {
        _rsa = RSA.Create(2048);
        var key = new RsaSecurityKey(_rsa) { KeyId = "bench-key" };
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Identity:Instance"] = "https://login.bench/",
            ["Identity:TenantId"] = Tenant,
            ["Identity:ClientId"] = ClientId,
        });
        builder.AddIdentityAndAccess();
        builder.Services.AddHttpClient("identity-metadata").ConfigurePrimaryHttpMessageHandler(() => new Metadata(key));
        _app = builder.Build();

        var now = DateTime.UtcNow;
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = $"https://login.bench/{Tenant}/v2.0",
            Audience = ClientId,
            NotBefore = now.AddMinutes(-1),
            Expires = now.AddHours(2),
            TokenType = "JWT",
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
            Claims = new Dictionary<string, object>
            {
                ["tid"] = Tenant, ["oid"] = Guid.NewGuid().ToString(), ["name"] = "Lê Văn Cường",
                ["roles"] = new[] { "Reviewer" }, ["scp"] = "access_as_user", ["ver"] = "2.0",
            },
        });
        _authorization = "Bearer " + token;
        var lastDot = token.LastIndexOf('.');
        _signedPart = Encoding.ASCII.GetBytes(token[..lastDot]);
        _signature = Base64UrlEncoder.DecodeBytes(token[(lastDot + 1)..]);
        if (!AuthenticateOnce().GetAwaiter().GetResult()) throw new InvalidOperationException("The benchmark token does not validate.");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _app?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _rsa?.Dispose();
    }

    /// <summary>The floor: the RS256 signature check alone, which no validator can skip.</summary>
    [Benchmark(Baseline = true, Description = "RS256 signature check only")]
    public bool VerifySignature() => _rsa!.VerifyData(_signedPart, _signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    [Benchmark(Description = "Authenticate one request (warm keys)")]
    public Task<bool> Authenticate() => AuthenticateOnce();

    private async Task<bool> AuthenticateOnce()
    {
        await using var scope = _app!.Services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Headers.Authorization = _authorization;
        var result = await context.AuthenticateAsync();
        return result.Succeeded;
    }

    private sealed class Metadata(RsaSecurityKey key) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            object body = request.RequestUri!.AbsolutePath.EndsWith("openid-configuration", StringComparison.Ordinal)
                ? new Dictionary<string, object> { ["issuer"] = $"https://login.bench/{Tenant}/v2.0", ["jwks_uri"] = "https://login.bench/keys" }
                : new Dictionary<string, object>
                {
                    ["keys"] = new[]
                    {
                        new Dictionary<string, string>
                        {
                            ["kty"] = "RSA", ["use"] = "sig", ["kid"] = key.KeyId,
                            ["n"] = Base64UrlEncoder.Encode(key.Rsa.ExportParameters(false).Modulus),
                            ["e"] = Base64UrlEncoder.Encode(key.Rsa.ExportParameters(false).Exponent),
                        },
                    },
                };
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
            });
        }
    }
}
