using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace NoOneLeftBehind.FunctionsHost;

/// <summary>
/// The local Functions host as an object: Kestrel with two endpoints (the public HTTP one and a loopback HTTP/2 one
/// for the worker's gRPC stream), the worker supervisor, and the queue and timer triggers. Program.cs runs it;
/// tests run it in-process against a worker they build.
/// </summary>
public sealed class FunctionsHostApp : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ListenOptions _public;
    private readonly ListenOptions _grpc;

    private FunctionsHostApp(WebApplication app, ListenOptions publicEndpoint, ListenOptions grpcEndpoint) =>
        (_app, _public, _grpc) = (app, publicEndpoint, grpcEndpoint);

    /// <summary>The public HTTP address (after <see cref="StartAsync"/>).</summary>
    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    /// <summary>The port the worker's gRPC stream connects to (after <see cref="StartAsync"/>).</summary>
    public int GrpcPort { get; private set; }

    /// <summary>The worker's process id while it runs.</summary>
    public int? WorkerProcessId => Supervisor.ProcessId;

    /// <summary>The worker's own HTTP endpoint (its HttpUri), once it is ready; for measuring the host's added latency.</summary>
    public Uri? WorkerHttpUri => Supervisor.Current?.HttpUri;

    private WorkerSupervisor Supervisor => _app.Services.GetRequiredService<WorkerSupervisor>();

    /// <summary>Builds the host for a worker build.</summary>
    /// <exception cref="FileNotFoundException">The script root has no worker.config.json.</exception>
    /// <exception cref="InvalidDataException">host.json or local.settings.json cannot be read.</exception>
    public static FunctionsHostApp Create(FunctionsHostOptions options, Action<ILoggingBuilder>? logging = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var scriptRoot = Path.GetFullPath(options.ScriptRoot);
        if (!File.Exists(Path.Combine(scriptRoot, "worker.config.json")))
            throw new FileNotFoundException($"{scriptRoot} is not an isolated worker's build output: it has no worker.config.json.", Path.Combine(scriptRoot, "worker.config.json"));
        options = options with { ScriptRoot = scriptRoot };
        var hostJson = HostJson.Load(Path.Combine(scriptRoot, "host.json"));
        var settings = AppSettings.Load(options.LocalSettingsPath ?? Path.Combine(scriptRoot, "local.settings.json"), options.Settings);

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning).AddFilter("Grpc", LogLevel.Warning).AddFilter("Yarp", LogLevel.Warning);
        logging?.Invoke(builder.Logging);

        ListenOptions? publicEndpoint = null, grpcEndpoint = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            var address = options.ListenAddress is "localhost" ? IPAddress.Loopback : IPAddress.Parse(options.ListenAddress);
            kestrel.Listen(address, options.Port, listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                publicEndpoint = listen;
            });
            // The worker speaks gRPC over cleartext HTTP/2 (prior knowledge), which needs an HTTP/2-only endpoint.
            kestrel.Listen(IPAddress.Loopback, 0, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                grpcEndpoint = listen;
            });
            kestrel.Limits.MaxRequestBodySize = null; // the worker enforces the app's own limits
        });

        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(hostJson);
        services.AddSingleton(settings);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<HostEndpoints>();
        services.AddSingleton<WorkerSupervisor>();
        services.AddHostedService(sp => sp.GetRequiredService<WorkerSupervisor>());
        services.AddSingleton<StorageClients>();
        services.AddSingleton<QueueOutputs>();
        services.AddSingleton<HttpFrontDoor>();
        services.AddSingleton<AdminFunctions>();
        services.AddHostedService<QueueTriggers>();
        services.AddHostedService<TimerTriggers>();
        services.AddHttpForwarder();
        services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = null;
            grpc.MaxSendMessageSize = null;
        });

        var app = builder.Build();
        var endpoints = app.Services.GetRequiredService<HostEndpoints>();
        var frontDoor = app.Services.GetRequiredService<HttpFrontDoor>();
        var admin = app.Services.GetRequiredService<AdminFunctions>();
        app.UseWhen(context => context.Connection.LocalPort != endpoints.Grpc, branch =>
        {
            branch.Map("/admin/functions", a => a.Run(admin.HandleAsync));
            branch.Run(frontDoor.HandleAsync);
        });
        app.MapGrpcService<FunctionRpcService>();
        // ConfigureKestrel runs while the app is built; the listen options exist from here on.
        return new FunctionsHostApp(app, publicEndpoint!, grpcEndpoint!);
    }

    /// <summary>Binds the endpoints and starts the worker (it is ready when <see cref="WaitForWorkerAsync"/> completes).</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _app.StartAsync(cancellationToken).ConfigureAwait(false);
        GrpcPort = _grpc.IPEndPoint!.Port;
        var host = _public.IPEndPoint!.Address.Equals(IPAddress.Any) ? "127.0.0.1" : _public.IPEndPoint.Address.ToString();
        BaseAddress = new Uri($"http://{host}:{_public.IPEndPoint.Port}/");
        _app.Services.GetRequiredService<HostEndpoints>().SetGrpcPort(GrpcPort);
    }

    /// <summary>Waits until a worker has finished its handshake and loaded its functions.</summary>
    public Task WaitForWorkerAsync(CancellationToken cancellationToken = default) => Supervisor.WaitForWorkerAsync(cancellationToken);

    /// <summary>The functions the ready worker loaded, with their trigger types (for the start-up listing).</summary>
    public IReadOnlyList<(string Name, string Trigger, string? Route)> Functions(string routePrefix) =>
        Supervisor.Current?.Functions
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .Select(f => (f.Name, f.Trigger.Type, string.Equals(f.Trigger.Type, "httpTrigger", StringComparison.OrdinalIgnoreCase)
                ? "/" + string.Join('/', new[] { routePrefix, f.Trigger.Text("route") ?? f.Name }.Where(s => !string.IsNullOrEmpty(s)))
                : null))
            .ToArray() ?? [];

    /// <summary>The route prefix from host.json.</summary>
    public string RoutePrefix => _app.Services.GetRequiredService<HostJson>().RoutePrefix;

    /// <summary>Waits until the host is told to stop (Ctrl+C, SIGTERM).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    /// <summary>Stops the triggers, asks the worker to stop, and kills it if it does not.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => _app.StopAsync(cancellationToken);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _app.StopAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // stopping anyway
        }
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
