using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.X509;

namespace TlsNotebooks.X509;

/// <summary>
/// Remembers which signatures verified, so that trying several candidate paths (and checking
/// CRLs for each) does not redo the same public-key operation. The tables hold their keys
/// weakly: they empty themselves as the certificates and CRLs are collected.
/// </summary>
internal static class SignatureCache
{
    private static readonly
        ConditionalWeakTable<X509Certificate, ConcurrentDictionary<X509Certificate, bool>>
        s_certificates = new();

    private static readonly
        ConditionalWeakTable<X509Crl, ConcurrentDictionary<X509Certificate, bool>>
        s_crls = new();

    // Parsing an RSA public key is not free: BouncyCastle checks the modulus (odd, no small
    // factors, not prime) each time. Certificates are immutable, so keep the parsed key.
    private static readonly ConditionalWeakTable<X509Certificate, AsymmetricKeyParameter> s_keys =
        new();

    /// <summary>The certificate's public key, parsed once.</summary>
    public static AsymmetricKeyParameter PublicKey(X509Certificate certificate) =>
        s_keys.GetValue(certificate, c => c.GetPublicKey());

    /// <summary>
    /// Whether <paramref name="certificate"/> is signed by <paramref name="issuer"/>'s key.
    /// </summary>
    public static bool Verifies(X509Certificate certificate, X509Certificate issuer) =>
        s_certificates.GetOrCreateValue(certificate).GetOrAdd(issuer, key =>
        {
            try
            {
                return NativeVerify(certificate.SigAlgOid, certificate.GetTbsCertificate(),
                    certificate.GetSignature(), key)
                    ?? certificate.IsSignatureValid(PublicKey(key));
            }
            catch (Exception e) when (Pem.IsParseFailure(e))
            {
                return false;
            }
        });

    /// <summary>
    /// Whether <paramref name="crl"/> is signed by <paramref name="issuer"/>'s key.
    /// </summary>
    public static bool Verifies(X509Crl crl, X509Certificate issuer) =>
        s_crls.GetOrCreateValue(crl).GetOrAdd(issuer, key =>
        {
            try
            {
                return NativeVerify(crl.SigAlgOid, crl.GetTbsCertList(), crl.GetSignature(), key)
                    ?? crl.IsSignatureValid(PublicKey(key));
            }
            catch (Exception e) when (Pem.IsParseFailure(e))
            {
                return false;
            }
        });

    // RSA PKCS#1 v1.5 and ECDSA go to the platform's implementation (OpenSSL on Linux),
    // which is many times faster than BouncyCastle's managed arithmetic; anything else
    // (RSASSA-PSS, unknown algorithms) returns null and BouncyCastle decides.
    private static bool? NativeVerify(
        string algorithmOid,
        byte[] signedBytes,
        byte[] signature,
        X509Certificate issuer)
    {
        HashAlgorithmName hash;
        bool rsa;
        switch (algorithmOid)
        {
            case "1.2.840.113549.1.1.11": (hash, rsa) = (HashAlgorithmName.SHA256, true); break;
            case "1.2.840.113549.1.1.12": (hash, rsa) = (HashAlgorithmName.SHA384, true); break;
            case "1.2.840.113549.1.1.13": (hash, rsa) = (HashAlgorithmName.SHA512, true); break;
            case "1.2.840.10045.4.3.2": (hash, rsa) = (HashAlgorithmName.SHA256, false); break;
            case "1.2.840.10045.4.3.3": (hash, rsa) = (HashAlgorithmName.SHA384, false); break;
            case "1.2.840.10045.4.3.4": (hash, rsa) = (HashAlgorithmName.SHA512, false); break;
            default: return null;
        }

        var spki = issuer.CertificateStructure.SubjectPublicKeyInfo;
        var keyAlgorithm = spki.Algorithm.Algorithm.Id;
        try
        {
            if (rsa)
            {
                if (keyAlgorithm != "1.2.840.113549.1.1.1")
                {
                    return false;
                }

                var key = RsaPublicKeyStructure.GetInstance(spki.ParsePublicKey());
                using var verifier = RSA.Create();
                verifier.ImportParameters(new RSAParameters
                {
                    Modulus = key.Modulus.ToByteArrayUnsigned(),
                    Exponent = key.PublicExponent.ToByteArrayUnsigned(),
                });
                return verifier.VerifyData(signedBytes, signature, hash,
                    RSASignaturePadding.Pkcs1);
            }

            if (keyAlgorithm != "1.2.840.10045.2.1")
            {
                return false;
            }

            if (!X962Parameters.GetInstance(spki.Algorithm.Parameters).IsNamedCurve)
            {
                return null;
            }

            using var ecdsa = ECDsa.Create();
            ecdsa.ImportSubjectPublicKeyInfo(spki.GetEncoded(), out _);
            return ecdsa.VerifyData(signedBytes, signature, hash,
                DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
