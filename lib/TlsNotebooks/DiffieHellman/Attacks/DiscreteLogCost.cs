using System.Globalization;
using System.Numerics;

namespace TlsNotebooks.DiffieHellman.Attacks;

/// <summary>
/// Expected work of each discrete-log attack, as base-2 logarithms so that 2048-bit groups fit
/// in a double. A lesson times the solvers on small groups and uses these to extrapolate.
/// </summary>
/// <remarks>
/// The formulas count group operations (multiplications mod p) and keep only the leading
/// term: brute force n / 2; baby-step giant-step about 1.5·√n (√n baby steps, then on average
/// half as many giant steps); Pollard's rho with Floyd's cycle finding about 3·√n (a collision
/// after about √(πn/8) + √(πn/2) ≈ 1.9·√n walk steps, three operations per round, fewer in
/// practice with this walk's early exits); Pohlig-Hellman the baby-step giant-step cost of the
/// largest prime factor of the order. The number field sieve, the attack that really sets the
/// size of p, is given by its heuristic L_p[1/3, (64/9)^(1/3)] with the o(1) dropped: the
/// figure is a rough guide, good to within a few bits' worth at 2048 bits, no more.
/// </remarks>
public static class DiscreteLogCost
{
    private const double SecondsPerYear = 365.25 * 24 * 3600;

    /// <summary>
    /// log2 of the expected group operations of a method when the order of g (or, for
    /// Pohlig-Hellman, its largest prime factor) has the given number of bits.
    /// </summary>
    public static double ExpectedStepsLog2(DiscreteLogMethod method, double orderBits) =>
        method switch
        {
            DiscreteLogMethod.BruteForce => orderBits - 1,
            DiscreteLogMethod.BabyStepGiantStep => orderBits / 2 + Math.Log2(1.5),
            DiscreteLogMethod.PollardRho => orderBits / 2 + Math.Log2(3),
            DiscreteLogMethod.PohligHellman => orderBits / 2 + Math.Log2(1.5),
            _ => throw new ArgumentOutOfRangeException(nameof(method)),
        };

    /// <summary>log2 of the expected steps for an order given exactly.</summary>
    public static double ExpectedStepsLog2ForOrder(DiscreteLogMethod method, BigInteger order) =>
        ExpectedStepsLog2(method, Log2(order));

    /// <summary>
    /// log2 of the heuristic number-field-sieve cost for a prime of the given size:
    /// exp((64/9)^(1/3) · (ln p)^(1/3) · (ln ln p)^(2/3)).
    /// </summary>
    public static double NumberFieldSieveLog2(int modulusBits)
    {
        var lnP = modulusBits * Math.Log(2);
        var exponent = Math.Cbrt(64.0 / 9) * Math.Cbrt(lnP) * Math.Pow(Math.Log(lnP), 2.0 / 3);
        return exponent / Math.Log(2);
    }

    /// <summary>Says "about 2^k steps" for a log2 of steps.</summary>
    public static string DescribeSteps(double stepsLog2) =>
        string.Create(CultureInfo.InvariantCulture, $"about 2^{stepsLog2:F0} steps");

    /// <summary>
    /// log10 of the years that 2^stepsLog2 steps take at the given rate; a plain double would
    /// overflow for 2048-bit groups.
    /// </summary>
    public static double YearsLog10(double stepsLog2, double stepsPerSecond) =>
        stepsLog2 * Math.Log10(2) - Math.Log10(stepsPerSecond) - Math.Log10(SecondsPerYear);

    /// <summary>Says "1.2 million steps a second" or "850,000 steps a second".</summary>
    public static string DescribeRate(double stepsPerSecond) =>
        stepsPerSecond >= 1e6
            ? string.Create(
                CultureInfo.InvariantCulture, $"{stepsPerSecond / 1e6:F1} million steps a second")
            : string.Create(
                CultureInfo.InvariantCulture, $"{stepsPerSecond:N0} steps a second");

    /// <summary>Says how long the work would take, such as "about 10^598 years".</summary>
    public static string DescribeDuration(double stepsLog2, double stepsPerSecond)
    {
        var seconds = Math.Pow(2, stepsLog2) / stepsPerSecond;
        if (double.IsFinite(seconds) && seconds < SecondsPerYear)
        {
            return seconds switch
            {
                < 0.9995 => $"about {Round(seconds * 1000)} ms",
                < 99.95 => $"about {Round(seconds)} s",
                < 3600 => $"about {Round(seconds / 60)} minutes",
                < 86400 => $"about {Round(seconds / 3600)} hours",
                _ => $"about {Round(seconds / 86400)} days",
            };
        }

        var years = YearsLog10(stepsLog2, stepsPerSecond);
        return years < 6
            ? string.Create(CultureInfo.InvariantCulture, $"about {Math.Pow(10, years):G3} years")
            : string.Create(CultureInfo.InvariantCulture, $"about 10^{years:F0} years");
    }

    // Three significant figures, without an exponent: 0.123, 12.3, 123, 1230.
    private static string Round(double value)
    {
        var digits = value <= 0 ? 0 : Math.Max(0, 2 - (int)Math.Floor(Math.Log10(value)));
        return Math.Round(value, Math.Min(digits, 15)).ToString(
            "0.###############", CultureInfo.InvariantCulture);
    }

    /// <summary>log2 of a positive integer of any size.</summary>
    internal static double Log2(BigInteger value) => value <= 0
        ? double.NegativeInfinity
        : BigInteger.Log(value) / Math.Log(2);
}
