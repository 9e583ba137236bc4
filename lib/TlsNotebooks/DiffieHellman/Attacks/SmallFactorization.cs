using System.Numerics;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace TlsNotebooks.DiffieHellman.Attacks;

/// <summary>
/// Factors a number by trial division up to a bound; enough to show that p - 1 is smooth (or
/// that it is not).
/// </summary>
internal sealed class SmallFactorization
{
    private SmallFactorization(SortedDictionary<BigInteger, int> factors, BigInteger cofactor)
    {
        Factors = factors;
        UnfactoredCofactor = cofactor;
    }

    /// <summary>The prime factors found, with their exponents.</summary>
    public SortedDictionary<BigInteger, int> Factors { get; }

    /// <summary>1 when fully factored, else the composite part trial division left over.</summary>
    public BigInteger UnfactoredCofactor { get; }

    public static SmallFactorization Factor(
        BigInteger n,
        int bound,
        CancellationToken cancellationToken = default)
    {
        var factors = new SortedDictionary<BigInteger, int>();
        var rest = n;
        for (BigInteger d = 2; d <= bound && d * d <= rest; d += d == 2 ? 1 : 2)
        {
            if ((d & 0xFFFF) == 1)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            while ((rest % d).IsZero)
            {
                factors[d] = factors.GetValueOrDefault(d) + 1;
                rest /= d;
            }
        }

        if (rest.IsOne)
        {
            return new SmallFactorization(factors, BigInteger.One);
        }

        // What is left has no factor up to the bound: it is prime if it is below bound^2,
        // and otherwise a probable-prime test decides.
        var bound2 = (BigInteger)bound * bound;
        if (rest < bound2 || IsProbablePrime(rest))
        {
            factors[rest] = factors.GetValueOrDefault(rest) + 1;
            return new SmallFactorization(factors, BigInteger.One);
        }

        return new SmallFactorization(factors, rest);
    }

    internal static bool IsProbablePrime(BigInteger n) =>
        new BcBigInteger(1, n.ToByteArray(isUnsigned: true, isBigEndian: true))
            .IsProbablePrime(64);
}
