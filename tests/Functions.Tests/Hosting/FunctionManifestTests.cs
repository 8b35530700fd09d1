using NoOneLeftBehind.Functions.Hosting;

namespace NoOneLeftBehind.Functions.Tests.Hosting;

public sealed class FunctionManifestTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("manifest-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string functionName, string json)
    {
        var folder = Path.Combine(_dir, functionName);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "function.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void Load_QueueFunction_ReadsNameFromFolderAndTheTrigger()
    {
        var path = Write("EvaluateDossier", """{"bindings":[{"type":"queueTrigger","direction":"in","name":"message","queueName":"evaluations","connection":"DataStorage"}]}""");
        var manifest = FunctionManifest.Load(path);
        manifest.Name.ShouldBe("EvaluateDossier");
        manifest.Trigger.Type.ShouldBe("queueTrigger");
        manifest.Trigger.QueueName.ShouldBe("evaluations");
        manifest.Trigger.Name.ShouldBe("message");
    }

    [Theory]
    [InlineData("""{"bindings":[{"type":"cosmosDBTrigger","direction":"in","name":"x"}]}""", "not a known binding type")]
    [InlineData("""{"bindings":[{"type":"queueTrigger","direction":"in","name":"x"}]}""", "queueName is required")]
    [InlineData("""{"bindings":[{"type":"timerTrigger","direction":"in","name":"t","schedule":"0 0 7 * *"}]}""", "expected 6 fields")]
    [InlineData("""{"bindings":[{"type":"http","direction":"out","name":"res"}]}""", "exactly one trigger")]
    [InlineData("""{"bindings":{}}""", "'bindings' must be an array")]
    [InlineData("""{"bindings":[""", "not valid JSON")]
    public void Load_Broken_NamesTheFileAndTheProblem(string json, string expected)
    {
        var path = Write("Broken", json);
        var ex = Should.Throw<InvalidDataException>(() => FunctionManifest.Load(path));
        ex.Message.ShouldContain(path);
        ex.Message.ShouldContain(expected);
    }

    [Fact]
    public void Discover_SameNameTwice_Fails()
    {
        Write("A/Same", """{"bindings":[{"type":"queueTrigger","direction":"in","name":"m","queueName":"q"}]}""");
        Write("B/Same", """{"bindings":[{"type":"queueTrigger","direction":"in","name":"m","queueName":"q"}]}""");
        Should.Throw<InvalidDataException>(() => FunctionManifest.Discover(_dir)).Message.ShouldContain("declared twice");
    }
}
