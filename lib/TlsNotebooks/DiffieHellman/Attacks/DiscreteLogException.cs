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
/// A discrete-log attack gave up; <see cref="Failure"/> says why. When the attack refused to
/// start, the message gives the estimated work and what it would take on this machine, such
/// as "about 2^1025 steps ... about 10^295 years".
/// </summary>
public sealed class DiscreteLogException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DiscreteLogException(
        DiscreteLogFailure failure,
        DiscreteLogMethod method,
        string message,
        double estimatedStepsLog2 = double.NaN,
        long stepsTaken = 0,
        double stepsPerSecond = double.NaN)
        : base(message)
    {
        Failure = failure;
        Method = method;
        EstimatedStepsLog2 = estimatedStepsLog2;
        StepsTaken = stepsTaken;
        StepsPerSecond = stepsPerSecond;
    }

    /// <summary>Why the attack stopped.</summary>
    public DiscreteLogFailure Failure { get; }

    /// <summary>The attack concerned.</summary>
    public DiscreteLogMethod Method { get; }

    /// <summary>The base-2 logarithm of the expected steps, or NaN when not estimated.</summary>
    public double EstimatedStepsLog2 { get; }

    /// <summary>The steps done before stopping (0 when refused at the start).</summary>
    public long StepsTaken { get; }

    /// <summary>
    /// The group operations a second this machine managed in the group, measured briefly
    /// when the attack refused to start
    /// (<see cref="DiscreteLogAttacks.MeasureStepsPerSecond"/>); NaN when not measured.
    /// </summary>
    public double StepsPerSecond { get; }

    /// <summary>
    /// log10 of the years the estimated work would take at <see cref="StepsPerSecond"/>, or
    /// NaN when either is unknown.
    /// </summary>
    public double EstimatedYearsLog10 =>
        DiscreteLogCost.YearsLog10(EstimatedStepsLog2, StepsPerSecond);
}
