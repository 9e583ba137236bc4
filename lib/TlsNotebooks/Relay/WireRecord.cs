using TlsNotebooks.Tls;

namespace TlsNotebooks.Relay;

/// <summary>
/// One TLS record as an eavesdropper on the relay sees it: the five-byte header is always in
/// clear (RFC 5246 §6.2.1, RFC 8446 §5.1); the fragment is readable until the sender's
/// ChangeCipherSpec, and in TLS 1.3 every encrypted record wears the outer type
/// application_data whatever it carries (RFC 8446 §5.2).
/// </summary>
/// <param name="Connection">The relayed connection's number.</param>
/// <param name="Direction">Which way it went.</param>
/// <param name="At">When the chunk holding its first byte arrived.</param>
/// <param name="ContentType">The outer content type from the header.</param>
/// <param name="Version">The record-layer version from the header.</param>
/// <param name="Bytes">The whole record, header included.</param>
/// <param name="Readable">True when the fragment is plaintext.</param>
/// <param name="Messages">The handshake messages that start in it, when readable.</param>
public sealed record WireRecord(
    int Connection,
    RelayDirection Direction,
    TimeSpan At,
    byte ContentType,
    ushort Version,
    byte[] Bytes,
    bool Readable,
    IReadOnlyList<string> Messages)
{
    /// <summary>The record's length on the wire, header included.</summary>
    public int Length => Bytes.Length;

    /// <summary>The fragment: what follows the five-byte header.</summary>
    public ReadOnlySpan<byte> Fragment => Bytes.AsSpan(5);

    /// <summary>What the eavesdropper learns from it, in a few words.</summary>
    public string Seen => !Readable
        ? $"{TypeName(ContentType)}, encrypted"
        : Messages.Count > 0
            ? string.Join(", ", Messages)
            : ContentType == 20 ? "ChangeCipherSpec" : TypeName(ContentType);

    public override string ToString() =>
        $"{At.TotalMilliseconds,9:F3} ms  {RelayChunk.Arrow(Direction)}  {Length,5} bytes  "
        + Seen;

    /// <summary>RFC 5246 §6.2.1 / RFC 8446 §5.1 content type names.</summary>
    public static string TypeName(byte type) => type switch
    {
        20 => "change_cipher_spec",
        21 => "alert",
        22 => "handshake",
        23 => "application_data",
        _ => $"type {type}",
    };

    /// <summary>HandshakeType names of RFC 5246 §7.4 and RFC 8446 §4.</summary>
    public static string HandshakeName(byte type) => type switch
    {
        1 => "ClientHello",
        2 => "ServerHello",
        4 => "NewSessionTicket",
        8 => "EncryptedExtensions",
        11 => "Certificate",
        12 => "ServerKeyExchange",
        13 => "CertificateRequest",
        14 => "ServerHelloDone",
        15 => "CertificateVerify",
        16 => "ClientKeyExchange",
        20 => "Finished",
        _ => $"handshake type {type}",
    };
}

/// <summary>
/// Splits what a relay recorded into TLS records, the way a passive observer would, and
/// answers the questions notebook 01 asks of them: what can be read, which version was
/// chosen, how many round trips came before application data.
/// </summary>
public static class WireRecords
{
    private const int HeaderLength = 5;

    // RFC 8446 §4.2: the extension a TLS 1.3 ServerHello names its real version in.
    private const int SupportedVersions = 43;

    /// <summary>
    /// The records of one connection, both directions, ordered by arrival. A trailing
    /// partial record (the connection ended mid-record) is left out.
    /// </summary>
    public static IReadOnlyList<WireRecord> Of(RelayConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return Of(connection.Chunks);
    }

    /// <summary>The records in recorded chunks of one connection.</summary>
    public static IReadOnlyList<WireRecord> Of(IReadOnlyList<RelayChunk> chunks)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        return Split(chunks, RelayDirection.ClientToServer)
            .Concat(Split(chunks, RelayDirection.ServerToClient))
            .OrderBy(r => r.At)
            .ToList();
    }

    /// <summary>
    /// The protocol version the ServerHello chose: its supported_versions extension when
    /// present (TLS 1.3, RFC 8446 §4.2.1), otherwise its server_version field.
    /// </summary>
    public static string NegotiatedVersion(IEnumerable<WireRecord> records)
    {
        var serverHello = records
            .Where(r => r.Direction == RelayDirection.ServerToClient && r.Readable
                && r.ContentType == 22 && r.Fragment.Length > 4 && r.Fragment[0] == 2)
            .Select(r => r.Bytes[(HeaderLength + 4)..])
            .FirstOrDefault()
            ?? throw new InvalidOperationException("the capture holds no readable ServerHello");
        var version = (ushort)((serverHello[0] << 8) | serverHello[1]);
        var at = 2 + 32;
        at += 1 + serverHello[at];
        at += 2 + 1;
        if (at + 2 <= serverHello.Length)
        {
            var declared = (serverHello[at] << 8) | serverHello[at + 1];
            var end = Math.Min(serverHello.Length, at + 2 + declared);
            at += 2;
            while (at + 4 <= end)
            {
                var type = (serverHello[at] << 8) | serverHello[at + 1];
                var length = (serverHello[at + 2] << 8) | serverHello[at + 3];
                if (type == SupportedVersions && length == 2 && at + 6 <= end)
                {
                    version = (ushort)((serverHello[at + 4] << 8) | serverHello[at + 5]);
                }

                at += 4 + length;
            }
        }

        return VersionName(version);
    }

    /// <summary>"TLS 1.2" for 0x0303 and so on.</summary>
    public static string VersionName(ushort version) => version switch
    {
        0x0301 => "TLS 1.0",
        0x0302 => "TLS 1.1",
        0x0303 => "TLS 1.2",
        0x0304 => "TLS 1.3",
        _ => $"0x{version:x4}",
    };

    /// <summary>
    /// Flights: runs of consecutive records in the same direction, before
    /// <paramref name="until"/> (for example the moment the client started to write its
    /// request).
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<WireRecord>> Flights(
        IEnumerable<WireRecord> records, TimeSpan until)
    {
        var flights = new List<List<WireRecord>>();
        foreach (var record in records.Where(r => r.At < until))
        {
            if (flights.Count == 0 || flights[^1][0].Direction != record.Direction)
            {
                flights.Add(new List<WireRecord>());
            }

            flights[^1].Add(record);
        }

        return flights;
    }

    /// <summary>
    /// Round trips the client waited for before it could send application data: how many
    /// server flights arrived before <paramref name="clientWrites"/>.
    /// </summary>
    public static int RoundTripsBefore(IEnumerable<WireRecord> records,
        TimeSpan clientWrites) =>
        Flights(records, clientWrites)
            .Count(f => f[0].Direction == RelayDirection.ServerToClient);

    private static IEnumerable<WireRecord> Split(IReadOnlyList<RelayChunk> chunks,
        RelayDirection direction)
    {
        var stream = new List<byte>();
        var starts = new List<(long Offset, TimeSpan At, int Connection)>();
        foreach (var chunk in chunks.Where(c => c.Direction == direction))
        {
            starts.Add((stream.Count, chunk.At, chunk.Connection));
            stream.AddRange(chunk.Bytes);
        }

        var bytes = stream.ToArray();
        var encrypted = false;
        var handshake = new List<byte>();
        var offset = 0;
        while (offset + HeaderLength <= bytes.Length)
        {
            var length = (bytes[offset + 3] << 8) | bytes[offset + 4];
            if (offset + HeaderLength + length > bytes.Length)
            {
                yield break;
            }

            var record = bytes[offset..(offset + HeaderLength + length)];
            var (_, at, connection) = starts.Last(s => s.Offset <= offset);
            var type = record[0];
            var readable = !encrypted && type is 20 or 21 or 22;
            var messages = new List<string>();
            if (readable && type == 22)
            {
                messages.AddRange(HandshakeMessagesStarting(handshake, record[HeaderLength..]));
            }

            yield return new WireRecord(connection, direction, at, type,
                (ushort)((record[1] << 8) | record[2]), record, readable, messages);
            encrypted |= type == 20;
            offset += record.Length;
        }
    }

    /// <summary>
    /// Appends a handshake fragment to the direction's handshake stream and names the
    /// messages that start in it (a message may span records, RFC 5246 §6.2.1).
    /// </summary>
    private static List<string> HandshakeMessagesStarting(List<byte> pending,
        byte[] fragment)
    {
        var names = new List<string>();
        var carried = pending.Count;
        pending.AddRange(fragment);
        var at = 0;
        while (at + 4 <= pending.Count)
        {
            var length = (pending[at + 1] << 16) | (pending[at + 2] << 8) | pending[at + 3];
            if (at >= carried)
            {
                names.Add(WireRecord.HandshakeName(pending[at]));
            }

            if (at + 4 + length > pending.Count)
            {
                break;
            }

            at += 4 + length;
        }

        pending.RemoveRange(0, at);
        return names;
    }
}
