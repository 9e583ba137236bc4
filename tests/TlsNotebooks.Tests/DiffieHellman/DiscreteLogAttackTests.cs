using System.Numerics;
using TlsNotebooks.DiffieHellman;
using TlsNotebooks.DiffieHellman.Attacks;

namespace TlsNotebooks.Tests.DiffieHellman;

public class DiscreteLogAttackTests
{
    public static TheoryData<DiscreteLogMethod, string> MethodsAndSmallGroups()
    {
        var data = new TheoryData<DiscreteLogMethod, string>();
        foreach (var method in Enum.GetValues<DiscreteLogMethod>())
        {
            data.Add(method, "teaching-23");
            data.Add(method, "teaching-safe16");
        }

        data.Add(DiscreteLogMethod.BabyStepGiantStep, "teaching-safe24");
        data.Add(DiscreteLogMethod.PollardRho, "teaching-safe24");
        data.Add(DiscreteLogMethod.BabyStepGiantStep, "teaching-safe32");
        data.Add(DiscreteLogMethod.PollardRho, "teaching-safe32");
        data.Add(DiscreteLogMethod.PohligHellman, "teaching-smooth64");
        data.Add(DiscreteLogMethod.PohligHellman, "teaching-smooth128");
        return data;
    }

    [Theory]
    [MemberData(nameof(MethodsAndSmallGroups))]
    public void Solve_FindsTheExponentOfRandomInstances(DiscreteLogMethod method, string name)
    {
        var group = DhGroups.ByName(name);
        var order = OrderOfG(group);
        var random = new Random(HashCode.Combine(method, name.Length, 7));
        var instances = group.Bits <= 24 ? 25 : 4;

        for (var i = 0; i < instances; i++)
        {
            var x = RandomBelow(order, random);
            var y = BigInteger.ModPow(group.G, x, group.P);

            var result = DiscreteLogAttacks.Solve(method, group, y);

            Assert.Equal(x, result.Exponent);
            Assert.Equal(method, result.Method);
            Assert.True(result.Steps >= 0);
        }
    }

    [Fact]
    public void PollardRho_DifferentSeedsAllFindTheSameLog()
    {
        var group = DhGroups.Teaching.Safe24;
        var y = BigInteger.ModPow(group.G, 1234567, group.P);
        for (var seed = 1; seed <= 10; seed++)
        {
            Assert.Equal(
                1234567,
                DiscreteLogAttacks.PollardRho(group, y, seed: seed).Exponent);
        }
    }

    [Theory]
    [InlineData(DiscreteLogMethod.BruteForce, 2046)]
    // The default table holds 2^20 values, so the giant steps number about 2^2047 / 2^21.
    [InlineData(DiscreteLogMethod.BabyStepGiantStep, 2026)]
    [InlineData(DiscreteLogMethod.PollardRho, 1025)]
    public void Solve_RefusesFfdhe2048WithTheEstimatedWork(DiscreteLogMethod method, int log2)
    {
        var group = DhGroups.Ffdhe2048;
        var y = DhKeyPair.Generate(group, new Random(3)).PublicValue;

        var e = Assert.Throws<DiscreteLogException>(
            () => DiscreteLogAttacks.Solve(method, group, y));

        Assert.Equal(DiscreteLogFailure.Hopeless, e.Failure);
        Assert.Equal(0, e.StepsTaken);
        Assert.InRange(e.EstimatedStepsLog2, log2 - 1, log2 + 1);
        Assert.Contains($"about 2^{Math.Round(e.EstimatedStepsLog2):F0} steps", e.Message);

        // It also says how long that would take here, from a rate it measured in this group.
        Assert.True(e.StepsPerSecond > 0, $"{e.StepsPerSecond} steps/s");
        var years = DiscreteLogCost.YearsLog10(e.EstimatedStepsLog2, e.StepsPerSecond);
        Assert.Equal(years, e.EstimatedYearsLog10);
        Assert.Contains($"would take about 10^{years:F0} years", e.Message);
        Assert.Contains(DiscreteLogCost.DescribeRate(e.StepsPerSecond), e.Message);
    }

    [Fact]
    public void Refusal_OnASmallGroupGivesATimeInHoursNotPowersOfTen()
    {
        // Brute force on a 40-bit group expects about 2^38 steps: over the limit, but a time
        // a person can picture (hours at a few million steps a second), not 10^k years.
        var group = DhGroups.Teaching.Safe40;
        var e = Assert.Throws<DiscreteLogException>(
            () => DiscreteLogAttacks.BruteForce(group, group.G));

        Assert.Equal(DiscreteLogFailure.Hopeless, e.Failure);
        Assert.Contains(
            DiscreteLogCost.DescribeDuration(e.EstimatedStepsLog2, e.StepsPerSecond), e.Message);
        Assert.DoesNotContain("10^", e.Message);
    }

    [Fact]
    public void DescribeRate_SaysMillionsOrWholeSteps()
    {
        Assert.Equal("3.0 million steps a second", DiscreteLogCost.DescribeRate(2_960_000));
        Assert.Equal("850,000 steps a second", DiscreteLogCost.DescribeRate(850_000));
    }

    [Fact]
    public void PohligHellman_RefusesASafePrimeButBreaksASmoothOneOfTheSameSize()
    {
        var safe = DhGroups.Teaching.Safe64;
        var smooth = DhGroups.Teaching.Smooth64;
        Assert.Equal(safe.Bits, smooth.Bits);

        var e = Assert.Throws<DiscreteLogException>(() => DiscreteLogAttacks.PohligHellman(
            safe, BigInteger.ModPow(safe.G, 987654321987, safe.P)));
        Assert.Equal(DiscreteLogFailure.NotSmooth, e.Failure);
        Assert.Contains("63 bits", e.Message);

        var x = BigInteger.Parse("9876543210987654321") % (smooth.P - 1);
        var result = DiscreteLogAttacks.PohligHellman(
            smooth, BigInteger.ModPow(smooth.G, x, smooth.P));
        Assert.Equal(x, result.Exponent);
        Assert.True(result.Steps < 10_000, $"took {result.Steps} steps");
    }

    [Fact]
    public void PohligHellman_RefusesFfdhe2048AsNotSmooth()
    {
        var group = DhGroups.Ffdhe2048;
        var e = Assert.Throws<DiscreteLogException>(
            () => DiscreteLogAttacks.PohligHellman(group, group.G));
        Assert.Equal(DiscreteLogFailure.NotSmooth, e.Failure);
        Assert.InRange(e.EstimatedStepsLog2, 1023, 1025);
        Assert.True(e.StepsPerSecond > 0);
        Assert.Contains($"about 10^{e.EstimatedYearsLog10:F0} years", e.Message);
    }

    [Fact]
    public void BruteForce_StopsAtItsStepBound()
    {
        var group = DhGroups.Teaching.Safe24;
        var y = BigInteger.ModPow(group.G, 5000, group.P);

        var e = Assert.Throws<DiscreteLogException>(() => DiscreteLogAttacks.BruteForce(
            group, y, new DiscreteLogLimits(MaxSteps: 1 << 20)));
        Assert.Equal(DiscreteLogFailure.Hopeless, e.Failure);

        // Within the expected work, but the answer lies beyond the bound.
        var far = BigInteger.ModPow(group.G, 6_000_000, group.P);
        var bounded = Assert.Throws<DiscreteLogException>(() => DiscreteLogAttacks.BruteForce(
            group, far, new DiscreteLogLimits(MaxSteps: 5_000_000)));
        Assert.Equal(DiscreteLogFailure.StepBoundReached, bounded.Failure);
        Assert.Equal(5_000_000, bounded.StepsTaken);
    }

    [Fact]
    public void BabyStepGiantStep_TradesMemoryForSteps()
    {
        var group = DhGroups.Teaching.Safe32;
        var x = new BigInteger(2_000_000_000);
        var y = BigInteger.ModPow(group.G, x, group.P);

        var full = DiscreteLogAttacks.BabyStepGiantStep(group, y);
        var small = DiscreteLogAttacks.BabyStepGiantStep(
            group, y, new DiscreteLogLimits(MaxTableEntries: 1 << 12));

        Assert.Equal(x, full.Exponent);
        Assert.Equal(x, small.Exponent);
        Assert.True(small.Steps > 4 * full.Steps, $"{small.Steps} vs {full.Steps}");
    }

    [Fact]
    public void Solvers_StopWhenCancelled()
    {
        var group = DhGroups.Teaching.Safe32;
        var y = BigInteger.ModPow(group.G, 2_000_000_000, group.P);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        foreach (var method in Enum.GetValues<DiscreteLogMethod>())
        {
            Assert.ThrowsAny<OperationCanceledException>(() => DiscreteLogAttacks.Solve(
                method,
                DhGroups.Teaching.Smooth64,
                DhGroups.Teaching.Smooth64.G,
                new DiscreteLogLimits(MaxSteps: long.MaxValue),
                cancelled.Token));
        }

        using var soon = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        Assert.ThrowsAny<OperationCanceledException>(() => DiscreteLogAttacks.BruteForce(
            group, y, new DiscreteLogLimits(MaxSteps: long.MaxValue), soon.Token));
    }

    [Fact]
    public void Solvers_ReportNoSolutionOutsideTheSubgroup()
    {
        var group = DhGroups.Teaching.Safe16;
        var outside = group.P - 2;
        foreach (var method in Enum.GetValues<DiscreteLogMethod>())
        {
            var e = Assert.Throws<DiscreteLogException>(
                () => DiscreteLogAttacks.Solve(method, group, outside));
            Assert.Equal(DiscreteLogFailure.NoSolution, e.Failure);
        }
    }

    [Fact]
    public void Cost_GrowsAsTheTheorySays()
    {
        Assert.Equal(
            DiscreteLogCost.ExpectedStepsLog2(DiscreteLogMethod.BruteForce, 40) + 20,
            DiscreteLogCost.ExpectedStepsLog2(DiscreteLogMethod.BruteForce, 60),
            6);
        Assert.Equal(
            DiscreteLogCost.ExpectedStepsLog2(DiscreteLogMethod.PollardRho, 40) + 10,
            DiscreteLogCost.ExpectedStepsLog2(DiscreteLogMethod.PollardRho, 60),
            6);

        // The sieve is far below √p at 2048 bits yet still out of reach: roughly 2^110-2^120.
        Assert.InRange(DiscreteLogCost.NumberFieldSieveLog2(2048), 105, 125);
        Assert.Equal("about 2^1023 steps", DiscreteLogCost.DescribeSteps(1023.2));
        Assert.StartsWith("about 10^", DiscreteLogCost.DescribeDuration(1024, 1e9));
        Assert.Equal("about 2 s", DiscreteLogCost.DescribeDuration(Math.Log2(2e6), 1e6));
        Assert.Equal("about 250 ms", DiscreteLogCost.DescribeDuration(Math.Log2(2.5e5), 1e6));
        Assert.Equal("about 57 minutes", DiscreteLogCost.DescribeDuration(Math.Log2(3.42e9), 1e6));
        Assert.Equal("about 5 hours", DiscreteLogCost.DescribeDuration(Math.Log2(1.8e10), 1e6));
    }

    [Fact]
    public void TeachingSafePrimes_AreSafePrimesWithGeneratorOfOrderQ()
    {
        foreach (var group in DhGroups.Teaching.SafePrimes)
        {
            Assert.True(group.IsTeachingOnly);
            var q = group.Q!.Value;
            Assert.Equal((group.P - 1) / 2, q);
            Assert.True(IsPrime(group.P), group.Name);
            Assert.True(IsPrime(q), group.Name);
            Assert.Equal(BigInteger.One, BigInteger.ModPow(group.G, q, group.P));
        }
    }

    [Fact]
    public void TeachingSmoothPrimes_HaveSmoothPMinusOneAndAPrimitiveRoot()
    {
        foreach (var group in new[] { DhGroups.Teaching.Smooth64, DhGroups.Teaching.Smooth128 })
        {
            Assert.True(IsPrime(group.P), group.Name);
            var rest = group.P - 1;
            var primes = new List<int>();
            for (var d = 2; d < 1 << 16; d++)
            {
                if ((rest % d).IsZero)
                {
                    primes.Add(d);
                    while ((rest % d).IsZero)
                    {
                        rest /= d;
                    }
                }
            }

            Assert.Equal(BigInteger.One, rest);
            foreach (var f in primes)
            {
                Assert.NotEqual(
                    BigInteger.One, BigInteger.ModPow(group.G, (group.P - 1) / f, group.P));
            }
        }
    }

    private static BigInteger OrderOfG(DhGroup group) => group.Q ?? group.P - 1;

    private static BigInteger RandomBelow(BigInteger n, Random random)
    {
        var bytes = new byte[n.GetByteCount(isUnsigned: true) + 8];
        random.NextBytes(bytes);
        return new BigInteger(bytes, isUnsigned: true) % n;
    }

    private static bool IsPrime(BigInteger n) =>
        new Org.BouncyCastle.Math.BigInteger(n.ToString()).IsProbablePrime(64);
}
