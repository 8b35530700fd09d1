namespace NoOneLeftBehind.Functions.Evaluation;

/// <summary>Configuration section <c>Evaluation</c>.</summary>
internal sealed class EvaluationOptions
{
    public const string Section = "Evaluation";

    /// <summary>
    /// A folder of plan files (<c>&lt;plan id&gt;.json</c>) to load instead of the catalogue embedded in the domain
    /// assembly. Empty: the embedded catalogue.
    /// </summary>
    public string? PlansDirectory { get; set; }

    /// <summary>Largest request body accepted by POST /api/evaluate, in bytes.</summary>
    public int MaxRequestBytes { get; set; } = 256 * 1024;

    /// <summary>Anonymous rate limit per client IP.</summary>
    public RateLimitOptions RateLimit { get; set; } = new();
}

/// <summary>Fixed window per signed-in caller, else per client address (as trusted by <c>Network:ForwardedHeaders</c>).</summary>
internal sealed class RateLimitOptions
{
    /// <summary>Requests allowed per window and client.</summary>
    public int PermitLimit { get; set; } = 120;

    /// <summary>Window length in seconds.</summary>
    public int WindowSeconds { get; set; } = 60;
}
