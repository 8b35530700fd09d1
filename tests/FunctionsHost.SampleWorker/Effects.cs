namespace NoOneLeftBehind.FunctionsHost.SampleWorker;

/// <summary>
/// What the functions did, as one file per effect in <c>SAMPLE_EFFECTS_DIR</c> (a setting the tests give):
/// <c>{kind}~{token}~{detail}~{unique}</c>, so that concurrent invocations never write the same file.
/// </summary>
internal static class Effects
{
    public static void Record(string kind, string token, string detail)
    {
        var dir = Environment.GetEnvironmentVariable("SAMPLE_EFFECTS_DIR");
        if (string.IsNullOrEmpty(dir)) return;
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, $"{kind}~{token}~{detail}~{Guid.NewGuid():N}"), string.Empty);
    }
}
