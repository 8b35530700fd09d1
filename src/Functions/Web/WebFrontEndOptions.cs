namespace NoOneLeftBehind.Functions.Web;

/// <summary>
/// App settings section <c>Web</c>: where the front end's files are on this machine. Local runs and tests
/// point <c>Root</c> at the checkout's <c>src/Web</c>; the deployed package sets <c>Root</c> to its
/// <c>wwwroot</c> folder (the output of scripts/build-web.sh) with <c>Layout</c> <c>built</c>.
/// </summary>
public sealed class WebFrontEndOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Web";

    /// <summary>Value of <see cref="Layout"/> for the checkout (the default).</summary>
    public const string CheckoutLayout = "checkout";

    /// <summary>Value of <see cref="Layout"/> for the output of scripts/build-web.sh.</summary>
    public const string BuiltLayout = "built";

    /// <summary>
    /// The folder served at <c>/</c>: the checkout's <c>src/Web</c>, or the built front end. A relative path
    /// is taken from the executable's folder (the package root in Azure). Unset: no front end is served.
    /// </summary>
    public string? Root { get; set; }

    /// <summary>
    /// <c>checkout</c> (default): dashboards and vendored libraries come from the checkout beside <c>Root</c>.
    /// <c>built</c>: <c>Root</c> already holds <c>dashboards/</c>, <c>vendor/</c> and <c>auth/vendor/</c>
    /// (scripts/build-web.sh), so everything is served from <c>Root</c>.
    /// </summary>
    public string? Layout { get; set; }

    /// <summary>The <c>dashboards</c> folder, served at <c>/dashboards/</c>; default <c>{Root}/../../dashboards</c> (checkout) or <c>{Root}/dashboards</c> (built).</summary>
    public string? DashboardsRoot { get; set; }

    /// <summary>The <c>node_modules</c> folder the vendored libraries come from; default <c>{Root}/../../node_modules</c>; not used by the built layout.</summary>
    public string? NodeModules { get; set; }
}
