using System.Text.Json;

namespace NoOneLeftBehind.FunctionsHost;

/// <summary>
/// <c>worker.config.json</c>, which Worker.Sdk writes next to the build: how to start the worker
/// (<c>defaultExecutablePath</c>, usually <c>dotnet</c>, and <c>defaultWorkerPath</c>, the app's dll).
/// </summary>
/// <param name="Executable">The program to run.</param>
/// <param name="Arguments">Its first arguments (the worker dll when the program is dotnet).</param>
internal sealed record WorkerConfig(string Executable, IReadOnlyList<string> Arguments)
{
    public static WorkerConfig Load(string scriptRoot)
    {
        var path = Path.Combine(scriptRoot, "worker.config.json");
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path} does not exist: the script root must be an isolated worker's build output (Microsoft.Azure.Functions.Worker.Sdk writes worker.config.json).", path);
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        if (!doc.RootElement.TryGetProperty("description", out var description))
            throw new InvalidDataException($"{path} has no \"description\".");
        string? Get(string name) => description.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var executable = Expand(Get("defaultExecutablePath") ?? "dotnet", scriptRoot);
        var workerPath = Get("defaultWorkerPath");
        var arguments = new List<string>();
        if (!string.IsNullOrEmpty(workerPath)) arguments.Add(Path.GetFullPath(Expand(workerPath, scriptRoot), scriptRoot));
        return new WorkerConfig(executable, arguments);
    }

    private static string Expand(string value, string scriptRoot) => value.Replace("{WorkerRoot}", scriptRoot.TrimEnd('/') + "/", StringComparison.OrdinalIgnoreCase);
}
