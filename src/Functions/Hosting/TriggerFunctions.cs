using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace NoOneLeftBehind.Functions.Hosting;

/// <summary>A trigger function registered with the handler, by name.</summary>
public sealed record TriggerFunctionRegistration(string Name);

/// <summary>Queue and timer functions served at POST /{FunctionName}, and the local trigger runner.</summary>
public static partial class TriggerFunctions
{
    /// <summary>The named HTTP client the local runner posts invocations with.</summary>
    public const string RunnerHttpClient = "trigger-runner";

    private static readonly JsonSerializerOptions PayloadJson = new() { PropertyNameCaseInsensitive = true };

    /// <summary>Registers a queue- or timer-triggered function under <paramref name="name"/> (its function.json folder).</summary>
    public static IServiceCollection AddTriggerFunction<TFunction>(this IServiceCollection services, string name)
        where TFunction : class, ITriggerFunction
    {
        services.AddKeyedScoped<ITriggerFunction, TFunction>(name);
        services.AddSingleton(new TriggerFunctionRegistration(name));
        return services;
    }

    /// <summary>
    /// Registers the function catalogue (every function.json beside the executable) and, unless
    /// running under the Functions host, the local trigger runner.
    /// </summary>
    public static IServiceCollection AddTriggerFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<TriggerRunnerOptions>().Bind(configuration.GetSection("TriggerRunner"));
        services.AddSingleton(sp => new FunctionCatalog(
            FunctionManifest.Discover(AppContext.BaseDirectory),
            sp.GetServices<FunctionManifest>()));
        services.AddSingleton(_ => QueueHostSettings.Load(Path.Combine(AppContext.BaseDirectory, "host.json")));
        services.AddHttpClient(RunnerHttpClient, c => c.Timeout = TimeSpan.FromMinutes(10));
        services.TryAddSingleton(TimeProvider.System);

        var runsUnderFunctionsHost = !string.IsNullOrEmpty(configuration["FUNCTIONS_CUSTOMHANDLER_PORT"])
                                     || !string.IsNullOrEmpty(configuration["WEBSITE_INSTANCE_ID"]);
        var enabled = configuration.GetValue<bool?>("TriggerRunner:Enabled") ?? !runsUnderFunctionsHost;
        if (enabled) services.AddHostedService<LocalTriggerRunner>();

        Diagnostics.ProbeFunction.RegisterIfEnabled(services, configuration);
        Diagnostics.TimerProbeFunction.RegisterIfEnabled(services, configuration);
        return services;
    }

    /// <summary>Maps POST /{FunctionName} for every registered trigger function.</summary>
    public static IEndpointRouteBuilder MapTriggerFunctions(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        foreach (var registration in app.ServiceProvider.GetServices<TriggerFunctionRegistration>())
        {
            var name = registration.Name;
            app.MapPost("/" + name, (HttpContext http, CancellationToken ct) => InvokeAsync(http, name, ct))
                .AllowAnonymous()
                .ExcludeFromDescription()
                .WithName("trigger:" + name);
        }
        return app;
    }

    private static async Task<IResult> InvokeAsync(HttpContext http, string name, CancellationToken cancellationToken)
    {
        // Only the Functions host (or the local runner) calls these routes, and both run on this machine.
        // The connection's own peer: a forwarded client address must not make a remote caller look local, nor the reverse.
        var remote = http.TransportPeer();
        if (remote is not null && !IPAddress.IsLoopback(remote))
            return ApiProblem.Forbidden(new("Chỉ máy chủ Functions trên cùng máy gọi được đường dẫn này.", "Only the Functions host on this machine calls this route."));

        var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("TriggerFunctions");
        InvocationRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<InvocationRequest>(http.Request.Body, PayloadJson, cancellationToken);
        }
        catch (JsonException ex)
        {
            return Results.Json(new InvocationResponse { Logs = { $"Invalid invocation payload: {ex.Message}" } }, statusCode: StatusCodes.Status400BadRequest);
        }
        request ??= new InvocationRequest();

        var catalog = http.RequestServices.GetRequiredService<FunctionCatalog>();
        var triggerName = catalog.Find(name)?.Trigger.Name ?? request.Data.Keys.FirstOrDefault() ?? "";
        var context = new TriggerContext(name, triggerName, request);
        var function = http.RequestServices.GetRequiredKeyedService<ITriggerFunction>(name);
        try
        {
            await function.InvokeAsync(context, cancellationToken);
            return Results.Json(new InvocationResponse { Logs = context.Logs });
        }
#pragma warning disable CA1031 // a failed invocation is reported to the host, which retries it
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            LogInvocationFailed(logger, ex, name, context.MessageId, context.DequeueCount);
            context.Logs.Add($"{name} failed: {ex.GetType().Name}: {ex.Message}");
            return Results.Json(new InvocationResponse { Logs = context.Logs }, statusCode: StatusCodes.Status500InternalServerError);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Function {Function} failed on message {MessageId} (attempt {DequeueCount})")]
    private static partial void LogInvocationFailed(ILogger logger, Exception exception, string function, string? messageId, long dequeueCount);
}

/// <summary>The functions this app declares: function.json files plus any registered in code.</summary>
public sealed class FunctionCatalog(IReadOnlyList<FunctionManifest> discovered, IEnumerable<FunctionManifest> registered)
{
    /// <summary>All functions.</summary>
    public IReadOnlyList<FunctionManifest> Functions { get; } = [.. discovered, .. registered];

    /// <summary>The function with that name, or null.</summary>
    public FunctionManifest? Find(string name) => Functions.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));
}
