using System.Numerics;

namespace TlsNotebooks.DiffieHellman;

/// <summary>Big-endian byte encodings of group elements.</summary>
internal static class DhEncoding
{
    /// <summary>Writes a non-negative value big-endian, left-padded to length bytes.</summary>
    public static byte[] ToPaddedBytes(BigInteger value, int length)
    {
        var count = value.GetByteCount(isUnsigned: true);
        if (value.Sign < 0 || count > length)
        {
            throw new ArgumentOutOfRangeException(
                nameof(value), $"The value does not fit in {length} unsigned bytes.");
        }

        var bytes = new byte[length];
        if (!value.TryWriteBytes(
                bytes.AsSpan(length - count),
                out _,
                isUnsigned: true,
                isBigEndian: true))
        {
            throw new ArgumentOutOfRangeException(
                nameof(value), $"The value does not fit in {length} bytes.");
        }

        return bytes;
    }

    /// <summary>Reads an unsigned big-endian number.</summary>
    public static BigInteger FromBytes(ReadOnlySpan<byte> bytes) =>
        new(bytes, isUnsigned: true, isBigEndian: true);
}
