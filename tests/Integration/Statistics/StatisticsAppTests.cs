using NoOneLeftBehind.InProcessHost;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using NoOneLeftBehind.Integration.Tests.Hosting;
using NoOneLeftBehind.Integration.Tests.Identity;
using NoOneLeftBehind.TestSupport;

namespace NoOneLeftBehind.Integration.Tests.Statistics;

/// <summary>
/// A test class with the app of <see cref="DevKestrelApp.Start"/> (Kestrel, the development issuer, no demo data)
/// against its own Azurite (a class fixture: every derived class gets its own), started before each test and disposed
/// after it. What a class adds to the app goes in <see cref="ConfigureApp"/>; what it does once the app runs, in an
/// override of <see cref="InitializeAsync"/> that calls this one first.
/// </summary>
/// <remarks>The app and its port are the fields <c>_app</c> and <c>_port</c>, as they were when each class declared them.</remarks>
public abstract class StatisticsAppTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
#pragma warning disable IDE1006 // the names each class's own fields had
    private protected int _port;
    private protected WebApplicationFactory<InProcessApp>? _app;
#pragma warning restore IDE1006

    /// <summary>Settings and services the class adds to the app; none by default.</summary>
    protected virtual void ConfigureApp(IWebHostBuilder builder)
    {
    }

    public virtual Task InitializeAsync()
    {
        (_app, _port) = DevKestrelApp.Start(azurite, ConfigureApp);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }

    /// <summary>A client of the app signed in as the demo user <paramref name="demoUser"/>.</summary>
    protected Task<HttpClient> ClientForAsync(string demoUser) =>
        DevUsers.SignInAsync(new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_port}") }, demoUser);
}
