using System.Numerics;

namespace TlsNotebooks.DiffieHellman;

/// <summary>
/// The secret Z = y^x mod p that both peers of a finite-field Diffie-Hellman exchange compute.
/// </summary>
/// <remarks>
/// The same number has two byte encodings, and using the wrong one breaks the handshake about
/// once in 256 exchanges (whenever Z happens to start with a zero byte):
/// TLS 1.2 strips leading zero bytes (RFC 5246 §8.1.2), while RFC 7919 §2 and TLS 1.3
/// (RFC 8446 §7.4.1) left-pad Z to the length of p.
/// Teaching code: the value is kept in memory as an ordinary BigInteger and never wiped.
/// </remarks>
public sealed class DhSharedSecret
{
    internal DhSharedSecret(DhGroup group, BigInteger value)
    {
        Group = group;
        Value = value;
    }

    /// <summary>The group the secret was computed in.</summary>
    public DhGroup Group { get; }

    /// <summary>Z itself, as a number, for the lesson's arithmetic.</summary>
    public BigInteger Value { get; }

    /// <summary>
    /// The TLS 1.2 pre_master_secret: Z big-endian "with leading bytes of Z that contain all
    /// zero bits stripped" (RFC 5246 §8.1.2).
    /// </summary>
    public byte[] ToTls12PremasterSecret() =>
        Value.IsZero ? [0] : Value.ToByteArray(isUnsigned: true, isBigEndian: true);

    /// <summary>
    /// Z big-endian, left-padded with zeros to the length of p (RFC 7919 §2, RFC 8446 §7.4.1).
    /// </summary>
    public byte[] ToPaddedBytes() => DhEncoding.ToPaddedBytes(Value, Group.ByteLength);

    /// <summary>The group and the value in hexadecimal.</summary>
    public override string ToString() =>
        $"Z in {Group.Name} = 0x{Convert.ToHexStringLower(ToTls12PremasterSecret())}";
}
