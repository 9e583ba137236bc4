using System.Security.Cryptography;

namespace TlsNotebooks.Tls;

/// <summary>
/// Where a connection takes its random values: hello randoms, Diffie-Hellman private values,
/// the RSA premaster secret. The default is the operating system's generator.
/// </summary>
public abstract class TlsRandom
{
    /// <summary>The operating system's cryptographic generator.</summary>
    public static TlsRandom Secure { get; } = new SecureRandom();

    /// <summary>
    /// A deterministic source for teaching: the same seed gives the same bytes, so a seeded
    /// handshake produces the same messages every run. Never use it for real traffic.
    /// </summary>
    public static TlsRandom Seeded(string seed) => new SeededRandom(seed);

    public abstract void Fill(Span<byte> destination);

    public byte[] GetBytes(int count)
    {
        var bytes = new byte[count];
        Fill(bytes);
        return bytes;
    }

    private sealed class SecureRandom : TlsRandom
    {
        public override void Fill(Span<byte> destination) =>
            RandomNumberGenerator.Fill(destination);
    }

    /// <summary>SHA-256 in counter mode over the seed: simple and reproducible.</summary>
    private sealed class SeededRandom(string seed) : TlsRandom
    {
        private readonly byte[] _seed = System.Text.Encoding.UTF8.GetBytes(seed);
        private readonly object _lock = new();
        private ulong _counter;

        public override void Fill(Span<byte> destination)
        {
            lock (_lock)
            {
                var offset = 0;
                while (offset < destination.Length)
                {
                    var input = new byte[_seed.Length + 8];
                    _seed.CopyTo(input, 0);
                    System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(
                        input.AsSpan(_seed.Length), _counter++);
                    var block = SHA256.HashData(input);
                    var take = Math.Min(block.Length, destination.Length - offset);
                    block.AsSpan(0, take).CopyTo(destination[offset..]);
                    offset += take;
                }
            }
        }
    }
}
