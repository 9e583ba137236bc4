namespace TlsNotebooks.Notebook;

/// <summary>
/// The straight line through (x, log2 y) by least squares: y ≈ 2^(Intercept + Slope · x).
/// For timings against key size, <see cref="Slope"/> says how many doublings each extra bit
/// costs, and <see cref="PredictLog2"/> extrapolates far beyond what a double can hold.
/// </summary>
/// <param name="Slope">Doublings of y per unit of x.</param>
/// <param name="Intercept">log2 y at x = 0.</param>
/// <param name="Points">How many points the fit used.</param>
public sealed record ExponentialFit(double Slope, double Intercept, int Points)
{
    /// <summary>Fits y ≈ 2^(a + b·x) to the points; every y must be positive.</summary>
    /// <exception cref="ArgumentException">
    /// Fewer than two points, lengths differ, a y is not positive, or all x are equal.
    /// </exception>
    public static ExponentialFit Of(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count || x.Count < 2)
        {
            throw new ArgumentException("A fit needs at least two (x, y) pairs of equal count.");
        }

        if (y.Any(v => !(v > 0)))
        {
            throw new ArgumentException(
                "An exponential fit needs every y to be positive.", nameof(y));
        }

        var logs = y.Select(Math.Log2).ToArray();
        var meanX = x.Average();
        var meanY = logs.Average();
        var sxx = x.Sum(v => (v - meanX) * (v - meanX));
        if (sxx == 0)
        {
            throw new ArgumentException("A fit needs at least two different x.", nameof(x));
        }

        var sxy = x.Select((v, i) => (v - meanX) * (logs[i] - meanY)).Sum();
        var slope = sxy / sxx;
        return new ExponentialFit(slope, meanY - slope * meanX, x.Count);
    }

    /// <summary>log2 of the predicted y at x: finite even where y itself would overflow.</summary>
    public double PredictLog2(double x) => Intercept + Slope * x;

    /// <summary>The predicted y at x (infinity when it exceeds a double).</summary>
    public double Predict(double x) => Math.Pow(2, PredictLog2(x));

    /// <summary>The growth in words, such as "y doubles every 2.0 bits".</summary>
    public override string ToString() =>
        Slope > 0
            ? FormattableString.Invariant(
                $"doubles every {1 / Slope:F2} units of x ({Points} points)")
            : FormattableString.Invariant($"does not grow (slope {Slope:F3}, {Points} points)");
}
