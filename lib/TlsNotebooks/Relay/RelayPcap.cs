using TlsNotebooks.Tls;

namespace TlsNotebooks.Relay;

/// <summary>Which bytes a capture shows when an editor changed some.</summary>
public enum CaptureSide
{
    /// <summary>What each sender sent (a tap before the attacker).</summary>
    AsSent,

    /// <summary>What each receiver got (a tap after the attacker).</summary>
    AsDelivered,
}

/// <summary>
/// Writes what an <see cref="OnPathRelay"/> saw as a pcap file for Wireshark and tshark,
/// using <see cref="PcapWriter"/>'s packet writer. Each relayed connection becomes one TCP
/// connection from the client's real port on 127.0.0.1 to the server's: a made-up three-way
/// handshake, one segment per chunk (split to stay under the IPv4 size limit), and the FIN or
/// RST that ended each direction.
/// </summary>
/// <remarks>
/// Only the payload bytes and their times are real; sequence and acknowledgement numbers,
/// window and the handshake are synthesised, and the relay's own second TCP connection does
/// not appear. Wireshark picks dissectors by port: give <c>serverPort</c> 443
/// (TLS) or 80 (HTTP) to have it decode without "Decode As".
/// </remarks>
public static class RelayPcap
{
    private const int MaxSegment = 16_000;
    private const byte Fin = 0x01;
    private const byte Syn = 0x02;
    private const byte Rst = 0x04;
    private const byte Psh = 0x08;
    private const byte Ack = 0x10;
    private static readonly byte[] Loopback = [127, 0, 0, 1];

    /// <param name="output">Where the pcap bytes go.</param>
    /// <param name="relay">The relay whose connections to write.</param>
    /// <param name="side">Sent or delivered bytes, when an editor changed some.</param>
    /// <param name="serverPort">The server port to write; null keeps the real one.</param>
    public static void Write(Stream output, OnPathRelay relay,
        CaptureSide side = CaptureSide.AsSent, int? serverPort = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(relay);
        PcapWriter.WriteFileHeader(output);
        var start = relay.StartedAt.UtcDateTime;
        var chunks = relay.Chunks;
        var events = relay.Events;
        foreach (var connection in relay.Connections)
        {
            var flow = new Flow(output, (ushort)connection.ClientEndPoint.Port,
                (ushort)(serverPort ?? connection.ServerEndPoint.Port));
            var connected = events.FirstOrDefault(e => e.Connection == connection.Id
                && e.Kind == RelayEventKind.Connected);
            if (connected is null)
            {
                continue;
            }

            flow.Handshake(start + connected.At);
            var items = chunks.Where(c => c.Connection == connection.Id)
                .Select(c => (c.At, Chunk: (RelayChunk?)c, Event: (RelayEvent?)null))
                .Concat(events.Where(e => e.Connection == connection.Id
                    && e.Kind is RelayEventKind.HalfClosed or RelayEventKind.Reset)
                    .Select(e => (e.At, Chunk: (RelayChunk?)null, Event: (RelayEvent?)e)))
                .OrderBy(i => i.At);
            foreach (var (at, chunk, item) in items)
            {
                if (chunk is not null)
                {
                    var bytes = side == CaptureSide.AsSent ? chunk.Bytes : chunk.Forwarded;
                    flow.Data(start + at, chunk.Direction, bytes);
                }
                else if (item!.Kind == RelayEventKind.HalfClosed)
                {
                    flow.Control(start + at, item.Direction!.Value, Fin | Ack);
                }
                else
                {
                    flow.Control(start + at,
                        item.Direction ?? RelayDirection.ClientToServer, Rst | Ack);
                }
            }
        }
    }

    /// <summary>The sequence numbers of one synthesised TCP connection.</summary>
    private sealed class Flow(Stream output, ushort clientPort, ushort serverPort)
    {
        private uint _clientSeq = 1000;
        private uint _serverSeq = 5000;

        public void Handshake(DateTime at)
        {
            Packet(at, RelayDirection.ClientToServer, _clientSeq - 1, 0, Syn, []);
            Packet(at, RelayDirection.ServerToClient, _serverSeq - 1, _clientSeq, Syn | Ack, []);
            Packet(at, RelayDirection.ClientToServer, _clientSeq, _serverSeq, Ack, []);
        }

        public void Data(DateTime at, RelayDirection direction, byte[] bytes)
        {
            for (var offset = 0; offset < bytes.Length; offset += MaxSegment)
            {
                var segment = bytes.AsSpan(offset, Math.Min(MaxSegment, bytes.Length - offset))
                    .ToArray();
                Control(at, direction, Psh | Ack, segment);
            }
        }

        public void Control(DateTime at, RelayDirection direction, int flags,
            byte[]? payload = null)
        {
            payload ??= [];
            var fromClient = direction == RelayDirection.ClientToServer;
            var (seq, ack) = fromClient ? (_clientSeq, _serverSeq) : (_serverSeq, _clientSeq);
            Packet(at, direction, seq, ack, (byte)flags, payload);

            // A FIN takes one sequence number, like a byte (RFC 9293 §3.4).
            var used = (uint)payload.Length + ((flags & Fin) != 0 ? 1u : 0u);
            if (fromClient)
            {
                _clientSeq += used;
            }
            else
            {
                _serverSeq += used;
            }
        }

        private void Packet(DateTime at, RelayDirection direction, uint seq, uint ack,
            int flags, byte[] payload)
        {
            var fromClient = direction == RelayDirection.ClientToServer;
            var (sourcePort, destinationPort) =
                fromClient ? (clientPort, serverPort) : (serverPort, clientPort);
            PcapWriter.WritePacket(output, at, Loopback, sourcePort, Loopback, destinationPort,
                seq, ack, (byte)flags, payload);
        }
    }
}
