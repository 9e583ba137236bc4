using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;

namespace TlsNotebooks.X509;

/// <summary>The two key types the certificate authority issues.</summary>
public enum KeyAlgorithm
{
    /// <summary>
    /// RSA with a 2048-bit modulus and e = 65537, signing with PKCS#1 v1.5 SHA-256.
    /// </summary>
    Rsa2048,

    /// <summary>ECDSA on NIST P-256 (secp256r1), signing with SHA-256.</summary>
    EcdsaP256,
}

/// <summary>
/// A key pair for a certificate: the public half goes into subjectPublicKeyInfo, the private
/// half signs what this subject issues (certificates, CRLs, TLS handshakes).
/// </summary>
public sealed class CertificateKey
{
    private CertificateKey(KeyAlgorithm algorithm, AsymmetricCipherKeyPair pair)
    {
        Algorithm = algorithm;
        PublicKey = pair.Public;
        PrivateKey = pair.Private;
    }

    public KeyAlgorithm Algorithm { get; }

    public AsymmetricKeyParameter PublicKey { get; }

    public AsymmetricKeyParameter PrivateKey { get; }

    /// <summary>The BouncyCastle name of the signature this key makes over SHA-256.</summary>
    public string SignatureAlgorithm =>
        Algorithm == KeyAlgorithm.Rsa2048 ? "SHA256WITHRSA" : "SHA256WITHECDSA";

    /// <summary>
    /// Makes a fresh key pair. Pass a seeded <see cref="SecureRandom"/> for keys that are the
    /// same on every run (teaching only: a predictable key is no secret).
    /// </summary>
    public static CertificateKey Generate(KeyAlgorithm algorithm, SecureRandom? random = null)
    {
        random ??= new SecureRandom();
        IAsymmetricCipherKeyPairGenerator generator;
        if (algorithm == KeyAlgorithm.Rsa2048)
        {
            generator = new RsaKeyPairGenerator();
            generator.Init(
                new RsaKeyGenerationParameters(BigInteger.ValueOf(65537), random, 2048, 100));
        }
        else
        {
            // A named curve, never explicit parameters: RFC 5480 §2.1.1 says named curves
            // only, and validators reject explicit ones.
            generator = new ECKeyPairGenerator();
            generator.Init(new ECKeyGenerationParameters(SecObjectIdentifiers.SecP256r1, random));
        }

        return new CertificateKey(algorithm, generator.GenerateKeyPair());
    }

    /// <summary>Wraps an existing BouncyCastle key pair (RSA or EC P-256).</summary>
    public static CertificateKey FromKeyPair(AsymmetricCipherKeyPair pair)
    {
        var algorithm = pair.Public switch
        {
            RsaKeyParameters => KeyAlgorithm.Rsa2048,
            ECPublicKeyParameters => KeyAlgorithm.EcdsaP256,
            _ => throw new ArgumentException(
                "Only RSA and ECDSA P-256 keys are supported.", nameof(pair)),
        };
        return new CertificateKey(algorithm, pair);
    }

    /// <summary>The private key as PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----").</summary>
    public string ToPem() => Pem.WritePrivateKey(PrivateKey);

    public override string ToString() => Algorithm == KeyAlgorithm.Rsa2048
        ? "RSA 2048-bit key"
        : $"ECDSA key on {X9ObjectIdentifiers.Prime256v1} (P-256)";
}
