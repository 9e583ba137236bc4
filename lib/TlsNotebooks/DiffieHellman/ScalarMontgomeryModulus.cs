using System.Numerics;
using System.Runtime.CompilerServices;

namespace TlsNotebooks.DiffieHellman;

/// <summary>
/// Montgomery arithmetic on 64-bit limbs, for any processor. The multiplication interleaves
/// the product and the reduction limb by limb ("coarsely integrated operand scanning", Koç,
/// Acar and Kaliski, IEEE Micro 16(3), 1996); squaring computes each cross product once.
/// </summary>
internal sealed class ScalarMontgomeryModulus : MontgomeryModulus
{
    private readonly ulong[] _modulus;
    private readonly ulong _inverse;

    public ScalarMontgomeryModulus(BigInteger modulus)
        : base(modulus)
    {
        Length = (int)((modulus.GetBitLength() + 63) / 64);
        _modulus = ToLimbs(modulus, Length);

        // -N^-1 mod 2^64 by Newton's iteration: each step doubles the number of correct
        // low bits, and N itself is a correct inverse modulo 2^3 for any odd N.
        var inverse = _modulus[0];
        for (var i = 0; i < 5; i++)
        {
            inverse *= 2 - _modulus[0] * inverse;
        }

        _inverse = 0 - inverse;

        var r = BigInteger.One << (64 * Length);
        RSquared = ToLimbs(r * r % modulus, Length);
        One = ToLimbs(r % modulus, Length);
    }

    public int Length { get; }

    protected override int Width => Length;

    // Multiply needs n + 1 words, Square 2n.
    protected override int ScratchLength => 2 * Length + 1;

    protected override ulong[] One { get; }

    protected override ulong[] RSquared { get; }

    protected override ulong[] ToLimbs(BigInteger value) => ToLimbs(value, Length);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void Multiply(
        ReadOnlySpan<ulong> a,
        ReadOnlySpan<ulong> b,
        Span<ulong> result,
        Span<ulong> scratch)
    {
        var n = Length;
        scratch = scratch[..(n + 1)];
        scratch.Clear();
        ref var t = ref scratch[0];
        ref var aRef = ref Unsafe.AsRef(in a[0]);
        ref var nRef = ref _modulus[0];
        var inverse = _inverse;

        for (var i = 0; i < n; i++)
        {
            var bi = b[i];

            // Limb 0: add a[0]·b[i], then pick m so that adding m·N clears the low limb.
            var hi1 = Math.BigMul(aRef, bi, out var lo1);
            lo1 += t;
            hi1 += lo1 < t ? 1UL : 0UL;
            var m = lo1 * inverse;
            var hi2 = Math.BigMul(m, nRef, out var lo2);
            lo2 += lo1;
            hi2 += lo2 < lo1 ? 1UL : 0UL;
            var carry1 = hi1;
            var carry2 = hi2;

            // Two carry chains: t + a·b[i] and then + m·N, shifted down by one limb.
            for (var j = 1; j < n; j++)
            {
                var tj = Unsafe.Add(ref t, j);
                hi1 = Math.BigMul(Unsafe.Add(ref aRef, j), bi, out lo1);
                lo1 += tj;
                hi1 += lo1 < tj ? 1UL : 0UL;
                lo1 += carry1;
                hi1 += lo1 < carry1 ? 1UL : 0UL;
                carry1 = hi1;

                hi2 = Math.BigMul(m, Unsafe.Add(ref nRef, j), out lo2);
                lo2 += lo1;
                hi2 += lo2 < lo1 ? 1UL : 0UL;
                lo2 += carry2;
                hi2 += lo2 < carry2 ? 1UL : 0UL;
                carry2 = hi2;

                Unsafe.Add(ref t, j - 1) = lo2;
            }

            var top = Unsafe.Add(ref t, n);
            var sum = top + carry1;
            var overflow = sum < carry1 ? 1UL : 0UL;
            sum += carry2;
            overflow += sum < carry2 ? 1UL : 0UL;
            Unsafe.Add(ref t, n - 1) = sum;
            Unsafe.Add(ref t, n) = overflow;
        }

        // The result is below 2N; one subtraction brings it below N.
        if (scratch[n] != 0 || !IsLess(scratch[..n], _modulus))
        {
            SubtractModulus(scratch[..n], result);
        }
        else
        {
            scratch[..n].CopyTo(result);
        }
    }

    // result = a · a · R^-1 mod N. Squaring needs only the products a[i]·a[j] with i < j,
    // doubled, plus the squares a[i]·a[i]: about half the multiplications of the general
    // case before the reduction. wide holds 2n limbs.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void Square(
        ReadOnlySpan<ulong> a,
        Span<ulong> result,
        Span<ulong> wide)
    {
        var n = Length;
        wide = wide[..(2 * n)];
        wide.Clear();
        ref var w = ref wide[0];
        ref var aRef = ref Unsafe.AsRef(in a[0]);

        for (var i = 0; i < n - 1; i++)
        {
            var ai = Unsafe.Add(ref aRef, i);
            ulong carry = 0;
            for (var j = i + 1; j < n; j++)
            {
                ref var slot = ref Unsafe.Add(ref w, i + j);
                var hi = Math.BigMul(ai, Unsafe.Add(ref aRef, j), out var lo);
                lo += slot;
                hi += lo < slot ? 1UL : 0UL;
                lo += carry;
                hi += lo < carry ? 1UL : 0UL;
                slot = lo;
                carry = hi;
            }

            Unsafe.Add(ref w, i + n) = carry;
        }

        // Double the cross products, then add the squares on the diagonal.
        ulong shiftedOut = 0;
        for (var k = 0; k < 2 * n; k++)
        {
            var limb = Unsafe.Add(ref w, k);
            Unsafe.Add(ref w, k) = (limb << 1) | shiftedOut;
            shiftedOut = limb >> 63;
        }

        ulong diagonalCarry = 0;
        for (var i = 0; i < n; i++)
        {
            var ai = Unsafe.Add(ref aRef, i);
            var hi = Math.BigMul(ai, ai, out var lo);
            ref var low = ref Unsafe.Add(ref w, 2 * i);
            ref var high = ref Unsafe.Add(ref w, 2 * i + 1);
            var sum = low + lo;
            var c = sum < lo ? 1UL : 0UL;
            sum += diagonalCarry;
            c += sum < diagonalCarry ? 1UL : 0UL;
            low = sum;
            var sumHigh = high + hi;
            var c2 = sumHigh < hi ? 1UL : 0UL;
            sumHigh += c;
            c2 += sumHigh < c ? 1UL : 0UL;
            high = sumHigh;
            diagonalCarry = c2;
        }

        Reduce(wide, result);
    }

    // Montgomery reduction of a 2n-limb value below N·R: result = wide · R^-1 mod N.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Reduce(Span<ulong> wide, Span<ulong> result)
    {
        var n = Length;
        ref var w = ref wide[0];
        ref var nRef = ref _modulus[0];
        ulong topCarry = 0;
        for (var i = 0; i < n; i++)
        {
            var m = Unsafe.Add(ref w, i) * _inverse;
            ulong carry = 0;
            for (var j = 0; j < n; j++)
            {
                ref var slot = ref Unsafe.Add(ref w, i + j);
                var hi = Math.BigMul(m, Unsafe.Add(ref nRef, j), out var lo);
                lo += slot;
                hi += lo < slot ? 1UL : 0UL;
                lo += carry;
                hi += lo < carry ? 1UL : 0UL;
                slot = lo;
                carry = hi;
            }

            ref var next = ref Unsafe.Add(ref w, i + n);
            var sum = next + carry;
            var overflow = sum < carry ? 1UL : 0UL;
            sum += topCarry;
            overflow += sum < topCarry ? 1UL : 0UL;
            next = sum;
            topCarry = overflow;
        }

        var upper = wide.Slice(n, n);
        if (topCarry != 0 || !IsLess(upper, _modulus))
        {
            SubtractModulus(upper, result);
        }
        else
        {
            upper.CopyTo(result);
        }
    }

    private static bool IsLess(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        for (var i = a.Length - 1; i >= 0; i--)
        {
            if (a[i] != b[i])
            {
                return a[i] < b[i];
            }
        }

        return false;
    }

    private void SubtractModulus(ReadOnlySpan<ulong> a, Span<ulong> result)
    {
        ulong borrow = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var difference = a[i] - _modulus[i];
            var borrowOut = a[i] < _modulus[i] ? 1UL : 0UL;
            var final = difference - borrow;
            borrowOut += difference < borrow ? 1UL : 0UL;
            result[i] = final;
            borrow = borrowOut;
        }
    }

    private static ulong[] ToLimbs(BigInteger value, int length)
    {
        var limbs = new ulong[length];
        var bytes = value.ToByteArray(isUnsigned: true, isBigEndian: false);
        for (var i = 0; i < bytes.Length; i++)
        {
            limbs[i / 8] |= (ulong)bytes[i] << (8 * (i % 8));
        }

        return limbs;
    }

    protected override BigInteger FromLimbs(ReadOnlySpan<ulong> limbs)
    {
        var bytes = new byte[limbs.Length * 8];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)(limbs[i / 8] >> (8 * (i % 8)));
        }

        return new BigInteger(bytes, isUnsigned: true, isBigEndian: false);
    }
}
