using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using TlsNotebooks.DiffieHellman;

namespace TlsNotebooks.Benchmarks;

/// <summary>
/// RFC 7748 §5.2's iterated X25519 check to one million, with the rate it ran at.
/// </summary>
/// <remarks>
/// The test suite checks the 1 and 1,000 iteration values on every run; the millionth takes
/// minutes, so it lives here, where a run is asked for. Each step is k, u = X25519(k, u), k:
/// one scalar multiplication, whose output feeds the next, so a single wrong bit anywhere in a
/// million steps changes the final value.
/// </remarks>
public sealed class X25519IteratedBenchmark : IBenchmark
{
    private const int Iterations = 1_000_000;

    public string Name => "x25519-iterated";

    public string Description =>
        "RFC 7748 §5.2 iterated X25519 to 1,000,000: checks the published value, prints the rate";

    public int Run(TextWriter output)
    {
        var vectors = File.ReadAllText(TestDataFolder.PathTo("rfc7748", "x25519_rfc7748.json"));
        var iterated = JsonDocument.Parse(vectors).RootElement.GetProperty("iterated");
        var k = Convert.FromHexString(iterated.GetProperty("start").GetString()!);
        var u = k;
        var checkpoints = new Dictionary<int, string>
        {
            [1] = "after_1",
            [1_000] = "after_1000",
            [Iterations] = "after_1000000",
        };

        var clock = Stopwatch.StartNew();
        var failed = false;
        for (var i = 1; i <= Iterations; i++)
        {
            var result = X25519KeyPair.Compute(k, u);
            u = k;
            k = result;
            if (checkpoints.TryGetValue(i, out var property))
            {
                var expected = iterated.GetProperty(property).GetString()!;
                var actual = Convert.ToHexString(k).ToLowerInvariant();
                var ok = string.Equals(expected, actual, StringComparison.OrdinalIgnoreCase);
                failed |= !ok;
                var verdict = ok ? "matches RFC 7748" : "WRONG, expected " + expected;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  after {i,9:N0}: {verdict}  ({clock.Elapsed.TotalSeconds:F1} s)"));
            }
            else if (i % 100_000 == 0)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {i,9:N0} steps, {clock.Elapsed.TotalSeconds:F1} s"));
            }
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {Iterations / clock.Elapsed.TotalSeconds:N0} X25519 scalar multiplications/s"));
        return failed ? 1 : 0;
    }
}
