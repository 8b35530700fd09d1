using System.Security.Claims;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Web;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using NoOneLeftBehind.Functions.Bodies;
using NoOneLeftBehind.Functions.Hosting;
using NoOneLeftBehind.Domain.Identity;
using NoOneLeftBehind.Domain.Units;
using NoOneLeftBehind.Functions.Identity.Dev;
using NoOneLeftBehind.Infrastructure.Identity;

namespace NoOneLeftBehind.Functions.Identity;

/// <summary>
/// Identity and access: Entra ID access tokens (and, in Development, the local development
/// issuer's) validated through OpenID Connect metadata; app roles and unit scopes; a fallback
/// policy so that every endpoint needs a signed-in caller unless it says <c>AllowAnonymous</c>.
/// </summary>
public static partial class IdentityEndpoints
{
    /// <summary>Registers token validation, the authorization policies, the unit-scope services and, in Development, the development issuer.</summary>
    public static IHostApplicationBuilder AddIdentityAndAccess(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var section = builder.Configuration.GetSection(IdentityOptions.Section);
        var options = new IdentityOptions();
        section.Bind(options);
        var devIssuer = options.DevIssuer.Enabled;

        var services = builder.Services;
        services.AddOptions<IdentityOptions>().Bind(section);
        services.AddHttpContextAccessor();
        services.AddMemoryCache();
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(HttpClientDocumentRetriever.ClientName, c => c.Timeout = TimeSpan.FromSeconds(10));
        services.TryAddSingleton<IUnitHierarchy>(sp => new RegistryUnitHierarchy(UnitRegistry.Embedded, sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IUnitScopeStore>(sp => new TableUnitScopeStore(sp.GetRequiredService<TableServiceClient>()));
        services.AddNominatingBodies();
        services.AddSingleton<UnitScopeCache>();
        services.AddScoped<ICurrentUser, CurrentUser>();
        services.AddSingleton<IAuthorizationHandler, IdentityAuthorizationHandler>();
        services.AddHostedService<IdentitySeeder>();

        AddMetadata(services, IdentitySchemes.EntraId, options.EntraConfigured ? EntraMetadataAddress(options) : null, requireHttps: true);
        // Without the development issuer every token goes to Entra ID: make that the default scheme itself, so a
        // request does not pay for a second handler and a second pass through the authentication service (#4).
        // The "Bearer" policy scheme stays registered for anything that names it.
        var authentication = services
            .AddAuthentication(devIssuer ? IdentitySchemes.Bearer : IdentitySchemes.EntraId)
            .AddPolicyScheme(IdentitySchemes.Bearer, "Bearer token", o => o.ForwardDefaultSelector = context =>
                devIssuer && string.Equals(PeekIssuer(context), options.DevIssuer.Issuer, StringComparison.Ordinal)
                    ? IdentitySchemes.DevIssuer
                    : IdentitySchemes.EntraId);
        // Registered first, so Microsoft.Identity.Web finds our issuer validator (the tenant allow-list), audiences and
        // metadata (IssuerMetadata) in place and keeps them; see AddEntraId.
        ConfigureBearer(services, IdentitySchemes.EntraId, TrustedAuthority.EntraId(options), options, builder.Environment);
        AddEntraId(authentication, options);

        if (devIssuer)
        {
            services.AddSingleton<DevIssuer>();
            AddMetadata(services, IdentitySchemes.DevIssuer, DevIssuer.MetadataAddress(options.DevIssuer), requireHttps: false);
            authentication.AddJwtBearer(IdentitySchemes.DevIssuer, _ => { });
            ConfigureBearer(services, IdentitySchemes.DevIssuer, TrustedAuthority.Development(options.DevIssuer), options, builder.Environment);
        }

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        return builder;
    }

    /// <summary>Authentication, the caller's unit scope, authorization (and the sign-in module's files in Development).</summary>
    public static IApplicationBuilder UseIdentityAndAccess(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (DevelopmentOnly.IsAllowed(app.ApplicationServices.GetRequiredService<IHostEnvironment>())) BrowserModule.UseDevelopmentFiles(app);
        app.UseAuthentication();
        app.Use(LoadUnitScopeAsync);
        app.UseAuthorization();
        return app;
    }

    /// <summary>Maps <c>/api/me</c>, <c>/api/auth-config</c>, the unit-scope administration and the development issuer's routes.</summary>
    public static IEndpointRouteBuilder MapIdentity(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/api/me", Me).RequireSignedIn().WithName("identity:me");
        app.MapGet("/api/auth-config", AuthConfig).AllowAnonymous().WithName("identity:auth-config");
        app.MapUnitScopes();
        app.MapNominatingBodies();
        if (app.ServiceProvider.GetService<DevIssuer>() is not null) app.MapDevIssuer();
        return app;
    }

    private static async Task LoadUnitScopeAsync(HttpContext context, RequestDelegate next)
    {
        var user = context.User;
        // A scope already set for this request (an embed token's, src/Functions/Embedding) is kept.
        if (context.Features.Get<UnitScopeFeature>() is null
            && user.Identity?.IsAuthenticated == true
            && UserKey.TryCreate(user.FindFirstValue(IdentityClaims.TenantId), user.FindFirstValue(IdentityClaims.ObjectId), out var key))
        {
            var scope = await context.RequestServices.GetRequiredService<UnitScopeCache>().GetAsync(key.Value, context.RequestAborted);
            context.Features.Set(new UnitScopeFeature(scope));
        }
        await next(context);
    }

    private static async Task<IResult> Me(ICurrentUser user, IServiceProvider services, CancellationToken ct) => Results.Ok(new MeResponse(
        user.Key!.Value.TenantId,
        user.Key.Value.ObjectId,
        user.Name,
        [.. user.Roles.Select(r => r.ClaimValue())],
        user.Scope is { } s
            ? new MeScope(s.UnitCode, s.AssignedAt, s.BodyId, PlansFor(s.UnitCode, services),
                services.GetService<Dossiers.NomineeLists>() is { } lists ? await lists.AssembledByAsync(user, ct) : [])
            : null));

    /// <summary>
    /// The plans a dossier may be drafted under for the scope's unit: those whose <c>governs</c> covers it, by the same
    /// check that refuses <c>plan-not-for-unit</c> (the form offers only these, issue 16 B); every plan for the national scope.
    /// </summary>
    private static IReadOnlyList<string> PlansFor(string unitCode, IServiceProvider services)
    {
        var catalogue = services.GetService<Domain.Plans.PlanCatalogue>();
        if (catalogue is null) return [];
        if (unitCode == ScopeUnitCodes.National) return catalogue.PlanIds;
        var hierarchy = services.GetRequiredService<IUnitHierarchy>();
        return [.. catalogue.Plans.Where(p => Domain.Dossiers.DossierChecks.PlanForUnit(p, unitCode, Domain.Plans.PlanUnits.WithinDuring(p, UnitRegistry.Embedded, hierarchy.IsWithin)) is null)
            .Select(p => p.Id)];
    }

    private static IResult AuthConfig(IOptions<IdentityOptions> options, IServiceProvider services)
    {
        var o = options.Value;
        var entra = o.EntraConfigured && !string.IsNullOrWhiteSpace(o.SpaClientId)
            ? new EntraBrowserConfig(o.SpaClientId!, EntraAuthority(o), string.IsNullOrWhiteSpace(o.SpaScope) ? [] : [o.SpaScope!])
            : null;
        var dev = services.GetService<DevIssuer>() is not null ? new DevBrowserConfig(DevIssuerEndpoints.SignInPath) : null;
        var mode = entra is not null ? "entra" : dev is not null ? "dev" : "none";
        return Results.Ok(new AuthConfigResponse(mode, entra, dev));
    }

    private static void AddMetadata(IServiceCollection services, string scheme, string? address, bool requireHttps) =>
        services.AddKeyedSingleton<BaseConfigurationManager>(scheme, (sp, _) =>
        {
            if (address is null) return new StaticConfigurationManager<OpenIdConnectConfiguration>(new OpenIdConnectConfiguration());
            var options = sp.GetRequiredService<IOptions<IdentityOptions>>().Value;
            return new IssuerMetadata(
                address,
                new HttpClientDocumentRetriever(sp.GetRequiredService<IHttpClientFactory>(), requireHttps),
                sp.GetRequiredService<TimeProvider>(),
                TimeSpan.FromSeconds(Math.Max(0, options.KeyRefreshIntervalSeconds)),
                sp.GetRequiredService<ILoggerFactory>().CreateLogger("NoOneLeftBehind.Functions.Identity.IssuerMetadata." + scheme));
        });

    private static void ConfigureBearer(IServiceCollection services, string scheme, TrustedAuthority authority, IdentityOptions options, IHostEnvironment environment) =>
        services.AddOptions<JwtBearerOptions>(scheme).Configure<IServiceProvider>((o, sp) =>
        {
            o.ConfigurationManager = sp.GetRequiredKeyedService<BaseConfigurationManager>(scheme) as IConfigurationManager<OpenIdConnectConfiguration>;
            o.TokenValidationParameters = TokenValidation.CreateParameters(authority, TimeSpan.FromSeconds(Math.Clamp(options.ClockSkewSeconds, 0, 300)));
            o.MapInboundClaims = false;
            o.RefreshOnIssuerKeyNotFound = true;
            o.IncludeErrorDetails = DevelopmentOnly.IsAllowed(environment);
            o.Events = new JwtBearerEvents { OnTokenValidated = RequireUserAccessToken };
        });

    /// <summary>
    /// The Entra ID scheme. Configured: Microsoft.Identity.Web's <c>AddMicrosoftIdentityWebApi</c> (authority from
    /// Instance + tenant, its check that the token carries <c>scp</c> or <c>roles</c>, its handler wiring). It keeps what
    /// <see cref="ConfigureBearer"/> set before it: our issuer validator (its own accepts every tenant, we accept only the
    /// allow-list), the audiences, and <see cref="IssuerMetadata"/> as the configuration manager. Not configured (local
    /// runs with the development issuer only): a plain JwtBearer with empty metadata that rejects every token, since
    /// Microsoft.Identity.Web refuses to start without a client id.
    /// </summary>
    private static void AddEntraId(AuthenticationBuilder authentication, IdentityOptions options)
    {
        if (!options.EntraConfigured)
        {
            authentication.AddJwtBearer(IdentitySchemes.EntraId, _ => { });
            return;
        }
        authentication.AddMicrosoftIdentityWebApi(
            _ => { },
            identity =>
            {
                identity.Instance = options.Instance;
                // The allow-list itself is our issuer validator's.
                identity.TenantId = EntraTenantSegment(options);
                identity.ClientId = options.ClientId;
                identity.AllowWebApiToBeAuthorizedByACL = false;
            },
            IdentitySchemes.EntraId,
            subscribeToJwtBearerMiddlewareDiagnosticsEvents: false);
    }

    /// <summary>Beyond the token's validity: it must name a user (tid, oid) and be an access token (scp or roles).</summary>
    private static Task RequireUserAccessToken(TokenValidatedContext context)
    {
        var principal = context.Principal;
        if (principal is null || !UserKey.TryCreate(principal.FindFirstValue(IdentityClaims.TenantId), principal.FindFirstValue(IdentityClaims.ObjectId), out _))
            context.Fail("The token names no user (tid, oid).");
        else if (!principal.HasClaim(c => c.Type is IdentityClaims.Scopes or IdentityClaims.Roles))
            context.Fail("Not an access token for this API (no scp or roles).");
        return Task.CompletedTask;
    }

    /// <summary>The unvalidated <c>iss</c>, only to pick the scheme that will validate it.</summary>
    private static string? PeekIssuer(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        const string prefix = "Bearer ";
        if (!header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) return null;
        try
        {
            return new JsonWebToken(header[prefix.Length..].Trim()).Issuer;
        }
        catch (ArgumentException)
        {
            // Malformed (SecurityTokenMalformedException is one): Entra's scheme will reject it.
            return null;
        }
    }

    private static string EntraAuthority(IdentityOptions o) => o.Instance.TrimEnd('/') + "/" + o.TenantId;

    private static string EntraMetadataAddress(IdentityOptions o) =>
        o.Instance.TrimEnd('/') + "/" + EntraTenantSegment(o) + "/v2.0/.well-known/openid-configuration";

    /// <summary>
    /// One allowed tenant: its own authority and metadata. Several: <c>organizations</c>, the multi-tenant document
    /// (same keys); the issuer is checked per token against the allow-list either way.
    /// </summary>
    private static string EntraTenantSegment(IdentityOptions o)
    {
        var tenants = o.EffectiveAllowedTenants;
        return tenants.Count == 1 ? tenants[0] : "organizations";
    }
}

internal sealed record MeResponse(Guid TenantId, Guid ObjectId, string? Name, IReadOnlyList<string> Roles, MeScope? Scope);

/// <summary>
/// The caller's unit scope; <c>plans</c> (issue 16 B): the plan ids a dossier may be drafted under for the unit; <c>lists</c>:
/// the nominee lists the scope's body assembles (Bắc Giang IV.3.b; empty for a unit's user), for the list page's link.
/// </summary>
internal sealed record MeScope(string UnitCode, DateTimeOffset AssignedAt, string? BodyId, IReadOnlyList<string> Plans, IReadOnlyList<Dossiers.MeList> Lists);

internal sealed record AuthConfigResponse(string Mode, EntraBrowserConfig? Entra, DevBrowserConfig? Dev);

internal sealed record EntraBrowserConfig(string ClientId, string Authority, IReadOnlyList<string> Scopes);

internal sealed record DevBrowserConfig(string SignInUrl);
