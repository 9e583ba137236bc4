using System.Text;

namespace TlsNotebooks.Relay;

/// <summary>Where a chunk sits: which connection, which way, how far into the stream.</summary>
public sealed record ChunkPosition(int Connection, RelayDirection Direction, long StreamOffset);

/// <summary>
/// The active attacker: sees every chunk before it is passed on and returns what to pass on
/// instead. Called in stream order for each direction of each connection, one chunk at a
/// time, from the relay's own tasks (so an editor that keeps state needs no locking per
/// direction, but sees the two directions concurrently). The array it is given is its own:
/// it may change it in place and return it.
/// </summary>
public interface IInFlightEditor
{
    byte[] Edit(ChunkPosition position, byte[] bytes);
}

/// <summary>
/// Replaces one text with another of any length in one direction, chunk by chunk. A text
/// that TCP happens to split across two chunks is not found: an attacker that must be sure
/// buffers, which this teaching editor does not. Counts what it replaced.
/// </summary>
public sealed class TextReplacer : IInFlightEditor
{
    private readonly byte[] _find;
    private readonly byte[] _replacement;
    private readonly RelayDirection _direction;
    private int _replacements;

    public TextReplacer(string find, string replacement, RelayDirection direction)
    {
        ArgumentException.ThrowIfNullOrEmpty(find);
        _find = Encoding.UTF8.GetBytes(find);
        _replacement = Encoding.UTF8.GetBytes(replacement);
        _direction = direction;
    }

    /// <summary>How many times the text was replaced so far.</summary>
    public int Replacements => Volatile.Read(ref _replacements);

    public byte[] Edit(ChunkPosition position, byte[] bytes)
    {
        if (position.Direction != _direction || bytes.AsSpan().IndexOf(_find) < 0)
        {
            return bytes;
        }

        var output = new List<byte>(bytes.Length);
        var rest = bytes.AsSpan();
        int at;
        while ((at = rest.IndexOf(_find)) >= 0)
        {
            output.AddRange(rest[..at]);
            output.AddRange(_replacement);
            rest = rest[(at + _find.Length)..];
            Interlocked.Increment(ref _replacements);
        }

        output.AddRange(rest);
        return output.ToArray();
    }
}

/// <summary>
/// Flips one bit in the fragment of the n-th TLS record of a content type in one direction,
/// following record boundaries across chunks (RFC 5246 §6.2.1: type, version, 2-byte length).
/// On an encrypted record this is what AEAD is for: the receiver's integrity check fails and
/// it answers bad_record_mac (RFC 5246 §7.2.2) instead of accepting changed data.
/// </summary>
public sealed class RecordBitFlipper : IInFlightEditor
{
    private const int HeaderLength = 5;

    private readonly RelayDirection _direction;
    private readonly byte _contentType;
    private readonly int _occurrence;
    private readonly int _fragmentOffset;
    private readonly Dictionary<int, RecordCursor> _cursors = new();
    private int _flipped;

    /// <param name="direction">Which way the record travels.</param>
    /// <param name="contentType">The record's outer content type (23 = application_data).</param>
    /// <param name="occurrence">1 for the first record of that type, 2 for the second...</param>
    /// <param name="fragmentOffset">Which fragment byte to change; negative counts from the
    /// end (-1 is the last byte, inside the AEAD tag).</param>
    public RecordBitFlipper(RelayDirection direction, byte contentType, int occurrence = 1,
        int fragmentOffset = -1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(occurrence, 1);
        _direction = direction;
        _contentType = contentType;
        _occurrence = occurrence;
        _fragmentOffset = fragmentOffset;
    }

    /// <summary>True once the bit was flipped (in any connection).</summary>
    public bool Flipped => Volatile.Read(ref _flipped) > 0;

    public byte[] Edit(ChunkPosition position, byte[] bytes)
    {
        if (position.Direction != _direction)
        {
            return bytes;
        }

        RecordCursor cursor;
        lock (_cursors)
        {
            if (!_cursors.TryGetValue(position.Connection, out cursor!))
            {
                cursor = new RecordCursor();
                _cursors[position.Connection] = cursor;
            }
        }

        var output = bytes;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (cursor.Step(bytes[i], _contentType, _occurrence, _fragmentOffset))
            {
                output = output == bytes ? (byte[])bytes.Clone() : output;
                output[i] ^= 0x01;
                Interlocked.Increment(ref _flipped);
            }
        }

        return output;
    }

    /// <summary>Walks a byte stream record by record; says when the target byte passes.</summary>
    private sealed class RecordCursor
    {
        private readonly byte[] _header = new byte[HeaderLength];
        private int _headerFilled;
        private int _fragmentLength;
        private int _fragmentSeen;
        private int _matching;
        private bool _isTarget;

        public bool Step(byte value, byte contentType, int occurrence, int fragmentOffset)
        {
            if (_headerFilled < HeaderLength)
            {
                _header[_headerFilled++] = value;
                if (_headerFilled == HeaderLength)
                {
                    _fragmentLength = (_header[3] << 8) | _header[4];
                    _fragmentSeen = 0;
                    _isTarget = _header[0] == contentType && ++_matching == occurrence;
                    if (_fragmentLength == 0)
                    {
                        _headerFilled = 0;
                    }
                }

                return false;
            }

            var index = _fragmentSeen++;
            if (_fragmentSeen == _fragmentLength)
            {
                _headerFilled = 0;
            }

            var target = fragmentOffset >= 0 ? fragmentOffset : _fragmentLength + fragmentOffset;
            return _isTarget && index == target;
        }
    }
}
