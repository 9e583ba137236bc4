namespace TlsNotebooks.DiffieHellman;

/// <summary>
/// The 32-byte shared secret of an X25519 exchange (RFC 7748 §6.1), never all zeros.
/// TLS uses these bytes as they are, with no stripping or padding (RFC 8446 §7.4.2).
/// </summary>
public sealed class X25519SharedSecret
{
    private readonly byte[] _bytes;

    internal X25519SharedSecret(byte[] bytes)
    {
        _bytes = bytes;
    }

    /// <summary>The 32 bytes of the secret (a copy).</summary>
    public byte[] ToBytes() => (byte[])_bytes.Clone();

    /// <summary>The secret in hexadecimal.</summary>
    public override string ToString() => $"X25519 secret {Convert.ToHexStringLower(_bytes)}";
}
