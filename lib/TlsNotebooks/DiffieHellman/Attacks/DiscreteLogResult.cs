using System.Numerics;

namespace TlsNotebooks.DiffieHellman.Attacks;

/// <summary>A discrete logarithm found by an attack, and what it cost.</summary>
/// <param name="Exponent">An x with g^x mod p = y, reduced modulo the order of g.</param>
/// <param name="Method">The attack that found it.</param>
/// <param name="Steps">The group operations it took.</param>
/// <param name="Elapsed">The wall-clock time it took.</param>
public sealed record DiscreteLogResult(
    BigInteger Exponent,
    DiscreteLogMethod Method,
    long Steps,
    TimeSpan Elapsed)
{
    /// <summary>One line for a notebook cell.</summary>
    public override string ToString() =>
        $"{Method}: x = {Exponent} after {Steps:N0} steps in {Elapsed.TotalMilliseconds:F1} ms";
}
