namespace NoOneLeftBehind.Functions.Identity.Dev;

/// <summary>Keeps the development issuer out of anything but a Development environment.</summary>
internal static class DevIssuerGuard
{
    /// <summary>Throws (the app does not start) if the issuer is enabled outside Development.</summary>
    public static void EnsureAllowed(DevIssuerOptions options, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        if (!options.Enabled || environment.IsDevelopment()) return;
        var why = environment.IsProduction()
            ? "the environment is Production"
            : $"the environment is {environment.EnvironmentName}, not Development";
        throw new InvalidOperationException(
            $"Identity:DevIssuer:Enabled is true but {why}. The development issuer signs a token for " +
            "anyone who asks and must never run outside a developer's machine. Remove the setting " +
            "(Identity__DevIssuer__Enabled) or set ASPNETCORE_ENVIRONMENT=Development.");
    }
}
