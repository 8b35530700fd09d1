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
using NoOneLeftBehind.Domain.Identity;
using NoOneLeftBehind.Functions.Identity;

namespace NoOneLeftBehind.Benchmarks.Identity;

/// <summary>
/// What token validation costs a request once the signing keys are cached: the app's own
/// authentication pipeline (scheme selection, JwtBearer, signature, issuer/tenant, audience,
/// lifetime, alg and type checks, the user-token rule) for one Entra-shaped RS256 access token,
/// and the whole identity middleware of a request (that, plus the caller's unit scope from the
/// per-instance cache, plus the fallback authorization policy). Every request validates the
/// token in full: nothing caches validated tokens. Next to them, the floors: the bare RS256 check,
/// the token parse, and the library's <see cref="JsonWebTokenHandler"/> with a fixed key.
/// Run: <c>dotnet run -c Release --project tests/Benchmarks -- --filter '*TokenValidation*' --inProcess</c>.
/// </summary>
[MemoryDiagnoser]
public class TokenValidationBenchmarks
{
    private const string Tenant = "7f1d3c2a-0b1e-4c55-9a3e-5d1b2c3d4e5f";
    private const string ClientId = "11111111-2222-4333-8444-555555555555";
    private RSA? _rsa;
    private WebApplication? _app;
    private RequestDelegate _pipeline = _ => Task.CompletedTask;
    private readonly OneScope _scopes = new();
    private string _authorization = "";
    private byte[] _signedPart = [];
    private byte[] _signature = [];
    private string _token = "";
    private readonly JsonWebTokenHandler _handler = new();
    private TokenValidationParameters _parameters = new();

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
        // Registered before AddIdentityAndAccess, which only adds a Table-backed store if none is there.
        builder.Services.AddSingleton<IUnitScopeStore>(_scopes);
        builder.AddIdentityAndAccess();
        builder.Services.AddHttpClient("identity-metadata").ConfigurePrimaryHttpMessageHandler(() => new Metadata(key));
        _app = builder.Build();
        _app.UseIdentityAndAccess();
        _app.Run(context =>
        {
            context.Response.StatusCode = context.User.Identity?.IsAuthenticated == true ? 204 : 500;
            return Task.CompletedTask;
        });
        _pipeline = ((IApplicationBuilder)_app).Build();

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
        _token = token;
        _parameters = new TokenValidationParameters
        {
            ValidIssuer = $"https://login.bench/{Tenant}/v2.0",
            ValidAudience = ClientId,
            IssuerSigningKey = key,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            ValidTypes = ["JWT"],
            TryAllIssuerSigningKeys = false,
        };
        var lastDot = token.LastIndexOf('.');
        _signedPart = Encoding.ASCII.GetBytes(token[..lastDot]);
        _signature = Base64UrlEncoder.DecodeBytes(token[(lastDot + 1)..]);
        if (!AuthenticateOnce().GetAwaiter().GetResult()) throw new InvalidOperationException("The benchmark token does not validate.");
        if (WholeRequestOnce(_authorization).GetAwaiter().GetResult() != 204 || _scopes.Reads != 1) throw new InvalidOperationException("The pipeline did not let the token through, or did not read its unit scope.");
        if (WholeRequestOnce("Bearer " + token[..^4] + "AAAA").GetAwaiter().GetResult() != 401) throw new InvalidOperationException("The pipeline let a tampered token through.");
        if (!HandlerOnly().GetAwaiter().GetResult()) throw new InvalidOperationException("The library floor does not validate the token.");
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

    [Benchmark(Description = "JsonWebTokenHandler.ValidateTokenAsync alone")]
    public async Task<bool> HandlerOnly() => (await _handler.ValidateTokenAsync(_token, _parameters)).IsValid;

    [Benchmark(Description = "Parse token only")]
    public string ParseOnly() => new JsonWebToken(_token).Issuer;

    [Benchmark(Description = "Whole identity middleware (authenticate, unit scope, authorize)")]
    public Task<int> WholeRequest() => WholeRequestOnce(_authorization);

    private async Task<int> WholeRequestOnce(string authorization)
    {
        await using var scope = _app!.Services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Headers.Authorization = authorization;
        await _pipeline(context);
        return context.Response.StatusCode;
    }

    private async Task<bool> AuthenticateOnce()
    {
        await using var scope = _app!.Services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Headers.Authorization = _authorization;
        var result = await context.AuthenticateAsync();
        return result.Succeeded;
    }

    /// <summary>Every user has the same scope; the app reads it through its cache, as in production.</summary>
    private sealed class OneScope : IUnitScopeStore
    {
        public int Reads { get; private set; }

        public Task<UnitScopeAssignment?> FindAsync(UserKey user, CancellationToken cancellationToken = default)
        {
            Reads++;
            return Task.FromResult<UnitScopeAssignment?>(new UnitScopeAssignment(user, "52", "Bình Định", "bench", DateTimeOffset.UnixEpoch));
        }

        public Task<UnitScopeAssignment?> AssignAsync(UnitScopeAssignment assignment, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<UnitScopeAssignment?> RevokeAsync(UserKey user, string actor, DateTimeOffset at, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<IReadOnlyList<UnitScopeAssignment>> ListAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<IReadOnlyList<UnitScopeAuditEntry>> GetAuditAsync(UserKey user, CancellationToken cancellationToken = default) => throw new NotSupportedException();
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
