using System.Collections.Concurrent;
using System.Threading.Channels;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Azure.Functions.Worker.Grpc.Messages;

namespace NoOneLeftBehind.FunctionsHost;

/// <summary>The worker went away (or is not there yet): the invocation did not run, or its outcome is unknown.</summary>
public sealed class WorkerUnavailableException : Exception
{
    /// <summary>An exception with a message.</summary>
    public WorkerUnavailableException(string message) : base(message) { }

    /// <summary>An exception with a message and a cause.</summary>
    public WorkerUnavailableException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>An exception with the default message.</summary>
    public WorkerUnavailableException() : base("The worker is not available.") { }
}

/// <summary>
/// One worker's gRPC event stream: the handshake (init → metadata → load), then invocations and their responses,
/// and the worker's logs. Messages to the worker go through one writer loop (a gRPC stream takes one writer at a time).
/// </summary>
internal sealed partial class WorkerChannel(string workerId, string scriptRoot, ILogger logger)
{
    private readonly Channel<StreamingMessage> _outbound = Channel.CreateUnbounded<StreamingMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, TaskCompletionSource<InvocationResponse>> _pending = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Dictionary<string, IndexedFunction> _byId = new(StringComparer.Ordinal);
    private Dictionary<string, IndexedFunction> _byName = new(StringComparer.OrdinalIgnoreCase);
    private int _loadsPending;
    private volatile bool _closed;
    private volatile bool _terminating;

    public string WorkerId { get; } = workerId;

    /// <summary>The worker's ASP.NET Core endpoint (its <c>HttpUri</c> capability), where HTTP requests are forwarded.</summary>
    public Uri? HttpUri { get; private set; }

    /// <summary>Completes when every function is loaded; fails if the handshake fails or the stream ends first.</summary>
    public Task Ready => _ready.Task;

    /// <summary>The functions the worker indexed and loaded.</summary>
    public IReadOnlyCollection<IndexedFunction> Functions => _byName.Values;

    public IndexedFunction? Find(string functionName) => _byName.GetValueOrDefault(functionName);

    /// <summary>Runs the stream until the worker closes it (or the host stops): handshake, then dispatch.</summary>
    public async Task RunAsync(Grpc.Core.IAsyncStreamReader<StreamingMessage> requests, Grpc.Core.IServerStreamWriter<StreamingMessage> responses, CancellationToken cancellationToken)
    {
        var writer = WriteLoopAsync(responses, cancellationToken);
        try
        {
            Send(new StreamingMessage
            {
                RequestId = NewId(),
                WorkerInitRequest = new WorkerInitRequest
                {
                    HostVersion = "4.0.0-local",
                    FunctionAppDirectory = scriptRoot,
                    WorkerDirectory = scriptRoot,
                },
            });
            while (await requests.MoveNext(cancellationToken).ConfigureAwait(false))
            {
                Dispatch(requests.Current);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // host stopping or the worker's connection dropped
        }
        catch (IOException ex) when (!_terminating)
        {
            LogStreamBroken(logger, ex, WorkerId);
        }
        catch (IOException)
        {
            // asked to terminate: the worker closes its stream as it exits
        }
        finally
        {
            Close();
            await writer.ConfigureAwait(false);
        }
    }

    /// <summary>Sends an invocation and waits for the worker's response.</summary>
    /// <exception cref="WorkerUnavailableException">The worker went away before it answered.</exception>
    public async Task<InvocationResponse> InvokeAsync(InvocationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var pending = new TaskCompletionSource<InvocationResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[request.InvocationId] = pending;
        try
        {
            if (_closed) throw new WorkerUnavailableException($"Worker {WorkerId} has gone.");
            Send(new StreamingMessage { RequestId = NewId(), InvocationRequest = request });
            using var registration = cancellationToken.Register(() =>
            {
                if (pending.TrySetCanceled(cancellationToken) && !_closed)
                    Send(new StreamingMessage { RequestId = NewId(), InvocationCancel = new InvocationCancel { InvocationId = request.InvocationId } });
            });
            return await pending.Task.ConfigureAwait(false);
        }
        finally
        {
            _pending.TryRemove(request.InvocationId, out _);
        }
    }

    /// <summary>Asks the worker to shut down within <paramref name="grace"/>.</summary>
    public void Terminate(TimeSpan grace)
    {
        _terminating = true;
        if (!_closed) Send(new StreamingMessage { RequestId = NewId(), WorkerTerminate = new WorkerTerminate { GracePeriod = Duration.FromTimeSpan(grace) } });
    }

    /// <summary>Fails whatever is pending: the worker is gone.</summary>
    public void Close()
    {
        if (_closed) return;
        _closed = true;
        _outbound.Writer.TryComplete();
        var gone = new WorkerUnavailableException($"Worker {WorkerId} went away during the invocation.");
        _ready.TrySetException(gone);
        foreach (var pending in _pending.Values) pending.TrySetException(gone);
    }

    private void Dispatch(StreamingMessage message)
    {
        switch (message.ContentCase)
        {
            case StreamingMessage.ContentOneofCase.WorkerInitResponse:
                OnInit(message.WorkerInitResponse);
                break;
            case StreamingMessage.ContentOneofCase.FunctionMetadataResponse:
                OnMetadata(message.FunctionMetadataResponse);
                break;
            case StreamingMessage.ContentOneofCase.FunctionLoadResponse:
                OnLoaded(message.FunctionLoadResponse);
                break;
            case StreamingMessage.ContentOneofCase.InvocationResponse:
                if (_pending.TryGetValue(message.InvocationResponse.InvocationId, out var pending))
                    pending.TrySetResult(message.InvocationResponse);
                break;
            case StreamingMessage.ContentOneofCase.RpcLog:
                WorkerLog.Write(logger, message.RpcLog);
                break;
            default:
                break;
        }
    }

    private void OnInit(WorkerInitResponse response)
    {
        if (response.Result?.Status == StatusResult.Types.Status.Failure)
        {
            Fail($"The worker failed to initialise: {response.Result.Exception?.Message ?? response.Result.Result}");
            return;
        }
        if (response.Capabilities.TryGetValue("HttpUri", out var httpUri) && Uri.TryCreate(httpUri, UriKind.Absolute, out var uri))
            HttpUri = uri;
        LogInitialised(logger, WorkerId, response.WorkerMetadata?.RuntimeVersion ?? "?", HttpUri);
        Send(new StreamingMessage { RequestId = NewId(), FunctionsMetadataRequest = new FunctionsMetadataRequest { FunctionAppDirectory = scriptRoot } });
    }

    private void OnMetadata(FunctionMetadataResponse response)
    {
        if (response.Result?.Status == StatusResult.Types.Status.Failure)
        {
            Fail($"The worker failed to index its functions: {response.Result.Exception?.Message ?? response.Result.Result}");
            return;
        }
        if (response.UseDefaultMetadataIndexing)
        {
            Fail("The worker asks the host to index function.json files; this host supports worker indexing only (an isolated worker built with Worker.Sdk 2.x).");
            return;
        }
        var functions = new List<(string Id, RpcFunctionMetadata Metadata)>();
        foreach (var metadata in response.FunctionMetadataResults)
        {
            var id = string.IsNullOrEmpty(metadata.FunctionId) ? NewId() : metadata.FunctionId;
            // The worker reports its assembly relative to the app directory; it loads it from the path we send back.
            metadata.ScriptFile = Path.GetFullPath(metadata.ScriptFile, scriptRoot);
            if (string.IsNullOrEmpty(metadata.Directory)) metadata.Directory = scriptRoot;
            metadata.FunctionId = id;
            IndexedFunction function;
            try
            {
                function = FunctionIndex.FromMetadata(id, metadata);
            }
            catch (InvalidDataException ex)
            {
                LogSkipped(logger, ex, metadata.Name);
                continue;
            }
            _byId[id] = function;
            functions.Add((id, metadata));
        }
        _byName = _byId.Values.ToDictionary(f => f.Name, StringComparer.OrdinalIgnoreCase);
        _loadsPending = functions.Count;
        if (functions.Count == 0)
        {
            _ = BecomeReadyAsync();
            return;
        }
        foreach (var (id, metadata) in functions)
            Send(new StreamingMessage { RequestId = NewId(), FunctionLoadRequest = new FunctionLoadRequest { FunctionId = id, Metadata = metadata } });
    }

    private void OnLoaded(FunctionLoadResponse response)
    {
        if (response.Result?.Status == StatusResult.Types.Status.Failure && _byId.Remove(response.FunctionId, out var failed))
        {
            LogLoadFailed(logger, failed.Name, response.Result.Exception?.Message ?? response.Result.Result);
            _byName = _byId.Values.ToDictionary(f => f.Name, StringComparer.OrdinalIgnoreCase);
        }
        if (--_loadsPending == 0)
        {
            var names = string.Join(", ", _byName.Keys.Order(StringComparer.Ordinal));
            LogLoaded(logger, WorkerId, names);
            _ = BecomeReadyAsync();
        }
    }

    /// <summary>
    /// Ready once the worker's HTTP endpoint accepts connections too: the worker may answer the load requests before its
    /// ASP.NET Core server listens, and a request forwarded in between would be refused.
    /// </summary>
    private async Task BecomeReadyAsync()
    {
        if (HttpUri is { } uri)
        {
            while (!_closed)
            {
                using var probe = new System.Net.Sockets.TcpClient();
                try
                {
                    using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                    await probe.ConnectAsync(uri.Host, uri.Port, attempt.Token).ConfigureAwait(false);
                    break;
                }
                catch (Exception ex) when (ex is System.Net.Sockets.SocketException or OperationCanceledException)
                {
                    await Task.Delay(50).ConfigureAwait(false);
                }
            }
        }
        _ready.TrySetResult();
    }

    private void Fail(string reason)
    {
        LogHandshakeFailed(logger, WorkerId, reason);
        _ready.TrySetException(new WorkerUnavailableException(reason));
    }

    private void Send(StreamingMessage message) => _outbound.Writer.TryWrite(message);

    private async Task WriteLoopAsync(Grpc.Core.IServerStreamWriter<StreamingMessage> responses, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var message in _outbound.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                await responses.WriteAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // stream over
        }
        catch (InvalidOperationException)
        {
            // the call completed while a message was queued: the worker is gone, Close() fails the callers
        }
        catch (IOException)
        {
            // the connection dropped
        }
    }

    private static string NewId() => Guid.NewGuid().ToString();

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker {WorkerId} initialised (runtime {Runtime}), HttpUri {HttpUri}")]
    private static partial void LogInitialised(ILogger logger, string workerId, string runtime, Uri? httpUri);

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker {WorkerId} loaded: {Functions}")]
    private static partial void LogLoaded(ILogger logger, string workerId, string functions);

    [LoggerMessage(Level = LogLevel.Error, Message = "Function {Function} failed to load: {Reason}")]
    private static partial void LogLoadFailed(ILogger logger, string function, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Function {Function} is skipped: its metadata cannot be read")]
    private static partial void LogSkipped(ILogger logger, Exception exception, string function);

    [LoggerMessage(Level = LogLevel.Error, Message = "Worker {WorkerId} handshake failed: {Reason}")]
    private static partial void LogHandshakeFailed(ILogger logger, string workerId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The event stream of worker {WorkerId} broke")]
    private static partial void LogStreamBroken(ILogger logger, Exception exception, string workerId);
}
