using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace Omnirapeutic.Tests.Infrastructure;

/// <summary>
/// A loopback TCP relay in front of the shared test server, for one test's app alone: <see cref="Cut"/> resets its
/// connections and refuses new ones, as a database that went away does; <see cref="Restore"/> brings it back; and
/// <see cref="BreakAfterNextCommit"/> lets one COMMIT reach the server and drops the connection before its answer
/// reaches the app, which then cannot know whether the change was saved. The shared server itself never stops.
/// </summary>
public sealed class DatabaseLink : IAsyncDisposable
{
    private static readonly byte[] Commit = Encoding.ASCII.GetBytes("COMMIT\0");

    private readonly DnsEndPoint _server;
    private readonly ConcurrentDictionary<Relay, byte> _relays = new();
    private readonly CancellationTokenSource _stopping = new();
    private TcpListener _listener;
    private Task _accepting;
    private int _breakAfterCommit;

    private DatabaseLink(DnsEndPoint server)
    {
        _server = server;
        _listener = Listen(0);
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync(_listener);
    }

    public int Port { get; }

    public static DatabaseLink Start(PostgresServer postgres)
    {
        var admin = new NpgsqlConnectionStringBuilder(postgres.AdminConnectionString);
        return new DatabaseLink(new DnsEndPoint(admin.Host!, admin.Port));
    }

    /// <summary>
    /// Points a connection string at the relay, without a pool: every operation connects anew, so an outage shows
    /// on the next operation and a restored link serves the next one (stale pooled connections are the restart tests' subject).
    /// </summary>
    public void Route(NpgsqlConnectionStringBuilder builder) => (builder.Host, builder.Port, builder.Pooling) = ("127.0.0.1", Port, false);

    public void Cut()
    {
        _listener.Stop();
        foreach (var relay in _relays.Keys)
        {
            relay.Reset();
        }
    }

    public void Restore()
    {
        _listener = Listen(Port);
        _accepting = AcceptAsync(_listener);
    }

    /// <summary>The next COMMIT is delivered and carried out, but the app's connection is reset before it hears the answer.</summary>
    public void BreakAfterNextCommit() => Interlocked.Exchange(ref _breakAfterCommit, 1);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        Cut();
        await _accepting;
        _stopping.Dispose();
    }

    private static TcpListener Listen(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        return listener;
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await listener.AcceptSocketAsync(_stopping.Token);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                return;
            }

            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(Socket client)
    {
        var server = new Socket(SocketType.Stream, ProtocolType.Tcp);
        var relay = new Relay(client, server);
        _relays.TryAdd(relay, 0);
        try
        {
            await server.ConnectAsync(_server, _stopping.Token);
            await Task.WhenAny(PumpToServerAsync(relay), PumpToClientAsync(relay));
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The link was cut or one side hung up: the relay ends either way.
        }
        finally
        {
            relay.Reset();
            _relays.TryRemove(relay, out _);
        }
    }

    private async Task PumpToServerAsync(Relay relay)
    {
        var buffer = new byte[64 * 1024];
        while (await relay.Client.ReceiveAsync(buffer, _stopping.Token) is var read and > 0)
        {
            if (buffer.AsSpan(0, read).IndexOf(Commit) >= 0 && Interlocked.Exchange(ref _breakAfterCommit, 0) == 1)
            {
                relay.CommitInFlight = true;
            }

            await relay.Server.SendAsync(buffer.AsMemory(0, read), _stopping.Token);
        }
    }

    private async Task PumpToClientAsync(Relay relay)
    {
        var buffer = new byte[64 * 1024];
        while (await relay.Server.ReceiveAsync(buffer, _stopping.Token) is var read and > 0)
        {
            // The server has answered the COMMIT, so it is carried out; the app never hears of it.
            if (relay.CommitInFlight)
            {
                return;
            }

            await relay.Client.SendAsync(buffer.AsMemory(0, read), _stopping.Token);
        }
    }

    private sealed class Relay(Socket client, Socket server)
    {
        public Socket Client { get; } = client;

        public Socket Server { get; } = server;

        public bool CommitInFlight { get; set; }

        /// <summary>Closes both sides with a reset, as a broken network does; no TIME_WAIT keeps the port from listening again.</summary>
        public void Reset()
        {
            foreach (var socket in new[] { Client, Server })
            {
                try
                {
                    socket.LingerState = new LingerOption(true, 0);
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                    // Already closed.
                }

                socket.Dispose();
            }
        }
    }
}
