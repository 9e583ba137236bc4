using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace TlsNotebooks.Relay;

/// <summary>
/// One client connection through an <see cref="OnPathRelay"/>, with the relay's own
/// connection to the server: two byte pumps, one per direction, and a watchdog.
/// </summary>
/// <remarks>
/// How it ends. A FIN from one side is passed on as a FIN (the other direction keeps
/// going: TCP half-close, RFC 9293 §3.6). A reset from one side is passed on as a reset to
/// the other. If nothing moves for <see cref="RelayOptions.IdleTimeout"/>, both sides are
/// closed: that ends a half-open connection whose peer went away silently. The connection
/// is over when both directions are.
/// </remarks>
public sealed class RelayConnection
{
    private readonly OnPathRelay _relay;
    private readonly Socket _client;
    private readonly Socket _server;
    private readonly IPEndPoint _target;
    private readonly RelayOptions _options;
    private readonly Stopwatch _clock;
    private readonly CancellationTokenSource _abort;
    private readonly CancellationToken _relayStopped;
    private long _lastActivityTicks;
    private int _endRecorded;

    internal RelayConnection(OnPathRelay relay, int id, Socket client, IPEndPoint target,
        RelayOptions options, Stopwatch clock, CancellationToken stop)
    {
        _relay = relay;
        Id = id;
        _client = client;
        _client.NoDelay = true;
        _server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)
        {
            NoDelay = true,
        };
        _target = target;
        _options = options;
        _clock = clock;
        _relayStopped = stop;
        _abort = CancellationTokenSource.CreateLinkedTokenSource(stop);
        ClientEndPoint = (IPEndPoint)client.RemoteEndPoint!;
        Completion = Task.Run(RunAsync);
    }

    /// <summary>The connection's number in the relay, from 1.</summary>
    public int Id { get; }

    /// <summary>The client's address and port, as the relay saw it.</summary>
    public IPEndPoint ClientEndPoint { get; }

    /// <summary>The server's address and port.</summary>
    public IPEndPoint ServerEndPoint => _target;

    /// <summary>Completes when both directions are over and both sockets are closed.</summary>
    public Task Completion { get; }

    /// <summary>This connection's chunks, in the order the relay read them.</summary>
    public IReadOnlyList<RelayChunk> Chunks =>
        _relay.Chunks.Where(c => c.Connection == Id).ToList();

    /// <summary>This connection's events, in order.</summary>
    public IReadOnlyList<RelayEvent> Events =>
        _relay.Events.Where(e => e.Connection == Id).ToList();

    /// <summary>One direction's bytes as its sender sent them, in order.</summary>
    public byte[] Captured(RelayDirection direction) =>
        Chunks.Where(c => c.Direction == direction).SelectMany(c => c.Bytes).ToArray();

    /// <summary>One direction's bytes as the relay passed them on.</summary>
    public byte[] Delivered(RelayDirection direction) =>
        Chunks.Where(c => c.Direction == direction).SelectMany(c => c.Forwarded).ToArray();

    /// <summary>Waits for the end; false after <paramref name="timeout"/>.</summary>
    public bool WaitForClosed(TimeSpan timeout) => Completion.Wait(timeout);

    public override string ToString() =>
        $"#{Id} {ClientEndPoint} -> relay -> {ServerEndPoint}: {Chunks.Count} chunks";

    private async Task RunAsync()
    {
        try
        {
            if (!await ConnectAsync())
            {
                return;
            }

            Touch();
            var up = Pump(_client, _server, RelayDirection.ClientToServer);
            var down = Pump(_server, _client, RelayDirection.ServerToClient);
            var both = Task.WhenAll(up, down);
            var watchdog = Watchdog();
            await Task.WhenAny(both, watchdog);
            _abort.Cancel();
            await both;
            await watchdog;
        }
        finally
        {
            _server.Dispose();
            _client.Dispose();
            _relay.AddEvent(Id, RelayEventKind.Closed, null, string.Empty);
            _abort.Dispose();
        }
    }

    private async Task<bool> ConnectAsync()
    {
        using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(_abort.Token);
        connectTimeout.CancelAfter(_options.ConnectTimeout);
        try
        {
            await _server.ConnectAsync(_target, connectTimeout.Token);
            _relay.AddEvent(Id, RelayEventKind.Connected, null,
                $"{ClientEndPoint} -> {_target}");
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            var reason = e is SocketException s ? s.SocketErrorCode.ToString() : "timed out";
            _relay.AddEvent(Id, RelayEventKind.ConnectFailed, null,
                $"the server at {_target} did not accept: {reason}");
            Reset(_client);
            return false;
        }
    }

    private async Task Pump(Socket from, Socket to, RelayDirection direction)
    {
        var buffer = new byte[_options.BufferSize];
        long offset = 0;
        var side = direction == RelayDirection.ClientToServer ? "client" : "server";
        var other = direction == RelayDirection.ClientToServer ? "server" : "client";
        var token = _abort.Token;
        try
        {
            while (true)
            {
                int read;
                try
                {
                    read = await from.ReceiveAsync(buffer, SocketFlags.None, token);
                }
                catch (SocketException e) when (IsReset(e))
                {
                    EndWithReset(direction, $"the {side} reset the connection");
                    return;
                }

                Touch();
                if (read == 0)
                {
                    _relay.AddEvent(Id, RelayEventKind.HalfClosed, direction,
                        $"the {side} sent FIN; passed on");
                    TryShutdownSend(to);
                    return;
                }

                var bytes = buffer.AsSpan(0, read).ToArray();
                var at = _clock.Elapsed;
                byte[] forwarded;
                try
                {
                    // The editor gets its own copy: one that changes the array in place
                    // must not change the record of what the sender sent.
                    forwarded = _options.Editor is { } editor
                        ? editor.Edit(new ChunkPosition(Id, direction, offset), bytes.ToArray())
                        : bytes;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A broken editor must not leave the connection hanging: record the
                    // chunk as it came, and reset both sides.
                    _relay.AddChunk(Id, direction, offset, bytes, [], at);
                    EndWithReset(direction, $"the in-flight editor failed ({e.Message})");
                    return;
                }

                _relay.AddChunk(Id, direction, offset, bytes, forwarded, at);
                offset += read;
                try
                {
                    await SendAll(to, forwarded, token);
                }
                catch (SocketException e) when (IsReset(e))
                {
                    EndWithReset(direction, $"the {other} reset the connection");
                    return;
                }

                Touch();
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException
            or SocketException)
        {
            // The watchdog, the relay's Dispose or the other direction's reset ended us;
            // whichever did has recorded why.
        }
    }

    private async Task Watchdog()
    {
        var step = TimeSpan.FromMilliseconds(
            Math.Clamp(_options.IdleTimeout.TotalMilliseconds / 4, 5, 250));
        try
        {
            while (true)
            {
                await Task.Delay(step, _abort.Token);
                var last = TimeSpan.FromTicks(Interlocked.Read(ref _lastActivityTicks));
                var idle = _clock.Elapsed - last;
                if (idle > _options.IdleTimeout)
                {
                    RecordEndOnce(RelayEventKind.TimedOut,
                        $"nothing moved for {_options.IdleTimeout.TotalSeconds:0.###} s; "
                        + "both sides closed");
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (_relayStopped.IsCancellationRequested)
        {
            RecordEndOnce(RelayEventKind.Stopped, "the relay was stopped");
        }
        catch (OperationCanceledException)
        {
            // Both directions ended, or a reset ended them; that is recorded already.
        }
    }

    private void EndWithReset(RelayDirection direction, string detail)
    {
        if (Interlocked.Exchange(ref _endRecorded, 1) == 0)
        {
            _relay.AddEvent(Id, RelayEventKind.Reset, direction,
                detail + "; reset the other side");
        }

        Reset(_client);
        Reset(_server);
        _abort.Cancel();
    }

    private void RecordEndOnce(RelayEventKind kind, string detail)
    {
        if (Interlocked.Exchange(ref _endRecorded, 1) == 0)
        {
            _relay.AddEvent(Id, kind, null, detail);
        }
    }

    private void Touch() => Interlocked.Exchange(ref _lastActivityTicks, _clock.Elapsed.Ticks);

    private static async Task SendAll(Socket to, byte[] bytes, CancellationToken token)
    {
        var sent = 0;
        while (sent < bytes.Length)
        {
            sent += await to.SendAsync(bytes.AsMemory(sent), SocketFlags.None, token);
        }
    }

    private static bool IsReset(SocketException e) =>
        e.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted
            or SocketError.Shutdown or SocketError.NotConnected;

    private static void TryShutdownSend(Socket socket)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already gone: the other pump records why.
        }
    }

    /// <summary>
    /// Closes with SO_LINGER zero, which makes the stack send RST instead of FIN: the way to
    /// pass a reset on.
    /// </summary>
    private static void Reset(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already closed.
        }
    }
}
