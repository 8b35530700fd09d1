using Microsoft.Extensions.FileProviders;

namespace NoOneLeftBehind.Functions.Identity;

/// <summary>
/// In Development, serves the browser sign-in module (src/Web/auth) at <c>/auth/</c> and the
/// vendored MSAL browser library from the checkout's node_modules at <c>/auth/vendor/</c>, so a
/// developer can sign in without the front end's own server. In Azure the function app serves them from the
/// package's wwwroot (WebFrontEnd with Web:Layout=built, scripts/build-web.sh).
/// </summary>
internal static class BrowserModule
{
    public static void UseDevelopmentFiles(WebApplication app)
    {
        var root = Path.GetFullPath(Path.Combine(app.Environment.ContentRootPath, "..", ".."));
        Serve(app, Path.Combine(root, "src", "Web", "auth"), "/auth");
        Serve(app, Path.Combine(root, "node_modules", "@azure", "msal-browser", "lib"), "/auth/vendor/msal-browser");
    }

    private static void Serve(WebApplication app, string directory, string requestPath)
    {
        if (!Directory.Exists(directory)) return;
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(directory),
            RequestPath = requestPath,
        });
    }
}
