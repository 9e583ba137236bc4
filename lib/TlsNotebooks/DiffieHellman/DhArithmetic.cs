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

        return Moduli.GetOrAdd(modulus, m => new MontgomeryModulus(m)).ModPow(value, exponent);
    }
}
