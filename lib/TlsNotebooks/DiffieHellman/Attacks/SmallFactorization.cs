using System.Numerics;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace TlsNotebooks.DiffieHellman.Attacks;

/// <summary>
/// Factors a number by trial division up to a bound; enough to show that p - 1 is smooth (or
/// that it is not).
/// </summary>
internal sealed class SmallFactorization
{
    private readonly int _bound;

    private SmallFactorization(
        SortedDictionary<BigInteger, int> factors,
        BigInteger cofactor,
        int bound)
    {
        Factors = factors;
        UnfactoredCofactor = cofactor;
        _bound = bound;
    }

    /// <summary>The prime factors found, with their exponents.</summary>
    public SortedDictionary<BigInteger, int> Factors { get; }

    /// <summary>1 when fully factored, else the part with no factor up to the bound.</summary>
    public BigInteger UnfactoredCofactor { get; }

    /// <summary>
    /// Divides out every prime up to the bound. What is left (<see cref="UnfactoredCofactor"/>)
    /// has no factor up to the bound; it is not tested for primality here, since that costs
    /// seconds at 2048 bits and is often not needed.
    /// </summary>
    public static SmallFactorization Factor(
        BigInteger n,
        int bound,
        CancellationToken cancellationToken = default)
    {
        var factors = new SortedDictionary<BigInteger, int>();
        var rest = n;
        var limbs = ToLimbs(rest);
        var composite = SieveOfEratosthenes(bound);
        for (long d = 2; d <= bound; d++)
        {
            if (composite[d])
            {
                continue;
            }

            if ((d & 0xFFFF) == 1)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            // Stop at the square root: a rest with no factor below it is prime.
            if (rest.GetBitLength() <= 62 && d * d > (long)rest)
            {
                break;
            }

            // The remainder by a small d, limb by limb, without a BigInteger division.
            if (Remainder(limbs, (uint)d) != 0)
            {
                continue;
            }

            while ((rest % d).IsZero)
            {
                factors[d] = factors.GetValueOrDefault(d) + 1;
                rest /= d;
            }

            limbs = ToLimbs(rest);
        }

        return new SmallFactorization(factors, rest, bound);
    }

    /// <summary>
    /// True when the cofactor is 1 or prime: below bound^2 it must be prime, above that a
    /// probable-prime test decides.
    /// </summary>
    public bool CofactorIsPrimeOrOne() =>
        UnfactoredCofactor.IsOne
        || UnfactoredCofactor < (BigInteger)_bound * _bound
        || IsProbablePrime(UnfactoredCofactor);

    // composite[k] is true for every composite k up to the bound (and for 0 and 1).
    private static bool[] SieveOfEratosthenes(int bound)
    {
        var composite = new bool[bound + 1];
        composite[0] = true;
        if (bound >= 1)
        {
            composite[1] = true;
        }

        for (long k = 2; k * k <= bound; k++)
        {
            if (!composite[k])
            {
                for (var multiple = k * k; multiple <= bound; multiple += k)
                {
                    composite[multiple] = true;
                }
            }
        }

        return composite;
    }

    private static uint[] ToLimbs(BigInteger value)
    {
        var bytes = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        var limbs = new uint[(bytes.Length + 3) / 4];
        var offset = limbs.Length * 4 - bytes.Length;
        for (var i = 0; i < bytes.Length; i++)
        {
            var position = i + offset;
            limbs[position / 4] |= (uint)bytes[i] << (8 * (3 - position % 4));
        }

        return limbs;
    }

    // Most significant limb first: r = (r · 2^32 + limb) mod d at each step.
    private static uint Remainder(uint[] limbs, uint d)
    {
        ulong r = 0;
        foreach (var limb in limbs)
        {
            r = ((r << 32) | limb) % d;
        }

        return (uint)r;
    }

    internal static bool IsProbablePrime(BigInteger n) =>
        new BcBigInteger(1, n.ToByteArray(isUnsigned: true, isBigEndian: true))
            .IsProbablePrime(64);
}
