using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Azure.Functions.Worker;

namespace NoOneLeftBehind.Functions.Hosting;

/// <summary>
/// Our minimal-API endpoints, declared per feature as before (<c>MapDossiers</c>, <c>MapStatistics</c>…), collected on a
/// route builder that is not a server (ADR 0009). A function names its endpoint; <see cref="RunAsync"/> sets it on the
/// request and runs our one pipeline (<see cref="AppComposition.UsePipeline"/>), which ends in authorization and the
/// endpoint's delegate. The front end's catch-all function names none: routing over this table picks the file route.
/// </summary>
public sealed class EndpointTable : IEndpointRouteBuilder
{
    /// <summary>The key ASP.NET Core's <c>UseRouting</c> reads a shared route builder from (WebApplication sets it too).</summary>
    private const string GlobalEndpointRouteBuilderKey = "__GlobalEndpointRouteBuilder";

    /// <summary>What the front end's catch-all function names: no endpoint of its own, routing decides.</summary>
    public const string Routed = "(routed)";

    private readonly Dictionary<string, (RouteEndpoint Endpoint, TemplateMatcher Matcher)> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _endpointOfFunction;
    private readonly IHttpContextAccessor? _accessor;
    private RequestDelegate? _pipeline;

    /// <summary>Maps every endpoint of the app (<see cref="AppComposition.MapEndpoints"/>).</summary>
    public EndpointTable(IServiceProvider services)
    {
        ServiceProvider = services;
        _accessor = services.GetService<IHttpContextAccessor>();
        AppComposition.MapEndpoints(this);
        foreach (var endpoint in DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName is not { } name) continue;
            _byName[name] = (endpoint, new TemplateMatcher(new RouteTemplate(endpoint.RoutePattern), new RouteValueDictionary(endpoint.RoutePattern.Defaults)));
        }
        _endpointOfFunction = HttpFunction.In(typeof(EndpointTable).Assembly)
            .Where(f => f.Endpoint is not null)
            .ToDictionary(f => f.Name, f => f.Endpoint!, StringComparer.OrdinalIgnoreCase);
    }

    /// <inheritdoc/>
    public IServiceProvider ServiceProvider { get; }

    /// <inheritdoc/>
    public ICollection<EndpointDataSource> DataSources { get; } = new List<EndpointDataSource>();

    /// <inheritdoc/>
    public IApplicationBuilder CreateApplicationBuilder() => new ApplicationBuilder(ServiceProvider);

    /// <summary>The named endpoints.</summary>
    public IReadOnlyDictionary<string, RouteEndpoint> Endpoints => _byName.ToDictionary(p => p.Key, p => p.Value.Endpoint, StringComparer.Ordinal);

    /// <summary>
    /// Runs the request through our pipeline with the endpoint <paramref name="name"/> (its route values read from the
    /// path by its own template). An endpoint this configuration does not map (the development issuer off, say) and
    /// <see cref="Routed"/> leave the choice to routing over this table, so the answer is what the app gave before:
    /// the file route, or a 404/405 problem.
    /// </summary>
    public Task RunAsync(HttpContext http, string name)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(name);
        // The function runs on the invocation's flow, not the worker's request flow: give the accessor the request.
        if (_accessor is not null) _accessor.HttpContext = http;
        http.SetEndpoint(null);
        http.Request.RouteValues.Clear();
        if (_byName.TryGetValue(name, out var entry))
        {
            var values = new RouteValueDictionary();
            if (entry.Matcher.TryMatch(http.Request.Path, values))
            {
                foreach (var (key, value) in values) http.Request.RouteValues[key] = value;
                http.SetEndpoint(entry.Endpoint);
            }
        }
        return (_pipeline ??= BuildPipeline())(http);
    }

    /// <summary>Runs the endpoint the function's <see cref="EndpointAttribute"/> names (what every HTTP function does).</summary>
    public Task RunAsync(HttpRequest request, FunctionContext function)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(function);
        return RunAsync(request.HttpContext, _endpointOfFunction.GetValueOrDefault(function.FunctionDefinition.Name, Routed));
    }

    private RequestDelegate BuildPipeline()
    {
        var app = new ApplicationBuilder(ServiceProvider);
        app.Properties[GlobalEndpointRouteBuilderKey] = this; // UseRouting matches over this table when no endpoint is set
        app.UseRouting();
        AppComposition.UsePipeline(app);
        app.Run(http => http.GetEndpoint()?.RequestDelegate is { } endpoint ? endpoint(http) : NotFound(http));
        return app.Build();
    }

    private static Task NotFound(HttpContext http)
    {
        http.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }

    /// <summary>
    /// The start-up check of ADR 0009 item 3: every HTTP function names an endpoint (or is the front end's catch-all);
    /// that endpoint declares its authorization (roles, unit scope, signed-in, or <c>AllowAnonymous</c> from the
    /// allow-list) and has the function's route and methods. A development-only endpoint this configuration does not map is
    /// allowed to be absent. Returns the problems, one line each (empty: fine).
    /// </summary>
    public IReadOnlyList<string> Check(IEnumerable<HttpFunction> functions)
    {
        ArgumentNullException.ThrowIfNull(functions);
        var problems = new List<string>();
        var named = new HashSet<string>(StringComparer.Ordinal);
        foreach (var function in functions)
        {
            if (function.Endpoint is null)
            {
                problems.Add($"{function.Name}: names no endpoint ([Endpoint(\"<endpoint name>\")]).");
                continue;
            }
            if (function.Endpoint == Routed)
            {
                if (function.Route != "{*path}") problems.Add($"{function.Name}: only the front end's catch-all route '{{*path}}' may leave the endpoint to routing.");
                continue;
            }
            named.Add(function.Endpoint);
            if (!_byName.TryGetValue(function.Endpoint, out var entry))
            {
                if (!function.Endpoint.StartsWith("dev:", StringComparison.Ordinal))
                    problems.Add($"{function.Name}: endpoint '{function.Endpoint}' is not mapped.");
                continue;
            }
            var endpoint = entry.Endpoint;
            var template = Normalize(endpoint.RoutePattern.RawText);
            if (!string.Equals(template, Normalize(function.Route), StringComparison.OrdinalIgnoreCase))
                problems.Add($"{function.Name}: route '{function.Route}' but endpoint '{function.Endpoint}' is '{template}'.");
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [];
            if (!methods.Order(StringComparer.OrdinalIgnoreCase).SequenceEqual(function.Methods.Order(StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase))
                problems.Add($"{function.Name}: methods {string.Join(",", function.Methods)} but endpoint '{function.Endpoint}' has {string.Join(",", methods)}.");
            if (AuthorizationOf(endpoint) is null)
                problems.Add($"{function.Name}: endpoint '{function.Endpoint}' declares no authorization (RequireRoles, RequireUnitScope, RequireSignedIn or an allowed AllowAnonymous).");
        }
        foreach (var name in _byName.Keys.Where(n => !n.StartsWith("web:", StringComparison.Ordinal) && !named.Contains(n)))
            problems.Add($"endpoint '{name}' has no function.");
        return problems;
    }

    /// <summary>The anonymous endpoints allowed (ADR 0009 item 3): evaluate, plans, health, the sign-in configuration, embedding's session check and the development issuer.</summary>
    public static IReadOnlySet<string> AnonymousAllowList { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "evaluation:evaluate", "evaluation:plans", "evaluation:plan", "Health", "identity:auth-config",
        "dev:openid-configuration", "dev:keys", "dev:sign-in-page", "dev:sign-in", "dev:token",
    };

    /// <summary>How an endpoint is authorized: "anonymous", the roles/policies, or null when it says nothing.</summary>
    public static string? AuthorizationOf(Endpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var name = endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? "";
        if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            return AnonymousAllowList.Contains(name) || name.StartsWith("web:", StringComparison.Ordinal) ? "anonymous" : null;
        var declared = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Roles ?? a.Policy ?? "signed-in")
            .Concat(endpoint.Metadata.GetOrderedMetadata<AuthorizationPolicy>().SelectMany(p => p.Requirements).Select(Describe))
            .Where(s => s.Length > 0)
            .ToList();
        return declared.Count == 0 ? null : string.Join("; ", declared);
    }

    private static string Describe(IAuthorizationRequirement requirement) => requirement switch
    {
        Identity.AppRoleRequirement roles => "roles " + string.Join(",", roles.Roles),
        Microsoft.AspNetCore.Authorization.Infrastructure.DenyAnonymousAuthorizationRequirement => "signed-in",
        _ => requirement.GetType().Name.Replace("Requirement", "", StringComparison.Ordinal),
    };

    private static string Normalize(string? template) => (template ?? "").Trim('/');
}

/// <summary>An HTTP function as its attributes declare it, and the endpoint it names (read from its one-line body's constant).</summary>
/// <param name="Name">The function name.</param>
/// <param name="Route">The trigger's route.</param>
/// <param name="Methods">The trigger's methods.</param>
/// <param name="Endpoint">The endpoint named by <see cref="EndpointAttribute"/>, or null.</param>
public sealed record HttpFunction(string Name, string Route, IReadOnlyList<string> Methods, string? Endpoint)
{
    /// <summary>Every <c>[Function]</c> with an <c>[HttpTrigger]</c> in <paramref name="assembly"/>.</summary>
    public static IReadOnlyList<HttpFunction> In(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return [.. assembly.GetTypes().SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Select(m => (Method: m, Function: m.GetCustomAttribute<FunctionAttribute>(),
                Trigger: m.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(a => a is not null)))
            .Where(x => x.Function is not null && x.Trigger is not null)
            .Select(x => new HttpFunction(x.Function!.Name, x.Trigger!.Route ?? x.Function.Name, x.Trigger.Methods ?? [], x.Method.GetCustomAttribute<EndpointAttribute>()?.Name))
            .OrderBy(f => f.Name, StringComparer.Ordinal)];
    }
}

/// <summary>The endpoint an HTTP function runs (checked at start against the endpoint's route, methods and authorization).</summary>
/// <param name="name">The endpoint's name (<c>WithName</c>), or <see cref="EndpointTable.Routed"/> for the front end.</param>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class EndpointAttribute(string name) : Attribute
{
    /// <summary>The endpoint's name.</summary>
    public string Name { get; } = name;
}
