using NoOneLeftBehind.InProcessHost;
using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using NoOneLeftBehind.Domain.Identity;
using NoOneLeftBehind.Functions.Tests.Identity;
using NoOneLeftBehind.TestSupport;

namespace NoOneLeftBehind.Functions.Tests.Edge;

/// <summary>
/// The real app on Kestrel (a real port on 127.0.0.1, so the server sees a real peer address), in Development with the
/// development issuer, the trigger runner off, the scope store in memory (or <paramref name="scopes"/>) and every log
/// line kept in <see cref="Log"/>.
/// </summary>
public sealed class KestrelApp : IAsyncDisposable
{
    private readonly WebApplicationFactory<InProcessApp> _factory;

    public KestrelApp(IReadOnlyDictionary<string, string>? settings = null, IUnitScopeStore? scopes = null)
    {
        // A known port (the development issuer's tokens name it), tried again if another process takes it first.
        (_factory, Port) = KnownPort.Start(port => new WebApplicationFactory<InProcessApp>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Development");
            b.UseSetting("Statistics:SeedDemoData", "false");
            b.UseSetting("Dossiers:SeedDemoData", "false");
            b.UseSetting("Identity:DevIssuer:Enabled", "true");
            b.UseSetting("Identity:DevIssuer:Issuer", $"http://127.0.0.1:{port}/dev-issuer");
            b.UseSetting("Identity:ScopeCacheSeconds", "0");
            foreach (var (key, value) in settings ?? new Dictionary<string, string>()) b.UseSetting(key, value);
            b.UseSetting("urls", $"http://127.0.0.1:{port}");
            b.ConfigureLogging(logging => logging.AddProvider(Log));
            b.ConfigureTestServices(services =>
            {
                services.RemoveAll<IUnitScopeStore>();
                services.AddSingleton(scopes ?? new InMemoryUnitScopeStore());
            });
        }), factory =>
        {
            factory.UseKestrel();
            factory.StartServer();
        });
    }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    public KeptLog Log { get; } = new();

    public IServiceProvider Services => _factory.Services;

    public HttpClient Client() => new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = BaseAddress };

    /// <summary>An access token from the development issuer for a demo user.</summary>
    public async Task<string> DevTokenAsync(string demoUser)
    {
        using var client = Client();
        using var response = await client.PostAsJsonAsync("/dev/token", new { user = demoUser });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }

    public ValueTask DisposeAsync() => _factory.DisposeAsync();
}

/// <summary>Every log line the app writes: level, category, message and the exception's text.</summary>
public sealed class KeptLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public string Text => string.Join('\n', _lines);

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : "\n" + exception)}");
    }
}
