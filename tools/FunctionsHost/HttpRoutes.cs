using Microsoft.AspNetCore.Routing.Template;

namespace NoOneLeftBehind.FunctionsHost;

/// <summary>The outcome of matching a request against the HTTP functions' routes.</summary>
/// <param name="Function">The function that takes it, or null.</param>
/// <param name="Values">Its route values (parameters and defaults).</param>
/// <param name="AllowedMethods">When the path matched but not the method: the methods that would (for 405's Allow).</param>
internal sealed record RouteMatch(IndexedFunction? Function, RouteValueDictionary Values, IReadOnlyList<string> AllowedMethods);

/// <summary>
/// The HTTP functions' routes as the Functions host builds them: <c>routePrefix</c> + the binding's <c>route</c>
/// (default: the function name), matched by precedence (literal segments before parameters before catch-alls),
/// with inline constraints (<c>{id:int}</c>) and the binding's <c>methods</c> (none listed: every method).
/// The worker does no routing: this is the only place a request finds its function.
/// </summary>
internal sealed class HttpRoutes
{
    private readonly Entry[] _entries;
    private readonly IInlineConstraintResolver _constraints;

    public HttpRoutes(IEnumerable<IndexedFunction> functions, string routePrefix, IInlineConstraintResolver constraints, AppSettings settings)
    {
        _constraints = constraints;
        _entries = functions
            .Where(f => string.Equals(f.Trigger.Type, "httpTrigger", StringComparison.OrdinalIgnoreCase) && !settings.IsDisabled(f.Name))
            .Select(f =>
            {
                var route = f.Trigger.Text("route");
                var template = Combine(routePrefix, string.IsNullOrWhiteSpace(route) ? f.Name : settings.Resolve(route));
                var parsed = TemplateParser.Parse(template);
                var methods = f.Trigger.Strings("methods").Select(m => m.ToUpperInvariant()).ToArray();
                return new Entry(f, parsed, new TemplateMatcher(parsed, Defaults(parsed)), methods, RoutePrecedence.ComputeInbound(parsed));
            })
            .OrderBy(e => e.Precedence)
            .ThenBy(e => e.Template.TemplateText, StringComparer.OrdinalIgnoreCase)
            .ToArray();
    }

    public int Count => _entries.Length;

    public RouteMatch Match(HttpContext context)
    {
        var path = context.Request.Path;
        var method = context.Request.Method;
        var allowed = new List<string>();
        foreach (var entry in _entries)
        {
            var values = new RouteValueDictionary();
            if (!entry.Matcher.TryMatch(path, values) || !ConstraintsHold(entry.Template, values, context)) continue;
            if (entry.Methods.Length == 0 || entry.Methods.Contains(method, StringComparer.OrdinalIgnoreCase))
                return new RouteMatch(entry.Function, values, []);
            allowed.AddRange(entry.Methods);
        }
        return new RouteMatch(null, new RouteValueDictionary(), allowed.Distinct(StringComparer.OrdinalIgnoreCase).ToArray());
    }

    private bool ConstraintsHold(RouteTemplate template, RouteValueDictionary values, HttpContext context)
    {
        foreach (var part in template.Parameters)
        {
            foreach (var inline in part.InlineConstraints)
            {
                var constraint = _constraints.ResolveConstraint(inline.Constraint)
                    ?? throw new InvalidOperationException($"Unknown route constraint '{inline.Constraint}' in {template.TemplateText}.");
                if (!values.ContainsKey(part.Name!) && part.IsOptional) continue;
                if (!constraint.Match(context, null, part.Name!, values, RouteDirection.IncomingRequest)) return false;
            }
        }
        return true;
    }

    private static RouteValueDictionary Defaults(RouteTemplate template)
    {
        var defaults = new RouteValueDictionary();
        foreach (var part in template.Parameters.Where(p => p.DefaultValue is not null)) defaults[part.Name!] = part.DefaultValue;
        return defaults;
    }

    private static string Combine(string prefix, string route)
    {
        route = route.Trim('/');
        return string.IsNullOrEmpty(prefix) ? route : string.IsNullOrEmpty(route) ? prefix : prefix + "/" + route;
    }

    private sealed record Entry(IndexedFunction Function, RouteTemplate Template, TemplateMatcher Matcher, string[] Methods, decimal Precedence);
}
