using System.Numerics;
using System.Security.Cryptography;

namespace TlsNotebooks.DiffieHellman;

/// <summary>
/// One side of a finite-field Diffie-Hellman exchange: a private exponent x and the public
/// value y = g^x mod p that is sent to the peer.
/// </summary>
/// <remarks>
/// Teaching code: the arithmetic is not constant-time and the private exponent is never wiped
/// from memory. It computes the right numbers; it does not resist side channels.
/// </remarks>
public sealed class DhKeyPair
{
    private DhKeyPair(DhGroup group, BigInteger privateExponent)
    {
        Group = group;
        PrivateExponent = privateExponent;
        PublicValue = DhArithmetic.ModPow(group.G, privateExponent, group.P);
    }

    /// <summary>The group both peers use.</summary>
    public DhGroup Group { get; }

    /// <summary>The private exponent x: never sent.</summary>
    public BigInteger PrivateExponent { get; }

    /// <summary>The public value y = g^x mod p, sent to the peer.</summary>
    public BigInteger PublicValue { get; }

    /// <summary>
    /// Makes a key pair with a fresh private exponent of the group's size
    /// (<see cref="DhGroup.PrivateExponentBits"/>).
    /// </summary>
    /// <param name="group">The group.</param>
    /// <param name="random">
    /// A seeded <see cref="Random"/> for a lesson that must print the same numbers on every
    /// run; null (the default) uses the operating system's cryptographic generator. A seeded
    /// Random is predictable: never use one to protect anything.
    /// </param>
    public static DhKeyPair Generate(DhGroup group, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(group);
        return new DhKeyPair(group, ChoosePrivateExponent(group, random));
    }

    /// <summary>
    /// Makes the key pair for a given private exponent, as in a known-answer test or a
    /// by-hand exercise.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">x is not in [1, p - 2].</exception>
    public static DhKeyPair FromPrivateExponent(DhGroup group, BigInteger privateExponent)
    {
        ArgumentNullException.ThrowIfNull(group);
        if (privateExponent < 1 || privateExponent > group.P - 2)
        {
            throw new ArgumentOutOfRangeException(
                nameof(privateExponent),
                $"A private exponent in {group.Name} must lie in [1, p - 2].");
        }

        return new DhKeyPair(group, privateExponent);
    }

    /// <summary>
    /// The public value big-endian without leading zeros, as TLS 1.2 sends dh_Ys in its
    /// ServerKeyExchange and ClientKeyExchange (RFC 5246 §7.4.3, opaque dh_Ys&lt;1..2^16-1&gt;).
    /// </summary>
    public byte[] PublicValueBytes() =>
        PublicValue.ToByteArray(isUnsigned: true, isBigEndian: true);

    /// <summary>
    /// The public value left-padded to the length of p, as RFC 7919 §3 and TLS 1.3
    /// (RFC 8446 §4.2.8.1) ask.
    /// </summary>
    public byte[] PublicValuePadded() => DhEncoding.ToPaddedBytes(PublicValue, Group.ByteLength);

    /// <summary>
    /// Checks the peer's public value and computes the shared secret Z = y^x mod p.
    /// </summary>
    /// <param name="peerPublicValue">The value y the peer sent.</param>
    /// <param name="validation">How thoroughly y is checked; full validation by default.</param>
    /// <exception cref="DhValidationException">y or the secret breaks a rule.</exception>
    public DhSharedSecret Agree(
        BigInteger peerPublicValue,
        DhValidation validation = DhValidation.Full)
    {
        Group.ValidatePublicValue(peerPublicValue, validation);

        var z = DhArithmetic.ModPow(peerPublicValue, PrivateExponent, Group.P);

        // Z = 1 means y has a small order dividing x; SP 800-56A Rev. 3 §5.7.1.1 says to stop.
        // The range check already excludes it for safe primes, not for every teaching group.
        if (validation != DhValidation.NoneForTeaching && z.IsOne)
        {
            throw new DhValidationException(DhPublicValueRule.SharedSecretIsOne, Group);
        }

        return new DhSharedSecret(Group, z);
    }

    /// <summary>
    /// Checks the peer's big-endian public value (at most as long as p) and computes the
    /// shared secret.
    /// </summary>
    /// <exception cref="DhValidationException">y or the secret breaks a rule.</exception>
    public DhSharedSecret Agree(
        ReadOnlySpan<byte> peerPublicValue,
        DhValidation validation = DhValidation.Full)
    {
        if (peerPublicValue.Length == 0 || peerPublicValue.Length > Group.ByteLength)
        {
            throw new DhValidationException(DhPublicValueRule.WrongLength, Group);
        }

        return Agree(DhEncoding.FromBytes(peerPublicValue), validation);
    }

    /// <summary>The group and the public value; the private exponent is not printed.</summary>
    public override string ToString() =>
        $"DH key pair in {Group.Name}: y = 0x{Convert.ToHexStringLower(PublicValueBytes())}";

    // Picks x uniformly in [2, max], where max is q - 1 (or p - 2 when q is unknown),
    // capped at 2^bits - 1 for a group with short exponents (RFC 7919 §5.2). Drawing
    // bitLength(max) random bits and retrying when the number is too big keeps the choice
    // uniform; fewer than half the draws are retried.
    private static BigInteger ChoosePrivateExponent(DhGroup group, Random? random)
    {
        var max = group.Q is { } q ? q - 1 : group.P - 2;
        if (group.PrivateExponentBits is { } bits)
        {
            max = BigInteger.Min(max, (BigInteger.One << bits) - 1);
        }

        var bitLength = (int)max.GetBitLength();
        var buffer = new byte[(bitLength + 7) / 8];
        var topMask = (byte)(0xFF >> (buffer.Length * 8 - bitLength));
        while (true)
        {
            if (random is null)
            {
                RandomNumberGenerator.Fill(buffer);
            }
            else
            {
                random.NextBytes(buffer);
            }

            buffer[0] &= topMask;
            var x = DhEncoding.FromBytes(buffer);
            if (x >= 2 && x <= max)
            {
                return x;
            }
        }
    }
}
