using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
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
                return certificate.IsSignatureValid(PublicKey(key));
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
                return crl.IsSignatureValid(PublicKey(key));
            }
            catch (Exception e) when (Pem.IsParseFailure(e))
            {
                return false;
            }
        });
}
