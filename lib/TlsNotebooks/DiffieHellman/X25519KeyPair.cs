using System.Security.Cryptography;
using BcX25519 = Org.BouncyCastle.Math.EC.Rfc7748.X25519;

namespace TlsNotebooks.DiffieHellman;

/// <summary>
/// One side of an X25519 exchange (RFC 7748 §6.1): Diffie-Hellman on Curve25519, the modern
/// replacement for the finite-field groups, with 32-byte keys at about 128-bit strength.
/// </summary>
/// <remarks>
/// The curve arithmetic is BouncyCastle's (Org.BouncyCastle.Math.EC.Rfc7748.X25519).
/// Keys and u-coordinates are 32 bytes little-endian, as RFC 7748 §5 encodes them.
/// </remarks>
public sealed class X25519KeyPair
{
    /// <summary>The length of private keys, public keys and shared secrets in bytes.</summary>
    public const int KeyLength = 32;

    private readonly byte[] _privateKey;
    private readonly byte[] _publicKey;

    private X25519KeyPair(byte[] privateKey)
    {
        _privateKey = privateKey;
        _publicKey = new byte[KeyLength];
        BcX25519.GeneratePublicKey(_privateKey, 0, _publicKey, 0);
    }

    /// <summary>The 32 random bytes of the private key, before clamping (a copy).</summary>
    public byte[] PrivateKey => (byte[])_privateKey.Clone();

    /// <summary>
    /// The public key: X25519(private key, 9), the u-coordinate sent to the peer.
    /// </summary>
    public byte[] PublicKey => (byte[])_publicKey.Clone();

    /// <summary>Makes a key pair from 32 fresh random bytes.</summary>
    /// <param name="random">
    /// A seeded <see cref="Random"/> for a reproducible lesson, or null (the default) for the
    /// operating system's cryptographic generator. Never protect anything with a seeded one.
    /// </param>
    public static X25519KeyPair Generate(Random? random = null)
    {
        var privateKey = new byte[KeyLength];
        if (random is null)
        {
            RandomNumberGenerator.Fill(privateKey);
        }
        else
        {
            random.NextBytes(privateKey);
        }

        return new X25519KeyPair(privateKey);
    }

    /// <summary>Makes the key pair of a given 32-byte private key.</summary>
    /// <exception cref="ArgumentException">The key is not 32 bytes long.</exception>
    public static X25519KeyPair FromPrivateKey(ReadOnlySpan<byte> privateKey)
    {
        if (privateKey.Length != KeyLength)
        {
            throw new ArgumentException(
                $"An X25519 private key is {KeyLength} bytes (RFC 7748 §5), got "
                + $"{privateKey.Length}.",
                nameof(privateKey));
        }

        return new X25519KeyPair(privateKey.ToArray());
    }

    /// <summary>
    /// The function X25519(k, u) of RFC 7748 §5: clamps the scalar k, ignores the top bit of
    /// u and returns the u-coordinate of k times the point. It does not reject a result of
    /// zero; <see cref="Agree"/> does.
    /// </summary>
    /// <exception cref="ArgumentException">k or u is not 32 bytes long.</exception>
    public static byte[] Compute(ReadOnlySpan<byte> scalar, ReadOnlySpan<byte> u)
    {
        if (scalar.Length != KeyLength || u.Length != KeyLength)
        {
            throw new ArgumentException(
                $"X25519 takes a {KeyLength}-byte scalar and a {KeyLength}-byte u-coordinate "
                + "(RFC 7748 §5).");
        }

        var result = new byte[KeyLength];
        BcX25519.ScalarMult(scalar.ToArray(), 0, u.ToArray(), 0, result, 0);
        return result;
    }

    /// <summary>
    /// Computes the shared secret with the peer's public key.
    /// </summary>
    /// <exception cref="DhValidationException">
    /// The peer's key is not 32 bytes, or the secret is all zeros because the peer sent a
    /// point of small order; RFC 7748 §6.1 allows the check and TLS 1.3 (RFC 8446 §7.4.2)
    /// requires it.
    /// </exception>
    public X25519SharedSecret Agree(ReadOnlySpan<byte> peerPublicKey)
    {
        if (peerPublicKey.Length != KeyLength)
        {
            throw new DhValidationException(
                DhPublicValueRule.WrongLength,
                "x25519",
                $"X25519: a public key is {KeyLength} bytes (RFC 7748 §5), got "
                + $"{peerPublicKey.Length}.");
        }

        var secret = Compute(_privateKey, peerPublicKey);
        if (secret.All(b => b == 0))
        {
            throw new DhValidationException(
                DhPublicValueRule.AllZeroSharedSecret,
                "x25519",
                "X25519: the shared secret is all zeros, so the peer's public key is a point "
                + "of small order (RFC 7748 §6.1).");
        }

        return new X25519SharedSecret(secret);
    }

    /// <summary>The public key in hexadecimal; the private key is not printed.</summary>
    public override string ToString() =>
        $"X25519 key pair: public key {Convert.ToHexStringLower(_publicKey)}";
}
