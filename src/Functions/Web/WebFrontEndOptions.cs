namespace NoOneLeftBehind.Functions.Web;

/// <summary>
/// App settings section <c>Web</c>: where the front end's files are on this machine. Local runs and
/// tests only; in Azure the Static Web App serves the front end and these stay unset (nothing is mapped).
/// </summary>
public sealed class WebFrontEndOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Web";

    /// <summary>The checkout's <c>src/Web</c> folder, served at <c>/</c>. Unset: no front end is served.</summary>
    public string? Root { get; set; }

    /// <summary>The <c>dashboards</c> folder, served at <c>/dashboards/</c>; default <c>{Root}/../../dashboards</c>.</summary>
    public string? DashboardsRoot { get; set; }

    /// <summary>The <c>node_modules</c> folder the vendored libraries come from; default <c>{Root}/../../node_modules</c>.</summary>
    public string? NodeModules { get; set; }
}
