using System.Numerics;
using System.Runtime.Intrinsics.X86;

namespace TlsNotebooks.DiffieHellman;

/// <summary>
/// Modular exponentiation by Montgomery multiplication, for the large odd moduli of
/// Diffie-Hellman.
/// </summary>
/// <remarks>
/// Why not System.Numerics.BigInteger.ModPow: it reduces by division on 32-bit limbs and runs
/// about ten times slower than OpenSSL on ffdhe2048 (see the ffdhe2048 benchmark).
///
/// Montgomery's method (Math. Comp. 44, 1985) keeps every number as a·R mod N, with R a
/// power of two above N, so that a product is reduced by adding the multiple of N that
/// clears its low limb and shifting, instead of dividing. Two engines share the exponent
/// loop here: one on 64-bit limbs for any processor, and one that works four limbs at a
/// time with AVX2 where the processor has it. Exponents are scanned left to right in fixed
/// windows.
///
/// Teaching code: the window lookups and the final subtraction depend on secret data, so this
/// is not constant-time.
/// </remarks>
internal abstract class MontgomeryModulus
{
    protected MontgomeryModulus(BigInteger modulus)
    {
        if (modulus.IsEven || modulus <= 1)
        {
            throw new ArgumentException("Montgomery arithmetic needs an odd modulus above 1.");
        }

        Modulus = modulus;
    }

    public BigInteger Modulus { get; }

    /// <summary>The number of words in one operand.</summary>
    protected abstract int Width { get; }

    /// <summary>The number of scratch words that Multiply and Square need.</summary>
    protected abstract int ScratchLength { get; }

    /// <summary>R mod N: one, in Montgomery form.</summary>
    protected abstract ulong[] One { get; }

    /// <summary>R² mod N: multiplying by it brings a number into Montgomery form.</summary>
    protected abstract ulong[] RSquared { get; }

    /// <summary>The fastest engine this processor supports.</summary>
    public static MontgomeryModulus Create(BigInteger modulus) =>
        Avx2.IsSupported
            ? new Avx2MontgomeryModulus(modulus)
            : new ScalarMontgomeryModulus(modulus);

    /// <summary>Computes value^exponent mod N for 0 &lt;= value and 0 &lt;= exponent.</summary>
    public BigInteger ModPow(BigInteger value, BigInteger exponent)
    {
        var n = Width;
        if (value >= Modulus)
        {
            value %= Modulus;
        }

        var window = ChooseWindow(exponent.GetBitLength());
        var table = new ulong[(1 << window) * n];
        var scratch = new ulong[ScratchLength];
        var accumulator = new ulong[n];
        var product = new ulong[n];

        // table[k] = value^k · R mod N.
        One.CopyTo(table, 0);
        Multiply(ToLimbs(value), RSquared, table.AsSpan(n, n), scratch);
        for (var k = 2; k < 1 << window; k++)
        {
            Multiply(
                table.AsSpan((k - 1) * n, n),
                table.AsSpan(n, n),
                table.AsSpan(k * n, n),
                scratch);
        }

        var bits = (int)exponent.GetBitLength();
        var exponentBytes = exponent.ToByteArray(isUnsigned: true, isBigEndian: false);
        One.CopyTo(accumulator, 0);
        var top = (bits + window - 1) / window * window;
        for (var position = top - window; position >= 0; position -= window)
        {
            if (position != top - window)
            {
                for (var s = 0; s < window; s++)
                {
                    Square(accumulator, product, scratch);
                    (accumulator, product) = (product, accumulator);
                }
            }

            var digit = WindowAt(exponentBytes, position, window);
            if (digit != 0)
            {
                Multiply(accumulator, table.AsSpan(digit * n, n), product, scratch);
                (accumulator, product) = (product, accumulator);
            }
        }

        // Leave Montgomery form: multiply by 1 (an unscaled one).
        var plainOne = new ulong[n];
        plainOne[0] = 1;
        Multiply(accumulator, plainOne, product, scratch);
        return FromLimbs(product);
    }

    /// <summary>result = a · b · R^-1 mod N, for a, b &lt; N.</summary>
    protected abstract void Multiply(
        ReadOnlySpan<ulong> a,
        ReadOnlySpan<ulong> b,
        Span<ulong> result,
        Span<ulong> scratch);

    /// <summary>result = a · a · R^-1 mod N, for a &lt; N.</summary>
    protected virtual void Square(
        ReadOnlySpan<ulong> a,
        Span<ulong> result,
        Span<ulong> scratch) => Multiply(a, a, result, scratch);

    protected abstract ulong[] ToLimbs(BigInteger value);

    protected abstract BigInteger FromLimbs(ReadOnlySpan<ulong> limbs);

    // Picks the window that minimises table building (2^w - 2 products) plus one product per
    // window of the exponent.
    private static int ChooseWindow(long exponentBits)
    {
        var best = 1;
        var bestCost = double.MaxValue;
        for (var w = 1; w <= 7; w++)
        {
            var cost = (1 << w) - 2 + (double)exponentBits / w;
            if (cost < bestCost)
            {
                best = w;
                bestCost = cost;
            }
        }

        return best;
    }

    private static int WindowAt(byte[] littleEndian, int position, int width)
    {
        var digit = 0;
        for (var k = width - 1; k >= 0; k--)
        {
            var bit = position + k;
            var index = bit >> 3;
            var set = index < littleEndian.Length && ((littleEndian[index] >> (bit & 7)) & 1) != 0;
            digit = (digit << 1) | (set ? 1 : 0);
        }

        return digit;
    }

}
