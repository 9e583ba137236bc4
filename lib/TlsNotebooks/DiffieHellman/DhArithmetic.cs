using System.Numerics;

namespace TlsNotebooks.DiffieHellman;

/// <summary>The modular exponentiation behind every Diffie-Hellman step.</summary>
internal static class DhArithmetic
{
    /// <summary>Computes value^exponent mod modulus for an odd modulus.</summary>
    public static BigInteger ModPow(BigInteger value, BigInteger exponent, BigInteger modulus) =>
        BigInteger.ModPow(value, exponent, modulus);
}
