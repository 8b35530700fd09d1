namespace NoOneLeftBehind.Functions.Identity;

/// <summary>Token validation, roles, unit scopes. Placeholder until identity lands.</summary>
internal static class IdentityEndpoints
{
    public static WebApplicationBuilder AddIdentityAndAccess(this WebApplicationBuilder builder) => builder;

    public static WebApplication UseIdentityAndAccess(this WebApplication app) => app;

    public static IEndpointRouteBuilder MapIdentity(this IEndpointRouteBuilder app) => app;
}
