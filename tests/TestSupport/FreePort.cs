using System.Net;
using System.Net.Sockets;

namespace NoOneLeftBehind.TestSupport;

/// <summary>Free TCP ports on the loopback interface, found by letting the OS pick (bind to port 0).</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Several distinct ports; all are held open until all are chosen, so they differ.</summary>
    public static int[] Next(int count)
    {
        var listeners = new List<TcpListener>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                listeners.Add(listener);
            }
            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Stop();
            }
        }
    }

    /// <summary>A port that nothing listens on (for "storage is down" tests).</summary>
    public static int Closed() => Next();
}
