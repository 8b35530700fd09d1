using System.Diagnostics;
using System.Globalization;
using Microsoft.Azure.Functions.Worker.Grpc.Messages;

namespace NoOneLeftBehind.FunctionsHost;

/// <summary>
/// Starts the worker with the host's arguments and environment, pairs it with its gRPC stream, and restarts it with
/// back-off when it dies (1 s, doubling up to a limit; back to the first delay once a worker has run for a while).
/// While no worker is ready, <see cref="RetryAfter"/> says when to try again.
/// </summary>
internal sealed partial class WorkerSupervisor(
    FunctionsHostOptions options,
    AppSettings settings,
    HostEndpoints endpoints,
    HostJson hostJson,
    QueueOutputs outputs,
    TimeProvider time,
    ILoggerFactory loggers) : BackgroundService, IHostedLifecycleService
{
    private static readonly TimeSpan StableAfter = TimeSpan.FromSeconds(30);
    private readonly ILogger _logger = loggers.CreateLogger("Host.Worker");
    private readonly object _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private TaskCompletionSource<WorkerChannel> _ready = NewReady();
    private Attempt? _attempt;
    private DateTimeOffset _nextStart;

    /// <summary>True once the host has begun to stop: invocations failing from now on fail because the worker is stopped.</summary>
    public bool IsStopping => _stopping.IsCancellationRequested;

    /// <summary>The worker process id while one runs.</summary>
    public int? ProcessId
    {
        get { lock (_gate) return _attempt?.Process is { HasExited: false } p ? p.Id : null; }
    }

    /// <summary>The ready worker, or null while none is (starting, restarting).</summary>
    public WorkerChannel? Current
    {
        get { lock (_gate) return _ready.Task.IsCompletedSuccessfully ? _ready.Task.Result : null; }
    }

    /// <summary>How long a caller should wait before retrying while no worker is ready (at least a second).</summary>
    public TimeSpan RetryAfter
    {
        get
        {
            var wait = _nextStart - time.GetUtcNow() + TimeSpan.FromSeconds(1);
            return wait < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait;
        }
    }

    /// <summary>Waits until a worker is ready (handshake done, functions loaded).</summary>
    public Task<WorkerChannel> WaitForWorkerAsync(CancellationToken cancellationToken)
    {
        Task<WorkerChannel> ready;
        lock (_gate) ready = _ready.Task;
        return ready.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Invokes a function by name on the ready worker (waiting for one), with the request <paramref name="build"/> fills in;
    /// cancels it after host.json's functionTimeout (a failed attempt); sends the queue outputs of a successful one.
    /// </summary>
    /// <exception cref="WorkerUnavailableException">The worker went away during the invocation, or has no such function.</exception>
    /// <exception cref="Azure.RequestFailedException">A queue output could not be sent.</exception>
    public async Task<InvocationResponse> InvokeAsync(
        string functionName, Action<InvocationRequest> build, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(build);
        var channel = await WaitForWorkerAsync(cancellationToken).ConfigureAwait(false);
        var function = channel.Find(functionName) ?? throw new WorkerUnavailableException($"The worker has no function {functionName}.");
        var request = new InvocationRequest
        {
            InvocationId = Guid.NewGuid().ToString(),
            FunctionId = function.Id,
            // The worker reads the trace context of every invocation: it must be there, even empty.
            TraceContext = new RpcTraceContext { TraceParent = Activity.Current?.Id ?? "" },
        };
        build(request);
        InvocationResponse response;
        using (var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            if (hostJson.FunctionTimeout is { } timeout) limit.CancelAfter(timeout);
            try
            {
                response = await channel.InvokeAsync(request, limit.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // host.json functionTimeout: the worker was told to cancel (InvocationCancel); the attempt failed.
                return new InvocationResponse
                {
                    InvocationId = request.InvocationId,
                    Result = new StatusResult
                    {
                        Status = StatusResult.Types.Status.Failure,
                        Result = $"Timeout value of {hostJson.FunctionTimeout} (host.json functionTimeout) was exceeded by function {functionName}.",
                    },
                };
            }
        }
        if (response.Succeeded()) await outputs.WriteAsync(function, response, cancellationToken).ConfigureAwait(false);
        return response;
    }

    /// <summary>
    /// Once the first worker is ready: its functions with the given trigger type, less those turned off by
    /// <c>AzureWebJobs.&lt;name&gt;.Disabled</c>; empty if the host stops first.
    /// </summary>
    public async Task<IReadOnlyList<IndexedFunction>> TriggeredByAsync(string triggerType, CancellationToken cancellationToken)
    {
        try
        {
            var first = await WaitForWorkerAsync(cancellationToken).ConfigureAwait(false);
            return first.Functions
                .Where(f => string.Equals(f.Trigger.Type, triggerType, StringComparison.OrdinalIgnoreCase) && !settings.IsDisabled(f.Name))
                .ToArray();
        }
        catch (OperationCanceledException)
        {
            return [];
        }
    }

    /// <summary>Pairs a worker's StartStream with the process we started; null for a worker we do not know.</summary>
    public WorkerChannel? Accept(string workerId)
    {
        lock (_gate)
        {
            if (_attempt is null || !string.Equals(_attempt.WorkerId, workerId, StringComparison.Ordinal) || _attempt.Channel is not null) return null;
            var channel = new WorkerChannel(workerId, options.ScriptRoot, _logger);
            _attempt.Channel = channel;
            var attempt = _attempt;
            _ = channel.Ready.ContinueWith(t =>
            {
                lock (_gate)
                {
                    if (t.IsCompletedSuccessfully && ReferenceEquals(_attempt, attempt)) _ready.TrySetResult(channel);
                }
            }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return channel;
        }
    }

    Task IHostedLifecycleService.StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    Task IHostedLifecycleService.StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Stops the worker before anything else stops: the web server stops first (it is registered last), and would wait
    /// for the worker's open gRPC stream. WorkerTerminate, a grace period, then kill.
    /// </summary>
    async Task IHostedLifecycleService.StoppingAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (ExecuteTask is { } running) await running.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    Task IHostedLifecycleService.StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override void Dispose()
    {
        _stopping.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, _stopping.Token);
        await SuperviseAsync(linked.Token).ConfigureAwait(false);
    }

    private async Task SuperviseAsync(CancellationToken stoppingToken)
    {
        int grpcPort;
        try
        {
            grpcPort = await endpoints.GrpcPort.WaitAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        var config = WorkerConfig.Load(options.ScriptRoot);
        OrphanWorkers.Reap(_logger);
        var delay = options.RestartDelay;
        while (!stoppingToken.IsCancellationRequested)
        {
            var attempt = Start(config, grpcPort);
            var started = time.GetTimestamp();
            var exited = attempt.Process.WaitForExitAsync(CancellationToken.None);
            try
            {
                var handshake = attempt.Channel?.Ready ?? WaitForChannelReadyAsync(attempt, stoppingToken);
                var first = await Task.WhenAny(handshake, exited, Task.Delay(options.StartupTimeout, time, stoppingToken)).ConfigureAwait(false);
                if (first != exited && !handshake.IsCompletedSuccessfully && !stoppingToken.IsCancellationRequested)
                {
                    LogNotReady(_logger, attempt.Process.Id, options.StartupTimeout.TotalSeconds);
                    Kill(attempt.Process);
                }
                await exited.WaitAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                await StopWorkerAsync(attempt).ConfigureAwait(false);
                attempt.Process.Dispose();
                return;
            }
            Gone(attempt);
            if (time.GetElapsedTime(started) >= StableAfter) delay = options.RestartDelay;
            _nextStart = time.GetUtcNow() + delay;
            LogExited(_logger, attempt.Process.Id, attempt.Process.ExitCode, delay.TotalSeconds);
            attempt.Process.Dispose();
            try
            {
                await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.MaxRestartDelay.Ticks));
        }
    }

    private static async Task WaitForChannelReadyAsync(Attempt attempt, CancellationToken cancellationToken)
    {
        while (attempt.Channel is null)
        {
            if (attempt.Process.HasExited) throw new WorkerUnavailableException("The worker exited before it connected.");
            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
        await attempt.Channel.Ready.ConfigureAwait(false);
    }

    private Attempt Start(WorkerConfig config, int grpcPort)
    {
        var workerId = Guid.NewGuid().ToString();
        var requestId = Guid.NewGuid().ToString();
        var port = grpcPort.ToString(CultureInfo.InvariantCulture);
        const string MaxMessage = "2147483647";
        var info = new ProcessStartInfo(config.Executable)
        {
            WorkingDirectory = options.ScriptRoot,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in config.Arguments) info.ArgumentList.Add(argument);
        // Both spellings: older workers read the first set, newer ones the --functions-* set.
        foreach (var argument in new[]
                 {
                     "--host", "127.0.0.1", "--port", port, "--workerId", workerId, "--requestId", requestId, "--grpcMaxMessageLength", MaxMessage,
                     "--functions-uri", $"http://127.0.0.1:{port}/", "--functions-worker-id", workerId, "--functions-request-id", requestId,
                     "--functions-grpc-max-message-length", MaxMessage,
                 })
        {
            info.ArgumentList.Add(argument);
        }
        // The worker's ASP.NET Core integration picks its own port and reports it as HttpUri; inherited URL settings would fight it.
        foreach (var name in new[] { "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "DOTNET_URLS", "URLS" }) info.Environment.Remove(name);
        foreach (var (name, value) in settings.Values) info.Environment[name] = value;
        info.Environment["FUNCTIONS_WORKER_RUNTIME"] = settings.Get("FUNCTIONS_WORKER_RUNTIME") ?? "dotnet-isolated";
        info.Environment["FUNCTIONS_APPLICATION_DIRECTORY"] = options.ScriptRoot;
        info.Environment["FUNCTIONS_WORKER_DIRECTORY"] = options.ScriptRoot;
        info.Environment["AzureWebJobsScriptRoot"] = options.ScriptRoot;
        if (settings.Get("AZURE_FUNCTIONS_ENVIRONMENT") is null) info.Environment["AZURE_FUNCTIONS_ENVIRONMENT"] = "Development";

        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) LogWorkerOutput(_logger, e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) LogWorkerError(_logger, e.Data); };
        var attempt = new Attempt(workerId, process);
        lock (_gate) _attempt = attempt;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        OrphanWorkers.Note(process.Id, workerId);
        LogStarted(_logger, process.Id, workerId, port);
        return attempt;
    }

    private void Gone(Attempt attempt)
    {
        attempt.Channel?.Close();
        OrphanWorkers.Forget(attempt.Process.Id);
        lock (_gate)
        {
            if (_ready.Task.IsCompleted) _ready = NewReady();
        }
    }

    private async Task StopWorkerAsync(Attempt attempt)
    {
        var grace = TimeSpan.FromSeconds(3);
        attempt.Channel?.Terminate(grace);
        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await attempt.Process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill(attempt.Process);
        }
        Gone(attempt);
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already exited
        }
    }

    private static TaskCompletionSource<WorkerChannel> NewReady() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed class Attempt(string workerId, Process process)
    {
        public string WorkerId { get; } = workerId;

        public Process Process { get; } = process;

        public WorkerChannel? Channel { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker process {Pid} started (worker id {WorkerId}, gRPC port {Port})")]
    private static partial void LogStarted(ILogger logger, int pid, string workerId, string port);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Worker process {Pid} exited with code {ExitCode}; restarting in {Delay} s")]
    private static partial void LogExited(ILogger logger, int pid, int exitCode, double delay);

    [LoggerMessage(Level = LogLevel.Error, Message = "Worker process {Pid} did not finish its handshake within {Seconds} s; killing it")]
    private static partial void LogNotReady(ILogger logger, int pid, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "[worker stdout] {Line}")]
    private static partial void LogWorkerOutput(ILogger logger, string line);

    [LoggerMessage(Level = LogLevel.Warning, Message = "[worker stderr] {Line}")]
    private static partial void LogWorkerError(ILogger logger, string line);
}

/// <summary>The host's listening ports, known once Kestrel has bound them.</summary>
internal sealed class HostEndpoints
{
    private readonly TaskCompletionSource<int> _grpc = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<int> GrpcPort => _grpc.Task;

    /// <summary>The gRPC port once bound (0 before).</summary>
    public int Grpc => _grpc.Task.IsCompletedSuccessfully ? _grpc.Task.Result : 0;

    public void SetGrpcPort(int port) => _grpc.TrySetResult(port);
}
