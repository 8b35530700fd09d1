using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace NoOneLeftBehind.Functions.Hosting;

/// <summary>
/// Configuration section <c>Network:ForwardedHeaders</c>: which peers may tell the app the client's address in
/// <c>X-Forwarded-For</c>. Default: nobody, the connection's own peer is the client.
/// </summary>
internal sealed class ForwardedHeadersSettings
{
    public const string Section = "Network:ForwardedHeaders";

    /// <summary>Addresses of the proxies whose <c>X-Forwarded-For</c> is believed (e.g. <c>127.0.0.1</c>, <c>::1</c>: the Functions host).</summary>
    public IList<string> KnownProxies { get; } = [];

    /// <summary>Networks of such proxies, in CIDR notation (<c>10.0.0.0/8</c>).</summary>
    public IList<string> KnownNetworks { get; } = [];

    /// <summary>
    /// How many entries, counted from the right of <c>X-Forwarded-For</c>, trusted proxies appended: the client
    /// address is the last one of those (1 = the rightmost). Entries further left are the client's own words.
    /// </summary>
    public int ForwardLimit { get; set; } = 1;
}

/// <summary>
/// The one place that decides the client's address. <c>X-Forwarded-For</c> is honoured only when the connection comes
/// from a configured known proxy, and then only the entries trusted proxies appended (rightmost first, at most
/// <see cref="ForwardedHeadersSettings.ForwardLimit"/>); ASP.NET Core's ForwardedHeaders middleware does the walk with
/// its defaults (loopback trusted) cleared. Rate limits and audit trails read <see cref="TrustedClientAddress"/>.
/// </summary>
internal static class ClientAddress
{
    /// <summary>Binds <see cref="ForwardedHeadersSettings"/> and configures the ForwardedHeaders middleware from it.</summary>
    public static IServiceCollection AddTrustedClientAddress(this IServiceCollection services)
    {
        services.AddOptions<ForwardedHeadersSettings>().BindConfiguration(ForwardedHeadersSettings.Section);
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ForwardedHeadersSettings>>((o, s) => Apply(o, s.Value));
        return services;
    }

    /// <summary>First in the pipeline: keeps the connection's peer, then lets trusted proxies name the client.</summary>
    public static IApplicationBuilder UseTrustedClientAddress(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Validates the settings at start-up rather than on the first request.
        _ = app.ApplicationServices.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value;
        app.Use((http, next) =>
        {
            http.Features.Set(new TransportPeerFeature(http.Connection.RemoteIpAddress));
            return next(http);
        });
        return app.UseForwardedHeaders();
    }

    /// <summary>The client's address as far as the app can trust it (IPv4-mapped IPv6 shown as IPv4); null when unknown.</summary>
    public static string? TrustedClientAddress(this HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var address = http.Connection.RemoteIpAddress;
        if (address is null) return null;
        return (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
    }

    /// <summary>The address of the connection's peer, whatever any header says (the Functions host on loopback in Azure).</summary>
    public static IPAddress? TransportPeer(this HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return http.Features.Get<TransportPeerFeature>() is { } peer ? peer.Address : http.Connection.RemoteIpAddress;
    }

    internal static void Apply(ForwardedHeadersOptions options, ForwardedHeadersSettings settings)
    {
        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor;
        // The framework trusts loopback by default; here only what is configured is trusted.
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
#pragma warning disable ASPDEPR005 // the obsolete list is still consulted by the middleware and holds 127.0.0.0/8 by default
        options.KnownNetworks.Clear();
#pragma warning restore ASPDEPR005
        foreach (var text in settings.KnownProxies.Where(t => !string.IsNullOrWhiteSpace(t)))
        {
            options.KnownProxies.Add(IPAddress.TryParse(text.Trim(), out var address)
                ? address
                : throw new InvalidOperationException($"{ForwardedHeadersSettings.Section}:KnownProxies: '{text}' is not an IP address."));
        }
        foreach (var text in settings.KnownNetworks.Where(t => !string.IsNullOrWhiteSpace(t)))
        {
            options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(text.Trim(), out var network)
                ? network
                : throw new InvalidOperationException($"{ForwardedHeadersSettings.Section}:KnownNetworks: '{text}' is not a network such as 10.0.0.0/8."));
        }
        if (settings.ForwardLimit < 1)
            throw new InvalidOperationException($"{ForwardedHeadersSettings.Section}:ForwardLimit must be 1 or more (the hops trusted proxies append).");
        options.ForwardLimit = settings.ForwardLimit;
        options.RequireHeaderSymmetry = false;
        // With both lists empty the middleware would believe any peer (measured: rotating the header escaped the
        // rate limit); nobody configured means nobody trusted, so nothing is forwarded at all.
#pragma warning disable ASPDEPR005
        if (options.KnownProxies.Count == 0 && options.KnownIPNetworks.Count == 0 && options.KnownNetworks.Count == 0)
#pragma warning restore ASPDEPR005
            options.ForwardedHeaders = ForwardedHeaders.None;
    }

    private sealed record TransportPeerFeature(IPAddress? Address);
}
