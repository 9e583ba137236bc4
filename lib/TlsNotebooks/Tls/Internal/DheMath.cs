using System.Numerics;
using TlsNotebooks.DiffieHellman;
using TlsNotebooks.Tls.Messages;

namespace TlsNotebooks.Tls.Internal;

/// <summary>
/// What the handshake asks of the Diffie-Hellman library (TlsNotebooks.DiffieHellman): the
/// group a server offers, key pairs from the connection's random source, and agreement whose
/// failures become TLS alerts. The numbers are the same types notebook 02 uses.
/// </summary>
internal static class DheMath
{
    /// <summary>The group our server offers: RFC 7919's ffdhe2048.</summary>
    public static DhGroup ServerGroup => DhGroups.Ffdhe2048;

    /// <summary>
    /// <see cref="ServerGroup"/>'s code in supported_groups (RFC 7919 §2), by which a client
    /// says whether it takes that group.
    /// </summary>
    public const NamedGroup ServerNamedGroup = NamedGroup.Ffdhe2048;

    /// <summary>The smallest prime this library accepts from a server (RFC 7919 §8 warns
    /// against anything weaker than 2048 bits; Logjam showed 512 and 1024 falling).</summary>
    public const int MinimumPrimeBits = 2048;

    public static BigInteger FromBytes(byte[] bigEndian) =>
        new(bigEndian, isUnsigned: true, isBigEndian: true);

    public static byte[] ToBytes(BigInteger value) =>
        value.ToByteArray(isUnsigned: true, isBigEndian: true);

    /// <summary>
    /// The group of a server's ServerKeyExchange: one of the named RFC groups when p and g
    /// match one, else the server's own numbers. Refuses a prime under
    /// <see cref="MinimumPrimeBits"/> (insufficient_security) and malformed numbers
    /// (illegal_parameter), and checks dh_Ys before anything is computed with it.
    /// </summary>
    public static DhGroup ServerGroupOf(ServerKeyExchange keyExchange)
    {
        var p = FromBytes(keyExchange.DhP);
        var g = FromBytes(keyExchange.DhG);
        if (p.GetBitLength() < MinimumPrimeBits)
        {
            throw new TlsAlertException(
                AlertDescription.InsufficientSecurity,
                $"server's DH prime has {p.GetBitLength()} bits; at least "
                + $"{MinimumPrimeBits} are required (RFC 7919 §8, Logjam)");
        }

        DhGroup group;
        try
        {
            group = DhGroups.FindByParameters(p, g) ?? new DhGroup("the server's group", p, g);
        }
        catch (ArgumentException e)
        {
            throw new TlsAlertException(
                AlertDescription.IllegalParameter,
                "server's DH parameters are malformed: " + e.Message);
        }

        CheckPeerValue(group, FromBytes(keyExchange.DhYs), "server's dh_Ys");
        return group;
    }

    /// <summary>
    /// A key pair whose private exponent is 256 random bits with the top bit set, drawn from
    /// the connection's random source so that deterministic mode repeats it. RFC 7919 §5.2
    /// asks for at least 225 bits in ffdhe2048 to keep the group's strength.
    /// </summary>
    public static DhKeyPair NewKeyPair(DhGroup group, byte[] thirtyTwoRandomBytes)
    {
        thirtyTwoRandomBytes[0] |= 0x80;
        return DhKeyPair.FromPrivateExponent(group, FromBytes(thirtyTwoRandomBytes));
    }

    /// <summary>
    /// The premaster secret: Z = y^x mod p with leading zero bytes stripped, as RFC 5246
    /// §8.1.2 demands for TLS 1.2 (RFC 7919 §5 would keep them).
    /// </summary>
    public static byte[] PreMasterSecret(DhKeyPair keyPair, byte[] peerValue, string what)
    {
        var y = FromBytes(peerValue);
        CheckPeerValue(keyPair.Group, y, what);
        return keyPair.Agree(y, ValidationFor(keyPair.Group)).ToTls12PremasterSecret();
    }

    // A named group comes with its subgroup order q, so the peer's value gets full validation
    // (NIST SP 800-56A §5.6.2.3.1); of a server's own group only the range 1 < y < p - 1 of
    // RFC 7919 §5.1 can be checked.
    private static DhValidation ValidationFor(DhGroup group) =>
        group.Q is null ? DhValidation.RangeOnly : DhValidation.Full;

    private static void CheckPeerValue(DhGroup group, BigInteger y, string what)
    {
        if (group.FindBrokenRule(y, ValidationFor(group)) is { } rule)
        {
            throw new TlsAlertException(
                AlertDescription.IllegalParameter,
                $"{what} is refused: {new DhValidationException(rule, group).Message}");
        }
    }
}
