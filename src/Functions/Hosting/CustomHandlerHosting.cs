using System.Globalization;

namespace NoOneLeftBehind.Functions.Hosting;

/// <summary>How the Functions host reaches this executable.</summary>
internal static class CustomHandlerHosting
{
    /// <summary>
    /// The Functions host tells a custom handler its port in FUNCTIONS_CUSTOMHANDLER_PORT; outside the
    /// host --urls / ASPNETCORE_URLS apply, else 7071 like the Functions host itself.
    /// </summary>
    public static WebApplicationBuilder UseCustomHandlerPort(this WebApplicationBuilder builder)
    {
        var port = builder.Configuration["FUNCTIONS_CUSTOMHANDLER_PORT"];
        if (!string.IsNullOrWhiteSpace(port))
        {
            if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var p) || p is < 1 or > 65535)
                throw new InvalidOperationException($"FUNCTIONS_CUSTOMHANDLER_PORT '{port}' is not a port number.");
            builder.WebHost.UseUrls($"http://127.0.0.1:{p}");
        }
        else if (string.IsNullOrWhiteSpace(builder.Configuration["urls"]) && string.IsNullOrWhiteSpace(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls("http://127.0.0.1:7071");
        }
        return builder;
    }
}
