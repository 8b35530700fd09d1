using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using NoOneLeftBehind.Domain.Criteria;
using NoOneLeftBehind.Domain.Identity;
using NoOneLeftBehind.Domain.Plans;
using NoOneLeftBehind.Functions.Evaluation.Evaluate;
using NoOneLeftBehind.Functions.Evaluation.Plans;
using NoOneLeftBehind.Functions.Hosting;
using NoOneLeftBehind.Functions.Identity;

namespace NoOneLeftBehind.Functions.Evaluation;

/// <summary>
/// POST /api/evaluate, GET /api/plans, GET /api/plans/{planId} (public contract, anonymous, rate-limited per signed-in caller or trusted client address).
/// The plan catalogue is loaded and validated at start-up: an invalid plan file stops the application.
/// </summary>
internal static partial class EvaluationEndpoints
{
    /// <summary>Name of the rate-limiter policy of the anonymous evaluation API.</summary>
    public const string RateLimitPolicy = "evaluation-anonymous";

    public static IServiceCollection AddEvaluation(this IServiceCollection services)
    {
        services.AddOptions<EvaluationOptions>().BindConfiguration(EvaluationOptions.Section);
        services.AddSingleton(sp => LoadCatalogue(sp.GetRequiredService<IOptions<EvaluationOptions>>().Value));
        services.AddSingleton(sp => new CriteriaEngine(sp.GetRequiredService<PlanCatalogue>()));
        services.AddSingleton<PlansFunction>();
        services.AddHostedService<PlanCatalogueStartupCheck>();
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (context, _) =>
                EvaluationProblems.WriteTooManyRequestsAsync(
                    context.HttpContext,
                    context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : null);
            limiter.AddPolicy(RateLimitPolicy, http =>
            {
                var options = http.RequestServices.GetRequiredService<IOptions<EvaluationOptions>>().Value.RateLimit;
                return RateLimitPartition.GetFixedWindowLimiter(PartitionKey(http), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = Math.Max(1, options.PermitLimit),
                    Window = TimeSpan.FromSeconds(Math.Max(1, options.WindowSeconds)),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
        });
        return services;
    }

    public static IEndpointRouteBuilder MapEvaluation(this IEndpointRouteBuilder app)
    {
        var maxBytes = app.ServiceProvider.GetRequiredService<IOptions<EvaluationOptions>>().Value.MaxRequestBytes;
        app.MapPost("/api/evaluate", EvaluateFunction.HandleAsync)
            .WithMetadata(new JsonRequestBody(maxBytes, EvaluationProblems.InvalidRequestType))
            .AllowAnonymous().RequireRateLimiting(RateLimitPolicy).WithName("evaluation:evaluate");
        app.MapGet("/api/plans", (PlansFunction plans) => plans.List())
            .AllowAnonymous().RequireRateLimiting(RateLimitPolicy).WithName("evaluation:plans");
        app.MapGet("/api/plans/{planId}", (string planId, PlansFunction plans) => plans.Get(planId))
            .AllowAnonymous().RequireRateLimiting(RateLimitPolicy).WithName("evaluation:plan");
        return app;
    }

    internal static PlanCatalogue LoadCatalogue(EvaluationOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.PlansDirectory))
            return PlanCatalogue.LoadEmbedded();
        var files = Directory.EnumerateFiles(options.PlansDirectory, "*.json")
            .Select(path => new PlanFile(path, File.ReadAllText(path)));
        return PlanCatalogue.Load(files);
    }

    /// <summary>
    /// The partition key: the signed-in caller (tenant + object id) when the request carries a valid token, else the
    /// client address that <see cref="ClientAddress"/> trusts (never an address the client merely claims).
    /// </summary>
    internal static string PartitionKey(HttpContext http)
    {
        var user = http.User;
        if (user.Identity?.IsAuthenticated == true
            && UserKey.TryCreate(user.FindFirstValue(IdentityClaims.TenantId), user.FindFirstValue(IdentityClaims.ObjectId), out var key))
            return "user:" + key.Value;
        return "ip:" + (http.TrustedClientAddress() ?? "unknown");
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Plan catalogue {Version} loaded in {ElapsedMs} ms: {Plans}")]
    private static partial void LogCatalogueLoaded(ILogger logger, string version, long elapsedMs, string plans);

    /// <summary>Loads the catalogue while the host starts, so that a broken plan file fails start-up rather than the first request.</summary>
    private sealed class PlanCatalogueStartupCheck(IServiceProvider services, ILogger<PlanCatalogueStartupCheck> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            // The first resolution loads, validates and compiles the catalogue (the start-up cost of issue #3); the
            // options it is loaded with are bound first, so that the time logged is the catalogue's alone.
            _ = services.GetRequiredService<IOptions<EvaluationOptions>>().Value;
            var time = services.GetService<TimeProvider>() ?? TimeProvider.System;
            var started = time.GetTimestamp();
            var catalogue = services.GetRequiredService<PlanCatalogue>();
            var elapsed = time.GetElapsedTime(started);
            if (logger.IsEnabled(LogLevel.Information))
            {
                var plans = string.Join(", ", catalogue.PlanIds.Select(id => $"{id} {catalogue.VersionOf(PlanId.Parse(id))}"));
                LogCatalogueLoaded(logger, catalogue.Version, (long)elapsed.TotalMilliseconds, plans);
            }
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
