using System.Numerics;

namespace TlsNotebooks.Tls.Internal;

/// <summary>
/// The finite-field Diffie-Hellman arithmetic the handshake needs, kept in one small file so
/// that the project's own Diffie-Hellman types can replace it. Not constant-time: teaching
/// code. The exponentiation runs on BouncyCastle's BigInteger, whose Montgomery ModPow is
/// about a third faster than System.Numerics here.
/// </summary>
internal static class DheMath
{
    /// <summary>RFC 7919 §3 and Appendix A.1: the ffdhe2048 prime; g = 2.</summary>
    public static readonly BigInteger Ffdhe2048P = FromHex(
        "FFFFFFFFFFFFFFFFADF85458A2BB4A9AAFDC5620273D3CF1D8B9C583CE2D3695A9E13641146433FB"
        + "CC939DCE249B3EF97D2FE363630C75D8F681B202AEC4617AD3DF1ED5D5FD65612433F51F5F066ED0"
        + "856365553DED1AF3B557135E7F57C935984F0C70E0E68B77E2A689DAF3EFE8721DF158A136ADE735"
        + "30ACCA4F483A797ABC0AB182B324FB61D108A94BB2C8E3FBB96ADAB760D7F4681D4F42A3DE394DF4"
        + "AE56EDE76372BB190B07A7C8EE0A6D709E02FCE1CDF7E2ECC03404CD28342F619172FE9CE98583FF"
        + "8E4F1232EEF28183C3FE3B1B4C6FAD733BB5FCBC2EC22005C58EF1837D1683B2C6F34A26C1B2EFFA"
        + "886B423861285C97FFFFFFFFFFFFFFFF");

    public static readonly BigInteger Ffdhe2048G = 2;

    /// <summary>The smallest prime this library accepts from a server (RFC 7919 §8 warns
    /// against anything weaker than 2048 bits; Logjam showed 512 and 1024 falling).</summary>
    public const int MinimumPrimeBits = 2048;

    public static BigInteger FromBytes(byte[] bigEndian) =>
        new(bigEndian, isUnsigned: true, isBigEndian: true);

    public static byte[] ToBytes(BigInteger value) =>
        value.ToByteArray(isUnsigned: true, isBigEndian: true);

    /// <summary>
    /// Left-pads to the byte length of p, as RFC 7919 §5.1 asks for public values.
    /// </summary>
    public static byte[] ToBytes(BigInteger value, int length)
    {
        var bytes = ToBytes(value);
        if (bytes.Length >= length)
        {
            return bytes;
        }

        var padded = new byte[length];
        bytes.CopyTo(padded, length - bytes.Length);
        return padded;
    }

    /// <summary>g^x mod p.</summary>
    public static BigInteger PublicValue(BigInteger g, BigInteger x, BigInteger p) =>
        ModPow(g, x, p);

    /// <summary>
    /// Checks a peer's public value y: 1 &lt; y &lt; p-1 (RFC 7919 §5.1; y = 1 or p-1 would
    /// force the shared secret into a group of order 2).
    /// </summary>
    public static bool IsValidPublicValue(BigInteger y, BigInteger p) =>
        y > BigInteger.One && y < p - BigInteger.One;

    /// <summary>
    /// The premaster secret Z = y^x mod p with leading zero bytes stripped, as RFC 5246
    /// §8.1.2 demands for TLS 1.2 (RFC 7919 §5 would keep them).
    /// </summary>
    public static byte[] SharedSecret(BigInteger peerPublic, BigInteger x, BigInteger p) =>
        ToBytes(ModPow(peerPublic, x, p));

    /// <summary>
    /// A private exponent from the given random bytes (top bit set, never zero).
    /// </summary>
    public static BigInteger PrivateValue(byte[] randomBytes)
    {
        randomBytes[0] |= 0x80;
        return FromBytes(randomBytes);
    }

    /// <summary>b^e mod m.</summary>
    public static BigInteger ModPow(BigInteger b, BigInteger e, BigInteger m)
    {
        var result = Bc(b).ModPow(Bc(e), Bc(m));
        return FromBytes(result.ToByteArrayUnsigned());
    }

    private static Org.BouncyCastle.Math.BigInteger Bc(BigInteger value) =>
        new(1, ToBytes(value));

    private static BigInteger FromHex(string hex) => FromBytes(Convert.FromHexString(hex));
}
