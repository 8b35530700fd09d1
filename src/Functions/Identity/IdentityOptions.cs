namespace NoOneLeftBehind.Functions.Identity;

/// <summary>
/// App settings section <c>Identity</c>. Everything needed to validate Entra ID access tokens is
/// public (tenant, client id, App ID URI): no secret is configured here.
/// </summary>
public sealed class IdentityOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Identity";

    /// <summary>The Entra ID authority host, e.g. <c>https://login.microsoftonline.com/</c>.</summary>
    public string Instance { get; set; } = "https://login.microsoftonline.com/";

    /// <summary>The home tenant of the API's app registration (a GUID). Empty: Entra ID sign-in is off.</summary>
    public string? TenantId { get; set; }

    /// <summary>The API app registration's application (client) id: the audience of v2 tokens.</summary>
    public string? ClientId { get; set; }

    /// <summary>The API's Application ID URI, e.g. <c>api://…</c>: the audience of v1 tokens.</summary>
    public string? AppIdUri { get; set; }

    /// <summary>Tenants whose users may call the API; empty means only <see cref="TenantId"/>.</summary>
    public IList<string> AllowedTenants { get; } = [];

    /// <summary>Tolerated clock difference between Entra ID and this host, in seconds (default 60).</summary>
    public int ClockSkewSeconds { get; set; } = 60;

    /// <summary>
    /// How often, at most, an unknown <c>kid</c> may trigger a metadata refresh, in seconds
    /// (default 300): key rotation is picked up at once, a flood of made-up <c>kid</c>s is not
    /// turned into a flood of requests to Entra ID.
    /// </summary>
    public int KeyRefreshIntervalSeconds { get; set; } = 300;

    /// <summary>The browser app (SPA) registration's client id, published by <c>GET /api/auth-config</c>.</summary>
    public string? SpaClientId { get; set; }

    /// <summary>The delegated scope the SPA asks for, e.g. <c>api://…/access_as_user</c>.</summary>
    public string? SpaScope { get; set; }

    /// <summary>
    /// Users (<c>{tid}_{oid}</c>) given national scope at start if they have none, so the first
    /// <c>Admin</c> can sign in and assign everyone else. Remove an entry once its user has a scope.
    /// </summary>
    public IList<string> BootstrapAdmins { get; } = [];

    /// <summary>How long a user's unit scope is cached per instance, in seconds (default 30).</summary>
    public int ScopeCacheSeconds { get; set; } = 30;

    /// <summary>The local development issuer.</summary>
    public DevIssuerOptions DevIssuer { get; set; } = new();

    /// <summary>True when the Entra ID settings are present.</summary>
    public bool EntraConfigured => !string.IsNullOrWhiteSpace(TenantId) && !string.IsNullOrWhiteSpace(ClientId);

    /// <summary>The tenants accepted: <see cref="AllowedTenants"/>, or the home tenant alone.</summary>
    public IReadOnlyList<string> EffectiveAllowedTenants =>
        AllowedTenants.Count > 0 ? [.. AllowedTenants] : string.IsNullOrWhiteSpace(TenantId) ? [] : [TenantId];
}

/// <summary>Settings of the development issuer (section <c>Identity:DevIssuer</c>).</summary>
public sealed class DevIssuerOptions
{
    /// <summary>
    /// Turns the development issuer on. Only allowed when the environment is Development; the app
    /// refuses to start if it is set with the environment Production.
    /// </summary>
    public bool Enabled { get; set; }

    /// <summary>The issuer URL, the app's own origin + <c>/dev-issuer</c>.</summary>
    public string Issuer { get; set; } = "http://127.0.0.1:7071/dev-issuer";

    /// <summary>The tenant id the demo users belong to (a fixed, made-up GUID).</summary>
    public string TenantId { get; set; } = "00000000-0000-4000-8000-0000000d0001";

    /// <summary>The audience of the tokens it issues.</summary>
    public string Audience { get; set; } = "api://no-one-left-behind-dev";

    /// <summary>Token lifetime in minutes (default 60).</summary>
    public int TokenLifetimeMinutes { get; set; } = 60;

    /// <summary>Seeds the demo users' unit scopes at start (idempotent).</summary>
    public bool SeedDemoScopes { get; set; } = true;
}
