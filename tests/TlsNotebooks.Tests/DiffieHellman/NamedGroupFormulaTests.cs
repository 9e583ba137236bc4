using System.Numerics;
using TlsNotebooks.DiffieHellman;

namespace TlsNotebooks.Tests.DiffieHellman;

/// <summary>
/// Rebuilds each named prime from its RFC's formula, independently of any file:
/// RFC 3526 §2-§5 take the binary digits of pi, RFC 7919 Appendix A those of e:
/// p = 2^b - 2^(b-64) + 2^64 · (floor(2^(b-130) · constant) + c) - 1.
/// </summary>
public class NamedGroupFormulaTests
{
    [Theory]
    [InlineData("modp2048", 2048, "pi", 124476)]
    [InlineData("modp3072", 3072, "pi", 1690314)]
    [InlineData("modp4096", 4096, "pi", 240904)]
    [InlineData("ffdhe2048", 2048, "e", 560316)]
    [InlineData("ffdhe3072", 3072, "e", 2625351)]
    [InlineData("ffdhe4096", 4096, "e", 5736041)]
    public void NamedPrime_FollowsItsRfcFormula(string name, int bits, string constant, int c)
    {
        var digits = constant == "pi"
            ? PiTimesPowerOfTwo(bits - 130)
            : ETimesPowerOfTwo(bits - 130);
        var expected = BigInteger.Pow(2, bits) - BigInteger.Pow(2, bits - 64)
            + BigInteger.Pow(2, 64) * (digits + c) - 1;

        var group = DhGroups.ByName(name);

        Assert.Equal(expected, group.P);
        Assert.Equal(2, group.G);
        Assert.Equal((expected - 1) / 2, group.Q);
    }

    // floor(2^k · e), from e = sum of 1/n!, with 64 guard bits.
    private static BigInteger ETimesPowerOfTwo(int k)
    {
        var term = BigInteger.One << (k + 64);
        var sum = BigInteger.Zero;
        for (var n = 1; !term.IsZero; n++)
        {
            sum += term;
            term /= n;
        }

        return sum >> 64;
    }

    // floor(2^k · pi), from Machin's pi = 16·atan(1/5) - 4·atan(1/239), with 64 guard bits.
    private static BigInteger PiTimesPowerOfTwo(int k)
    {
        var one = BigInteger.One << (k + 64);
        var pi = 16 * ArctanOfInverse(5, one) - 4 * ArctanOfInverse(239, one);
        return pi >> 64;
    }

    private static BigInteger ArctanOfInverse(int x, BigInteger one)
    {
        var sum = BigInteger.Zero;
        var power = one / x;
        var square = x * x;
        for (var n = 1; !power.IsZero; n += 2)
        {
            sum += (n % 4 == 1 ? 1 : -1) * (power / n);
            power /= square;
        }

        return sum;
    }
}
