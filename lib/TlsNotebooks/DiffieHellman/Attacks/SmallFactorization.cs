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
        for (long d = 2; d <= bound; d += d == 2 ? 1 : 2)
        {
            if ((d & 0xFFFF) == 1)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            // Stop at the square root: a rest with no factor below it is prime.
            if (rest.GetBitLength() <= 62 && d * d > (long)rest)
            {
                break;
            }

            while ((rest % d).IsZero)
            {
                factors[d] = factors.GetValueOrDefault(d) + 1;
                rest /= d;
            }
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

    internal static bool IsProbablePrime(BigInteger n) =>
        new BcBigInteger(1, n.ToByteArray(isUnsigned: true, isBigEndian: true))
            .IsProbablePrime(64);
}
