using Microsoft.Azure.Functions.Worker.Grpc.Messages;

namespace NoOneLeftBehind.FunctionsHost;

/// <summary>
/// The host side of <c>FunctionRpc.EventStream</c>: the worker opens the stream with <c>StartStream</c> (its worker id),
/// and the stream then belongs to that worker's <see cref="WorkerChannel"/> until it closes.
/// </summary>
internal sealed partial class FunctionRpcService(WorkerSupervisor supervisor, ILogger<FunctionRpcService> logger) : FunctionRpc.FunctionRpcBase
{
    public override async Task EventStream(
        Grpc.Core.IAsyncStreamReader<StreamingMessage> requestStream,
        Grpc.Core.IServerStreamWriter<StreamingMessage> responseStream,
        Grpc.Core.ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(requestStream);
        ArgumentNullException.ThrowIfNull(context);
        if (!await requestStream.MoveNext(context.CancellationToken).ConfigureAwait(false)) return;
        var first = requestStream.Current;
        if (first.ContentCase != StreamingMessage.ContentOneofCase.StartStream)
        {
            LogUnexpectedFirst(logger, first.ContentCase.ToString());
            return;
        }
        var channel = supervisor.Accept(first.StartStream.WorkerId);
        if (channel is null)
        {
            LogUnknownWorker(logger, first.StartStream.WorkerId);
            return;
        }
        await channel.RunAsync(requestStream, responseStream, context.CancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A worker opened the event stream with {Content} instead of StartStream; closed")]
    private static partial void LogUnexpectedFirst(ILogger logger, string content);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A worker with unknown id {WorkerId} connected (not the one this host started); closed")]
    private static partial void LogUnknownWorker(ILogger logger, string workerId);
}
