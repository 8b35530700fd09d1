using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using NoOneLeftBehind.Functions.Identity;
using NoOneLeftBehind.Infrastructure.Storage;

namespace NoOneLeftBehind.Functions.Web;

/// <summary>
/// Serves the front end when <c>Web:Root</c> is set. Checkout layout (local runs and browser tests):
/// <c>src/Web</c> at <c>/</c>, <c>dashboards/</c> at <c>/dashboards/</c>, and the pinned libraries from
/// <c>node_modules</c> at <c>/vendor/echarts/</c>, <c>/vendor/pdfjs/</c> (PDF.js, the reviewers' evidence viewer)
/// and <c>/vendor/msal-browser/</c> (also <c>/auth/vendor/msal-browser/</c>, where the sign-in module looks). Built layout (<c>Web:Layout</c>
/// <c>built</c>, the deployed package's <c>wwwroot</c> from scripts/build-web.sh): the same URLs, all
/// from <c>Root</c>. Only these file routes are anonymous; every response carries the security headers
/// of <see cref="FrontEndSecurityHeaders"/>.
/// </summary>
public static class WebFrontEnd
{
    private static readonly FileExtensionContentTypeProvider ContentTypes = CreateContentTypes();

    /// <summary>Maps the front end's file routes, if <c>Web:Root</c> is configured.</summary>
    public static IEndpointRouteBuilder MapWebFrontEnd(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var configuration = app.ServiceProvider.GetRequiredService<IConfiguration>();
        var options = new WebFrontEndOptions();
        configuration.GetSection(WebFrontEndOptions.SectionName).Bind(options);
        if (string.IsNullOrWhiteSpace(options.Root)) return app;

        var built = string.Equals(options.Layout, WebFrontEndOptions.BuiltLayout, StringComparison.OrdinalIgnoreCase);
        if (!built && !string.IsNullOrWhiteSpace(options.Layout) && !string.Equals(options.Layout, WebFrontEndOptions.CheckoutLayout, StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"Web:Layout '{options.Layout}' is not 'checkout' or 'built'.");
        var root = Path.GetFullPath(options.Root, AppContext.BaseDirectory);
        if (!Directory.Exists(root))
            throw new InvalidOperationException(built
                ? $"Web:Root '{root}' does not exist; it must be the built front end (scripts/build-web.sh, the package's wwwroot) or leave Web:Root unset."
                : $"Web:Root '{root}' does not exist; it must be the checkout's src/Web folder (or leave Web:Root unset).");
        var checkout = Path.GetFullPath(Path.Combine(root, "..", ".."));
        var dashboards = Path.GetFullPath(options.DashboardsRoot ?? (built ? Path.Combine(root, "dashboards") : Path.Combine(checkout, "dashboards")));
        var modules = Path.GetFullPath(options.NodeModules ?? Path.Combine(checkout, "node_modules"));

        var embeddingOrigins = configuration.GetSection("Embedding:AllowedOrigins").Get<string[]>() ?? [];
        var headers = new Lazy<FrontEndSecurityHeaders>(() => FrontEndSecurityHeaders.Create(
            app.ServiceProvider.GetService<IOptions<IdentityOptions>>()?.Value,
            BlobOrigin(app.ServiceProvider),
            embeddingOrigins));
        _ = FrontEndSecurityHeaders.ParseOrigins(embeddingOrigins); // a wrong origin stops the start, not the first request

        if (!built)
        {
            // The built layout has these folders under Root already (scripts/build-web.sh copies them there).
            var msal = Path.Combine(modules, "@azure", "msal-browser", "lib");
            Mount(app, "/vendor/echarts", Path.Combine(modules, "echarts", "dist"), headers, embedPage: null);
            Mount(app, "/vendor/pdfjs", Path.Combine(modules, "pdfjs-dist", "build"), headers, embedPage: null);
            Mount(app, "/vendor/msal-browser", msal, headers, embedPage: null);
            Mount(app, "/auth/vendor/msal-browser", msal, headers, embedPage: null);
        }
        Mount(app, "/dashboards", dashboards, headers, embedPage: "embed.html");
        Mount(app, "", root, headers, embedPage: null);
        return app;
    }

    private static void Mount(IEndpointRouteBuilder app, string prefix, string directory, Lazy<FrontEndSecurityHeaders> headers, string? embedPage)
    {
        // A missing folder (no npm ci yet, no dashboards) serves 404s rather than stopping the app.
        IFileProvider files = Directory.Exists(directory) ? new PhysicalFileProvider(directory) : new NullFileProvider();
        var isRoot = prefix.Length == 0;
        app.MapMethods(prefix + "/{**path}", [HttpMethods.Get, HttpMethods.Head], (HttpContext http, string? path) =>
                Serve(http, files, prefix, path ?? "", isRoot, embedPage, headers.Value))
            .AllowAnonymous()
            .ExcludeFromDescription()
            .WithName("web:" + (isRoot ? "root" : prefix.TrimStart('/')));
    }

    private static IResult Serve(HttpContext http, IFileProvider files, string prefix, string path, bool isRoot, string? embedPage, FrontEndSecurityHeaders headers)
    {
        // The API's own routes never fall through to files (an unknown /api/... is a plain 404).
        if (isRoot && (path.StartsWith("api/", StringComparison.Ordinal) || path == "api")) return Results.NotFound();
        if (path.Contains('\\', StringComparison.Ordinal) || path.Split('/').Any(s => s is ".." or "." || s.StartsWith('.'))) return Results.NotFound();

        var requestPathHasSlash = http.Request.Path.Value?.EndsWith('/') == true;
        if (path.Length == 0 && !isRoot && !requestPathHasSlash)
            return Results.Redirect(prefix + "/" + http.Request.QueryString, permanent: false);
        if (path.Length > 0 && !path.EndsWith('/') && files.GetDirectoryContents(path).Exists)
            return Results.Redirect(prefix + "/" + path + "/" + http.Request.QueryString, permanent: false);

        var file = path.Length == 0 || path.EndsWith('/') ? path + "index.html" : path;
        var info = files.GetFileInfo(file);
        if (!info.Exists || info.IsDirectory || info.PhysicalPath is null) return Results.NotFound();
        if (!ContentTypes.TryGetContentType(info.Name, out var contentType)) return Results.NotFound();

        headers.Apply(http.Response, embedding: embedPage is not null && string.Equals(file, embedPage, StringComparison.Ordinal));
        // Content-hashed copies (scripts/hash-assets.mjs, built layout) never change under their name; the rest is revalidated.
        http.Response.Headers.CacheControl = isRoot && file.StartsWith(HashedAssetsFolder, StringComparison.Ordinal)
            ? "public, max-age=31536000, immutable"
            : "no-cache";
        // The pre-compressed copy the browser accepts (<file>.br, <file>.gz, written by the build), Brotli first.
        var (served, encoding) = Precompressed(http.Request, files, file, info);
        if (encoding is not null)
        {
            http.Response.Headers.ContentEncoding = encoding;
        }
        if (encoding is not null || files.GetFileInfo(file + ".br").Exists || files.GetFileInfo(file + ".gz").Exists)
            http.Response.Headers.Vary = "Accept-Encoding";
        var tag = new EntityTagHeaderValue(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"\"{info.LastModified.UtcTicks:x}-{info.Length:x}{(encoding is null ? "" : "-" + encoding)}\""));
        return Results.File(served.PhysicalPath!, contentType, lastModified: info.LastModified, entityTag: tag);
    }

    /// <summary>The folder of content-hashed copies in the built layout (served with immutable caching).</summary>
    public const string HashedAssetsFolder = "assets/";

    private static (IFileInfo File, string? Encoding) Precompressed(HttpRequest request, IFileProvider files, string file, IFileInfo original)
    {
        var accepted = request.Headers.AcceptEncoding.ToString();
        if (accepted.Length == 0) return (original, null);
        foreach (var (encoding, suffix) in new[] { ("br", ".br"), ("gzip", ".gz") })
        {
            if (!Accepts(accepted, encoding)) continue;
            var candidate = files.GetFileInfo(file + suffix);
            if (candidate.Exists && !candidate.IsDirectory && candidate.PhysicalPath is not null) return (candidate, encoding);
        }
        return (original, null);
    }

    // "gzip, deflate, br, zstd" or "br;q=1.0, gzip;q=0.8, *;q=0.1": accepted unless its q is 0.
    private static bool Accepts(string header, string encoding)
    {
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var pieces = part.Split(';', StringSplitOptions.TrimEntries);
            if (!string.Equals(pieces[0], encoding, StringComparison.OrdinalIgnoreCase)) continue;
            var q = pieces.Skip(1).FirstOrDefault(x => x.StartsWith("q=", StringComparison.OrdinalIgnoreCase));
            return q is null || !double.TryParse(q.AsSpan(2), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) || value > 0;
        }
        return false;
    }

    private static Uri? BlobOrigin(IServiceProvider services)
    {
        try
        {
            return services.GetService<StorageAccount>()?.BlobEndpoint;
        }
        catch (InvalidOperationException)
        {
            return null; // storage not configured: no direct uploads to allow
        }
    }

    private static FileExtensionContentTypeProvider CreateContentTypes()
    {
        var provider = new FileExtensionContentTypeProvider();
        var map = provider.Mappings;
        map.Clear();
        map[".html"] = "text/html; charset=utf-8";
        map[".js"] = "text/javascript; charset=utf-8";
        map[".mjs"] = "text/javascript; charset=utf-8";
        map[".css"] = "text/css; charset=utf-8";
        map[".json"] = "application/json; charset=utf-8";
        map[".geojson"] = "application/geo+json";
        map[".map"] = "application/json; charset=utf-8";
        map[".svg"] = "image/svg+xml";
        map[".png"] = "image/png";
        map[".ico"] = "image/x-icon";
        map[".woff2"] = "font/woff2";
        map[".webmanifest"] = "application/manifest+json";
        map[".csv"] = "text/csv; charset=utf-8";
        map[".xlsx"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        return provider;
    }
}
