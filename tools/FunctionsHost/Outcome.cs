using Microsoft.Azure.Functions.Worker.Grpc.Messages;

namespace NoOneLeftBehind.FunctionsHost;

/// <summary>Reads an invocation's outcome.</summary>
internal static class Outcome
{
    public static bool Succeeded(this InvocationResponse response) => response.Result?.Status == StatusResult.Types.Status.Success;

    /// <summary>Why it failed: the worker's exception (type, message, stack) or its result text.</summary>
    public static string Reason(this InvocationResponse response) =>
        response.Result?.Exception is { } e && !string.IsNullOrEmpty(e.Message)
            ? $"{e.Type}: {e.Message}{(string.IsNullOrEmpty(e.StackTrace) ? "" : "\n" + e.StackTrace)}"
            : response.Result?.Result ?? "no result";
}
