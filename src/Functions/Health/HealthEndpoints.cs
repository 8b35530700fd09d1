namespace NoOneLeftBehind.Functions.Health;

/// <summary>GET /api/health.</summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/health", () => Results.Ok(new { status = "ok" }));
        return app;
    }
}
