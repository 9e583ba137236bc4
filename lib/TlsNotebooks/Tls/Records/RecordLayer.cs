using System.Buffers.Binary;
using TlsNotebooks.Tls.Crypto;
using TlsNotebooks.Tls.Wire;

namespace TlsNotebooks.Tls.Records;

/// <summary>
/// The record layer (RFC 5246 §6.2): frames, protects and checks records on a stream.
/// <code>
/// struct { ContentType type; ProtocolVersion version; uint16 length;
///          opaque fragment[TLSPlaintext.length]; } TLSPlaintext;
/// </code>
/// Every read has a timeout, so a silent peer ends in a <see cref="TimeoutException"/>
/// rather than a hang.
/// </summary>
internal sealed class RecordLayer
{
    /// <summary>RFC 5246 §6.2.1: a plaintext fragment is at most 2^14 bytes.</summary>
    public const int MaxPlaintext = 1 << 14;

    /// <summary>RFC 5246 §6.2.3: a ciphertext fragment is at most 2^14 + 2048 bytes.</summary>
    public const int MaxCiphertext = MaxPlaintext + 2048;

    public const ushort Tls12 = 0x0303;

    private readonly Stream _stream;
    private readonly TimeSpan _timeout;
    private readonly TlsTranscript _transcript;
    private readonly byte[] _header = new byte[5];
    private RecordProtection? _readProtection;
    private RecordProtection? _writeProtection;
    private RecordProtection? _pendingRead;
    private RecordProtection? _pendingWrite;

    public RecordLayer(Stream stream, TimeSpan timeout, TlsTranscript transcript)
    {
        _stream = stream;
        _timeout = timeout;
        _transcript = transcript;
    }

    public bool ReadProtected => _readProtection is not null;

    public bool WriteProtected => _writeProtection is not null;

    /// <summary>Installs the keys that ChangeCipherSpec will switch on (RFC 5246 §7.1).</summary>
    public void SetPendingKeys(RecordProtection read, RecordProtection write)
    {
        _pendingRead = read;
        _pendingWrite = write;
    }

    public void ActivateRead()
    {
        _readProtection = _pendingRead ?? throw new TlsAlertException(
            AlertDescription.UnexpectedMessage,
            "ChangeCipherSpec arrived before any keys were agreed");
        _pendingRead = null;
    }

    public void ActivateWrite()
    {
        _writeProtection = _pendingWrite
            ?? throw new InvalidOperationException("no pending write keys");
        _pendingWrite = null;
    }

    /// <summary>Sends one payload, cut into fragments of at most 2^14 bytes.</summary>
    public void Write(ContentType type, byte[] payload)
    {
        var offset = 0;
        do
        {
            var length = Math.Min(MaxPlaintext, payload.Length - offset);
            WriteRecord(type, payload.AsSpan(offset, length));
            offset += length;
        }
        while (offset < payload.Length);

        _stream.Flush();
    }

    private void WriteRecord(ContentType type, ReadOnlySpan<byte> plaintext)
    {
        var fragment = _writeProtection is null
            ? plaintext.ToArray()
            : _writeProtection.Seal(type, Tls12, plaintext);
        var writer = new TlsWriter();
        writer.WriteUInt8((byte)type, "type");
        writer.WriteUInt16(Tls12, "version");
        using (writer.Block16("fragment"))
        {
            if (_writeProtection is null)
            {
                writer.WriteBytes(fragment, TlsNames.Snake(type));
            }
            else
            {
                AnnotateCiphertext(writer, fragment);
            }
        }

        var record = writer.ToArray();
        _stream.Write(record);
        _transcript.Add(Direction.Sent, TranscriptEntryKind.Record, type,
            RecordName(type, _writeProtection is not null), record, writer.Ranges, null);
    }

    /// <summary>Reads one record and returns its type and (decrypted) fragment.</summary>
    public (ContentType Type, byte[] Fragment) Read()
    {
        ReadExactly(_header, "record header");
        var type = (ContentType)_header[0];
        var version = BinaryPrimitives.ReadUInt16BigEndian(_header.AsSpan(1));
        var length = BinaryPrimitives.ReadUInt16BigEndian(_header.AsSpan(3));

        // RFC 5246 §6.2.1: an unknown content type is unexpected_message.
        if (type is not (ContentType.ChangeCipherSpec or ContentType.Alert
            or ContentType.Handshake or ContentType.ApplicationData))
        {
            throw new TlsAlertException(
                AlertDescription.UnexpectedMessage,
                $"record content type {(byte)type} is not defined by RFC 5246 §6.2.1");
        }

        if (version >> 8 != 3)
        {
            throw new TlsAlertException(
                AlertDescription.ProtocolVersion,
                $"record version {TlsNames.Hex16(version)} is not TLS (major version 3)");
        }

        var limit = _readProtection is null ? MaxPlaintext : MaxCiphertext;
        if (length > limit)
        {
            throw new TlsAlertException(
                AlertDescription.RecordOverflow,
                $"record of {length} bytes exceeds the {limit}-byte limit of RFC 5246 §6.2");
        }

        var fragment = new byte[length];
        ReadExactly(fragment, "record fragment");
        var record = new byte[5 + length];
        _header.CopyTo(record, 0);
        fragment.CopyTo(record, 5);

        var encrypted = _readProtection is not null;
        var writer = new TlsWriter();
        writer.WriteUInt8((byte)type, "type");
        writer.WriteUInt16(version, "version");
        using (writer.Block16("fragment"))
        {
            if (encrypted)
            {
                AnnotateCiphertext(writer, fragment);
            }
            else
            {
                writer.WriteBytes(fragment, TlsNames.Snake(type));
            }
        }

        _transcript.Add(Direction.Received, TranscriptEntryKind.Record, type,
            RecordName(type, encrypted), record, writer.Ranges, null);

        if (encrypted)
        {
            fragment = _readProtection!.Open(type, version, fragment);
            if (fragment.Length > MaxPlaintext)
            {
                throw new TlsAlertException(
                    AlertDescription.RecordOverflow,
                    $"decrypted fragment of {fragment.Length} bytes exceeds 2^14");
            }
        }

        // RFC 5246 §6.2.1: zero-length fragments are allowed for application data only.
        if (fragment.Length == 0 && type != ContentType.ApplicationData)
        {
            throw new TlsAlertException(
                AlertDescription.DecodeError,
                $"empty {TlsNames.Snake(type)} record; RFC 5246 §6.2.1 forbids it");
        }

        return (type, fragment);
    }

    private static void AnnotateCiphertext(TlsWriter writer, byte[] fragment)
    {
        if (fragment.Length < RecordProtection.ExplicitNonceLength + RecordProtection.TagLength)
        {
            writer.WriteBytes(fragment, "GenericAEADCipher (too short)");
            return;
        }

        var inner = fragment.Length - RecordProtection.ExplicitNonceLength
            - RecordProtection.TagLength;
        writer.WriteBytes(fragment.AsSpan(0, 8), "nonce_explicit");
        writer.WriteBytes(fragment.AsSpan(8, inner), "aead-ciphered content");
        writer.WriteBytes(fragment.AsSpan(8 + inner), "GCM tag");
    }

    private static string RecordName(ContentType type, bool encrypted) =>
        $"TLS{(encrypted ? "Ciphertext" : "Plaintext")} {TlsNames.Snake(type)}";

    private void ReadExactly(byte[] buffer, string what)
    {
        var offset = 0;
        while (offset < buffer.Length)
        {
            int read;
            using (var cancel = new CancellationTokenSource(_timeout))
            {
                try
                {
                    read = _stream.ReadAsync(buffer.AsMemory(offset), cancel.Token)
                        .AsTask().GetAwaiter().GetResult();
                }
                catch (OperationCanceledException)
                {
                    throw new TimeoutException(
                        $"no {what} from the peer within {_timeout.TotalSeconds:F1} s");
                }
            }

            if (read == 0)
            {
                throw new EndOfStreamException(
                    $"the peer closed the connection in the middle of a {what}");
            }

            offset += read;
        }
    }
}
