using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using Plotly.NET;
using TlsNotebooks.DiffieHellman;
using TlsNotebooks.DiffieHellman.Attacks;

namespace TlsNotebooks.Notebook.Exercises;

/// <summary>The data, helpers and exercises of notebook 02-diffie-hellman.</summary>
public static class DiffieHellmanLesson
{
    private const double SecondsPerYear = 365.25 * 24 * 3600;

    // About 13.8 billion years (Planck Collaboration, 2018).
    private const double AgeOfTheUniverseYears = 1.38e10;

    // Exercise 02.2's hidden exponent. The check accepts any x with g^x = y, not just this one.
    private static readonly BigInteger s_hiddenExponent = 20771;

    // Exercise 02.3's recorded exchange: fixed private exponents, so the numbers never change.
    private static readonly DhKeyPair s_recordedAlice =
        DhKeyPair.FromPrivateExponent(DhGroups.Teaching.Safe32, 1_234_567_891);

    private static readonly DhKeyPair s_recordedBob =
        DhKeyPair.FromPrivateExponent(DhGroups.Teaching.Safe32, 987_654_321);

    /// <summary>Exercise 02.1: the textbook group p = 23, g = 5.</summary>
    public static DhGroup ExerciseGroup => DhGroups.Teaching.Classic23;

    /// <summary>Exercise 02.1: Alice's secret exponent a.</summary>
    public static BigInteger AliceSecret => 13;

    /// <summary>Exercise 02.1: the public value B that Bob sent.</summary>
    public static BigInteger BobPublicValue => 10;

    /// <summary>Exercise 02.2: the group teaching-safe16 (p = 65063, g = 2).</summary>
    public static DhGroup LogGroup => DhGroups.Teaching.Safe16;

    /// <summary>Exercise 02.2: a public value y = g^x mod p whose x is to be found.</summary>
    public static BigInteger LogTarget =>
        BigInteger.ModPow(LogGroup.G, s_hiddenExponent, LogGroup.P);

    /// <summary>Exercise 02.3: the group of the recorded exchange, teaching-safe32.</summary>
    public static DhGroup RecordedGroup => DhGroups.Teaching.Safe32;

    /// <summary>Exercise 02.3: the public value A that Eve saw Alice send.</summary>
    public static BigInteger RecordedA => s_recordedAlice.PublicValue;

    /// <summary>Exercise 02.3: the public value B that Eve saw Bob send.</summary>
    public static BigInteger RecordedB => s_recordedBob.PublicValue;

    /// <summary>
    /// INSECURE safe primes every four bits from 16 to 36, for the timing plot: the library's
    /// teaching primes of 16, 24 and 32 bits and three more found the same way (the largest
    /// p below 2^bits with p = 2q + 1, q prime and p = 7 mod 8, so g = 2 has order q).
    /// Small enough that Pollard's rho finishes on the largest in about a second.
    /// </summary>
    public static IReadOnlyList<DhGroup> TimingGroups { get; } =
    [
        DhGroups.Teaching.Safe16,
        TeachingSafePrime("teaching-safe20", 1_048_343),
        DhGroups.Teaching.Safe24,
        TeachingSafePrime("teaching-safe28", 268_434_263),
        DhGroups.Teaching.Safe32,
        TeachingSafePrime("teaching-safe36", 68_719_476_599),
    ];

    private static DhGroup TeachingSafePrime(string name, long p) =>
        new(name, p, 2, (p - 1) / 2, privateExponentBits: null, isTeachingOnly: true);

    /// <summary>
    /// Times each attack on each group: the mean over up to <paramref name="instances"/>
    /// random private exponents drawn from a seeded generator, after three warm-up runs on the
    /// smallest group. Once the runs on one group have taken <paramref name="secondsPerGroup"/>,
    /// no further exponent is tried there, so a slow machine spends seconds, not minutes. A
    /// method is not tried where it expects more than 2^<paramref name="maxStepsLog2"/> steps,
    /// and gets no row where it runs out of steps.
    /// </summary>
    public static IReadOnlyList<AttackTiming> TimeAttacks(
        IEnumerable<DiscreteLogMethod> methods,
        IEnumerable<DhGroup> groups,
        int instances = 3,
        int seed = 2,
        double secondsPerGroup = 1.5,
        double maxStepsLog2 = 24)
    {
        ArgumentNullException.ThrowIfNull(methods);
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentOutOfRangeException.ThrowIfLessThan(instances, 1);
        var methodList = methods.ToList();
        var groupList = groups.OrderBy(g => g.Bits).ToList();
        var random = new Random(seed);
        var rows = new List<AttackTiming>();
        foreach (var method in methodList)
        {
            // The first runs pay for the JIT compiler; keep them out of the figures.
            for (var i = 0; i < 3 && groupList.Count > 0; i++)
            {
                var warmUp = DhKeyPair.Generate(groupList[0], random);
                TrySolve(method, groupList[0], warmUp.PublicValue);
            }

            foreach (var group in groupList)
            {
                if (DiscreteLogAttacks.EstimateStepsLog2(method, group) > maxStepsLog2)
                {
                    continue;
                }

                var times = new List<double>();
                var steps = new List<long>();
                var failed = false;
                while (times.Count == 0
                    || (times.Count < instances && times.Sum() < secondsPerGroup))
                {
                    var victim = DhKeyPair.Generate(group, random);
                    if (TrySolve(method, group, victim.PublicValue) is not { } result)
                    {
                        failed = true;
                        break;
                    }

                    times.Add(result.Elapsed.TotalSeconds);
                    steps.Add(result.Steps);
                }

                if (!failed && times.Count > 0)
                {
                    rows.Add(new AttackTiming(
                        method,
                        group.Name,
                        group.Bits,
                        times.Count,
                        times.Average(),
                        (long)steps.Average()));
                }
            }
        }

        return rows;
    }

    /// <summary>
    /// The extrapolation of part 3 as a chart of years against bits of p: the measured runs as
    /// points, the fitted growth as a line carried on to <paramref name="toBits"/>, and the age
    /// of the universe for scale. The fit's steps become years at
    /// <paramref name="stepsPerSecond"/>.
    /// </summary>
    public static GenericChart ExtrapolationChart(
        IReadOnlyList<AttackTiming> measured,
        ExponentialFit fit,
        double stepsPerSecond,
        int toBits = 2048)
    {
        ArgumentNullException.ThrowIfNull(measured);
        ArgumentNullException.ThrowIfNull(fit);
        if (measured.Count == 0)
        {
            throw new ArgumentException("There is no measured run to draw.", nameof(measured));
        }

        // On a log-years axis the fit is a straight line; points every 128 bits draw it. The
        // measurements, a few dozen bits wide, come last so that they sit on top of it.
        var fromBits = measured.Min(t => t.Bits);
        var bits = Enumerable.Range(0, (toBits - fromBits) / 128 + 1)
            .Select(i => (double)(fromBits + 128 * i))
            .Append(toBits)
            .Distinct()
            .ToList();
        var fitted = bits.Select(
            b => Math.Pow(10, DiscreteLogCost.YearsLog10(fit.PredictLog2(b), stepsPerSecond)));
        const string xTitle = "bits of p";
        const string yTitle = "years (log scale)";
        return Charts.Overlay(
            "Years to find one private exponent, extrapolated",
            xTitle,
            yTitle,
            AxisScale.Linear,
            AxisScale.Log,
            Charts.Line(bits, fitted, "", xTitle, yTitle, name: "fit, extrapolated"),
            Charts.Line(
                [fromBits, toBits],
                [AgeOfTheUniverseYears, AgeOfTheUniverseYears],
                "", xTitle, yTitle, name: "age of the universe"),
            Charts.Scatter(
                measured.Select(t => (double)t.Bits),
                measured.Select(t => t.Seconds / SecondsPerYear),
                "", xTitle, yTitle, name: "measured"));
    }

    private static DiscreteLogResult? TrySolve(
        DiscreteLogMethod method,
        DhGroup group,
        BigInteger y)
    {
        try
        {
            return DiscreteLogAttacks.Solve(method, group, y);
        }
        catch (DiscreteLogException)
        {
            return null;
        }
    }

    /// <summary>
    /// Encrypts a message under a key derived from a DH shared secret, with AES-256-GCM, so the
    /// lesson can show who is able to read what. Returns nonce, ciphertext and tag.
    /// </summary>
    /// <remarks>
    /// A toy record layer: the key is SHA-256 of the TLS 1.2 pre_master_secret. Real TLS 1.2
    /// derives its keys with the PRF from the master secret and both randoms (RFC 5246 §6.3),
    /// which notebook 03 builds.
    /// </remarks>
    public static byte[] Encrypt(DhSharedSecret secret, string message)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(message);
        var plaintext = Encoding.UTF8.GetBytes(message);
        var nonceLength = AesGcm.NonceByteSizes.MaxSize;
        var sealedMessage = new byte[nonceLength + plaintext.Length + AesGcm.TagByteSizes.MaxSize];
        var nonce = sealedMessage.AsSpan(0, nonceLength);
        var ciphertext = sealedMessage.AsSpan(nonce.Length, plaintext.Length);
        var tag = sealedMessage.AsSpan(nonce.Length + plaintext.Length);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(KeyOf(secret), tag.Length);
        aes.Encrypt(nonce, plaintext, ciphertext, tag);
        return sealedMessage;
    }

    /// <summary>Decrypts what <see cref="Encrypt"/> produced with the same shared secret.</summary>
    /// <exception cref="AuthenticationTagMismatchException">
    /// The secret is not the one the message was encrypted under, or the bytes were changed.
    /// </exception>
    public static string Decrypt(DhSharedSecret secret, byte[] sealedMessage)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(sealedMessage);
        var nonceLength = AesGcm.NonceByteSizes.MaxSize;
        var tagLength = AesGcm.TagByteSizes.MaxSize;
        if (sealedMessage.Length < nonceLength + tagLength)
        {
            throw new ArgumentException(
                "The message is shorter than a nonce and a tag.", nameof(sealedMessage));
        }

        var ciphertext = sealedMessage.AsSpan(
            nonceLength, sealedMessage.Length - nonceLength - tagLength);
        var plaintext = new byte[ciphertext.Length];
        using var aes = new AesGcm(KeyOf(secret), tagLength);
        aes.Decrypt(
            sealedMessage.AsSpan(0, nonceLength),
            ciphertext,
            sealedMessage.AsSpan(^tagLength),
            plaintext);
        return Encoding.UTF8.GetString(plaintext);
    }

    private static byte[] KeyOf(DhSharedSecret secret) =>
        SHA256.HashData(secret.ToTls12PremasterSecret());

    /// <summary>The exercises of notebook 02.</summary>
    public static IReadOnlyList<Exercise> Exercises { get; } =
    [
        Exercise.Define<BigInteger>(
            "02.1",
            "compute Alice's shared secret",
            points: 1,
            hint: "Alice raises what she received to her own secret: s = B^a mod p. "
                + "BigInteger.ModPow(value, exponent, modulus) does it in one call.",
            CheckSharedSecret),
        Exercise.Define<BigInteger>(
            "02.2",
            "find a small discrete logarithm",
            points: 2,
            hint: "Try x = 0, 1, 2, ... and keep a running value g^x mod p: multiply by g and "
                + "reduce mod p at each step, until it equals y. There are fewer than p steps.",
            CheckDiscreteLog),
        Exercise.Define<BigInteger>(
            "02.3",
            "recover a recorded shared secret",
            points: 2,
            hint: "Eve needs one private exponent: a baby-step giant-step or Pollard's rho "
                + "(DiscreteLogAttacks) finds a from A. Then she computes s as Alice would.",
            CheckRecordedSecret),
    ];

    private static string? CheckSharedSecret(BigInteger answer)
    {
        var group = ExerciseGroup;
        var (p, g, a, b) = (group.P, group.G, AliceSecret, BobPublicValue);
        if (answer == BigInteger.ModPow(b, a, p))
        {
            return null;
        }

        if (answer == BigInteger.ModPow(g, a, p))
        {
            return "That is Alice's public value A = g^a mod p, the number she sends; "
                + "the shared secret starts from what Bob sent.";
        }

        if (answer == b)
        {
            return "That is Bob's public value B itself, which everyone on the path has seen.";
        }

        if (answer == BigInteger.Pow(b, (int)a))
        {
            return "That is B^a without the reduction modulo p.";
        }

        if (answer == BigInteger.ModPow(a, b, p))
        {
            return "That swaps base and exponent: it computes a^B mod p.";
        }

        if (answer == a * b % p)
        {
            return "That multiplies a and B; Diffie-Hellman raises to a power.";
        }

        return answer < 0 || answer >= p
            ? $"A number modulo p = {p} lies between 0 and {p - 1}."
            : $"{answer} is not B^a mod p for these numbers.";
    }

    private static string? CheckRecordedSecret(BigInteger answer)
    {
        var group = RecordedGroup;
        if (answer == s_recordedAlice.Agree(RecordedB).Value)
        {
            return null;
        }

        if (answer == RecordedA || answer == RecordedB)
        {
            return "That is a public value: Eve saw it on the wire. She wants the secret "
                + "both sides computed from it.";
        }

        if (answer % group.ExponentModulus == s_recordedAlice.PrivateExponent
            || answer % group.ExponentModulus == s_recordedBob.PrivateExponent)
        {
            return "That is a private exponent: the discrete logarithm is done. "
                + "One more modular power gives the shared secret.";
        }

        return answer < 0 || answer >= group.P
            ? "A shared secret modulo p lies between 0 and p - 1."
            : $"{answer} is not the secret Alice and Bob share.";
    }

    private static string? CheckDiscreteLog(BigInteger answer)
    {
        var group = LogGroup;
        if (answer < 0)
        {
            return "Look for an exponent of 0 or more.";
        }

        var value = BigInteger.ModPow(group.G, answer, group.P);
        return value == LogTarget
            ? null
            : string.Create(
                CultureInfo.InvariantCulture,
                $"g^{answer} mod p = {value}, which is not y = {LogTarget}.");
    }
}

/// <summary>How long one attack took, on average, on one group.</summary>
/// <param name="Method">The attack.</param>
/// <param name="Group">The group's name.</param>
/// <param name="Bits">The size of p in bits.</param>
/// <param name="Runs">How many private exponents were found.</param>
/// <param name="Seconds">The mean wall-clock time per private exponent found.</param>
/// <param name="Steps">The mean number of group operations.</param>
public sealed record AttackTiming(
    DiscreteLogMethod Method,
    string Group,
    int Bits,
    int Runs,
    double Seconds,
    long Steps);
