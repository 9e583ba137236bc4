using System.Buffers.Binary;

namespace TlsNotebooks.Tls;

/// <summary>
/// Writes a connection's transcript as a pcap capture file that Wireshark and tshark open:
/// each record becomes one TCP segment between a made-up client (10.0.0.1:50000) and
/// server (10.0.0.2:443), after a made-up TCP three-way handshake. With the NSS key log
/// beside it, Wireshark decrypts the session. The IP and TCP headers are synthesised; only
/// the TLS bytes are real.
/// </summary>
public static class PcapWriter
{
    private const int LinkTypeRaw = 101;
    private const ushort ClientPort = 50000;
    private const ushort ServerPort = 443;
    private static readonly byte[] ClientIp = [10, 0, 0, 1];
    private static readonly byte[] ServerIp = [10, 0, 0, 2];

    /// <param name="output">Where the pcap bytes go.</param>
    /// <param name="transcript">A client's or a server's transcript.</param>
    /// <param name="recordedByClient">True when the transcript is the client's.</param>
    public static void Write(Stream output, TlsTranscript transcript, bool recordedByClient)
    {
        WriteFileHeader(output);

        uint clientSeq = 1000;
        uint serverSeq = 5000;
        var start = DateTime.UnixEpoch.AddSeconds(1_700_000_000);
        WritePacket(output, start, true, clientSeq - 1, 0, 0x02, []);
        WritePacket(output, start, false, serverSeq - 1, clientSeq, 0x12, []);
        WritePacket(output, start, true, clientSeq, serverSeq, 0x10, []);
        foreach (var record in transcript.Records)
        {
            var fromClient = (record.Direction == Direction.Sent) == recordedByClient;
            var at = start + record.At;
            if (fromClient)
            {
                WritePacket(output, at, true, clientSeq, serverSeq, 0x18, record.Bytes);
                clientSeq += (uint)record.Bytes.Length;
            }
            else
            {
                WritePacket(output, at, false, serverSeq, clientSeq, 0x18, record.Bytes);
                serverSeq += (uint)record.Bytes.Length;
            }
        }
    }

    /// <summary>
    /// The pcap global header: magic, version 2.4, zone, sigfigs, snaplen, link type.
    /// </summary>
    internal static void WriteFileHeader(Stream output)
    {
        var header = new byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0xa1b2c3d4);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(4), 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(6), 4);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(16), 262144);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(20), LinkTypeRaw);
        output.Write(header);
    }

    private static void WritePacket(Stream output, DateTime at, bool fromClient, uint seq,
        uint ack, byte flags, byte[] payload)
    {
        var (source, destination) = fromClient ? (ClientIp, ServerIp) : (ServerIp, ClientIp);
        var (sourcePort, destinationPort) =
            fromClient ? (ClientPort, ServerPort) : (ServerPort, ClientPort);
        WritePacket(output, at, source, sourcePort, destination, destinationPort, seq, ack,
            flags, payload);
    }

    /// <summary>One IPv4/TCP packet around a payload, with its pcap record header.</summary>
    internal static void WritePacket(Stream output, DateTime at, byte[] source,
        ushort sourcePort, byte[] destination, ushort destinationPort, uint seq, uint ack,
        byte flags, byte[] payload)
    {
        var packet = new byte[20 + 20 + payload.Length];

        // IPv4 header (RFC 791), no options.
        packet[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)packet.Length);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(6), 0x4000);
        packet[8] = 64;
        packet[9] = 6;
        source.CopyTo(packet, 12);
        destination.CopyTo(packet, 16);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(10), Checksum(packet.AsSpan(0, 20)));

        // TCP header (RFC 9293), no options.
        var tcp = packet.AsSpan(20);
        BinaryPrimitives.WriteUInt16BigEndian(tcp, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(tcp[2..], destinationPort);
        BinaryPrimitives.WriteUInt32BigEndian(tcp[4..], seq);
        BinaryPrimitives.WriteUInt32BigEndian(tcp[8..], ack);
        tcp[12] = 5 << 4;
        tcp[13] = flags;
        BinaryPrimitives.WriteUInt16BigEndian(tcp[14..], 65535);
        payload.CopyTo(tcp[20..]);
        var pseudo = new byte[12 + tcp.Length];
        source.CopyTo(pseudo, 0);
        destination.CopyTo(pseudo, 4);
        pseudo[9] = 6;
        BinaryPrimitives.WriteUInt16BigEndian(pseudo.AsSpan(10), (ushort)tcp.Length);
        tcp.CopyTo(pseudo.AsSpan(12));
        BinaryPrimitives.WriteUInt16BigEndian(tcp[16..], Checksum(pseudo));

        // pcap record header: seconds, microseconds, captured and original length.
        var record = new byte[16];
        var sinceEpoch = at - DateTime.UnixEpoch;
        BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)sinceEpoch.TotalSeconds);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(4),
            (uint)(sinceEpoch.Ticks % TimeSpan.TicksPerSecond / 10));
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(8), (uint)packet.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(12), (uint)packet.Length);
        output.Write(record);
        output.Write(packet);
    }

    /// <summary>The Internet checksum of RFC 1071.</summary>
    private static ushort Checksum(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        for (var i = 0; i + 1 < data.Length; i += 2)
        {
            sum += (uint)((data[i] << 8) | data[i + 1]);
        }

        if (data.Length % 2 == 1)
        {
            sum += (uint)(data[^1] << 8);
        }

        while (sum > 0xffff)
        {
            sum = (sum & 0xffff) + (sum >> 16);
        }

        return (ushort)~sum;
    }
}
