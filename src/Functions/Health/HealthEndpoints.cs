using System.Reflection;
using NoOneLeftBehind.Domain.Plans;
using NoOneLeftBehind.Infrastructure.Storage;

namespace NoOneLeftBehind.Functions.Health;

/// <summary>
/// GET /api/health: always answers (liveness), reporting each storage service as reachable or not,
/// the app version and the plan catalogue version. Storage down makes it "degraded", never an error:
/// the stateless endpoints (evaluate, plans) keep working without storage.
/// </summary>
internal static class HealthEndpoints
{
    private static readonly string AppVersion =
        typeof(HealthEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(HealthEndpoints).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/health", GetAsync).AllowAnonymous().WithName("Health");
        return app;
    }

    private static async Task<IResult> GetAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var probe = services.GetService<IStorageHealthProbe>();
        var storage = probe is null ? [] : await probe.CheckAsync(cancellationToken);
        var catalogue = services.GetService<PlanCatalogue>();
        var healthy = storage.Count > 0 && storage.All(s => s.Reachable);
        return Results.Ok(new HealthReport(
            healthy ? "healthy" : "degraded",
            AppVersion,
            catalogue?.Version,
            [.. storage.Select(s => new StorageHealth(s.Service, s.Reachable, s.Reason, (long)s.Elapsed.TotalMilliseconds))]));
    }

    internal sealed record HealthReport(string Status, string Version, string? PlanCatalogueVersion, IReadOnlyList<StorageHealth> Storage);

    internal sealed record StorageHealth(string Service, bool Reachable, string Reason, long ElapsedMs);
}
