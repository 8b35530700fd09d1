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
    public static void UseDevelopmentFiles(IApplicationBuilder app)
    {
        var root = CheckoutRoot(app.ApplicationServices.GetRequiredService<IHostEnvironment>().ContentRootPath);
        Serve(app, Path.Combine(root, "src", "Web", "auth"), "/auth");
        Serve(app, Path.Combine(root, "node_modules", "@azure", "msal-browser", "lib"), "/auth/vendor/msal-browser");
    }

    /// <summary>
    /// The checkout: two folders up from the content root (src/Functions, tests/InProcessHost), or, for a worker started
    /// in its build output (src/Functions/bin/Debug/net10.0), the folder above that holds src/Web.
    /// </summary>
    private static string CheckoutRoot(string contentRoot)
    {
        for (var dir = new DirectoryInfo(contentRoot); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "src", "Web"))) return dir.FullName;
        return Path.GetFullPath(Path.Combine(contentRoot, "..", ".."));
    }

    private static void Serve(IApplicationBuilder app, string directory, string requestPath)
    {
        if (!Directory.Exists(directory)) return;
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(directory),
            RequestPath = requestPath,
        });
    }
}
