using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using NoOneLeftBehind.Functions.Hosting;
using NoOneLeftBehind.Domain.Identity;
using NoOneLeftBehind.Domain.Units;
using NoOneLeftBehind.Functions.Identity;
using NoOneLeftBehind.Functions.Web;

namespace NoOneLeftBehind.Functions.Embedding;

/// <summary>
/// Dashboards embedded in other portals, like Power BI "app owns data" (ADR 0005): a signed-in user
/// whose role may embed mints a short-lived token bound to one dashboard, one unit scope and one host
/// origin (<c>POST /api/embed-tokens</c>); <c>/dashboards/embed.html</c> sends it as
/// <c>Authorization: Embed &lt;token&gt;</c>. Such a request is accepted only by the read endpoints that
/// dashboard needs (<see cref="EmbeddableDashboards"/>), and acts as a read-only caller whose unit scope
/// is the token's: the endpoints' own scope checks and filters then apply exactly as for a leader of
/// that unit, so another unit's figures are refused (403) or left out whatever the parameters say.
/// </summary>
public static partial class EmbeddingEndpoints
{
    /// <summary>The authorization scheme word of embed tokens.</summary>
    public const string Scheme = "Embed";

    /// <summary>Registers the options and the token service; a malformed key or origin stops the start.</summary>
    public static IHostApplicationBuilder AddEmbedding(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var section = builder.Configuration.GetSection(EmbeddingOptions.SectionName);
        builder.Services.AddOptions<EmbeddingOptions>().Bind(section);
        var options = new EmbeddingOptions();
        section.Bind(options);
        _ = FrontEndSecurityHeaders.ParseOrigins(options.AllowedOrigins);
        _ = EmbedTokenService.KeyFrom(options, DevelopmentOnly.IsAllowed(builder.Environment));
        _ = EmbedTokenService.RolesFrom(options);
        builder.Services.AddSingleton<EmbedTokenService>();
        return builder;
    }

    /// <summary>
    /// Authenticates <c>Authorization: Embed …</c> requests. Must run before <c>UseIdentityAndAccess</c>:
    /// the bearer schemes ignore this header, so the principal and unit scope set here are the ones the
    /// endpoints' policies see.
    /// </summary>
    public static IApplicationBuilder UseEmbedTokens(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use(AuthenticateEmbedAsync);
        return app;
    }

    /// <summary>Maps <c>POST /api/embed-tokens</c> and <c>GET /api/embed/session</c>.</summary>
    public static IEndpointRouteBuilder MapEmbedding(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var roles = EmbedTokenService.RolesFrom(app.ServiceProvider.GetRequiredService<IOptions<EmbeddingOptions>>().Value);
        app.MapPost("/api/embed-tokens", Mint)
            .RequireRoles([.. roles])
            .RequireUnitScope(UnitAccess.Read, UnitFrom.Body<EmbedTokenRequest>(b => b.UnitCode))
            .WithName(MintEndpoint);
        // What the minting form offers (dashboards/embed-admin.html): the embeddable dashboards, the allowed portals, the lifetimes.
        app.MapGet("/api/embed-tokens/options", Options).RequireRoles([.. roles]).WithName("embedding:options");
        app.MapGet("/api/embed/session", Session).RequireSignedIn().WithName(SessionEndpoint);
        return app;
    }

    internal const string MintEndpoint = "embedding:mint";
    internal const string SessionEndpoint = "embedding:session";

    private static async Task AuthenticateEmbedAsync(HttpContext context, RequestDelegate next)
    {
        var header = context.Request.Headers.Authorization;
        if (header.Count != 1 || header[0] is not { } value || !value.StartsWith(Scheme + " ", StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }
        var service = context.RequestServices.GetRequiredService<EmbedTokenService>();
        var logger = context.RequestServices.GetRequiredService<ILogger<EmbedTokenService>>();
        var error = service.Validate(value[(Scheme.Length + 1)..].Trim(), out var grant);
        if (error != EmbedTokenError.None || grant is null)
        {
            LogRefused(logger, error, context.Request.Path.Value ?? "");
            await EmbedProblems.Unauthorized(error == EmbedTokenError.Expired).ExecuteAsync(context);
            return;
        }
        var endpoint = context.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName;
        if (!EmbeddableDashboards.Allows(grant.DashboardId, endpoint))
        {
            LogNotAllowed(logger, grant.Id, grant.DashboardId, context.Request.Path.Value ?? "");
            await EmbedProblems.NotAllowed(grant.DashboardId).ExecuteAsync(context);
            return;
        }
        context.User = Principal(grant);
        context.Features.Set(new UnitScopeFeature(new UnitScopeAssignment(
            new UserKey(EmbedTenant, grant.Id), grant.UnitCode, $"embed:{grant.DashboardId}", grant.IssuedBy, grant.IssuedAt)));
        context.Features.Set(new EmbedGrantFeature(grant));
        await next(context);
    }

    // POST /api/embed-tokens { dashboardId, unitCode, hostOrigin, lifetimeSeconds? }
    private static IResult Mint(JsonBody<EmbedTokenRequest> request, ICurrentUser user, EmbedTokenService service, ILogger<EmbedTokenService> logger)
    {
        var body = request.Value; // the same instance the unit-scope check read
        var errors = new List<ProblemItem>();
        if (body.DashboardId is not { } dashboard || !EmbeddableDashboards.Known(dashboard))
            errors.Add(new("unknown-dashboard", $"Bảng điều khiển '{body.DashboardId}' không nhúng được; dùng một trong: {string.Join(", ", EmbeddableDashboards.Ids)}.",
                $"Dashboard '{body.DashboardId}' cannot be embedded; use one of: {string.Join(", ", EmbeddableDashboards.Ids)}.") { Field = "dashboardId" });
        if (body.UnitCode is { } unit && unit != ScopeUnitCodes.National
            && (!UnitCode.TryParse(unit, out var code) || UnitRegistry.Embedded.VersionsOf(code).Count == 0))
            errors.Add(new("unknown-unit", $"Không có đơn vị hành chính mã '{unit}'.", $"There is no administrative unit with the code '{unit}'.") { Field = "unitCode" });
        var origin = service.AllowedOrigin(body.HostOrigin);
        if (origin is null)
            errors.Add(new("origin-not-allowed", $"Cổng '{body.HostOrigin}' không có trong danh sách được nhúng (Embedding:AllowedOrigins).",
                $"Portal '{body.HostOrigin}' is not among the origins allowed to embed (Embedding:AllowedOrigins).") { Field = "hostOrigin" });
        var (min, max) = service.LifetimeRange;
        if (body.LifetimeSeconds is { } seconds && (seconds < min || seconds > max))
            errors.Add(new("out-of-range", $"Thời hạn phải từ {min} đến {max} giây.", $"lifetimeSeconds must be {min} to {max}.") { Field = "lifetimeSeconds" });
        if (errors.Count > 0)
            return ApiProblem.Invalid("invalid-embed-token-request", ApiProblem.InvalidRequestTitle, errors);
        if (!service.CanMint) return EmbedProblems.NotConfigured();

        var grant = service.Mint(body.DashboardId!, body.UnitCode!, origin!, user.Key!.Value.Value, body.LifetimeSeconds);
        LogMinted(logger, grant.Id, grant.IssuedBy, grant.DashboardId, grant.UnitCode, grant.HostOrigin, grant.ExpiresAt);
        var token = service.Encode(grant);
        return Results.Ok(new EmbedTokenResponse(
            token, grant.DashboardId, grant.UnitCode, UnitName(grant.UnitCode), grant.HostOrigin, grant.ExpiresAt,
            (int)(grant.ExpiresAt - grant.IssuedAt).TotalSeconds, "/dashboards/embed.html?token=" + Uri.EscapeDataString(token)));
    }

    // GET /api/embed-tokens/options
    private static IResult Options(ICurrentUser user, EmbedTokenService service)
    {
        var (min, max) = service.LifetimeRange;
        var scope = user.ReadFilter.UnitCode;
        return Results.Ok(new EmbedOptionsResponse([.. EmbeddableDashboards.Ids], [.. service.AllowedOrigins], min, max, service.CanMint,
            scope, scope is null ? null : UnitName(scope)));
    }

    // GET /api/embed/session (with an embed token): what the token grants, for embed.html.
    private static IResult Session(HttpContext http, EmbedTokenService service)
    {
        if (http.Features.Get<EmbedGrantFeature>() is not { Grant: var grant })
            return ApiProblem.Create(StatusCodes.Status404NotFound, "not-an-embed-session", new("Không phải phiên nhúng", "Not an embed session"),
                new("Chỉ gọi được bằng mã nhúng (Authorization: Embed …).", "Only an embed token (Authorization: Embed …) has a session."));
        // Rounded up: the page's expiry timer (started when this answer arrives) must never fire before the
        // server stops accepting the token, or the page would say "expired" while its token still works.
        var left = Math.Max(0, (int)Math.Ceiling((grant.ExpiresAt - service.Now).TotalSeconds));
        return Results.Ok(new EmbedSessionResponse(grant.DashboardId, grant.UnitCode, UnitName(grant.UnitCode), grant.HostOrigin, grant.ExpiresAt, left));
    }

    private static ClaimsPrincipal Principal(EmbedGrant grant) => new(new ClaimsIdentity(
        [
            new Claim("tid", EmbedTenant.ToString("D")),
            new Claim("oid", grant.Id.ToString("D")),
            new Claim("roles", AppRole.Leader.ClaimValue()),
            new Claim("name", "embed:" + grant.DashboardId),
            new Claim(DashboardClaim, grant.DashboardId),
        ],
        authenticationType: Scheme, nameType: "name", roleType: "roles"));

    internal static string UnitName(string code)
    {
        if (code == ScopeUnitCodes.National) return "Toàn quốc";
        var versions = UnitCode.TryParse(code, out var c) ? UnitRegistry.Embedded.VersionsOf(c) : [];
        return versions.Count > 0 ? versions[^1].FullName : code;
    }

    /// <summary>The claim naming the dashboard of an embed principal.</summary>
    public const string DashboardClaim = "embed_dashboard";

    /// <summary>
    /// The tenant id given to embed callers (no Entra tenant has it): their object id is the token's id,
    /// so nothing keyed by a real user (scopes, audit) ever matches an embed caller.
    /// </summary>
    public static readonly Guid EmbedTenant = new("e3bed000-0000-4000-8000-0000000e3bed");

    [LoggerMessage(EventId = 7101, Level = LogLevel.Information, Message = "Embed token {TokenId} minted by {IssuedBy}: dashboard {Dashboard}, unit {Unit}, host {Origin}, expires {ExpiresAt}")]
    private static partial void LogMinted(ILogger logger, Guid tokenId, string issuedBy, string dashboard, string unit, string origin, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Information, Message = "Embed token refused ({Reason}) on {Path}")]
    private static partial void LogRefused(ILogger logger, EmbedTokenError reason, string path);

    [LoggerMessage(EventId = 7103, Level = LogLevel.Warning, Message = "Embed token {TokenId} (dashboard {Dashboard}) used on {Path}, which it may not call")]
    private static partial void LogNotAllowed(ILogger logger, Guid tokenId, string dashboard, string path);
}

/// <summary>The grant of the request's embed token.</summary>
internal sealed record EmbedGrantFeature(EmbedGrant Grant);

/// <summary>Body of <c>POST /api/embed-tokens</c>.</summary>
/// <param name="DashboardId">The dashboard to embed.</param>
/// <param name="UnitCode">The unit scope of the token (within the caller's own).</param>
/// <param name="HostOrigin">The portal that will frame it.</param>
/// <param name="LifetimeSeconds">Shorter than the default, if wanted.</param>
public sealed record EmbedTokenRequest(string? DashboardId, string? UnitCode, string? HostOrigin, int? LifetimeSeconds);

internal sealed record EmbedTokenResponse(string Token, string DashboardId, string UnitCode, string UnitName, string HostOrigin,
    DateTimeOffset ExpiresAt, int ExpiresInSeconds, string EmbedUrl);

internal sealed record EmbedOptionsResponse(IReadOnlyList<string> Dashboards, IReadOnlyList<string> AllowedOrigins, int MinLifetimeSeconds,
    int DefaultLifetimeSeconds, bool CanMint, string? ScopeUnitCode, string? ScopeUnitName);

internal sealed record EmbedSessionResponse(string DashboardId, string UnitCode, string UnitName, string HostOrigin, DateTimeOffset ExpiresAt, int ExpiresInSeconds);

/// <summary>
/// Which endpoints each embeddable dashboard may call with its token (by endpoint name). Code, not
/// configuration: widening what a token reaches is a security decision that goes through review.
/// </summary>
public static class EmbeddableDashboards
{
    private static readonly Dictionary<string, string[]> Endpoints = new(StringComparer.Ordinal)
    {
        ["poverty"] = ["statistics:unit", "statistics:ranking", "statistics:targets", "statistics:national"],
        ["nominations"] = ["dossiers:counts", "dossiers:quota-use"],
    };

    /// <summary>The dashboards that can be embedded.</summary>
    public static IReadOnlyCollection<string> Ids => Endpoints.Keys;

    /// <summary>True for an embeddable dashboard id.</summary>
    public static bool Known(string dashboardId) => Endpoints.ContainsKey(dashboardId);

    /// <summary>May a token for <paramref name="dashboardId"/> call the endpoint named <paramref name="endpointName"/>?</summary>
    public static bool Allows(string dashboardId, string? endpointName) =>
        endpointName is not null
        && (endpointName == EmbeddingEndpoints.SessionEndpoint
            || (Endpoints.TryGetValue(dashboardId, out var names) && Array.IndexOf(names, endpointName) >= 0));
}

/// <summary>Signs and checks embed tokens with the configured (or, in Development, a per-process random) key.</summary>
public sealed class EmbedTokenService
{
    private readonly EmbedTokenCodec? codec;
    private readonly TimeProvider time;
    private readonly HashSet<string> origins;
    private readonly int lifetime;
    private readonly int minLifetime;

    /// <summary>Creates the service from the options.</summary>
    public EmbedTokenService(IOptions<EmbeddingOptions> options, IHostEnvironment environment, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        var o = options.Value;
        var key = KeyFrom(o, DevelopmentOnly.IsAllowed(environment));
        codec = key is null ? null : new EmbedTokenCodec(key);
        this.time = time;
        origins = new HashSet<string>(FrontEndSecurityHeaders.ParseOrigins(o.AllowedOrigins), StringComparer.OrdinalIgnoreCase);
        lifetime = Math.Clamp(o.TokenLifetimeSeconds, 1, 24 * 3600);
        minLifetime = Math.Clamp(o.MinTokenLifetimeSeconds, 1, lifetime);
    }

    /// <summary>The clock tokens are checked against.</summary>
    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>False when no signing key is configured outside Development.</summary>
    public bool CanMint => codec is not null;

    /// <summary>The lifetimes a caller may ask for.</summary>
    public (int Min, int Max) LifetimeRange => (minLifetime, lifetime);

    /// <summary>The portals allowed to frame the embed page (Embedding:AllowedOrigins), normalised, in order.</summary>
    public IReadOnlyList<string> AllowedOrigins => [.. origins.Order(StringComparer.Ordinal)];

    /// <summary>The allowed origin equal to <paramref name="origin"/> (normalised), or null.</summary>
    public string? AllowedOrigin(string? origin)
    {
        if (string.IsNullOrWhiteSpace(origin) || !Uri.TryCreate(origin.Trim(), UriKind.Absolute, out var uri)) return null;
        var normal = uri.GetLeftPart(UriPartial.Authority);
        return uri.AbsolutePath == "/" && uri.Query.Length == 0 && origins.Contains(normal) ? normal : null;
    }

    /// <summary>A new grant from now.</summary>
    public EmbedGrant Mint(string dashboardId, string unitCode, string hostOrigin, string issuedBy, int? lifetimeSeconds)
    {
        var now = time.GetUtcNow();
        now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond)); // the token carries whole seconds
        return new EmbedGrant(Guid.NewGuid(), dashboardId, unitCode, hostOrigin, now, now.AddSeconds(lifetimeSeconds ?? lifetime), issuedBy);
    }

    /// <summary>The token of a grant.</summary>
    public string Encode(EmbedGrant grant) =>
        (codec ?? throw new InvalidOperationException("No embed signing key is configured.")).Encode(grant);

    /// <summary>Checks a token now.</summary>
    public EmbedTokenError Validate(string token, out EmbedGrant? grant)
    {
        grant = null;
        return codec is null ? EmbedTokenError.Invalid : codec.TryDecode(token, time.GetUtcNow(), out grant);
    }

    internal static byte[]? KeyFrom(EmbeddingOptions options, bool development)
    {
        if (string.IsNullOrWhiteSpace(options.SigningKey))
            return development ? RandomNumberGenerator.GetBytes(32) : null;
        byte[] key;
        try
        {
            key = Convert.FromBase64String(options.SigningKey.Trim());
        }
        catch (FormatException)
        {
            throw new InvalidOperationException("Embedding:SigningKey is not base64.");
        }
        return key.Length >= 32 ? key : throw new InvalidOperationException("Embedding:SigningKey must decode to at least 32 bytes.");
    }

    internal static IReadOnlyList<AppRole> RolesFrom(EmbeddingOptions options)
    {
        if (options.AllowedRoles.Count == 0) return [AppRole.Leader, AppRole.Admin];
        var roles = new List<AppRole>();
        foreach (var value in options.AllowedRoles)
        {
            if (!AppRoles.TryParse(value, out var role))
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"Embedding:AllowedRoles: '{value}' is not an app role (Submitter, Reviewer, Leader, Admin)."));
            roles.Add(role);
        }
        return roles;
    }
}

/// <summary>The problems of embed tokens, Vietnamese and English.</summary>
internal static class EmbedProblems
{
    public static IResult Unauthorized(bool expired)
    {
        var problem = expired
            ? ApiProblem.Create(StatusCodes.Status401Unauthorized, "embed-token-expired", new("Mã nhúng đã hết hạn", "The embed token has expired"),
                new("Trang chứa cần cấp mã mới.", "The hosting page must issue a new token."))
            : ApiProblem.Create(StatusCodes.Status401Unauthorized, "embed-token-invalid", new("Mã nhúng không hợp lệ", "The embed token is not valid"),
                new("Mã không do máy chủ này cấp hoặc đã bị sửa.", "The token was not issued by this server or was altered."));
        return new WithHeader(problem, "WWW-Authenticate",
            expired ? "Embed error=\"invalid_token\", error_description=\"expired\"" : "Embed error=\"invalid_token\"");
    }

    public static IResult NotAllowed(string dashboard) => ApiProblem.Create(StatusCodes.Status403Forbidden, "embed-token-not-allowed",
        new("Mã nhúng không dùng được ở đây", "The embed token cannot call this"),
        new($"Mã nhúng của bảng '{dashboard}' chỉ đọc số liệu của bảng đó.", $"An embed token for '{dashboard}' only reads that dashboard's figures."));

    public static IResult NotConfigured() => ApiProblem.Create(StatusCodes.Status503ServiceUnavailable, "embedding-not-configured",
        new("Chưa cấu hình nhúng", "Embedding is not configured"),
        new("Thiếu khóa ký Embedding:SigningKey.", "Embedding:SigningKey is not set."));

    private sealed class WithHeader(IResult inner, string name, string value) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers[name] = value;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
