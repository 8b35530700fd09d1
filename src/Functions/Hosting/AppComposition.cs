using Microsoft.Extensions.DependencyInjection.Extensions;
using NoOneLeftBehind.Functions.Dashboards;
using NoOneLeftBehind.Functions.Dossiers;
using NoOneLeftBehind.Functions.Embedding;
using NoOneLeftBehind.Functions.Evaluation;
using NoOneLeftBehind.Functions.Health;
using NoOneLeftBehind.Functions.Identity;
using NoOneLeftBehind.Functions.Messaging.DispatchIntegrationEvents;
using NoOneLeftBehind.Functions.Reports;
using NoOneLeftBehind.Functions.Statistics;
using NoOneLeftBehind.Functions.Web;
using NoOneLeftBehind.Infrastructure.Messaging;
using NoOneLeftBehind.Infrastructure.Storage;

namespace NoOneLeftBehind.Functions.Hosting;

/// <summary>
/// The app, once: its services, its endpoints and its pipeline. The isolated worker (Program.cs) runs them inside its
/// functions through <see cref="EndpointTable"/>; the in-process test host (tests/InProcessHost) runs the same three on a
/// WebApplication, for tests that put fakes or faults in the service container (ADR 0009).
/// </summary>
public static class AppComposition
{
    /// <summary>Every service of the app (configuration checked first: development switches only in Development).</summary>
    public static IHostApplicationBuilder AddServices(IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        DevelopmentOnly.EnsureAllowed(builder.Configuration, builder.Environment); // demo data, dev sign-in, test faults: Development only
        var services = builder.Services;
        services.AddProblemDetails();
        services.AddTrustedClientAddress();
        services.AddJsonBodyGuard(builder.Configuration);
        services.AddDataStorage(builder.Configuration);
        services.AddEvaluation();
        builder.AddIdentityAndAccess();
        builder.AddEmbedding();
        services.AddStatistics(builder.Configuration);
        services.AddDossiers(builder.Configuration, builder.Environment);
        services.AddReports();
        services.AddIntegrationEvents(builder.Configuration);
        services.AddTriggerFunction<DispatchIntegrationEventsFunction>(DispatchIntegrationEventsFunction.FunctionName);
        services.AddSingleton(_ => QueueHostSettings.Load(Path.Combine(AppContext.BaseDirectory, "host.json")));
        services.TryAddSingleton(TimeProvider.System);
        return builder;
    }

    /// <summary>Every endpoint of the app, with its authorization, filters and name (a function runs it by that name).</summary>
    public static IEndpointRouteBuilder MapEndpoints(IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealth();
        app.MapEvaluation();
        app.MapIdentity();
        app.MapStatistics();
        app.MapDossiers();
        app.MapReports();
        app.MapEmbedding();
        app.MapNominationsDashboard();
        app.MapWebFrontEnd();
        return app;
    }

    /// <summary>Our middleware, in this order; after it come authorization's verdict and the endpoint's delegate.</summary>
    public static IApplicationBuilder UsePipeline(IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseTrustedClientAddress(); // first: X-Forwarded-For only from configured proxies (Network:ForwardedHeaders)
        app.UseUnhandledErrors(); // problem+json with a trace id, never the exception or the request's headers
        app.UseProblemStatusPages(); // a 401/403/404/405/429… that leaves with no body gets the same problem+json (docs/api-errors.md)
        app.UseJsonBodyGuard(); // every JSON body checked once, before authorization reads it
        app.UseEmbedTokens(); // before identity: an embed token sets the caller and its scope
        app.UseIdentityAndAccess();
        app.UseRateLimiter(); // after identity: a signed-in caller is limited as that user, anyone else by trusted address
        return app;
    }
}
