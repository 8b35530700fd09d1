namespace NoOneLeftBehind.Functions.Hosting;

/// <summary>A setting that turns on something only a developer's machine may run.</summary>
/// <param name="Setting">The configuration key (<c>__</c> for <c>:</c> in environment variables).</param>
/// <param name="What">What it does, for the start-up error.</param>
/// <param name="IsOn">Whether the configuration turns it on.</param>
public sealed record DevelopmentSwitch(string Setting, string What, Func<IConfiguration, bool> IsOn);

/// <summary>
/// The development-only switches and the one allow-list of environments where they may be on: an environment whose
/// name is exactly one of <see cref="Environments"/> (today only <c>Development</c>, case included). Anything else —
/// Production, Staging, Test, <c>development</c> — refuses to start while a switch is on, naming the switches.
/// A new switch is added to <see cref="Switches"/> and asks <see cref="IsAllowed"/> for its own defaults.
/// </summary>
public static class DevelopmentOnly
{
    /// <summary>Environment names where development switches may be on (ordinal comparison).</summary>
    public static IReadOnlyList<string> Environments { get; } = [Microsoft.Extensions.Hosting.Environments.Development];

    /// <summary>Every development-only switch of the app.</summary>
    public static IReadOnlyList<DevelopmentSwitch> Switches { get; } =
    [
        new("Identity:DevIssuer:Enabled", "the development sign-in, which signs a token for anyone who asks (and seeds demo unit scopes and Bắc Giang's nominating bodies)",
            c => c.GetValue<bool>("Identity:DevIssuer:Enabled")),
        new("Dossiers:SeedDemoData", "demo dossiers written at start", c => c.GetValue<bool?>("Dossiers:SeedDemoData") == true),
        new("Statistics:SeedDemoData", "generated review figures for every unit written at start", c => c.GetValue<bool>("Statistics:SeedDemoData")),
        new("Dossiers:TestFaults", "evaluation and list-forwarding faults injected for reliability tests",
            c => !string.IsNullOrEmpty(c["Dossiers:TestFaults:FailEvaluationWhenNomineeContains"]) || c.GetValue<int>("Dossiers:TestFaults:FirstAttemptDelayMs") > 0
                 || !string.IsNullOrEmpty(c["Dossiers:TestFaults:InterruptListForwardingAfter"])),
        new("Clock:FixedNow", "a business clock set to another date (deadlines, reminders, timestamps)", c => !string.IsNullOrWhiteSpace(c["Clock:FixedNow"])),
    ];

    /// <summary>True when <paramref name="environment"/> is on the allow-list.</summary>
    public static bool IsAllowed(IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return Environments.Contains(environment.EnvironmentName, StringComparer.Ordinal);
    }

    /// <summary>The switches <paramref name="configuration"/> turns on.</summary>
    public static IReadOnlyList<DevelopmentSwitch> On(IConfiguration configuration) => [.. Switches.Where(s => s.IsOn(configuration))];

    /// <summary>Throws (the app does not start) when a switch is on outside the allow-list.</summary>
    /// <exception cref="InvalidOperationException">A switch is on and the environment is not allowed.</exception>
    public static void EnsureAllowed(IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (IsAllowed(environment)) return;
        var on = On(configuration);
        if (on.Count == 0) return;
        var name = string.IsNullOrEmpty(environment.EnvironmentName) ? "(empty)" : environment.EnvironmentName;
        throw new InvalidOperationException(
            $"Development-only settings are on but the environment is {name}, and they are allowed only in: {string.Join(", ", Environments)}. "
            + string.Join(" ", on.Select(s => $"{s.Setting} ({s.What}).")) + " "
            + $"Remove them ({string.Join(", ", on.Select(s => s.Setting.Replace(":", "__", StringComparison.Ordinal)))} in environment variables) "
            + "or run with ASPNETCORE_ENVIRONMENT=Development on a developer's machine.");
    }
}
