namespace TlsNotebooks.Tls.Wire;

/// <summary>
/// Reads the RFC 5246 §4 presentation language from bytes: big-endian integers and vectors
/// with a 1, 2 or 3 byte length prefix. Every read is bounded by the enclosing vector, and a
/// truncated or overrunning input raises decode_error, so a parser built on this reader
/// cannot read past what the peer declared.
/// </summary>
public sealed class TlsReader
{
    private readonly byte[] _buffer;
    private readonly int _end;
    private readonly string _context;
    private int _position;

    public TlsReader(byte[] buffer, string context)
        : this(buffer, 0, buffer.Length, context)
    {
    }

    private TlsReader(byte[] buffer, int start, int end, string context)
    {
        _buffer = buffer;
        _position = start;
        _end = end;
        _context = context;
    }

    /// <summary>Bytes left before the end of this (sub-)vector.</summary>
    public int Remaining => _end - _position;

    public bool IsAtEnd => _position == _end;

    public byte ReadUInt8(string field)
    {
        Need(1, field);
        return _buffer[_position++];
    }

    public ushort ReadUInt16(string field)
    {
        Need(2, field);
        var value = (ushort)((_buffer[_position] << 8) | _buffer[_position + 1]);
        _position += 2;
        return value;
    }

    public int ReadUInt24(string field)
    {
        Need(3, field);
        var value = (_buffer[_position] << 16) | (_buffer[_position + 1] << 8)
            | _buffer[_position + 2];
        _position += 3;
        return value;
    }

    public ulong ReadUInt64(string field)
    {
        Need(8, field);
        ulong value = 0;
        for (var i = 0; i < 8; i++)
        {
            value = (value << 8) | _buffer[_position + i];
        }

        _position += 8;
        return value;
    }

    /// <summary>A fixed-length opaque field, such as opaque random[32].</summary>
    public byte[] ReadBytes(int count, string field)
    {
        Need(count, field);
        var bytes = _buffer.AsSpan(_position, count).ToArray();
        _position += count;
        return bytes;
    }

    /// <summary>opaque field&lt;min..2^8-1&gt;.</summary>
    public byte[] ReadVector8(string field, int min = 0) =>
        ReadVector(ReadUInt8(field + " length"), min, field);

    /// <summary>opaque field&lt;min..2^16-1&gt;.</summary>
    public byte[] ReadVector16(string field, int min = 0) =>
        ReadVector(ReadUInt16(field + " length"), min, field);

    /// <summary>opaque field&lt;min..2^24-1&gt;.</summary>
    public byte[] ReadVector24(string field, int min = 0) =>
        ReadVector(ReadUInt24(field + " length"), min, field);

    /// <summary>A reader bounded to a vector with a one-byte length.</summary>
    public TlsReader Sub8(string field) => Sub(ReadUInt8(field + " length"), field);

    public TlsReader Sub16(string field) => Sub(ReadUInt16(field + " length"), field);

    public TlsReader Sub24(string field) => Sub(ReadUInt24(field + " length"), field);

    /// <summary>Every parser ends here: trailing bytes are as wrong as missing ones.</summary>
    public void ExpectEnd()
    {
        if (!IsAtEnd)
        {
            throw new TlsAlertException(
                AlertDescription.DecodeError,
                $"{_context}: {Remaining} byte(s) left over after the last field");
        }
    }

    private byte[] ReadVector(int length, int min, string field)
    {
        if (length < min)
        {
            throw new TlsAlertException(
                AlertDescription.DecodeError,
                $"{_context}: {field} has {length} byte(s), the minimum is {min}");
        }

        return ReadBytes(length, field);
    }

    private TlsReader Sub(int length, string field)
    {
        Need(length, field);
        var sub = new TlsReader(_buffer, _position, _position + length, _context);
        _position += length;
        return sub;
    }

    private void Need(int count, string field)
    {
        if (count > Remaining)
        {
            throw new TlsAlertException(
                AlertDescription.DecodeError,
                $"{_context}: {field} needs {count} byte(s) but only {Remaining} remain");
        }
    }
}
