using System.Numerics;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Plotly.NET;
using TlsNotebooks.DiffieHellman;
using TlsNotebooks.DiffieHellman.Attacks;
using TlsNotebooks.Notebook.Exercises;

namespace TlsNotebooks.Notebook.Tests;

/// <summary>
/// The exercises, data and helpers of notebook 02-diffie-hellman, outside the kernel.
/// </summary>
public class DiffieHellmanLessonTests
{
    static DiffieHellmanLessonTests() => FSharpCoreBinding.Install();

    // By hand: 10^2 = 100 = 8, 10^4 = 64 = 18, 10^8 = 324 = 2 (mod 23), so
    // 10^13 = 10^8 · 10^4 · 10 = 2 · 18 · 10 = 360 = 15 (mod 23).
    private static readonly BigInteger s_sharedSecretByHand = 15;

    // 5^13 = 5^8 · 5^4 · 5 = 16 · 4 · 5 = 320 = 21 (mod 23): Alice's own public value.
    private static readonly BigInteger s_alicePublicByHand = 21;

    [Fact]
    public void Exercise1_ItsNumbersAreTheOnesTheNotebookStates()
    {
        Assert.Equal(23, DiffieHellmanLesson.ExerciseGroup.P);
        Assert.Equal(5, DiffieHellmanLesson.ExerciseGroup.G);
        Assert.Equal(13, DiffieHellmanLesson.AliceSecret);
        Assert.Equal(10, DiffieHellmanLesson.BobPublicValue);
    }

    [Fact]
    public void Exercise1_TheSecretComputedByHand_Passes()
    {
        var result = Check.Answer("02.1", s_sharedSecretByHand);

        Assert.True(result.Passed, result.Message);
        Assert.Equal(1, result.Awarded);
    }

    [Fact]
    public void Exercise1_AlicesOwnPublicValue_IsNamedAsSuch()
    {
        var result = Check.Answer("02.1", s_alicePublicByHand);

        Assert.False(result.Passed);
        Assert.Contains("Alice's public value", result.Message);
        AssertDoesNotReveal(result, s_sharedSecretByHand);
    }

    [Fact]
    public void Exercise1_AnUnreducedPower_IsCalledOut()
    {
        var result = Check.Answer("02.1", BigInteger.Pow(10, 13));

        Assert.False(result.Passed);
        Assert.Contains("without the reduction", result.Message);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(0)]
    [InlineData(23)]
    [InlineData(-15)]
    public void Exercise1_OtherWrongNumbers_FailWithoutTheAnswer(int answer)
    {
        var result = Check.Answer("02.1", new BigInteger(answer));

        Assert.False(result.Passed);
        Assert.Equal(0, result.Awarded);
        AssertDoesNotReveal(result, s_sharedSecretByHand);
    }

    [Fact]
    public void Exercise1_NoWrongAnswerNearTheRightOne_RevealsIt()
    {
        for (var answer = -5; answer <= 60; answer++)
        {
            if (answer == s_sharedSecretByHand)
            {
                continue;
            }

            var result = Check.Answer("02.1", new BigInteger(answer));
            Assert.False(result.Passed, $"{answer} passed");
            AssertDoesNotReveal(result, s_sharedSecretByHand);
        }
    }

    [Fact]
    public void Exercise1_AnIntInsteadOfABigInteger_SaysWhichTypeItWants()
    {
        var result = Check.Answer("02.1", 15);

        Assert.False(result.Passed);
        Assert.Contains("BigInteger", result.Message);
    }

    [Fact]
    public void Exercise2_TheTargetIsInTheGroup_AndAnyLogarithmOfItPasses()
    {
        var group = DiffieHellmanLesson.LogGroup;
        var y = DiffieHellmanLesson.LogTarget;
        Assert.InRange(y, 2, group.P - 2);

        // An independent brute-force search, then the same exponent plus the order of g.
        var x = BigInteger.Zero;
        for (var power = BigInteger.One; power != y; power = power * group.G % group.P)
        {
            x++;
            Assert.True(x < group.P, "the target is not a power of g");
        }

        Assert.True(Check.Answer("02.2", x).Passed);
        Assert.True(Check.Answer("02.2", x + group.Q!.Value).Passed);
        var wrong = Check.Answer("02.2", x + 1);
        Assert.False(wrong.Passed);
        AssertDoesNotReveal(wrong, x);
    }

    [Fact]
    public void Exercise2_ANegativeExponent_Fails()
    {
        Assert.False(Check.Answer("02.2", new BigInteger(-1)).Passed);
    }

    [Fact]
    public void Exercise3_TheSecretRecoveredWithTheLibrarysSolver_Passes()
    {
        var group = DiffieHellmanLesson.RecordedGroup;
        var a = DiscreteLogAttacks.BabyStepGiantStep(group, DiffieHellmanLesson.RecordedA).Exponent;
        var secret = BigInteger.ModPow(DiffieHellmanLesson.RecordedB, a, group.P);

        Assert.True(Check.Answer("02.3", secret).Passed);

        var publicValue = Check.Answer("02.3", DiffieHellmanLesson.RecordedA);
        Assert.False(publicValue.Passed);
        Assert.Contains("public value", publicValue.Message);
        AssertDoesNotReveal(publicValue, secret);

        var exponent = Check.Answer("02.3", a);
        Assert.False(exponent.Passed);
        Assert.Contains("private exponent", exponent.Message);
        AssertDoesNotReveal(exponent, secret);
    }

    [Fact]
    public void Exercise3_IsOutOfBruteForcesReach_SoTheSolversAreNeeded()
    {
        var error = Assert.Throws<DiscreteLogException>(() =>
            DiscreteLogAttacks.BruteForce(
                DiffieHellmanLesson.RecordedGroup, DiffieHellmanLesson.RecordedA));

        Assert.Equal(DiscreteLogFailure.Hopeless, error.Failure);
    }

    [Fact]
    public void Check_KnowsEveryExerciseOfNotebook02()
    {
        Assert.Contains("02.1", Check.All.Keys);
        Assert.Contains("02.2", Check.All.Keys);
        Assert.Contains("02.3", Check.All.Keys);
        Assert.Contains("00.1", Check.All.Keys);
    }

    [Fact]
    public void EncryptThenDecrypt_WithTheSameSecret_GivesTheMessageBack()
    {
        var group = DhGroups.Teaching.Safe32;
        var alice = DhKeyPair.Generate(group, new Random(1));
        var bob = DhKeyPair.Generate(group, new Random(2));

        var sealedMessage = DiffieHellmanLesson.Encrypt(alice.Agree(bob.PublicValue), "Pay 10 EUR");

        var opened = DiffieHellmanLesson.Decrypt(bob.Agree(alice.PublicValue), sealedMessage);
        Assert.Equal("Pay 10 EUR", opened);
    }

    [Fact]
    public void Decrypt_WithAnotherSecret_Throws()
    {
        var group = DhGroups.Teaching.Safe32;
        var alice = DhKeyPair.Generate(group, new Random(1));
        var bob = DhKeyPair.Generate(group, new Random(2));
        var mallory = DhKeyPair.Generate(group, new Random(3));
        var sealedMessage = DiffieHellmanLesson.Encrypt(alice.Agree(bob.PublicValue), "Pay 10 EUR");

        Assert.ThrowsAny<CryptographicException>(() =>
            DiffieHellmanLesson.Decrypt(mallory.Agree(bob.PublicValue), sealedMessage));
        Assert.Throws<ArgumentException>(() =>
            DiffieHellmanLesson.Decrypt(alice.Agree(bob.PublicValue), new byte[10]));
    }

    [Fact]
    public void TimeAttacks_GivesOneRowPerMethodAndGroupItCanSolve()
    {
        var rows = DiffieHellmanLesson.TimeAttacks(
            [DiscreteLogMethod.BruteForce, DiscreteLogMethod.BabyStepGiantStep],
            [DhGroups.Teaching.Safe16, DhGroups.Teaching.Safe32],
            instances: 2,
            seed: 5);

        // Brute force refuses the 32-bit group (about 2^30 steps, over its budget).
        Assert.Equal(
            [
                (DiscreteLogMethod.BruteForce, 16),
                (DiscreteLogMethod.BabyStepGiantStep, 16),
                (DiscreteLogMethod.BabyStepGiantStep, 32),
            ],
            rows.Select(r => (r.Method, r.Bits)));
        Assert.All(rows, r => Assert.True(r.Seconds > 0 && r.Steps > 0, r.ToString()));
        Assert.True(rows[2].Steps > rows[1].Steps);
        Assert.Equal(2, rows[0].Runs);
    }

    [Fact]
    public void TimingGroups_AreSafePrimesEveryFourBits_WithGOfOrderQ()
    {
        Assert.Equal(
            [16, 20, 24, 28, 32, 36], DiffieHellmanLesson.TimingGroups.Select(g => g.Bits));
        foreach (var group in DiffieHellmanLesson.TimingGroups)
        {
            var q = group.Q!.Value;
            Assert.True(group.IsTeachingOnly);
            Assert.Equal(group.P, 2 * q + 1);
            Assert.Equal(7, (int)(group.P % 8));
            Assert.True(IsPrime(group.P), $"{group.Name}: p is not prime");
            Assert.True(IsPrime(q), $"{group.Name}: q is not prime");
            Assert.True(BigInteger.ModPow(group.G, q, group.P).IsOne);

            // The largest such prime below 2^bits: no safe prime = 7 (mod 8) lies above it.
            var limit = BigInteger.One << group.Bits;
            for (var candidate = group.P + 8; candidate < limit; candidate += 8)
            {
                Assert.False(
                    IsPrime(candidate) && IsPrime((candidate - 1) / 2),
                    $"{group.Name}: {candidate} is a larger safe prime");
            }
        }
    }

    [Fact]
    public void TimeAttacks_SkipsAMethodWhoseExpectedWorkIsOverTheCap()
    {
        var rows = DiffieHellmanLesson.TimeAttacks(
            [DiscreteLogMethod.BruteForce],
            [DhGroups.Teaching.Safe16, DhGroups.Teaching.Safe24],
            instances: 1,
            maxStepsLog2: 20);

        Assert.Equal([16], rows.Select(r => r.Bits));
    }

    [Fact]
    public void TimeAttacks_StopsRepeatingOnceAGroupHasUsedItsTime()
    {
        var rows = DiffieHellmanLesson.TimeAttacks(
            [DiscreteLogMethod.BabyStepGiantStep],
            [DhGroups.Teaching.Safe16],
            instances: 1000,
            secondsPerGroup: 0);

        Assert.Equal(1, Assert.Single(rows).Runs);
    }

    [Fact]
    public void ExtrapolationChart_CarriesTheFitTo2048BitsInYears()
    {
        // Steps = 2^(bits / 2) exactly, at a million steps a second.
        var fit = new ExponentialFit(0.5, 0, 3);
        AttackTiming[] measured =
        [
            new(DiscreteLogMethod.BabyStepGiantStep, "a", 24, 1, 4096 / 1e6, 4096),
            new(DiscreteLogMethod.BabyStepGiantStep, "b", 36, 1, 262_144 / 1e6, 262_144),
        ];

        var chart = DiffieHellmanLesson.ExtrapolationChart(measured, fit, 1e6);

        var figure = JsonNode.Parse(GenericChart.toFigureJson(chart))!;
        Assert.Equal("linear", figure["layout"]!["xaxis"]!["type"]!.GetValue<string>());
        Assert.Equal("log", figure["layout"]!["yaxis"]!["type"]!.GetValue<string>());
        var traces = figure["data"]!.AsArray();
        Assert.Equal(
            ["fit, extrapolated", "age of the universe", "measured"],
            traces.Select(t => t!["name"]!.GetValue<string>()));

        var seconds = 365.25 * 24 * 3600;
        var points = traces[2]!["y"]!.AsArray().Select(v => v!.GetValue<double>()).ToList();
        Assert.Equal(4096 / 1e6 / seconds, points[0], 1e-15);

        // 2^1024 steps at 10^6 a second: 10^(1024 · log10 2 - 6) s, about 10^294.7 years.
        var line = traces[0]!;
        Assert.Equal(2048, line["x"]!.AsArray().Last()!.GetValue<double>());
        var lastYears = line["y"]!.AsArray().Last()!.GetValue<double>();
        Assert.Equal(1024 * Math.Log10(2) - 6 - Math.Log10(seconds), Math.Log10(lastYears), 6);
        Assert.Equal(24, line["x"]!.AsArray().First()!.GetValue<double>());

        Assert.Throws<ArgumentException>(
            () => DiffieHellmanLesson.ExtrapolationChart([], fit, 1e6));
    }

    [Fact]
    public void DhTables_ShowTheGroupsNumbers_AndAbbreviateLongOnes()
    {
        var fields = DhTables.Of(DhGroups.Ffdhe2048).GetFields().ToDictionary(f => f.Name);

        Assert.Equal("2", fields["g"].Value);
        Assert.StartsWith("0xffffffffffffffff…", fields["p"].Value);
        Assert.Contains("2048 bits, 617 digits", fields["p"].Value);
        Assert.Equal("225 bits", fields["private exponent"].Value);
        Assert.Equal("256 bytes", fields["public value size"].Value);
        Assert.DoesNotContain("security", fields.Keys);

        var teaching = DhTables.Of(DhGroups.Teaching.Classic23).GetFields()
            .ToDictionary(f => f.Name);
        Assert.Equal("23", teaching["p"].Value);
        Assert.Equal("1 byte", teaching["public value size"].Value);
        Assert.Equal("NONE", teaching["security"].Value);
    }

    [Fact]
    public void DhTables_ShowTheKeyPairAndTheSecret()
    {
        var group = DhGroups.Teaching.Classic23;
        var alice = DhKeyPair.FromPrivateExponent(group, 6);
        var bob = DhKeyPair.FromPrivateExponent(group, 15);

        var pair = DhTables.Of(alice).GetFields();
        Assert.Equal(["6", "8"], pair.Select(f => f.Value));

        // 19^6 mod 23: 19^2 = 361 = 16, 16^3 = 4096 = 2 (mod 23).
        var secret = DhTables.Of(alice.Agree(bob.PublicValue)).GetFields();
        Assert.Equal("2", secret[0].Value);
    }

    [Fact]
    public void ExponentialFit_RecoversAnExactExponential()
    {
        double[] x = [10, 20, 30, 40];
        var y = x.Select(v => Math.Pow(2, 3 + 0.5 * v)).ToArray();

        var fit = ExponentialFit.Of(x, y);

        Assert.Equal(0.5, fit.Slope, 9);
        Assert.Equal(3, fit.Intercept, 9);
        Assert.Equal(3 + 0.5 * 2048, fit.PredictLog2(2048), 6);
        Assert.True(double.IsInfinity(fit.Predict(2048)));
        Assert.Contains("doubles every 2.00", fit.ToString());
    }

    [Fact]
    public void ExponentialFit_RefusesWhatItCannotFit()
    {
        Assert.Throws<ArgumentException>(() => ExponentialFit.Of([1], [1]));
        Assert.Throws<ArgumentException>(() => ExponentialFit.Of([1, 2], [1, 0]));
        Assert.Throws<ArgumentException>(() => ExponentialFit.Of([1, 1], [1, 2]));
        Assert.Throws<ArgumentException>(() => ExponentialFit.Of([1, 2, 3], [1, 2]));
    }

    [Fact]
    public void RowTable_HasOneColumnPerProperty_AndFormatsNumbers()
    {
        var table = RowTable.Of(new[]
        {
            new { Mallory_sends = "p - 1", seconds = 0.000123456, steps = 4_190_788L, bits = 1024 },
            new { Mallory_sends = "<b>", seconds = 14320.4, steps = 12L, bits = 16 },
        });

        Assert.Equal(["Mallory sends", "seconds", "steps", "bits"], table.Columns);
        Assert.Equal(["p - 1", "0.0001235", "4,190,788", "1024"], table.Rows[0]);
        Assert.Equal("14,320", table.Rows[1][1]);
        Assert.Contains("&lt;b&gt;", table.ToHtml());
        Assert.DoesNotContain("<b>", table.ToHtml());
        Assert.Contains("Mallory sends", table.ToString());
    }

    [Fact]
    public void Measure_PerCall_WarmsUpThenReturnsTheMeanTime()
    {
        var calls = 0;

        var mean = Measure.PerCall(
            () =>
            {
                calls++;
                Thread.Sleep(2);
            },
            TimeSpan.FromMilliseconds(20));

        // At least one warm-up run and three timed ones, each sleeping 2 ms.
        Assert.True(calls >= 4, $"{calls} calls");
        Assert.True(mean >= TimeSpan.FromMilliseconds(1.5), mean.ToString());
    }

    [Fact]
    public void Bar_PutsItsLabelsOnACategoryAxis()
    {
        var chart = Charts.Bar(
            ["ffdhe2048", "X25519"], [2000, 100], "t", "x", "y", yScale: AxisScale.Log);

        var figure = JsonNode.Parse(GenericChart.toFigureJson(chart))!;

        Assert.Equal("category", figure["layout"]!["xaxis"]!["type"]!.GetValue<string>());
        Assert.Equal("log", figure["layout"]!["yaxis"]!["type"]!.GetValue<string>());
        Assert.Equal(
            ["ffdhe2048", "X25519"],
            figure["data"]![0]!["x"]!.AsArray().Select(v => v!.GetValue<string>()));
    }

    // Trial division: the numbers here have at most 36 bits, so at most 2^18 divisions.
    private static bool IsPrime(BigInteger n)
    {
        if (n < 2)
        {
            return false;
        }

        for (BigInteger d = 2; d * d <= n; d++)
        {
            if ((n % d).IsZero)
            {
                return false;
            }
        }

        return true;
    }

    private static void AssertDoesNotReveal(ExerciseResult result, BigInteger answer)
    {
        var words = result.Message.Split(
            [' ', ',', '.', ';', ':', '=', '(', ')'], StringSplitOptions.RemoveEmptyEntries);
        Assert.DoesNotContain(answer.ToString(), words);
    }
}
