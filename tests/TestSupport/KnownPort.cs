using System.Net.Sockets;

namespace NoOneLeftBehind.TestSupport;

/// <summary>
/// Starting a server on a port chosen before it starts (the development issuer's tokens and metadata name the app's own
/// address, so the port must be known up front). <see cref="FreePort.Next()"/> only finds a port that was free a moment
/// ago: another process (a parallel test assembly's Azurite, <c>scripts/run.sh</c>) may take it before the server binds.
/// <see cref="Start{T}"/> then gives the server up and tries again on a new port.
/// </summary>
public static class KnownPort
{
    /// <summary>How many ports are tried before the bind failure is reported.</summary>
    public const int Attempts = 5;

    /// <summary>
    /// Creates the server for a free port with <paramref name="create"/> and starts it with <paramref name="start"/>;
    /// when the bind fails because the port was taken meanwhile, disposes that server and tries a new port.
    /// Any other failure, and the last attempt's, is thrown as it is.
    /// </summary>
    /// <returns>The started server and the port it listens on.</returns>
    public static (T Server, int Port) Start<T>(Func<int, T> create, Action<T> start) where T : IDisposable
    {
        ArgumentNullException.ThrowIfNull(create);
        ArgumentNullException.ThrowIfNull(start);
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Next();
            var server = create(port);
            try
            {
                start(server);
                return (server, port);
            }
            catch (Exception e) when (attempt < Attempts && IsAddressInUse(e))
            {
                DisposeQuietly(server);
            }
        }
    }

    /// <summary>True when <paramref name="error"/> (or an exception inside it) says the address was already in use.</summary>
    public static bool IsAddressInUse(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse }) return true;
            // Kestrel wraps the socket error in Microsoft.AspNetCore.Connections.AddressInUseException (no reference here).
            if (string.Equals(e.GetType().Name, "AddressInUseException", StringComparison.Ordinal)) return true;
            if (e is AggregateException aggregate && aggregate.InnerExceptions.Any(IsAddressInUse)) return true;
        }
        return false;
    }

    private static void DisposeQuietly(IDisposable server)
    {
        try
        {
            server.Dispose();
        }
        catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException or AggregateException or IOException)
        {
            // A server that never started may refuse to stop cleanly; the next attempt does not depend on it.
        }
    }
}
