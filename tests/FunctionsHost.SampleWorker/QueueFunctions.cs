using System.Globalization;
using Microsoft.Azure.Functions.Worker;

namespace NoOneLeftBehind.FunctionsHost.SampleWorker;

/// <summary>
/// A queue function on the queue the app setting WorkQueue names (a binding expression the host resolves), whose
/// message says what to do: <c>ok:token</c> succeeds, <c>fail:token</c> throws on every attempt,
/// <c>block:token</c> hangs on its first delivery (so that a test can kill the worker mid-invocation) and succeeds after.
/// </summary>
public sealed class QueueFunctions
{
    /// <returns>For a message that succeeds, <c>done:token</c> on the "work-done" queue (an output binding the host writes).</returns>
    [Function("Work")]
    [QueueOutput("work-done")]
    public static async Task<string?> Work([QueueTrigger("%WorkQueue%")] string message, FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var dequeueCount = Convert.ToInt64(context.BindingContext.BindingData["DequeueCount"], CultureInfo.InvariantCulture);
        var separator = message.IndexOf(':', StringComparison.Ordinal);
        var (verb, token) = separator < 0 ? (message, "") : (message[..separator], message[(separator + 1)..]);
        switch (verb)
        {
            case "fail":
                Effects.Record("attempt", token, dequeueCount.ToString(CultureInfo.InvariantCulture));
                throw new InvalidOperationException($"Message {token} fails on purpose (attempt {dequeueCount}).");
            case "block" when dequeueCount == 1:
                Effects.Record("started", token, Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
                await Task.Delay(Timeout.Infinite, context.CancellationToken).ConfigureAwait(false);
                return null;
            default:
                Effects.Record("done", token, dequeueCount.ToString(CultureInfo.InvariantCulture));
                return "done:" + token;
        }
    }
}
