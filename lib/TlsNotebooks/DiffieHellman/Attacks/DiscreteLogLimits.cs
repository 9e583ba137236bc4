namespace TlsNotebooks.DiffieHellman.Attacks;

/// <summary>
/// How much work a discrete-log solver may do before it gives up. A solver refuses to start
/// when its expected work already exceeds these bounds.
/// </summary>
/// <param name="MaxSteps">The most group operations (multiplications mod p) allowed.</param>
/// <param name="MaxTableEntries">
/// The most values baby-step giant-step may store; with fewer than √n it takes more giant
/// steps instead (a time-memory trade-off).
/// </param>
/// <param name="TrialDivisionBound">
/// Pohlig-Hellman factors p - 1 by trial division up to this bound; a larger cofactor is
/// accepted only when it is prime.
/// </param>
public sealed record DiscreteLogLimits(
    long MaxSteps = 1L << 26,
    int MaxTableEntries = 1 << 20,
    int TrialDivisionBound = 1 << 20)
{
    /// <summary>The defaults: 2^26 steps (seconds, not hours), 2^20 stored values.</summary>
    public static DiscreteLogLimits Default { get; } = new();
}
