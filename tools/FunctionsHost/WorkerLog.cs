using Microsoft.Azure.Functions.Worker.Grpc.Messages;

namespace NoOneLeftBehind.FunctionsHost;

/// <summary>The worker's RpcLog messages, written to the host's console log at their level.</summary>
internal static partial class WorkerLog
{
    public static void Write(ILogger logger, RpcLog log)
    {
        var level = log.Level switch
        {
            RpcLog.Types.Level.Trace => LogLevel.Trace,
            RpcLog.Types.Level.Debug => LogLevel.Debug,
            RpcLog.Types.Level.Information => LogLevel.Information,
            RpcLog.Types.Level.Warning => LogLevel.Warning,
            RpcLog.Types.Level.Error => LogLevel.Error,
            RpcLog.Types.Level.Critical => LogLevel.Critical,
            _ => LogLevel.None,
        };
        if (level == LogLevel.None || !logger.IsEnabled(level)) return;
        var exception = log.Exception is { } e && !string.IsNullOrEmpty(e.Message) ? $"\n{e.Type}: {e.Message}\n{e.StackTrace}" : "";
        Log(logger, level, log.Category, log.Message, exception);
    }

    [LoggerMessage(Message = "[worker] {Category}: {Message}{Exception}")]
    private static partial void Log(ILogger logger, LogLevel level, string category, string message, string exception);
}
