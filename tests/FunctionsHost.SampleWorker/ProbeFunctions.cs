using Microsoft.Azure.Functions.Worker;

namespace NoOneLeftBehind.FunctionsHost.SampleWorker;

/// <summary>
/// A queue function that does no work: it reports each message of the queue <c>probe</c> unchanged on <c>probe-done</c>
/// (an output binding the host writes). The load script <c>host-queue-roundtrip</c> (tests/Benchmarks) times the round
/// trip send → host → worker → done queue with it, the same scenario as the old local trigger runner's probe
/// (docs/benchmarks.md, "Hosting").
/// </summary>
public sealed class ProbeFunctions
{
    /// <summary>The queue the probe listens on; its reports go to <c>probe-done</c>.</summary>
    public const string QueueName = "probe";

    [Function("Probe")]
    [QueueOutput(QueueName + "-done")]
    public static string Probe([QueueTrigger(QueueName)] string message) => message;
}
