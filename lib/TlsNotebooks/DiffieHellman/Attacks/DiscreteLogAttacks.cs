using System.Diagnostics;
using System.Numerics;

namespace TlsNotebooks.DiffieHellman.Attacks;

/// <summary>
/// ATTACKS on Diffie-Hellman for the lesson: each finds x with g^x mod p = y, or explains why
/// it will not try. They show why p (and the order of g) must be large and well chosen.
/// </summary>
/// <remarks>
/// Every solver takes limits and a cancellation token, counts its group operations, and
/// refuses to start when its expected work is beyond the limits, with the estimate in the
/// message, in steps and in years at this machine's measured speed: on ffdhe2048 brute force
/// says "about 2^2046 steps" and "about 10^600 years" instead of running forever.
/// The arithmetic uses System.Numerics.BigInteger throughout: simple and slow (a few million
/// steps a second), enough for the teaching groups up to about 48 bits.
/// References: Shanks (1971) for baby-step giant-step; Pollard, Math. Comp. 32 (1978) for
/// rho; Pohlig and Hellman, IEEE Trans. Inf. Theory 24 (1978); the Handbook of Applied
/// Cryptography §3.6 describes all four.
/// </remarks>
public static class DiscreteLogAttacks
{
    // How often the long loops look at the cancellation token.
    private const int CancellationInterval = 4096;

    /// <summary>Runs the named method (for loops over methods in a timing plot).</summary>
    public static DiscreteLogResult Solve(
        DiscreteLogMethod method,
        DhGroup group,
        BigInteger y,
        DiscreteLogLimits? limits = null,
        CancellationToken cancellationToken = default) => method switch
        {
            DiscreteLogMethod.BruteForce => BruteForce(group, y, limits, cancellationToken),
            DiscreteLogMethod.BabyStepGiantStep =>
                BabyStepGiantStep(group, y, limits, cancellationToken),
            DiscreteLogMethod.PollardRho =>
                PollardRho(group, y, limits, seed: 1, cancellationToken),
            DiscreteLogMethod.PohligHellman => PohligHellman(group, y, limits, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(method)),
        };

    /// <summary>
    /// log2 of the expected steps of a method on this group, without running it. For
    /// Pohlig-Hellman it factors p - 1 by trial division within the limits.
    /// </summary>
    public static double EstimateStepsLog2(
        DiscreteLogMethod method,
        DhGroup group,
        DiscreteLogLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(group);
        if (method != DiscreteLogMethod.PohligHellman)
        {
            return DiscreteLogCost.ExpectedStepsLog2ForOrder(method, group.ExponentModulus);
        }

        var factors = SmallFactorization.Factor(
            group.P - 1, (limits ?? DiscreteLogLimits.Default).TrialDivisionBound);
        var largest = factors.Factors.Count == 0 ? BigInteger.One : factors.Factors.Keys.Max();
        var largestBits = DiscreteLogCost.Log2(
            BigInteger.Max(largest, factors.UnfactoredCofactor));
        return DiscreteLogCost.ExpectedStepsLog2(method, largestBits);
    }

    /// <summary>
    /// Measures how many group operations this machine does a second in the group: products of
    /// two numbers as long as p, reduced mod p, for a few milliseconds after a short warm-up.
    /// That is enough to turn an estimate in steps into a time, and cheap enough to do before
    /// every refusal. A busy machine measures slower, as it would attack slower.
    /// </summary>
    /// <param name="group">The group whose p sets the size of the numbers.</param>
    /// <param name="duration">How long to measure; 10 ms by default.</param>
    public static double MeasureStepsPerSecond(DhGroup group, TimeSpan? duration = null)
    {
        ArgumentNullException.ThrowIfNull(group);
        var limit = duration ?? TimeSpan.FromMilliseconds(10);
        var p = group.P;

        // A multiplier of full size, as a giant step or a rho step multiplies by; g itself is
        // often 2, whose products are cheaper than the attack's typical step.
        var multiplier = p / 3 * 2 + 1;
        var value = multiplier;

        // The first calls run code the JIT compiler has not optimised yet: keep them out.
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < limit / 4)
        {
            value = value * multiplier % p;
        }

        var count = 0;
        watch.Restart();
        while (count < 16 || watch.Elapsed < limit)
        {
            value = value * multiplier % p;
            count++;
        }

        return count / Math.Max(watch.Elapsed.TotalSeconds, 1e-9);
    }

    /// <summary>Tries x = 0, 1, 2, ... until g^x = y: about n / 2 steps for order n.</summary>
    /// <exception cref="DiscreteLogException">Hopeless, out of steps, or no solution.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static DiscreteLogResult BruteForce(
        DhGroup group,
        BigInteger y,
        DiscreteLogLimits? limits = null,
        CancellationToken cancellationToken = default)
    {
        const DiscreteLogMethod method = DiscreteLogMethod.BruteForce;
        var budget = Start(method, group, y, limits, cancellationToken, out var n);
        budget.RefuseIfHopeless(DiscreteLogCost.ExpectedStepsLog2ForOrder(method, n), group, n);

        var p = group.P;
        var power = BigInteger.One;
        for (var x = BigInteger.Zero; x < n; x++)
        {
            if (power == y)
            {
                return budget.Found(x);
            }

            power = power * group.G % p;
            budget.Step();
        }

        throw budget.NoSolution(group);
    }

    /// <summary>
    /// Shanks' baby-step giant-step: stores g^j for j &lt; m (baby steps), then compares
    /// y·g^(-im) for i = 0, 1, ... (giant steps) against the table. With m = √n both halves
    /// take √n steps; with fewer stored values it takes more giant steps.
    /// </summary>
    /// <exception cref="DiscreteLogException">Hopeless, out of steps, or no solution.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static DiscreteLogResult BabyStepGiantStep(
        DhGroup group,
        BigInteger y,
        DiscreteLogLimits? limits = null,
        CancellationToken cancellationToken = default)
    {
        const DiscreteLogMethod method = DiscreteLogMethod.BabyStepGiantStep;
        var budget = Start(method, group, y, limits, cancellationToken, out var n);
        var m = BigInteger.Min(CeilingSqrt(n), budget.Limits.MaxTableEntries);
        var giantSteps = (n + m - 1) / m;

        // Expected: every baby step, then half the giant steps.
        var expectedLog2 = DiscreteLogCost.Log2(m + giantSteps / 2);
        budget.RefuseIfHopeless(expectedLog2, group, n);

        var x = SolveBySteps(group.G, y, group.P, n, (long)m, budget)
            ?? throw budget.NoSolution(group);
        return budget.Found(x);
    }

    /// <summary>
    /// Pollard's rho: a pseudo-random walk through elements g^a·y^b until it meets itself
    /// (Floyd's cycle finding), then solves a linear congruence for x. About √n steps with
    /// almost no memory; the walk starts from points drawn from a seeded generator.
    /// </summary>
    /// <exception cref="DiscreteLogException">Hopeless or out of steps.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static DiscreteLogResult PollardRho(
        DhGroup group,
        BigInteger y,
        DiscreteLogLimits? limits = null,
        int seed = 1,
        CancellationToken cancellationToken = default)
    {
        const DiscreteLogMethod method = DiscreteLogMethod.PollardRho;
        var budget = Start(method, group, y, limits, cancellationToken, out var n);
        budget.RefuseIfHopeless(DiscreteLogCost.ExpectedStepsLog2ForOrder(method, n), group, n);

        var p = group.P;
        var g = group.G;
        var random = new Random(seed);
        while (true)
        {
            // A fresh start: X = g^a · y^b for random a and b.
            var a = RandomBelow(n, random);
            var b = RandomBelow(n, random);
            var x1 = BigInteger.ModPow(g, a, p) * BigInteger.ModPow(y, b, p) % p;
            var (a1, b1) = (a, b);
            var (x2, a2, b2) = (x1, a1, b1);

            do
            {
                Walk(ref x1, ref a1, ref b1, g, y, p, n, budget);
                Walk(ref x2, ref a2, ref b2, g, y, p, n, budget);
                Walk(ref x2, ref a2, ref b2, g, y, p, n, budget);
            }
            while (x1 != x2);

            // g^a1 · y^b1 = g^a2 · y^b2, so (b1 - b2)·x = a2 - a1 (mod n).
            var r = Mod(b1 - b2, n);
            var target = Mod(a2 - a1, n);
            if (SolveCongruence(r, target, n, g, y, p, budget) is { } solution)
            {
                return budget.Found(solution);
            }

            // A useless collision (r = 0, or too many candidates): walk again from elsewhere.
        }
    }

    /// <summary>
    /// Pohlig-Hellman: factors p - 1 by trial division, finds the order of g, solves one small
    /// logarithm per prime factor (digit by digit for prime powers, each by baby-step
    /// giant-step) and combines them with the Chinese remainder theorem. Fast when p - 1 is
    /// smooth; refused when the order of g has a large prime factor, as with a safe prime.
    /// </summary>
    /// <exception cref="DiscreteLogException">
    /// Not smooth, out of steps, or no solution.
    /// </exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static DiscreteLogResult PohligHellman(
        DhGroup group,
        BigInteger y,
        DiscreteLogLimits? limits = null,
        CancellationToken cancellationToken = default)
    {
        const DiscreteLogMethod method = DiscreteLogMethod.PohligHellman;
        var budget = Start(method, group, y, limits, cancellationToken, out _);
        var p = group.P;
        var g = group.G;

        var factorization = SmallFactorization.Factor(
            p - 1, budget.Limits.TrialDivisionBound, cancellationToken);
        var primes = new SortedDictionary<BigInteger, int>(factorization.Factors);
        var cofactor = factorization.UnfactoredCofactor;
        if (!cofactor.IsOne)
        {
            // Even if the leftover is prime, its own logarithm may already be out of reach.
            var bits = DiscreteLogCost.Log2(cofactor);
            var leftoverLog2 = DiscreteLogCost.ExpectedStepsLog2(method, bits);
            if (leftoverLog2 > Math.Log2(budget.Limits.MaxSteps))
            {
                var rate = MeasureStepsPerSecond(group);
                throw new DiscreteLogException(
                    DiscreteLogFailure.NotSmooth,
                    method,
                    $"Pohlig-Hellman in {group.Name}: trial division up to "
                    + $"{budget.Limits.TrialDivisionBound:N0} leaves a factor of p - 1 of about "
                    + $"{bits:F0} bits; even if it is prime that needs "
                    + $"{DiscreteLogCost.DescribeSteps(leftoverLog2)}, more than the limit of "
                    + $"{budget.Limits.MaxSteps:N0}: p - 1 is not smooth. "
                    + HowLong(leftoverLog2, rate),
                    leftoverLog2,
                    stepsPerSecond: rate);
            }

            if (!factorization.CofactorIsPrimeOrOne())
            {
                throw new DiscreteLogException(
                    DiscreteLogFailure.NotSmooth,
                    method,
                    $"Pohlig-Hellman in {group.Name}: p - 1 has a composite factor of about "
                    + $"{bits:F0} bits that trial division up to "
                    + $"{budget.Limits.TrialDivisionBound:N0} cannot split.",
                    leftoverLog2);
            }

            primes[cofactor] = 1;
        }

        // The order of g: p - 1 with every prime removed that g does not need.
        var order = p - 1;
        var orderFactors = new SortedDictionary<BigInteger, int>();
        foreach (var (prime, exponent) in primes)
        {
            var kept = exponent;
            while (kept > 0 && BigInteger.ModPow(g, order / prime, p).IsOne)
            {
                order /= prime;
                kept--;
            }

            if (kept > 0)
            {
                orderFactors[prime] = kept;
            }
        }

        // Cost: one baby-step giant-step of about 1.5·√f steps per prime f, counted e times.
        // In logarithms, since f may have 2047 bits.
        var largestBits = DiscreteLogCost.Log2(orderFactors.Keys.Max());
        var expectedLog2 = orderFactors
            .Select(f => Math.Log2(1.5 * f.Value) + DiscreteLogCost.Log2(f.Key) / 2)
            .Aggregate(double.NegativeInfinity, AddLog2);
        if (expectedLog2 > Math.Log2(budget.Limits.MaxSteps))
        {
            var rate = MeasureStepsPerSecond(group);
            throw new DiscreteLogException(
                DiscreteLogFailure.NotSmooth,
                method,
                $"Pohlig-Hellman in {group.Name}: the order of g has a prime factor of "
                + $"{largestBits:F0} bits, so it needs "
                + $"{DiscreteLogCost.DescribeSteps(expectedLog2)}, "
                + $"more than the limit of {budget.Limits.MaxSteps:N0}: p - 1 is not smooth. "
                + HowLong(expectedLog2, rate),
                expectedLog2,
                stepsPerSecond: rate);
        }

        if (!BigInteger.ModPow(y, order, p).IsOne)
        {
            throw budget.NoSolution(group);
        }

        // x mod f^e for each prime power, one base-f digit at a time.
        var residues = new List<(BigInteger Residue, BigInteger Modulus)>();
        foreach (var (f, e) in orderFactors)
        {
            var primePower = BigInteger.Pow(f, e);
            var gi = BigInteger.ModPow(g, order / primePower, p);
            var yi = BigInteger.ModPow(y, order / primePower, p);
            var gamma = BigInteger.ModPow(gi, BigInteger.Pow(f, e - 1), p);
            var xi = BigInteger.Zero;
            var fk = BigInteger.One;
            for (var k = 0; k < e; k++)
            {
                // h = (gi^-xi · yi)^(f^(e-1-k)) has order f; its log base gamma is digit k.
                var inverse = BigInteger.ModPow(gi, primePower - xi, p);
                var h = BigInteger.ModPow(inverse * yi % p, BigInteger.Pow(f, e - 1 - k), p);
                var steps = (long)BigInteger.Min(CeilingSqrt(f), budget.Limits.MaxTableEntries);
                var digit = SolveBySteps(gamma, h, p, f, steps, budget)
                    ?? throw budget.NoSolution(group);
                xi += digit * fk;
                fk *= f;
            }

            residues.Add((xi, primePower));
        }

        return budget.Found(ChineseRemainder(residues));
    }

    // Baby-step giant-step for g of order dividing n, storing m baby steps. Returns null when
    // y is not a power of g.
    private static BigInteger? SolveBySteps(
        BigInteger g,
        BigInteger y,
        BigInteger p,
        BigInteger n,
        long m,
        Budget budget)
    {
        var table = new Dictionary<BigInteger, long>((int)Math.Min(m, int.MaxValue));
        var baby = BigInteger.One;
        for (long j = 0; j < m; j++)
        {
            table.TryAdd(baby, j);
            baby = baby * g % p;
            budget.Step();
        }

        // g^-m = g^(n - m mod n), since g^n = 1.
        var giantFactor = BigInteger.ModPow(g, Mod(n - m, n), p);
        var gamma = y;
        var giantSteps = (n + m - 1) / m;
        for (var i = BigInteger.Zero; i < giantSteps; i++)
        {
            if (table.TryGetValue(gamma, out var j))
            {
                return Mod(i * m + j, n);
            }

            gamma = gamma * giantFactor % p;
            budget.Step();
        }

        return null;
    }

    // One step of Pollard's walk, split into three sets by X mod 3: multiply by y, square,
    // or multiply by g, keeping track of the exponents a and b in X = g^a · y^b.
    private static void Walk(
        ref BigInteger x,
        ref BigInteger a,
        ref BigInteger b,
        BigInteger g,
        BigInteger y,
        BigInteger p,
        BigInteger n,
        Budget budget)
    {
        switch ((int)(x % 3))
        {
            case 0:
                x = x * y % p;
                b = b + 1 == n ? BigInteger.Zero : b + 1;
                break;
            case 1:
                x = x * x % p;
                a = a * 2 % n;
                b = b * 2 % n;
                break;
            default:
                x = x * g % p;
                a = a + 1 == n ? BigInteger.Zero : a + 1;
                break;
        }

        budget.Step();
    }

    // Solves r·x = target (mod n) and returns the candidate with g^x = y, or null when the
    // collision was useless. With d = gcd(r, n) there are d candidates; more than 2^16 are
    // not worth trying: a fresh walk is cheaper.
    private static BigInteger? SolveCongruence(
        BigInteger r,
        BigInteger target,
        BigInteger n,
        BigInteger g,
        BigInteger y,
        BigInteger p,
        Budget budget)
    {
        if (r.IsZero)
        {
            return null;
        }

        var d = BigInteger.GreatestCommonDivisor(r, n);
        if (!(target % d).IsZero || d > 1 << 16)
        {
            return null;
        }

        var reduced = n / d;
        var x0 = target / d * ModInverse(r / d, reduced) % reduced;
        for (var k = BigInteger.Zero; k < d; k++)
        {
            var candidate = x0 + k * reduced;
            budget.Step();
            if (BigInteger.ModPow(g, candidate, p) == y)
            {
                return candidate;
            }
        }

        return null;
    }

    // "At this machine's 1.2 million steps a second that would take about 10^295 years."
    private static string HowLong(double stepsLog2, double stepsPerSecond) =>
        $"At this machine's {DiscreteLogCost.DescribeRate(stepsPerSecond)} in this group "
        + $"that would take {DiscreteLogCost.DescribeDuration(stepsLog2, stepsPerSecond)}.";

    // log2(2^a + 2^b) without leaving the logarithms.
    private static double AddLog2(double a, double b)
    {
        var (high, low) = a >= b ? (a, b) : (b, a);
        return double.IsNegativeInfinity(low)
            ? high
            : high + Math.Log2(1 + Math.Pow(2, low - high));
    }

    private static BigInteger ChineseRemainder(
        List<(BigInteger Residue, BigInteger Modulus)> parts)
    {
        var x = BigInteger.Zero;
        var modulus = BigInteger.One;
        foreach (var (residue, m) in parts)
        {
            // x' = x + modulus·t with t = (residue - x) / modulus (mod m).
            var t = Mod((residue - x) * ModInverse(modulus % m, m), m);
            x += modulus * t;
            modulus *= m;
        }

        return Mod(x, modulus);
    }

    internal static BigInteger ModInverse(BigInteger value, BigInteger modulus)
    {
        if (modulus.IsOne)
        {
            return BigInteger.Zero;
        }

        // Extended Euclid: keeps old·value = oldR (mod modulus).
        BigInteger oldR = Mod(value, modulus), r = modulus;
        BigInteger oldS = BigInteger.One, s = BigInteger.Zero;
        while (!r.IsZero)
        {
            var quotient = oldR / r;
            (oldR, r) = (r, oldR - quotient * r);
            (oldS, s) = (s, oldS - quotient * s);
        }

        if (!oldR.IsOne)
        {
            throw new ArithmeticException($"{value} has no inverse modulo {modulus}.");
        }

        return Mod(oldS, modulus);
    }

    private static BigInteger Mod(BigInteger value, BigInteger modulus)
    {
        var r = value % modulus;
        return r.Sign < 0 ? r + modulus : r;
    }

    private static BigInteger CeilingSqrt(BigInteger n)
    {
        if (n <= 1)
        {
            return n;
        }

        // Newton's method from above, then round up.
        var x = BigInteger.One << (int)((n.GetBitLength() + 1) / 2);
        while (true)
        {
            var next = (x + n / x) / 2;
            if (next >= x)
            {
                break;
            }

            x = next;
        }

        return x * x < n ? x + 1 : x;
    }

    private static BigInteger RandomBelow(BigInteger n, Random random)
    {
        var bytes = new byte[n.GetByteCount(isUnsigned: true) + 8];
        random.NextBytes(bytes);
        return new BigInteger(bytes, isUnsigned: true) % n;
    }

    private static Budget Start(
        DiscreteLogMethod method,
        DhGroup group,
        BigInteger y,
        DiscreteLogLimits? limits,
        CancellationToken cancellationToken,
        out BigInteger order)
    {
        ArgumentNullException.ThrowIfNull(group);
        if (y <= 0 || y >= group.P)
        {
            throw new ArgumentOutOfRangeException(
                nameof(y), $"y must lie in [1, p - 1] for a discrete log in {group.Name}.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        order = group.ExponentModulus;
        var budget = new Budget(method, limits ?? DiscreteLogLimits.Default, cancellationToken);

        // When q is known, y outside the subgroup has no logarithm: say so at once.
        if (group.Q is { } q && !BigInteger.ModPow(y, q, group.P).IsOne)
        {
            throw budget.NoSolution(group);
        }

        return budget;
    }

    // Counts steps, enforces the step bound and polls the cancellation token.
    private sealed class Budget(
        DiscreteLogMethod method,
        DiscreteLogLimits limits,
        CancellationToken cancellationToken)
    {
        private readonly Stopwatch _watch = Stopwatch.StartNew();

        public DiscreteLogLimits Limits { get; } = limits;

        public long Steps { get; private set; }

        public void Step()
        {
            Steps++;
            if (Steps > Limits.MaxSteps)
            {
                throw new DiscreteLogException(
                    DiscreteLogFailure.StepBoundReached,
                    method,
                    $"{method} stopped after {Limits.MaxSteps:N0} steps without finding x.",
                    stepsTaken: Steps - 1);
            }

            if (Steps % CancellationInterval == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        public void RefuseIfHopeless(double expectedStepsLog2, DhGroup group, BigInteger order)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (expectedStepsLog2 > Math.Log2(Limits.MaxSteps))
            {
                var rate = MeasureStepsPerSecond(group);
                throw new DiscreteLogException(
                    DiscreteLogFailure.Hopeless,
                    method,
                    $"{method} in {group.Name} (order of g about "
                    + $"2^{DiscreteLogCost.Log2(order):F0}) "
                    + $"needs {DiscreteLogCost.DescribeSteps(expectedStepsLog2)}, more than the "
                    + $"limit of {Limits.MaxSteps:N0}: not started. "
                    + HowLong(expectedStepsLog2, rate),
                    expectedStepsLog2,
                    stepsPerSecond: rate);
            }
        }

        public DiscreteLogResult Found(BigInteger x) => new(x, method, Steps, _watch.Elapsed);

        public DiscreteLogException NoSolution(DhGroup group) => new(
            DiscreteLogFailure.NoSolution,
            method,
            $"{method} in {group.Name}: y is not a power of g, so no x exists.",
            stepsTaken: Steps);
    }
}
