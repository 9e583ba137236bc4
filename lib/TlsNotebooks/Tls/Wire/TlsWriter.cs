namespace TlsNotebooks.Tls.Wire;

/// <summary>A named byte range of a written message: what a protocol analyser shows.</summary>
/// <param name="Name">The field's name, as the RFC's presentation syntax spells it.</param>
/// <param name="Offset">Where the field starts, counted from the start of the output.</param>
/// <param name="Length">How many bytes the field takes, length prefix included.</param>
/// <param name="Depth">0 for top-level fields, 1 for fields inside a vector, and so on.</param>
public sealed record ByteRange(string Name, int Offset, int Length, int Depth)
{
    public override string ToString() =>
        $"{new string(' ', 2 * Depth)}{Name} [{Offset}..{Offset + Length}) ({Length} bytes)";
}

/// <summary>
/// Writes the RFC 5246 §4 presentation language and, as it goes, names every field's byte
/// range. Vectors are written as blocks whose length prefix is filled in when the block ends.
/// </summary>
public sealed class TlsWriter
{
    private readonly List<byte> _bytes = new();
    private readonly List<ByteRange> _ranges = new();
    private int _depth;

    public int Length => _bytes.Count;

    /// <summary>Every field written so far, in order of their start.</summary>
    public IReadOnlyList<ByteRange> Ranges => _ranges;

    public byte[] ToArray() => _bytes.ToArray();

    public void WriteUInt8(int value, string field)
    {
        Mark(field, 1);
        _bytes.Add((byte)value);
    }

    public void WriteUInt16(int value, string field)
    {
        Mark(field, 2);
        _bytes.Add((byte)(value >> 8));
        _bytes.Add((byte)value);
    }

    public void WriteUInt24(int value, string field)
    {
        Mark(field, 3);
        _bytes.Add((byte)(value >> 16));
        _bytes.Add((byte)(value >> 8));
        _bytes.Add((byte)value);
    }

    public void WriteUInt64(ulong value, string field)
    {
        Mark(field, 8);
        for (var shift = 56; shift >= 0; shift -= 8)
        {
            _bytes.Add((byte)(value >> shift));
        }
    }

    public void WriteBytes(ReadOnlySpan<byte> bytes, string field)
    {
        Mark(field, bytes.Length);
        foreach (var b in bytes)
        {
            _bytes.Add(b);
        }
    }

    public void WriteVector8(ReadOnlySpan<byte> bytes, string field)
    {
        using (Block8(field))
        {
            WriteRaw(bytes);
        }
    }

    public void WriteVector16(ReadOnlySpan<byte> bytes, string field)
    {
        using (Block16(field))
        {
            WriteRaw(bytes);
        }
    }

    public void WriteVector24(ReadOnlySpan<byte> bytes, string field)
    {
        using (Block24(field))
        {
            WriteRaw(bytes);
        }
    }

    /// <summary>Starts a vector with a one-byte length; dispose to close it.</summary>
    public IDisposable Block8(string field) => new Block(this, field, 1);

    public IDisposable Block16(string field) => new Block(this, field, 2);

    public IDisposable Block24(string field) => new Block(this, field, 3);

    /// <summary>Names a range without a length prefix (a group of fields).</summary>
    public IDisposable Group(string field) => new Block(this, field, 0);

    private void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            _bytes.Add(b);
        }
    }

    private void Mark(string field, int length) =>
        _ranges.Add(new ByteRange(field, _bytes.Count, length, _depth));

    private sealed class Block : IDisposable
    {
        private readonly TlsWriter _writer;
        private readonly int _start;
        private readonly int _prefix;
        private readonly int _rangeIndex;

        public Block(TlsWriter writer, string field, int prefix)
        {
            _writer = writer;
            _start = writer._bytes.Count;
            _prefix = prefix;
            _rangeIndex = writer._ranges.Count;
            writer._ranges.Add(new ByteRange(field, _start, 0, writer._depth));
            for (var i = 0; i < prefix; i++)
            {
                writer._bytes.Add(0);
            }

            writer._depth++;
        }

        public void Dispose()
        {
            _writer._depth--;
            var contentLength = _writer._bytes.Count - _start - _prefix;
            var max = _prefix == 0 ? int.MaxValue : (1 << (8 * _prefix)) - 1;
            if (contentLength > max)
            {
                throw new InvalidOperationException(
                    $"{_writer._ranges[_rangeIndex].Name}: {contentLength} bytes do not fit "
                    + $"a {_prefix}-byte length");
            }

            for (var i = 0; i < _prefix; i++)
            {
                _writer._bytes[_start + i] = (byte)(contentLength >> (8 * (_prefix - 1 - i)));
            }

            _writer._ranges[_rangeIndex] = _writer._ranges[_rangeIndex] with
            {
                Length = _writer._bytes.Count - _start,
            };
        }
    }
}
