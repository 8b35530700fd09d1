using NoOneLeftBehind.InProcessHost;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using NoOneLeftBehind.TestSupport;

namespace NoOneLeftBehind.Integration.Tests.Identity;

/// <summary>The app in Development on the shared Azurite, signing in as the development issuer's demo users.</summary>
internal sealed class AppOnAzurite(AzuriteFixture azurite) : WebApplicationFactory<InProcessApp>
{
    private HttpMessageInvoker? _server;

    public Task<HttpClient> ClientForAsync(string demoUser) => DevUsers.SignInAsync(CreateClient(), demoUser, waitForScope: false);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in azurite.ConfigurationValues) builder.UseSetting(key, value);
        builder.UseSetting("Identity:DevIssuer:Enabled", "true");
        builder.UseSetting("Identity:DevIssuer:Issuer", "http://localhost/dev-issuer");
        builder.UseSetting("Identity:ScopeCacheSeconds", "0");
        // The development issuer's metadata is fetched over HTTP from the app itself.
        builder.ConfigureTestServices(services => services.AddHttpClient("identity-metadata")
            .ConfigurePrimaryHttpMessageHandler(() => new ToServer(() => _server ??= new HttpMessageInvoker(Server.CreateHandler()))));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _server?.Dispose();
        base.Dispose(disposing);
    }

    private sealed class ToServer(Func<HttpMessageInvoker> server) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            server().SendAsync(request, cancellationToken);
    }
}
