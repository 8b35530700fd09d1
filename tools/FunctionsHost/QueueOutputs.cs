using System.Text.Json;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker.Grpc.Messages;

namespace NoOneLeftBehind.FunctionsHost;

/// <summary>
/// Queue output bindings (<c>[QueueOutput]</c>, binding type <c>queue</c>): after a successful invocation, what the
/// worker returned for each such binding (<c>$return</c> or a named output) is sent to its queue — a string or JSON
/// value as one message, a collection or a JSON array as one message per item — encoded as host.json says.
/// </summary>
internal sealed class QueueOutputs(StorageClients storage, AppSettings settings)
{
    /// <summary>Sends the outputs of a successful invocation; throws when a queue refuses (the invocation then counts as failed).</summary>
    public async Task WriteAsync(IndexedFunction function, InvocationResponse response, CancellationToken cancellationToken)
    {
        foreach (var binding in function.Outputs.Values.Where(b => string.Equals(b.Type, "queue", StringComparison.OrdinalIgnoreCase)))
        {
            var data = binding.Name == "$return" ? response.ReturnValue : response.OutputData.FirstOrDefault(o => o.Name == binding.Name)?.Data;
            var messages = Messages(data).ToArray();
            if (messages.Length == 0) continue;
            var queueName = settings.Resolve(binding.Text("queueName") ?? throw new InvalidOperationException($"The queue output {binding.Name} of {function.Name} has no queueName."));
            QueueClient queue = storage.Queue(binding.Text("connection"), queueName);
            foreach (var message in messages) await SendCreatingQueueAsync(queue, message, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Sends, and creates the queue only when the send finds none (then sends again): as the Functions host's queue output
    /// does, one storage call per message in the usual case instead of a create-if-not-exists before each.
    /// </summary>
    internal static async Task SendCreatingQueueAsync(QueueClient queue, BinaryData message, CancellationToken cancellationToken)
    {
        try
        {
            await queue.SendMessageAsync(message, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == QueueErrorCode.QueueNotFound)
        {
            await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            await queue.SendMessageAsync(message, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    private static IEnumerable<BinaryData> Messages(TypedData? data)
    {
        switch (data?.DataCase)
        {
            case TypedData.DataOneofCase.String when data.String.Length > 0:
                yield return BinaryData.FromString(data.String);
                break;
            case TypedData.DataOneofCase.Json when data.Json is not ("" or "null"):
                using (var doc = JsonDocument.Parse(data.Json))
                {
                    if (doc.RootElement.ValueKind != JsonValueKind.Array)
                    {
                        yield return BinaryData.FromString(Text(doc.RootElement));
                        break;
                    }
                    foreach (var item in doc.RootElement.EnumerateArray()) yield return BinaryData.FromString(Text(item));
                }
                break;
            case TypedData.DataOneofCase.Bytes when !data.Bytes.IsEmpty:
                yield return BinaryData.FromBytes(data.Bytes.ToByteArray());
                break;
            case TypedData.DataOneofCase.CollectionString:
                foreach (var item in data.CollectionString.String) yield return BinaryData.FromString(item);
                break;
            case TypedData.DataOneofCase.CollectionBytes:
                foreach (var item in data.CollectionBytes.Bytes) yield return BinaryData.FromBytes(item.ToByteArray());
                break;
            default:
                break;
        }
    }

    private static string Text(JsonElement element) => element.ValueKind == JsonValueKind.String ? element.GetString()! : element.GetRawText();
}
