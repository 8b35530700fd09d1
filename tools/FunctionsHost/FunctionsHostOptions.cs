namespace NoOneLeftBehind.FunctionsHost;

/// <summary>How the host runs: which worker build, where it listens, and the few knobs tests and run.sh need.</summary>
public sealed record FunctionsHostOptions
{
    /// <summary>The worker's build output (holds worker.config.json, host.json and, for local use, local.settings.json).</summary>
    public required string ScriptRoot { get; init; }

    /// <summary>The public HTTP port (0: a free one).</summary>
    public int Port { get; init; } = 7071;

    /// <summary>The address the public HTTP endpoint binds (loopback unless told otherwise).</summary>
    public string ListenAddress { get; init; } = "127.0.0.1";

    /// <summary>The settings file; default <c>local.settings.json</c> in <see cref="ScriptRoot"/>.</summary>
    public string? LocalSettingsPath { get; init; }

    /// <summary>Settings that win over local.settings.json (tests point the app at their Azurite this way).</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>How long a dequeued message stays invisible while it is processed; renewed at half of it.</summary>
    public TimeSpan QueueLease { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The first wait before restarting a worker that died; doubled on each crash in a row.</summary>
    public TimeSpan RestartDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait before a restart.</summary>
    public TimeSpan MaxRestartDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a worker may take from start to the end of the handshake before it is killed and restarted.</summary>
    public TimeSpan StartupTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
