using System.Net;
using System.Net.Sockets;
using NoOneLeftBehind.TestSupport;
using Shouldly;
using Xunit;

namespace NoOneLeftBehind.Integration.Tests.Hosting;

/// <summary>
/// The test servers that must know their port before they start (the development issuer names it) bind through
/// <see cref="KnownPort"/>: a port taken between choosing and binding costs a retry, not a failed test class.
/// Real sockets: the "server" is a listener, and another listener plays the process that takes the port first.
/// </summary>
public sealed class KnownPortTests
{
    [Fact]
    public void PortTakenBeforeTheServerBinds_TriesANewPort()
    {
        var thief = new List<TcpListener>();
        var offered = new List<int>();
        try
        {
            var (server, port) = KnownPort.Start(p =>
            {
                offered.Add(p);
                if (offered.Count == 1)
                {
                    // Another process takes the port between FreePort.Next() and the bind.
                    var other = new TcpListener(IPAddress.Loopback, p);
                    other.Start();
                    thief.Add(other);
                }
                return new ListenerServer(p);
            }, s => s.Start());
            using (server)
            {
                offered.Count.ShouldBe(2);
                port.ShouldBe(offered[1]);
                port.ShouldNotBe(offered[0]);
                server.Listening.ShouldBeTrue();
            }
        }
        finally
        {
            foreach (var listener in thief) listener.Stop();
        }
    }

    [Fact]
    public void OtherStartFailures_AreNotRetried()
    {
        var calls = 0;
        Should.Throw<InvalidOperationException>(() => KnownPort.Start(p =>
        {
            calls++;
            return new ListenerServer(p);
        }, _ => throw new InvalidOperationException("configuration is wrong")));
        calls.ShouldBe(1);
    }

    [Fact]
    public void PortAlwaysTaken_GivesUpAfterTheAttempts_WithTheBindError()
    {
        var taken = new List<TcpListener>();
        try
        {
            var error = Should.Throw<SocketException>(() => KnownPort.Start(p =>
            {
                var other = new TcpListener(IPAddress.Loopback, p);
                other.Start();
                taken.Add(other);
                return new ListenerServer(p);
            }, s => s.Start()));
            error.SocketErrorCode.ShouldBe(SocketError.AddressAlreadyInUse);
            taken.Count.ShouldBe(KnownPort.Attempts);
        }
        finally
        {
            foreach (var listener in taken) listener.Stop();
        }
    }

    [Fact]
    public void AddressInUse_IsFoundInsideWrappers()
    {
        var socket = new SocketException((int)SocketError.AddressAlreadyInUse);
        KnownPort.IsAddressInUse(new IOException("Failed to bind to address", socket)).ShouldBeTrue();
        KnownPort.IsAddressInUse(new AggregateException(new InvalidOperationException("x"), new IOException("y", socket))).ShouldBeTrue();
        KnownPort.IsAddressInUse(new IOException("Failed", new SocketException((int)SocketError.AccessDenied))).ShouldBeFalse();
        KnownPort.IsAddressInUse(null).ShouldBeFalse();
    }

    private sealed class ListenerServer(int port) : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, port);

        public bool Listening { get; private set; }

        public void Start()
        {
            _listener.Start();
            Listening = true;
        }

        public void Dispose() => _listener.Stop();
    }
}
