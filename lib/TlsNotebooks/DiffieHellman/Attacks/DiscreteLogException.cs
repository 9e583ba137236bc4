namespace TlsNotebooks.DiffieHellman.Attacks;

/// <summary>Why a discrete-log attack stopped without an answer.</summary>
public enum DiscreteLogFailure
{
    /// <summary>The expected work exceeds the limits: the solver did not start.</summary>
    Hopeless,

    /// <summary>The solver ran out of its step budget before finding x.</summary>
    StepBoundReached,

    /// <summary>
    /// Pohlig-Hellman: the order of g has a prime factor too large for the limits (p - 1 is
    /// not smooth), or a factor that trial division could not split.
    /// </summary>
    NotSmooth,

    /// <summary>y is not a power of g: no x exists.</summary>
    NoSolution,
}

/// <summary>
/// A discrete-log attack gave up; <see cref="Failure"/> says why, and the message gives the
/// estimated work, such as "about 2^1023 steps".
/// </summary>
public sealed class DiscreteLogException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DiscreteLogException(
        DiscreteLogFailure failure,
        DiscreteLogMethod method,
        string message,
        double estimatedStepsLog2 = double.NaN,
        long stepsTaken = 0)
        : base(message)
    {
        Failure = failure;
        Method = method;
        EstimatedStepsLog2 = estimatedStepsLog2;
        StepsTaken = stepsTaken;
    }

    /// <summary>Why the attack stopped.</summary>
    public DiscreteLogFailure Failure { get; }

    /// <summary>The attack concerned.</summary>
    public DiscreteLogMethod Method { get; }

    /// <summary>The base-2 logarithm of the expected steps, or NaN when not estimated.</summary>
    public double EstimatedStepsLog2 { get; }

    /// <summary>The steps done before stopping (0 when refused at the start).</summary>
    public long StepsTaken { get; }
}
