using System.Collections.Concurrent;
using System.Numerics;

namespace TlsNotebooks.DiffieHellman;

/// <summary>The modular exponentiation behind every Diffie-Hellman step.</summary>
internal static class DhArithmetic
{
    // Below this size the runtime's ModPow is as fast and needs no set-up.
    private const int MontgomeryMinimumBits = 512;

    private static readonly ConcurrentDictionary<BigInteger, MontgomeryModulus> Moduli = new();

    /// <summary>Computes value^exponent mod modulus, for value, exponent &gt;= 0.</summary>
    public static BigInteger ModPow(BigInteger value, BigInteger exponent, BigInteger modulus)
    {
        if (modulus.IsEven || modulus.GetBitLength() < MontgomeryMinimumBits || exponent.IsZero)
        {
            return BigInteger.ModPow(value, exponent, modulus);
        }

        // Groups are few; the cache only grows past a handful when a caller makes many
        // custom ones, and then it simply starts again.
        if (Moduli.Count > 32)
        {
            Moduli.Clear();
        }

        return Moduli.GetOrAdd(modulus, MontgomeryModulus.Create).ModPow(value, exponent);
    }

    /// <summary>
    /// The Jacobi symbol (a / n) for odd n &gt; 0: for a prime n, 1 when a is a nonzero
    /// square mod n, -1 when it is not, 0 when n divides a.
    /// </summary>
    /// <remarks>
    /// For a safe prime p = 2q + 1, the subgroup of order q is exactly the squares, so
    /// y^q mod p = 1 (Euler's criterion) holds when (y / p) = 1. The symbol comes from a
    /// Euclid-like loop with quadratic reciprocity, far cheaper than a 2047-bit exponentiation.
    /// </remarks>
    public static int Jacobi(BigInteger a, BigInteger n)
    {
        if (n.Sign <= 0 || n.IsEven)
        {
            throw new ArgumentException("The Jacobi symbol needs an odd positive n.", nameof(n));
        }

        a %= n;
        if (a.Sign < 0)
        {
            a += n;
        }

        var result = 1;
        while (!a.IsZero)
        {
            // (2 / n) = -1 exactly when n = 3 or 5 (mod 8).
            var twos = (int)BigInteger.TrailingZeroCount(a);
            a >>= twos;
            var nMod8 = (int)(n & 7);
            if ((twos & 1) == 1 && (nMod8 == 3 || nMod8 == 5))
            {
                result = -result;
            }

            // Reciprocity: swapping odd a and n flips the sign when both are 3 (mod 4).
            if ((a & 3) == 3 && (nMod8 & 3) == 3)
            {
                result = -result;
            }

            (a, n) = (n % a, a);
        }

        return n.IsOne ? result : 0;
    }
}
