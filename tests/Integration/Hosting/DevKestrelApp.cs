using NoOneLeftBehind.InProcessHost;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using NoOneLeftBehind.TestSupport;

namespace NoOneLeftBehind.Integration.Tests.Hosting;

/// <summary>The app as the Integration tests run it in-process: on Kestrel, a real port, against a test class's own Azurite.</summary>
internal static class DevKestrelApp
{
    /// <summary>
    /// The app in Development on Kestrel on a known port (real HTTP; the development issuer's tokens name it, so it is tried
    /// again if another process takes it first) on <paramref name="azurite"/>: the development issuer's demo users, no
    /// statistics demo data, the local trigger runner; then what <paramref name="configure"/> adds.
    /// </summary>
    public static (WebApplicationFactory<InProcessApp> App, int Port) Start(AzuriteFixture azurite, Action<IWebHostBuilder>? configure = null) =>
        KnownPort.Start(port => new WebApplicationFactory<InProcessApp>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Development");
            foreach (var (key, value) in azurite.ConfigurationValues) b.UseSetting(key, value);
            b.UseSetting("Identity:DevIssuer:Enabled", "true");
            b.UseSetting("Identity:DevIssuer:Issuer", $"http://127.0.0.1:{port}/dev-issuer");
            b.UseSetting("Identity:ScopeCacheSeconds", "0");
            b.UseSetting("Statistics:SeedDemoData", "false");
            b.UseSetting("InProcessTriggers:Enabled", "true");
            b.UseSetting("InProcessTriggers:MaxPollingInterval", "00:00:00.250");
            b.UseSetting("urls", $"http://127.0.0.1:{port}");
            configure?.Invoke(b);
        }), app =>
        {
            app.UseKestrel();
            app.StartServer();
        });
}
