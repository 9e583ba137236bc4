using System.Buffers.Binary;
using System.Security.Cryptography;

namespace TlsNotebooks.Tls.Crypto;

/// <summary>
/// AES-128-GCM record protection for one direction (RFC 5288 §3, RFC 5246 §6.2.3.3).
/// <code>
/// struct { opaque nonce_explicit[8]; aead-ciphered struct { opaque content[length]; }; }
/// nonce          = salt (client_write_IV or server_write_IV, 4 bytes) + nonce_explicit (8)
/// additional_data = seq_num (8) + TLSCompressed.type + TLSCompressed.version + length
/// </code>
/// The explicit nonce is the sequence number, as OpenSSL does: unique per key, which is all
/// GCM needs. The sequence number is counted here and never wraps (RFC 5246 §6.1).
/// </summary>
public sealed class RecordProtection : IDisposable
{
    public const int ExplicitNonceLength = 8;
    public const int TagLength = 16;

    private readonly AesGcm _aes;
    private readonly byte[] _salt;

    public RecordProtection(byte[] key, byte[] salt)
    {
        _aes = new AesGcm(key, TagLength);
        _salt = salt;
    }

    /// <summary>The next record's sequence number (RFC 5246 §6.1).</summary>
    public ulong SequenceNumber { get; private set; }

    /// <summary>Returns nonce_explicit + ciphertext + tag for the next record.</summary>
    public byte[] Seal(ContentType type, ushort version, ReadOnlySpan<byte> plaintext)
    {
        var seq = NextSequence();
        var nonce = new byte[12];
        _salt.CopyTo(nonce, 0);
        BinaryPrimitives.WriteUInt64BigEndian(nonce.AsSpan(4), seq);
        var output = new byte[ExplicitNonceLength + plaintext.Length + TagLength];
        nonce.AsSpan(4).CopyTo(output);
        var aad = AdditionalData(seq, type, version, plaintext.Length);
        _aes.Encrypt(
            nonce,
            plaintext,
            output.AsSpan(ExplicitNonceLength, plaintext.Length),
            output.AsSpan(ExplicitNonceLength + plaintext.Length),
            aad);
        return output;
    }

    /// <summary>Decrypts one record's fragment; a bad tag is bad_record_mac.</summary>
    public byte[] Open(ContentType type, ushort version, ReadOnlySpan<byte> fragment)
    {
        if (fragment.Length < ExplicitNonceLength + TagLength)
        {
            // RFC 5246 §6.2.3: a record too short to hold nonce and tag cannot authenticate.
            throw new TlsAlertException(
                AlertDescription.BadRecordMac,
                $"GCM record of {fragment.Length} bytes is shorter than nonce and tag (24)");
        }

        var seq = NextSequence();
        var nonce = new byte[12];
        _salt.CopyTo(nonce, 0);
        fragment[..ExplicitNonceLength].CopyTo(nonce.AsSpan(4));
        var length = fragment.Length - ExplicitNonceLength - TagLength;
        var plaintext = new byte[length];
        var aad = AdditionalData(seq, type, version, length);
        try
        {
            _aes.Decrypt(
                nonce,
                fragment.Slice(ExplicitNonceLength, length),
                fragment[^TagLength..],
                plaintext,
                aad);
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new TlsAlertException(
                AlertDescription.BadRecordMac,
                $"record {seq}: the GCM tag does not match (tampered, or wrong keys)",
                e);
        }

        return plaintext;
    }

    /// <summary>
    /// additional_data of RFC 5246 §6.2.3.3 for a record of this plaintext length.
    /// </summary>
    public static byte[] AdditionalData(ulong seq, ContentType type, ushort version, int length)
    {
        var aad = new byte[13];
        BinaryPrimitives.WriteUInt64BigEndian(aad, seq);
        aad[8] = (byte)type;
        BinaryPrimitives.WriteUInt16BigEndian(aad.AsSpan(9), version);
        BinaryPrimitives.WriteUInt16BigEndian(aad.AsSpan(11), (ushort)length);
        return aad;
    }

    private ulong NextSequence()
    {
        if (SequenceNumber == ulong.MaxValue)
        {
            throw new TlsAlertException(
                AlertDescription.InternalError,
                "sequence number would wrap; RFC 5246 §6.1 requires renegotiation or close");
        }

        return SequenceNumber++;
    }

    public void Dispose() => _aes.Dispose();
}
