using System.Globalization;
using Microsoft.Azure.Functions.Worker;

namespace NoOneLeftBehind.Functions.Hosting;

/// <summary>A queue- or timer-triggered handler registered by its function's name.</summary>
/// <param name="Name">The function name (its <c>[Function]</c>).</param>
public sealed record TriggerFunctionRegistration(string Name);

/// <summary>
/// Queue and timer functions: a <c>[Function]</c> with <c>[QueueTrigger]</c>/<c>[TimerTrigger]</c> in the feature's
/// folder calls <see cref="RunAsync"/>, which runs the handler registered under the function's name.
/// </summary>
public static partial class TriggerFunctions
{
    /// <summary>Registers the handler of the queue- or timer-triggered function <paramref name="name"/>.</summary>
    public static IServiceCollection AddTriggerFunction<TFunction>(this IServiceCollection services, string name)
        where TFunction : class, ITriggerFunction
    {
        services.AddKeyedScoped<ITriggerFunction, TFunction>(name);
        services.AddSingleton(new TriggerFunctionRegistration(name));
        return services;
    }

    /// <summary>
    /// Runs the handler of the invoked function with the message (empty for a timer) and the trigger's metadata
    /// (<c>DequeueCount</c>, <c>Id</c>). Throwing fails the invocation: the host retries the message.
    /// </summary>
    public static async Task RunAsync(FunctionContext function, string? message)
    {
        ArgumentNullException.ThrowIfNull(function);
        var data = function.BindingContext.BindingData;
        var dequeueCount = data.TryGetValue("DequeueCount", out var d) && long.TryParse(d?.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 1;
        var id = data.TryGetValue("Id", out var i) ? i?.ToString() : null;
        var name = function.FunctionDefinition.Name;
        await RunAsync(function.InstanceServices, new TriggerContext(name, message ?? "", dequeueCount, id), function.CancellationToken);
    }

    /// <summary>Runs the handler registered as <see cref="TriggerContext.FunctionName"/> (also what the in-process test host calls).</summary>
    public static async Task RunAsync(IServiceProvider services, TriggerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(context);
        var handler = services.GetRequiredKeyedService<ITriggerFunction>(context.FunctionName);
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("TriggerFunctions");
        try
        {
            await handler.InvokeAsync(context, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogInvocationFailed(logger, ex, context.FunctionName, context.MessageId, context.DequeueCount);
            throw;
        }
        finally
        {
            foreach (var line in context.Logs) LogLine(logger, context.FunctionName, line);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Function {Function} failed on message {MessageId} (attempt {DequeueCount})")]
    private static partial void LogInvocationFailed(ILogger logger, Exception exception, string function, string? messageId, long dequeueCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Function}: {Line}")]
    private static partial void LogLine(ILogger logger, string function, string line);
}
