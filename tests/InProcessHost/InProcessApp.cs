using Microsoft.Extensions.Configuration.Json;
using NoOneLeftBehind.Functions.Hosting;

namespace NoOneLeftBehind.InProcessHost;

/// <summary>
/// The app's composition on a WebApplication: <see cref="AppComposition.AddServices"/>, then the same pipeline
/// (<see cref="AppComposition.UsePipeline"/>, after routing) and endpoints the worker runs inside its functions.
/// Queue and timer functions run through <see cref="InProcessTriggers"/> when <c>InProcessTriggers:Enabled</c> is true.
/// </summary>
public sealed class InProcessApp
{
    private InProcessApp()
    {
    }

    /// <summary>Starts the app (WebApplicationFactory&lt;InProcessApp&gt; intercepts the host it builds).</summary>
    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        // The app's appsettings files live beside the Functions assembly, not in this project: read first, so that
        // everything else (the environment, the tests' settings) overrides them as it would the worker's.
        var sources = builder.Configuration.Sources;
        foreach (var (file, index) in new[] { ("appsettings.json", 0), ($"appsettings.{builder.Environment.EnvironmentName}.json", 1) })
        {
            var source = new JsonConfigurationSource { Path = Path.Combine(AppContext.BaseDirectory, file), Optional = true, ReloadOnChange = false };
            source.ResolveFileProvider();
            sources.Insert(index, source);
        }
        AppComposition.AddServices(builder);
        if (builder.Configuration.GetValue<bool>("InProcessTriggers:Enabled")) builder.Services.AddHostedService<InProcessTriggers>();

        var app = builder.Build();
        app.UseRouting();
        AppComposition.UsePipeline(app);
        AppComposition.MapEndpoints(app);
        await app.RunAsync();
    }
}
