using System.Globalization;
using NoOneLeftBehind.FunctionsHost;

// tools/FunctionsHost: runs an isolated worker build the way the Azure Functions host does (docs/functions-host.md).
//   dotnet run --project tools/FunctionsHost -- --script-root <worker build output> [--port 7071] [--listen 127.0.0.1] [--settings local.settings.json]
string? scriptRoot = null, listen = null, settingsPath = null;
var port = 7071;
var defaults = new FunctionsHostOptions { ScriptRoot = "." };
TimeSpan queueLease = defaults.QueueLease, restartDelay = defaults.RestartDelay;
for (var i = 0; i < args.Length; i++)
{
    string Value() => i + 1 < args.Length ? args[++i] : Fail($"Thiếu giá trị sau {args[i]}.", $"{args[i]} needs a value.");
    switch (args[i])
    {
        case "--script-root": scriptRoot = Value(); break;
        case "--port":
            var text = Value();
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port > 65535)
                Fail($"Cổng \"{text}\" không hợp lệ (0–65535).", $"The port \"{text}\" is not valid (0–65535).");
            break;
        case "--listen": listen = Value(); break;
        case "--settings": settingsPath = Value(); break;
        case "--queue-lease": queueLease = Span(Value(), "--queue-lease"); break;
        case "--restart-delay": restartDelay = Span(Value(), "--restart-delay"); break;
        case "-h" or "--help":
            Console.WriteLine("Usage: FunctionsHost --script-root <worker build output> [--port 7071] [--listen 127.0.0.1] [--settings <local.settings.json>]");
            Console.WriteLine("                     [--queue-lease 00:01:00] [--restart-delay 00:00:01]");
            return 0;
        default:
            Fail($"Tham số không được hỗ trợ: {args[i]}.", $"Unknown argument: {args[i]} (see --help).");
            break;
    }
}
scriptRoot ??= Directory.GetCurrentDirectory();

FunctionsHostApp host;
try
{
    host = FunctionsHostApp.Create(new FunctionsHostOptions
    {
        ScriptRoot = scriptRoot,
        Port = port,
        ListenAddress = listen ?? "127.0.0.1",
        LocalSettingsPath = settingsPath,
        QueueLease = queueLease,
        RestartDelay = restartDelay,
    });
}
catch (Exception ex) when (ex is FileNotFoundException or InvalidDataException or FormatException)
{
    Fail("Không khởi động được máy chủ Functions cục bộ.", ex.Message);
    return 2;
}

await using (host)
{
    await host.StartAsync().ConfigureAwait(false);
    Console.WriteLine($"Functions host: {host.BaseAddress} (worker gRPC on 127.0.0.1:{host.GrpcPort})");
    using var stopping = new CancellationTokenSource();
    Console.CancelKeyPress += (_, _) => stopping.Cancel();
    _ = Task.Run(async () =>
    {
        try
        {
            await host.WaitForWorkerAsync(stopping.Token).ConfigureAwait(false);
            Console.WriteLine("Functions:");
            foreach (var (name, trigger, route) in host.Functions(host.RoutePrefix))
                Console.WriteLine(route is null ? $"  {name}: {trigger}" : $"  {name}: {new Uri(host.BaseAddress, route.TrimStart('/'))}");
        }
        catch (OperationCanceledException)
        {
            // stopped before the worker was ready
        }
    });
    await host.WaitForShutdownAsync().ConfigureAwait(false);
}
return 0;

static TimeSpan Span(string text, string option)
{
    if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value) && value > TimeSpan.Zero) return value;
    Fail($"{option} \"{text}\" không phải khoảng thời gian dương hh:mm:ss.", $"{option} \"{text}\" is not a positive hh:mm:ss time span.");
    return value;
}

static string Fail(string vi, string en)
{
    Console.Error.WriteLine($"{vi} / {en}");
    Environment.Exit(2);
    return "";
}
