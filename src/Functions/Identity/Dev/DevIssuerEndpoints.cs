using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using NoOneLeftBehind.Functions.Hosting;

namespace NoOneLeftBehind.Functions.Identity.Dev;

/// <summary>
/// The development issuer's routes: OpenID Connect metadata and JWKS, the sign-in page
/// (<c>GET /dev/sign-in</c>, Vietnamese first) and <c>POST /dev/token</c> for scripts.
/// Mapped only when the issuer is enabled (Development only, see <see cref="Hosting.DevelopmentOnly"/>).
/// </summary>
internal static class DevIssuerEndpoints
{
    public const string SignInPath = "/dev/sign-in";

    public static IEndpointRouteBuilder MapDevIssuer(this IEndpointRouteBuilder app)
    {
        var issuer = app.ServiceProvider.GetRequiredService<DevIssuer>();
        var options = app.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<IdentityOptions>>().Value.DevIssuer;
        var path = DevIssuer.PathOf(options);

        app.MapGet(path + "/.well-known/openid-configuration", (HttpContext http) =>
            Results.Json(issuer.Discovery(Origin(http) + SignInPath))).AllowAnonymous().ExcludeFromDescription().WithName("dev:openid-configuration");
        app.MapGet(path + "/discovery/keys", () => Results.Json(issuer.Keys())).AllowAnonymous().ExcludeFromDescription().WithName("dev:keys");

        app.MapGet(SignInPath, (HttpContext http, string? return_url) =>
        {
            var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
            ApplyPageHeaders(http.Response, nonce);
            return Results.Content(SignInPage(SafeReturnUrl(return_url), nonce), "text/html; charset=utf-8");
        }).AllowAnonymous().ExcludeFromDescription().WithName("dev:sign-in-page");
        app.MapPost(SignInPath, async (HttpContext http) =>
        {
            ApplyPageHeaders(http.Response, nonce: null);
            // Login CSRF: another site must not sign the browser in as a demo user (no token is issued).
            if (!IsSameOrigin(http.Request))
                return ApiProblem.Forbidden(new("Chỉ trang đăng nhập của chính máy chủ này được gửi biểu mẫu.", "Only this server's own sign-in page may post the form."));
            var form = await http.Request.ReadFormAsync(http.RequestAborted);
            var user = DemoUsers.Find(form["user"]);
            if (user is null) return UnknownUser();
            var token = issuer.Issue(user);
            // The token travels in the fragment: it reaches the page's script, never a server log.
            var target = SafeReturnUrl(form["return_url"]) + "#access_token=" + Uri.EscapeDataString(token.AccessToken)
                         + "&token_type=Bearer&expires_in=" + token.ExpiresIn.ToString(CultureInfo.InvariantCulture);
            return Results.Redirect(target);
        }).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription().WithName("dev:sign-in");

        app.MapPost("/dev/token", (DevTokenRequest request) =>
            DemoUsers.Find(request.User) is { } user ? Results.Ok(issuer.Issue(user)) : UnknownUser())
            .AllowAnonymous().ExcludeFromDescription().WithName("dev:token");
        return app;
    }

    private static IResult UnknownUser() => ApiProblem.Invalid("unknown-user", ApiProblem.InvalidRequestTitle,
        [new ProblemItem("unknown-user", "Không có người dùng thử này.", "No such demo user.") { Field = "user" }],
        extensions: new Dictionary<string, object?> { ["users"] = DemoUsers.All.Select(u => u.Id).ToArray() });

    /// <summary>Only a local path: the page must not become an open redirect.</summary>
    internal static string SafeReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url[0] == '/' && !url.StartsWith("//", StringComparison.Ordinal)
        && !url.StartsWith("/\\", StringComparison.Ordinal) && !url.Contains('#', StringComparison.Ordinal)
        && !url.Any(char.IsControl)
            ? url
            : "/auth/demo.html";

    /// <summary>
    /// A form post from this origin only: <c>Sec-Fetch-Site</c>, when the browser sends it, must be <c>same-origin</c>, and
    /// <c>Origin</c>, when sent, must be this app's own (<c>null</c> is refused). A request with neither is not a
    /// browser's (scripts, tests) and passes; browsers send at least one of them on every POST.
    /// </summary>
    internal static bool IsSameOrigin(HttpRequest request)
    {
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0 && !string.Equals(site, "same-origin", StringComparison.OrdinalIgnoreCase)) return false;
        var origin = request.Headers.Origin.ToString();
        return origin.Length == 0 || string.Equals(origin, request.Scheme + "://" + request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The page runs no script, loads nothing but its own (nonce'd) style, posts only to this origin and may not be framed;
    /// its URL (with a return path) is not sent to another site as a referrer.
    /// </summary>
    private static void ApplyPageHeaders(HttpResponse response, string? nonce)
    {
        var h = response.Headers;
        h.ContentSecurityPolicy = "default-src 'none'; "
            + (nonce is null ? "" : $"style-src 'nonce-{nonce}'; ")
            + "img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
        h.XFrameOptions = "DENY";
        h.XContentTypeOptions = "nosniff";
        // same-origin, not no-referrer: under no-referrer Chromium sends "Origin: null" with the page's own form posts,
        // which the same-origin check must refuse. Other sites still get no referrer.
        h["Referrer-Policy"] = "same-origin";
        h.CacheControl = "no-store";
    }

    private static string Origin(HttpContext http) => http.Request.Scheme + "://" + http.Request.Host.Value;

    private static string SignInPage(string returnUrl, string nonce)
    {
        var html = new StringBuilder();
        html.Append("""
            <!doctype html>
            <html lang="vi">
            <head>
            <meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <link rel="icon" href="data:,">
            <title>Đăng nhập (môi trường phát triển) · Development sign-in</title>
            <style nonce="{{NONCE}}">
            body{font-family:system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
            .warn{background:#fff4ce;border:1px solid #e5c100;padding:.6rem .8rem;border-radius:4px}
            ul{list-style:none;padding:0} li{margin:.6rem 0}
            button{width:100%;text-align:left;padding:.7rem .9rem;border:1px solid #8a8a8a;border-radius:4px;background:#fff;cursor:pointer;font:inherit}
            button:hover,button:focus{background:#eef4ff;border-color:#0b57d0}
            .role{font-weight:600} .unit{color:#555} small{color:#555}
            </style>
            </head>
            <body>
            <h1>Đăng nhập thử <small lang="en">· Development sign-in</small></h1>
            <p class="warn">Chỉ dùng trên máy phát triển: trình cấp mã thử nghiệm cấp mã truy cập cho bất kỳ ai chọn tài khoản dưới đây.
            <br><small lang="en">Development only: this local issuer signs a token for whoever picks an account below.</small></p>
            <p>Chọn tài khoản mẫu <small lang="en">(pick a demo user)</small>:</p>
            <ul>
            """);
        foreach (var user in DemoUsers.All)
        {
            html.Append(CultureInfo.InvariantCulture, $"""
                <li><form method="post" action="{SignInPath}">
                <input type="hidden" name="user" value="{Encode(user.Id)}">
                <input type="hidden" name="return_url" value="{Encode(returnUrl)}">
                <button type="submit"><span class="role">{Encode(user.Name)}</span> — {Encode(user.Title)}<br>
                <span class="unit">Vai trò {Encode(user.Role.ToString())} · phạm vi {Encode(user.UnitName)} ({Encode(user.UnitCode)})</span></button>
                </form></li>

                """);
        }
        html.Append("</ul>\n</body>\n</html>\n");
        return html.Replace("{{NONCE}}", nonce).ToString();
    }

    private static string Encode(string value) => WebUtility.HtmlEncode(value);
}

internal sealed record DevTokenRequest(string? User);
