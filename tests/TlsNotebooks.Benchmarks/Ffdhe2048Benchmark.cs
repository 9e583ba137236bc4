using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using TlsNotebooks.DiffieHellman;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace TlsNotebooks.Benchmarks;

/// <summary>
/// ffdhe2048 agreements per second: the library beside `openssl speed ffdh2048`.
/// </summary>
/// <remarks>
/// One agreement here is what a TLS 1.2 DHE peer does with the other side's value: the
/// RFC 7919 §5.1 range check and one exponentiation y^x mod p with the 225-bit private
/// exponent of RFC 7919 §5.2. That is also what OpenSSL's speed test times (EVP_PKEY_derive
/// with keys of its ffdhe2048 named group, which default to 225-bit exponents). Figures for
/// full validation (the subgroup check y^q mod p = 1, answered for this safe prime by a Jacobi
/// symbol) and for BouncyCastle's and the runtime's raw ModPow are printed for comparison.
/// Rates are per CPU second.
/// </remarks>
public sealed class Ffdhe2048Benchmark : IBenchmark
{
    public string Name => "ffdhe2048";

    public string Description =>
        "ffdhe2048 agreements/s (range check + 225-bit-exponent modexp) vs openssl speed ffdh2048";

    public int Run(TextWriter output)
    {
        var group = DhGroups.Ffdhe2048;
        var alice = DhKeyPair.Generate(group, new Random(1));
        var bob = DhKeyPair.Generate(group, new Random(2));

        var rangeOnly = PerSecond(() => alice.Agree(bob.PublicValue, DhValidation.RangeOnly));
        var full = PerSecond(() => alice.Agree(bob.PublicValue, DhValidation.Full));

        var x = alice.PrivateExponent;
        var y = bob.PublicValue;
        var runtime = PerSecond(() => BigInteger.ModPow(y, x, group.P));
        var bcY = new BcBigInteger(1, y.ToByteArray(isUnsigned: true, isBigEndian: true));
        var bcX = new BcBigInteger(1, x.ToByteArray(isUnsigned: true, isBigEndian: true));
        var bcP = new BcBigInteger(1, group.P.ToByteArray(isUnsigned: true, isBigEndian: true));
        var bouncy = PerSecond(() => bcY.ModPow(bcX, bcP));

        output.WriteLine($"private exponent bits: {x.GetBitLength()}");
        output.WriteLine(
            "Montgomery engine: "
            + (System.Runtime.Intrinsics.X86.Avx2.IsSupported ? "AVX2" : "64-bit scalar"));
        output.WriteLine($"library, range check (RFC 7919 §5.1): {rangeOnly,10:F0} agreements/s");
        output.WriteLine($"library, full validation (SP 800-56A): {full,9:F0} agreements/s");
        output.WriteLine($"raw System.Numerics.BigInteger.ModPow: {runtime,9:F0} /s");
        output.WriteLine($"raw BouncyCastle BigInteger.ModPow:    {bouncy,9:F0} /s");

        var openssl = OpenSslFfdh2048PerSecond(output);
        if (openssl is null)
        {
            output.WriteLine("openssl speed ffdh2048: not available, no ratio");
            return 1;
        }

        output.WriteLine($"openssl speed ffdh2048:                {openssl,9:F0} ops/s");
        output.WriteLine(
            $"ratio openssl / library (range check): {openssl / rangeOnly:F2}x "
            + "(target: at most 3x)");
        return 0;
    }

    // Runs the action for about two seconds after a warm-up, and divides by the process's
    // CPU time, as openssl speed divides by its CPU user time: on a shared machine, wall-clock
    // time would mostly measure the other processes.
    private static double PerSecond(Action action)
    {
        var warmUp = Stopwatch.StartNew();
        while (warmUp.ElapsedMilliseconds < 500)
        {
            action();
        }

        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var count = 0;
        var watch = Stopwatch.StartNew();
        while (watch.ElapsedMilliseconds < 2000)
        {
            action();
            count++;
        }

        process.Refresh();
        var cpuSeconds = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        return count / Math.Max(cpuSeconds, 1e-9);
    }

    // `openssl speed -mr` prints machine-readable lines; the FFDH result is
    // "+F8:<index>:<bits>:<ops per second>:<seconds per op>" in OpenSSL 3.0.
    private static double? OpenSslFfdh2048PerSecond(TextWriter output)
    {
        var start = new ProcessStartInfo("openssl", "speed -seconds 3 -mr ffdh2048")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        try
        {
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var text = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(60_000))
            {
                process.Kill();
                return null;
            }

            text += stderr.Result;
            foreach (var line in text.Split('\n'))
            {
                var fields = line.Trim().Split(':');
                if (fields.Length >= 5 && fields[0] == "+F8" && fields[2] == "2048")
                {
                    return double.Parse(fields[3], CultureInfo.InvariantCulture);
                }
            }

            output.WriteLine("Could not find the +F8 line in openssl speed's output.");
            return null;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            output.WriteLine("Could not run openssl: " + e.Message);
            return null;
        }
    }
}
