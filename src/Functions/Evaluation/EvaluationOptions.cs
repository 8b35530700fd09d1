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

/// <summary>Fixed window per client IP.</summary>
internal sealed class RateLimitOptions
{
    /// <summary>Requests allowed per window and client.</summary>
    public int PermitLimit { get; set; } = 120;

    /// <summary>Window length in seconds.</summary>
    public int WindowSeconds { get; set; } = 60;

    /// <summary>
    /// Take the client IP from the first X-Forwarded-For entry when the request comes from a loopback address:
    /// behind the Functions host every request arrives from 127.0.0.1, and the handler listens on loopback only.
    /// </summary>
    public bool TrustForwardedForFromLoopback { get; set; } = true;
}
