using System.Security.Cryptography;
using System.Text;

namespace TlsNotebooks.Tls.Crypto;

/// <summary>
/// The TLS 1.2 pseudorandom function (RFC 5246 §5):
/// <code>
/// P_hash(secret, seed) = HMAC_hash(secret, A(1) + seed) + HMAC_hash(secret, A(2) + seed) + ...
///     A(0) = seed, A(i) = HMAC_hash(secret, A(i-1))
/// PRF(secret, label, seed) = P_&lt;hash&gt;(secret, label + seed)
/// </code>
/// Every suite here uses SHA-256; other hashes are offered for the known-answer vectors.
/// </summary>
public static class TlsPrf
{
    /// <summary>
    /// PRF(secret, label, seed) with SHA-256, cut to <paramref name="length"/> bytes.
    /// </summary>
    public static byte[] Compute(byte[] secret, string label, byte[] seed, int length) =>
        Compute(HashAlgorithmName.SHA256, secret, label, seed, length);

    public static byte[] Compute(
        HashAlgorithmName hash,
        byte[] secret,
        string label,
        byte[] seed,
        int length) =>
        PHash(hash, secret, [.. Encoding.ASCII.GetBytes(label), .. seed], length);

    /// <summary>P_hash of RFC 5246 §5: HMAC iterated until enough bytes exist.</summary>
    public static byte[] PHash(HashAlgorithmName hash, byte[] secret, byte[] seed, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        using var hmac = IncrementalHash.CreateHMAC(hash, secret);
        var output = new byte[length];
        var a = seed;
        var written = 0;
        while (written < length)
        {
            hmac.AppendData(a);
            a = hmac.GetHashAndReset();
            hmac.AppendData(a);
            hmac.AppendData(seed);
            var block = hmac.GetHashAndReset();
            var take = Math.Min(block.Length, length - written);
            block.AsSpan(0, take).CopyTo(output.AsSpan(written));
            written += take;
        }

        return output;
    }
}
