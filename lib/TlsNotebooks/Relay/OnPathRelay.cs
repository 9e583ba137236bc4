using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace TlsNotebooks.Relay;

/// <summary>Settings of an <see cref="OnPathRelay"/>.</summary>
public sealed class RelayOptions
{
    /// <summary>
    /// Changes bytes in flight (the active attacker); null forwards them untouched (the
    /// passive eavesdropper).
    /// </summary>
    public IInFlightEditor? Editor { get; init; }

    /// <summary>
    /// A connection in which nothing moved for this long is closed on both sides. This is
    /// what ends half-open connections: a peer that vanished without FIN or RST.
    /// </summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long connecting to the server may take.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The largest chunk read at once.</summary>
    public int BufferSize { get; init; } = 16 * 1024;
}

/// <summary>
/// A man in the middle on loopback: it listens on 127.0.0.1, and for every client that
/// connects it opens a connection to the server and copies bytes both ways, recording every
/// chunk with its direction and time. This is what anyone on the network path between a
/// browser and a web server can do: a router, a Wi-Fi access point, a proxy.
/// </summary>
/// <remarks>
/// TCP itself is not relayed: the relay ends one TCP connection and starts another, so it
/// sees the bytes, FINs and resets, but not the segments, sequence numbers or
/// retransmissions. <see cref="RelayPcap"/> synthesises segments for a capture file.
/// </remarks>
public sealed class OnPathRelay : IDisposable
{
    private readonly TcpListener _listener;
    private readonly IPEndPoint _server;
    private readonly RelayOptions _options;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<RelayConnection> _connections = new();
    private readonly List<RelayChunk> _chunks = new();
    private readonly List<RelayEvent> _events = new();
    private readonly Task _acceptLoop;
    private long _sequence;

    private OnPathRelay(IPEndPoint server, RelayOptions options)
    {
        _server = server;
        _options = options;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        EndPoint = (IPEndPoint)_listener.LocalEndpoint;
        _acceptLoop = Task.Run(AcceptLoop);
    }

    /// <summary>Starts a relay on a free 127.0.0.1 port in front of a loopback server.</summary>
    public static OnPathRelay Start(int serverPort, RelayOptions? options = null) =>
        Start(new IPEndPoint(IPAddress.Loopback, serverPort), options);

    /// <summary>Starts a relay in front of a server, which must be on loopback.</summary>
    public static OnPathRelay Start(IPEndPoint server, RelayOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        if (!IPAddress.IsLoopback(server.Address))
        {
            throw new ArgumentException(
                "the relay only forwards to a loopback server: the notebooks never reach "
                + "the network", nameof(server));
        }

        return new OnPathRelay(server, options ?? new RelayOptions());
    }

    /// <summary>Where clients connect: 127.0.0.1 and a port chosen at start.</summary>
    public IPEndPoint EndPoint { get; }

    public int Port => EndPoint.Port;

    /// <summary>The server the relay forwards to.</summary>
    public IPEndPoint Server => _server;

    /// <summary>The wall-clock time the relay started; chunk times count from here.</summary>
    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;

    /// <summary>The time since the relay started, on the clock the chunks use.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>The connections so far, in the order they arrived.</summary>
    public IReadOnlyList<RelayConnection> Connections
    {
        get
        {
            lock (_connections)
            {
                return _connections.ToList();
            }
        }
    }

    /// <summary>Every chunk of every connection, in the order the relay read them.</summary>
    public IReadOnlyList<RelayChunk> Chunks
    {
        get
        {
            lock (_chunks)
            {
                return _chunks.ToList();
            }
        }
    }

    /// <summary>Every event of every connection, in order.</summary>
    public IReadOnlyList<RelayEvent> Events
    {
        get
        {
            lock (_chunks)
            {
                return _events.ToList();
            }
        }
    }

    /// <summary>
    /// Everything one direction carried as its sender sent it, over all connections in
    /// order: what an eavesdropper would piece together.
    /// </summary>
    public byte[] Captured(RelayDirection direction) =>
        Chunks.Where(c => c.Direction == direction).SelectMany(c => c.Bytes).ToArray();

    /// <summary>
    /// Waits until <paramref name="count"/> connections arrived and all of them ended;
    /// false if that takes longer than <paramref name="timeout"/>.
    /// </summary>
    public bool WaitForClosed(int count, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (Connections.Count < count)
        {
            if (clock.Elapsed > timeout)
            {
                return false;
            }

            Thread.Sleep(5);
        }

        var rest = timeout - clock.Elapsed;
        return Task.WaitAll(
            Connections.Select(c => c.Completion).ToArray(),
            rest < TimeSpan.Zero ? TimeSpan.Zero : rest);
    }

    /// <summary>Stops listening and closes every open connection (their event: Stopped).</summary>
    public void Dispose()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        _stop.Cancel();
        _listener.Stop();
        var all = Connections.Select(c => c.Completion).Append(_acceptLoop).ToArray();
        try
        {
            Task.WaitAll(all, TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // Each connection records its own end; nothing here is worth a second exception.
        }

        _stop.Dispose();
    }

    internal RelayChunk AddChunk(int connection, RelayDirection direction, long offset,
        byte[] bytes, byte[] forwarded, TimeSpan at)
    {
        lock (_chunks)
        {
            var chunk = new RelayChunk(connection, _sequence++, at, direction, offset,
                bytes, forwarded);
            _chunks.Add(chunk);
            return chunk;
        }
    }

    internal RelayEvent AddEvent(int connection, RelayEventKind kind, RelayDirection? direction,
        string detail)
    {
        lock (_chunks)
        {
            var item = new RelayEvent(connection, _clock.Elapsed, kind, direction, detail);
            _events.Add(item);
            return item;
        }
    }

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException
                or ObjectDisposedException)
            {
                return;
            }

            lock (_connections)
            {
                var connection = new RelayConnection(
                    this, _connections.Count + 1, client, _server, _options, _clock, _stop.Token);
                _connections.Add(connection);
            }
        }
    }
}
