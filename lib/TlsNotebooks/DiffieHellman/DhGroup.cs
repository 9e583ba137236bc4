using System.Numerics;

namespace TlsNotebooks.DiffieHellman;

/// <summary>
/// A finite-field Diffie-Hellman group: the prime modulus p, the generator g and, when it is
/// known, the prime order q of the subgroup that g generates.
/// </summary>
/// <remarks>
/// References: RFC 7919 §2 and Appendix A (the ffdhe groups), RFC 3526 (the MODP groups),
/// NIST SP 800-56A Rev. 3 §5.5.1.1 (domain parameters).
/// The constructor checks the shape of the numbers (odd p, g in range, q divides p - 1) but
/// does not prove that p or q is prime: that is slow for 2048 bits and the named groups in
/// <see cref="DhGroups"/> are checked against their RFCs by the tests instead.
/// </remarks>
public sealed class DhGroup
{
    /// <summary>Builds a group and checks that its numbers have the right shape.</summary>
    /// <param name="name">A name to show, such as "ffdhe2048".</param>
    /// <param name="p">The prime modulus; odd and greater than 3.</param>
    /// <param name="g">The generator, with 1 &lt; g &lt; p - 1.</param>
    /// <param name="q">The order of g when known; it must divide p - 1.</param>
    /// <param name="privateExponentBits">
    /// The size of private exponents; null picks the full range ([2, q - 1] when q is known,
    /// [2, p - 2] otherwise).
    /// </param>
    /// <param name="isTeachingOnly">True for deliberately insecure groups.</param>
    /// <exception cref="ArgumentException">A number breaks one of the rules above.</exception>
    public DhGroup(
        string name,
        BigInteger p,
        BigInteger g,
        BigInteger? q = null,
        int? privateExponentBits = null,
        bool isTeachingOnly = false)
        : this(name, p, g, q, privateExponentBits, isTeachingOnly, checkGeneratorOrder: true)
    {
    }

    // The named groups skip the g^q check, a full-size exponentiation, when first touched:
    // the tests check their numbers against the RFCs and OpenSSL's parameter files instead.
    internal DhGroup(
        string name,
        BigInteger p,
        BigInteger g,
        BigInteger? q,
        int? privateExponentBits,
        bool isTeachingOnly,
        bool checkGeneratorOrder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);

        if (p <= 3 || p.IsEven)
        {
            throw new ArgumentException(
                $"Group {name}: the modulus p must be an odd prime greater than 3, got {Show(p)}.",
                nameof(p));
        }

        // g = 1 and g = p - 1 generate subgroups of order 1 and 2: every shared secret
        // would be 1 or p - 1 (SP 800-56A §5.5.1.1 asks for 2 <= g <= p - 2).
        if (g <= 1 || g >= p - 1)
        {
            throw new ArgumentException(
                $"Group {name}: the generator g must satisfy 1 < g < p - 1, got {Show(g)}.",
                nameof(g));
        }

        if (q is { } order)
        {
            // The order of any element divides p - 1 (Lagrange's theorem).
            if (order <= 1 || !((p - 1) % order).IsZero)
            {
                throw new ArgumentException(
                    $"Group {name}: the subgroup order q must be greater than 1 and divide "
                    + "p - 1.",
                    nameof(q));
            }

            if (checkGeneratorOrder && !DhArithmetic.ModPow(g, order, p).IsOne)
            {
                throw new ArgumentException(
                    $"Group {name}: g^q mod p must be 1, or g does not generate a subgroup "
                    + "of order q.",
                    nameof(q));
            }
        }

        if (privateExponentBits is { } bits && (bits < 2 || bits > (int)p.GetBitLength()))
        {
            throw new ArgumentOutOfRangeException(
                nameof(privateExponentBits),
                $"Group {name}: a private exponent must have between 2 and {p.GetBitLength()} "
                + $"bits, got {bits}.");
        }

        Name = name;
        P = p;
        G = g;
        Q = q;
        IsTeachingOnly = isTeachingOnly;
        PrivateExponentBits = privateExponentBits;
        ByteLength = (int)((p.GetBitLength() + 7) / 8);
    }

    /// <summary>The group's name, such as "ffdhe2048" or "teaching-23".</summary>
    public string Name { get; }

    /// <summary>The prime modulus p.</summary>
    public BigInteger P { get; }

    /// <summary>The generator g.</summary>
    public BigInteger G { get; }

    /// <summary>The prime order q of g, when known (q = (p - 1) / 2 for a safe prime).</summary>
    public BigInteger? Q { get; }

    /// <summary>
    /// True for the small groups of <see cref="DhGroups.Teaching"/>: anyone can take their
    /// discrete logarithms. Never use them to protect anything.
    /// </summary>
    public bool IsTeachingOnly { get; }

    /// <summary>
    /// The size in bits of the private exponents this group's key pairs use, or null for the
    /// full range. The named RFC 7919 groups use the short exponents of RFC 7919 §5.2.
    /// </summary>
    public int? PrivateExponentBits { get; }

    /// <summary>The size of p in bits (2048 for ffdhe2048).</summary>
    public int Bits => (int)P.GetBitLength();

    /// <summary>The size of p in bytes: the length of padded public values and secrets.</summary>
    public int ByteLength { get; }

    /// <summary>
    /// The order used for exponent arithmetic: q when known, else p - 1 (a multiple of the
    /// order of g).
    /// </summary>
    public BigInteger ExponentModulus => Q ?? P - 1;

    /// <summary>
    /// Returns the rule that the peer's public value y breaks, or null when it passes.
    /// </summary>
    /// <remarks>
    /// RFC 7919 §5.1 asks every peer to check 1 &lt; y &lt; p - 1: the values 0, 1 and p - 1
    /// force the shared secret into {0, 1, p - 1} whatever the private exponent.
    /// NIST SP 800-56A Rev. 3 §5.6.2.3.1 (full public-key validation) adds y^q mod p = 1 when q
    /// is known, so that y lies in the prime-order subgroup and a small-subgroup attack cannot
    /// learn the private exponent modulo small factors of p - 1. For a safe prime that leaks
    /// at most one bit, which is why TLS stacks skip it (<see cref="DhValidation.RangeOnly"/>).
    /// </remarks>
    public DhPublicValueRule? FindBrokenRule(BigInteger y, DhValidation validation)
    {
        if (validation == DhValidation.NoneForTeaching)
        {
            return null;
        }

        if (y.Sign < 0)
        {
            return DhPublicValueRule.Negative;
        }

        if (y.IsZero)
        {
            return DhPublicValueRule.IsZero;
        }

        if (y.IsOne)
        {
            return DhPublicValueRule.IsOne;
        }

        if (y >= P)
        {
            return DhPublicValueRule.NotLessThanP;
        }

        if (y == P - 1)
        {
            return DhPublicValueRule.IsPMinusOne;
        }

        if (validation == DhValidation.Full && Q is { } q && !IsInSubgroup(y, q))
        {
            return DhPublicValueRule.NotInSubgroup;
        }

        return null;
    }

    /// <summary>
    /// True for the library's own groups, whose p = 2q + 1 with p and q prime is checked by
    /// the tests; a group built from outside numbers is never assumed to be one.
    /// </summary>
    internal bool IsVerifiedSafePrime { get; init; }

    // y^q mod p = 1. For a verified safe prime that is Euler's criterion, and the Jacobi
    // symbol answers it without the 2047-bit exponentiation.
    private bool IsInSubgroup(BigInteger y, BigInteger q) =>
        IsVerifiedSafePrime
            ? DhArithmetic.Jacobi(y, P) == 1
            : DhArithmetic.ModPow(y, q, P).IsOne;

    /// <summary>
    /// Checks the peer's public value y and throws when it breaks a rule (see
    /// <see cref="FindBrokenRule"/>).
    /// </summary>
    /// <exception cref="DhValidationException">y is not an acceptable public value.</exception>
    public void ValidatePublicValue(BigInteger y, DhValidation validation = DhValidation.Full)
    {
        if (FindBrokenRule(y, validation) is { } rule)
        {
            throw new DhValidationException(rule, this);
        }
    }

    // Small numbers in full; a 2048-bit one by its size and parity.
    private static string Show(BigInteger value) =>
        value.GetBitLength() <= 64
            ? value.ToString()
            : $"an {(value.IsEven ? "even" : "odd")} {value.GetBitLength()}-bit number";

    /// <summary>The name, size and whether the group is for teaching only.</summary>
    public override string ToString() =>
        IsTeachingOnly
            ? $"{Name} ({Bits}-bit p, g = {G}, INSECURE: teaching only)"
            : $"{Name} ({Bits}-bit p, g = {G})";
}
