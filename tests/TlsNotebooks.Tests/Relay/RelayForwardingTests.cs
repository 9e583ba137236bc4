using System.Net;
using System.Net.Sockets;
using TlsNotebooks.Relay;

namespace TlsNotebooks.Tests.Relay;

/// <summary>
/// The relay copies faithfully (large, both ways at once, half-close), records exactly what
/// passed, and ends cleanly on resets, silence and a missing server.
/// </summary>
public class RelayForwardingTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Large_transfers_both_ways_at_once_arrive_intact_and_are_recorded()
    {
        var up = RandomBytes(3 * 1024 * 1024 + 17, seed: 1);
        var down = RandomBytes(2 * 1024 * 1024 + 5, seed: 2);
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        using var relay = OnPathRelay.Start(((IPEndPoint)server.LocalEndpoint).Port);

        var serverSide = Task.Run(async () =>
        {
            using var socket = await server.AcceptSocketAsync();
            var send = SendAndFin(socket, down);
            var received = await ReadToEnd(socket);
            await send;
            return received;
        });
        using var client = Connect(relay.Port);
        var clientSend = SendAndFin(client, up);
        var clientReceived = await ReadToEnd(client).WaitAsync(Patience);
        await clientSend;
        var serverReceived = await serverSide.WaitAsync(Patience);

        Assert.Equal(up, serverReceived);
        Assert.Equal(down, clientReceived);
        Assert.True(relay.WaitForClosed(1, Patience));
        var connection = Assert.Single(relay.Connections);
        Assert.Equal(up, connection.Captured(RelayDirection.ClientToServer));
        Assert.Equal(down, connection.Captured(RelayDirection.ServerToClient));
        Assert.Equal(up, connection.Delivered(RelayDirection.ClientToServer));
        AssertContiguous(connection.Chunks, RelayDirection.ClientToServer);
        AssertContiguous(connection.Chunks, RelayDirection.ServerToClient);
        Assert.True(connection.Chunks.Count > 2, "megabytes should take many chunks");
        Assert.Equal(2, connection.Events.Count(e => e.Kind == RelayEventKind.HalfClosed));
        Assert.Equal(RelayEventKind.Closed, connection.Events[^1].Kind);
    }

    [Fact]
    public async Task An_edited_stream_is_recorded_both_as_sent_and_as_delivered()
    {
        // Two editors in turn: one changes its array in place, one makes the stream longer.
        // The recording must still hold what the client really sent, and Delivered exactly
        // what the server got.
        var up = RandomBytes(200_000, seed: 3);
        var editor = new EditorChain(new InPlaceXor(RelayDirection.ClientToServer),
            new TextReplacer("a", "[a]", RelayDirection.ClientToServer));
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        using var relay = OnPathRelay.Start(((IPEndPoint)server.LocalEndpoint).Port,
            new RelayOptions { Editor = editor });

        var serverSide = Task.Run(async () =>
        {
            using var socket = await server.AcceptSocketAsync();
            var received = await ReadToEnd(socket);
            await SendAndFin(socket, "ok"u8.ToArray());
            return received;
        });
        using var client = Connect(relay.Port);
        await SendAndFin(client, up);
        var reply = await ReadToEnd(client).WaitAsync(Patience);
        var serverReceived = await serverSide.WaitAsync(Patience);

        Assert.True(relay.WaitForClosed(1, Patience));
        var connection = relay.Connections.Single();
        Assert.Equal(up, connection.Captured(RelayDirection.ClientToServer));
        Assert.Equal(serverReceived, connection.Delivered(RelayDirection.ClientToServer));
        Assert.NotEqual(up.Length, serverReceived.Length);
        Assert.All(connection.Chunks.Where(c => c.Direction == RelayDirection.ClientToServer),
            c => Assert.True(c.Modified));
        Assert.Equal("ok"u8.ToArray(), reply);
        Assert.DoesNotContain(connection.Chunks,
            c => c.Direction == RelayDirection.ServerToClient && c.Modified);
    }

    [Fact]
    public async Task Half_close_lets_the_other_direction_finish()
    {
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        using var relay = OnPathRelay.Start(((IPEndPoint)server.LocalEndpoint).Port);
        var serverSide = Task.Run(async () =>
        {
            using var socket = await server.AcceptSocketAsync();
            var request = await ReadToEnd(socket);

            // Only after the client's FIN does the server answer: a request-then-reply
            // protocol that relies on half-close.
            await Task.Delay(50);
            await SendAndFin(socket, [.. request, .. "-answered"u8.ToArray()]);
            return request;
        });
        using var client = Connect(relay.Port);
        await SendAndFin(client, "question"u8.ToArray());
        var reply = await ReadToEnd(client).WaitAsync(Patience);

        Assert.Equal("question"u8.ToArray(), await serverSide.WaitAsync(Patience));
        Assert.Equal("question-answered"u8.ToArray(), reply);
        Assert.True(relay.WaitForClosed(1, Patience));
        var events = relay.Connections[0].Events;
        var clientFin = events.Single(e => e.Kind == RelayEventKind.HalfClosed
            && e.Direction == RelayDirection.ClientToServer);
        var reply1 = relay.Connections[0].Chunks.First(
            c => c.Direction == RelayDirection.ServerToClient);
        Assert.True(reply1.At >= clientFin.At, "the reply came after the client's FIN");
    }

    [Fact]
    public async Task A_client_reset_is_passed_on_as_a_reset_and_ends_the_connection()
    {
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        using var relay = OnPathRelay.Start(((IPEndPoint)server.LocalEndpoint).Port);
        var serverSide = Task.Run(async () =>
        {
            using var socket = await server.AcceptSocketAsync();
            var buffer = new byte[64];
            var first = await socket.ReceiveAsync(buffer);
            try
            {
                while (await socket.ReceiveAsync(buffer) > 0)
                {
                }

                return (first, "fin");
            }
            catch (SocketException e)
            {
                return (first, e.SocketErrorCode.ToString());
            }
        });
        var client = Connect(relay.Port);
        client.Send("hello"u8);
        await WaitUntil(() => relay.Chunks.Count == 1);
        client.LingerState = new LingerOption(true, 0);
        client.Close();

        var (first, ending) = await serverSide.WaitAsync(Patience);
        Assert.Equal(5, first);
        Assert.Equal(nameof(SocketError.ConnectionReset), ending);
        Assert.True(relay.WaitForClosed(1, Patience));
        var reset = relay.Events.Single(e => e.Kind == RelayEventKind.Reset);
        Assert.Equal(RelayDirection.ClientToServer, reset.Direction);
    }

    [Fact]
    public async Task A_server_reset_mid_stream_reaches_the_client_and_no_task_hangs()
    {
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        using var relay = OnPathRelay.Start(((IPEndPoint)server.LocalEndpoint).Port);
        _ = Task.Run(async () =>
        {
            var socket = await server.AcceptSocketAsync();
            socket.Send(new byte[1000]);
            await Task.Delay(50);
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        });
        using var client = Connect(relay.Port);
        client.ReceiveTimeout = 10_000;
        var total = 0;
        var ending = "fin";
        try
        {
            var buffer = new byte[4096];
            int read;
            while ((read = client.Receive(buffer)) > 0)
            {
                total += read;
            }
        }
        catch (SocketException e)
        {
            ending = e.SocketErrorCode.ToString();
        }

        Assert.Equal(1000, total);
        Assert.Equal(nameof(SocketError.ConnectionReset), ending);
        Assert.True(relay.WaitForClosed(1, Patience));
        Assert.Contains(relay.Events, e => e.Kind == RelayEventKind.Reset
            && e.Direction == RelayDirection.ServerToClient);
    }

    [Fact]
    public async Task A_half_open_connection_ends_at_the_idle_timeout()
    {
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        var options = new RelayOptions { IdleTimeout = TimeSpan.FromMilliseconds(300) };
        using var relay = OnPathRelay.Start(((IPEndPoint)server.LocalEndpoint).Port, options);

        // The server accepts and then never reads, writes or closes: a peer gone silent.
        var accepted = server.AcceptSocketAsync();
        using var client = Connect(relay.Port);
        client.Send("anyone there?"u8);
        using var silent = await accepted.WaitAsync(Patience);
        client.ReceiveTimeout = 10_000;

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var read = client.Receive(new byte[16]);
        Assert.Equal(0, read);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.True(relay.WaitForClosed(1, Patience));
        Assert.Contains(relay.Events, e => e.Kind == RelayEventKind.TimedOut);
    }

    [Fact]
    public void A_missing_server_closes_the_client_with_ConnectFailed()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        using var relay = OnPathRelay.Start(port);
        using var client = Connect(relay.Port);
        client.ReceiveTimeout = 10_000;
        try
        {
            Assert.Equal(0, client.Receive(new byte[16]));
        }
        catch (SocketException e)
        {
            Assert.Equal(SocketError.ConnectionReset, e.SocketErrorCode);
        }

        Assert.True(relay.WaitForClosed(1, Patience));
        Assert.Contains(relay.Events, e => e.Kind == RelayEventKind.ConnectFailed);
    }

    [Fact]
    public async Task Dispose_closes_open_connections_promptly()
    {
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        var relay = OnPathRelay.Start(((IPEndPoint)server.LocalEndpoint).Port);
        var accepted = server.AcceptSocketAsync();
        using var client = Connect(relay.Port);
        using var peer = await accepted.WaitAsync(Patience);
        await WaitUntil(() => relay.Events.Any(e => e.Kind == RelayEventKind.Connected));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        relay.Dispose();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5));
        Assert.True(relay.Connections[0].Completion.IsCompleted);
        Assert.Contains(relay.Events, e => e.Kind == RelayEventKind.Stopped);
    }

    [Fact]
    public async Task A_failing_editor_resets_both_sides_instead_of_hanging()
    {
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        using var relay = OnPathRelay.Start(((IPEndPoint)server.LocalEndpoint).Port,
            new RelayOptions { Editor = new ThrowingEditor() });
        var accepted = server.AcceptSocketAsync();
        using var client = Connect(relay.Port);
        using var peer = await accepted.WaitAsync(Patience);
        client.Send("boom"u8);
        client.ReceiveTimeout = 10_000;

        var ending = Record.Exception(() => client.Receive(new byte[16]));

        Assert.Equal(SocketError.ConnectionReset,
            Assert.IsType<SocketException>(ending).SocketErrorCode);
        Assert.True(relay.WaitForClosed(1, Patience));
        Assert.Contains(relay.Events, e => e.Kind == RelayEventKind.Reset
            && e.Detail.Contains("editor failed"));
    }

    [Fact]
    public void The_relay_refuses_a_server_that_is_not_on_loopback() =>
        Assert.Throws<ArgumentException>(
            () => OnPathRelay.Start(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 443)));

    internal static Socket Connect(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Connect(IPAddress.Loopback, port);
        return socket;
    }

    internal static async Task WaitUntil(Func<bool> condition)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < Patience, "the condition never came true");
            await Task.Delay(5);
        }
    }

    private static void AssertContiguous(IReadOnlyList<RelayChunk> chunks,
        RelayDirection direction)
    {
        long expected = 0;
        foreach (var chunk in chunks.Where(c => c.Direction == direction))
        {
            Assert.Equal(expected, chunk.StreamOffset);
            Assert.False(chunk.Modified);
            expected += chunk.Bytes.Length;
        }
    }

    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static async Task SendAndFin(Socket socket, byte[] bytes)
    {
        for (var sent = 0; sent < bytes.Length;)
        {
            var piece = bytes.AsMemory(sent, Math.Min(7000, bytes.Length - sent));
            sent += await socket.SendAsync(piece);
        }

        socket.Shutdown(SocketShutdown.Send);
    }

    private static async Task<byte[]> ReadToEnd(Socket socket)
    {
        var output = new MemoryStream();
        var buffer = new byte[32 * 1024];
        int read;
        while ((read = await socket.ReceiveAsync(buffer)) > 0)
        {
            output.Write(buffer, 0, read);
        }

        return output.ToArray();
    }

    /// <summary>Flips the low bit of every byte, in the array it was given.</summary>
    private sealed class InPlaceXor(RelayDirection direction) : IInFlightEditor
    {
        public byte[] Edit(ChunkPosition position, byte[] bytes)
        {
            if (position.Direction == direction)
            {
                for (var i = 0; i < bytes.Length; i++)
                {
                    bytes[i] ^= 1;
                }
            }

            return bytes;
        }
    }

    private sealed class ThrowingEditor : IInFlightEditor
    {
        public byte[] Edit(ChunkPosition position, byte[] bytes) =>
            throw new InvalidOperationException("editor bug");
    }
}
