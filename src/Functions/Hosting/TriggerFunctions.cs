namespace NoOneLeftBehind.Functions.Hosting;

/// <summary>Queue and timer functions served at POST /{FunctionName}, and the local trigger runner.</summary>
internal static class TriggerFunctions
{
    public static IServiceCollection AddTriggerFunctions(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment) => services;

    public static IEndpointRouteBuilder MapTriggerFunctions(this IEndpointRouteBuilder app) => app;
}
