using System.Text.Json;

namespace NoOneLeftBehind.Functions.Hosting;

/// <summary>What a trigger handler sees of one invocation.</summary>
/// <param name="functionName">The function's name.</param>
/// <param name="messageText">The queue message's text (empty for a timer).</param>
/// <param name="dequeueCount">How many times the message has been delivered, 1 on the first attempt.</param>
/// <param name="messageId">The queue message id, if any.</param>
public sealed class TriggerContext(string functionName, string messageText, long dequeueCount = 1, string? messageId = null)
{
    /// <summary>The function's name.</summary>
    public string FunctionName { get; } = functionName;

    /// <summary>Log lines written to the function's log after the invocation.</summary>
    public List<string> Logs { get; } = [];

    /// <summary>How many times this queue message has been delivered, 1 on the first attempt.</summary>
    public long DequeueCount { get; } = dequeueCount;

    /// <summary>The queue message id, if the trigger is a queue.</summary>
    public string? MessageId { get; } = messageId;

    /// <summary>The queue message as text.</summary>
    public string MessageText { get; } = messageText;

    /// <summary>Deserialises the queue message body as <typeparamref name="T"/>.</summary>
    public T? ReadMessage<T>(JsonSerializerOptions? options = null)
        => JsonSerializer.Deserialize<T>(MessageText, options ?? JsonSerializerOptions.Web);
}

/// <summary>A queue- or timer-triggered handler, run by its function (<see cref="TriggerFunctions.RunAsync(Microsoft.Azure.Functions.Worker.FunctionContext, string?)"/>).</summary>
public interface ITriggerFunction
{
    /// <summary>The function name.</summary>
    string Name { get; }

    /// <summary>Runs one invocation. Throwing fails it (the host retries a queue message).</summary>
    Task InvokeAsync(TriggerContext context, CancellationToken cancellationToken);
}
