using System.Text;
using TlsNotebooks.Tls.Wire;

namespace TlsNotebooks.Tls;

/// <summary>Which way bytes went, seen from the connection that recorded them.</summary>
public enum Direction
{
    Sent,
    Received,
}

/// <summary>
/// What a transcript entry shows: a whole record as on the wire, or one message.
/// </summary>
public enum TranscriptEntryKind
{
    /// <summary>A TLSPlaintext or TLSCiphertext record, header included.</summary>
    Record,

    /// <summary>
    /// A handshake message, ChangeCipherSpec, Alert or application data, in clear.
    /// </summary>
    Message,
}

/// <summary>
/// One line of a transcript: the bytes, a name for them, and the byte range of each field,
/// the way a protocol analyser shows a packet.
/// </summary>
public sealed record TranscriptEntry(
    TimeSpan At,
    Direction Direction,
    TranscriptEntryKind Kind,
    ContentType ContentType,
    string Name,
    byte[] Bytes,
    IReadOnlyList<ByteRange> Fields,
    object? Message)
{
    /// <summary>The fields with the bytes under each of them, for a notebook cell.</summary>
    public string Annotated()
    {
        var builder = new StringBuilder();
        builder.Append($"{Direction} {Kind} {Name} ({Bytes.Length} bytes)");
        foreach (var field in Fields)
        {
            var end = Math.Min(Bytes.Length, field.Offset + field.Length);
            var shown = Math.Max(0, Math.Min(end - field.Offset, 24));
            var hex = field.Offset < Bytes.Length
                ? Convert.ToHexStringLower(Bytes, field.Offset, shown)
                : string.Empty;
            var more = end - field.Offset > shown ? "..." : string.Empty;
            builder.Append('\n').Append(field).Append(": ").Append(hex).Append(more);
        }

        return builder.ToString();
    }

    public override string ToString() =>
        $"{At.TotalMilliseconds,9:F3} ms  {Direction,-8} {Kind,-7} {Name} ({Bytes.Length} bytes)";
}

/// <summary>How long one step of the handshake took.</summary>
public sealed record StepTiming(string Step, TimeSpan Elapsed)
{
    public override string ToString() => $"{Step}: {Elapsed.TotalMilliseconds:F3} ms";
}

/// <summary>
/// Everything one connection sent and received, in order, with field annotations; the
/// library's way of being observed without logging.
/// </summary>
public sealed class TlsTranscript
{
    private readonly List<TranscriptEntry> _entries = new();
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();

    public IReadOnlyList<TranscriptEntry> Entries => _entries;

    /// <summary>The records only, as they crossed the wire.</summary>
    public IEnumerable<TranscriptEntry> Records =>
        _entries.Where(e => e.Kind == TranscriptEntryKind.Record);

    /// <summary>The messages only, decrypted.</summary>
    public IEnumerable<TranscriptEntry> Messages =>
        _entries.Where(e => e.Kind == TranscriptEntryKind.Message);

    /// <summary>
    /// Every record's bytes in the given direction, concatenated: the wire stream.
    /// </summary>
    public byte[] WireBytes(Direction direction) =>
        Records.Where(r => r.Direction == direction).SelectMany(r => r.Bytes).ToArray();

    internal void Add(
        Direction direction,
        TranscriptEntryKind kind,
        ContentType type,
        string name,
        byte[] bytes,
        IReadOnlyList<ByteRange> fields,
        object? message) =>
        _entries.Add(new TranscriptEntry(
            _clock.Elapsed, direction, kind, type, name, bytes, fields, message));

    public override string ToString() => string.Join("\n", _entries);
}
