using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TlsNotebooks.DiffieHellman;

/// <summary>
/// Montgomery arithmetic four limbs at a time with AVX2 (vpmuludq, 32 × 32 → 64 bits).
/// </summary>
/// <remarks>
/// Limbs are 28 bits (fewer for very large moduli) in 64-bit words, so a product takes 56
/// bits and each word has room to add up every product that lands on it without carrying:
/// the carries are settled once per round for the limb that leaves, and once at the end.
/// This is the "redundant representation" of Gueron and Krasnov (Software Implementation of
/// Modular Exponentiation, Using Advanced Vector Instructions Architectures, WAIFI 2012),
/// written here with .NET's hardware intrinsics instead of assembly.
/// </remarks>
internal sealed class Avx2MontgomeryModulus : MontgomeryModulus
{
    private const int Lanes = 4;

    private readonly ulong[] _modulus;
    private readonly ulong _inverse;
    private readonly int _radix;
    private readonly ulong _mask;

    public Avx2MontgomeryModulus(BigInteger modulus)
        : base(modulus)
    {
        if (!Avx2.IsSupported)
        {
            throw new PlatformNotSupportedException("This engine needs AVX2.");
        }

        // The widest limb for which the sum of all products on one word, at most
        // limbs · 2 · (2^radix)^2, stays below 2^64 with room for the carry.
        var bits = (long)modulus.GetBitLength();
        _radix = 28;
        while (_radix > 16 && !Fits(bits, _radix))
        {
            _radix--;
        }

        _mask = (1UL << _radix) - 1;
        Limbs = (int)((bits + _radix - 1) / _radix);
        Padded = (Limbs + Lanes - 1) / Lanes * Lanes;
        _modulus = ToLimbs(modulus);

        var n0 = (ulong)(modulus & ulong.MaxValue);
        var inverse = n0;
        for (var i = 0; i < 5; i++)
        {
            inverse *= 2 - n0 * inverse;
        }

        _inverse = (0 - inverse) & _mask;

        var r = BigInteger.One << (_radix * Limbs);
        RSquared = ToLimbs(r * r % modulus);
        One = ToLimbs(r % modulus);
    }

    /// <summary>The number of limbs that hold the modulus.</summary>
    public int Limbs { get; }

    /// <summary>Limbs rounded up to whole vectors; the extra limbs stay zero.</summary>
    public int Padded { get; }

    protected override int Width => Padded;

    protected override int ScratchLength => 2 * Padded + Lanes;

    protected override ulong[] One { get; }

    protected override ulong[] RSquared { get; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void Multiply(
        ReadOnlySpan<ulong> a,
        ReadOnlySpan<ulong> b,
        Span<ulong> result,
        Span<ulong> scratch)
    {
        var limbs = Limbs;
        var padded = Padded;
        var radix = _radix;
        var mask = _mask;
        scratch = scratch[..(2 * padded + Lanes)];
        scratch.Clear();
        ref var t = ref scratch[0];
        ref var aRef = ref Unsafe.AsRef(in a[0]);
        ref var nRef = ref _modulus[0];
        var a0 = aRef;

        for (var i = 0; i < limbs; i++)
        {
            // Row i of the schoolbook product, plus m·N where m clears limb i.
            ref var row = ref Unsafe.Add(ref t, i);
            var bi = b[i];
            var m = ((row + a0 * bi) * _inverse) & mask;
            var bVector = Vector256.Create(bi).AsUInt32();
            var mVector = Vector256.Create(m).AsUInt32();
            for (var k = 0; k < padded; k += Lanes)
            {
                ref var slot = ref Unsafe.Add(ref row, k);
                var sum = Vector256.LoadUnsafe(ref slot);
                var aVector = Vector256.LoadUnsafe(ref Unsafe.Add(ref aRef, k)).AsUInt32();
                var nVector = Vector256.LoadUnsafe(ref Unsafe.Add(ref nRef, k)).AsUInt32();
                sum += Avx2.Multiply(aVector, bVector) + Avx2.Multiply(nVector, mVector);
                sum.StoreUnsafe(ref slot);
            }

            // Limb i is now a multiple of 2^radix: pass its carry on and let it go.
            Unsafe.Add(ref row, 1) += row >> radix;
        }

        // The upper half holds the result, below 2N; settle its carries.
        ulong carry = 0;
        for (var k = 0; k < limbs; k++)
        {
            var word = Unsafe.Add(ref t, limbs + k) + carry;
            result[k] = word & mask;
            carry = word >> radix;
        }

        if (carry != 0 || !IsLessThanModulus(result))
        {
            SubtractModulus(result);
        }
    }

    protected override ulong[] ToLimbs(BigInteger value)
    {
        var limbs = new ulong[Padded];
        var bytes = value.ToByteArray(isUnsigned: true, isBigEndian: false);
        for (var k = 0; k < Limbs; k++)
        {
            // A limb of at most 28 bits lies within five bytes from its first bit.
            var start = k * _radix;
            ulong chunk = 0;
            for (var b = 0; b < 5; b++)
            {
                var index = (start >> 3) + b;
                if (index < bytes.Length)
                {
                    chunk |= (ulong)bytes[index] << (8 * b);
                }
            }

            limbs[k] = (chunk >> (start & 7)) & _mask;
        }

        return limbs;
    }

    protected override BigInteger FromLimbs(ReadOnlySpan<ulong> limbs)
    {
        var bytes = new byte[(Limbs * _radix + 7) / 8 + 1];
        ulong pending = 0;
        var pendingBits = 0;
        var next = 0;
        for (var k = 0; k < Limbs; k++)
        {
            pending |= limbs[k] << pendingBits;
            pendingBits += _radix;
            while (pendingBits >= 8)
            {
                bytes[next++] = (byte)pending;
                pending >>= 8;
                pendingBits -= 8;
            }
        }

        if (pendingBits > 0)
        {
            bytes[next] = (byte)pending;
        }

        return new BigInteger(bytes, isUnsigned: true, isBigEndian: false);
    }

    private static bool Fits(long modulusBits, int radix)
    {
        var limbs = (modulusBits + radix - 1) / radix;
        var perWord = (UInt128)(ulong)limbs * 2 * ((UInt128)1 << (2 * radix));
        return perWord + ((UInt128)1 << (64 - radix + 1)) < (UInt128)1 << 64;
    }

    private bool IsLessThanModulus(ReadOnlySpan<ulong> value)
    {
        for (var k = Limbs - 1; k >= 0; k--)
        {
            if (value[k] != _modulus[k])
            {
                return value[k] < _modulus[k];
            }
        }

        return false;
    }

    private void SubtractModulus(Span<ulong> value)
    {
        long borrow = 0;
        for (var k = 0; k < Limbs; k++)
        {
            var difference = (long)value[k] - (long)_modulus[k] - borrow;
            borrow = difference < 0 ? 1 : 0;
            value[k] = (ulong)difference & _mask;
        }
    }
}
