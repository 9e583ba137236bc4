using System.Security.Cryptography;

namespace TlsNotebooks.Tls.Crypto;

/// <summary>
/// The RSA signatures of ServerKeyExchange and CertificateVerify (RFC 5246 §4.7 and
/// RFC 8446 §4.2.3 for the scheme numbers): PKCS#1 v1.5 or RSA-PSS with an rsaEncryption key
/// (rsa_pss_rsae_*, salt as long as the hash), on the runtime's RSA.
/// </summary>
public static class TlsSignatures
{
    /// <summary>The schemes this library signs and verifies, best first.</summary>
    public static IReadOnlyList<SignatureScheme> Supported { get; } =
    [
        SignatureScheme.RsaPssRsaeSha256,
        SignatureScheme.RsaPssRsaeSha384,
        SignatureScheme.RsaPssRsaeSha512,
        SignatureScheme.RsaPkcs1Sha256,
        SignatureScheme.RsaPkcs1Sha384,
        SignatureScheme.RsaPkcs1Sha512,
    ];

    public static bool IsSupported(SignatureScheme scheme) => Supported.Contains(scheme);

    public static byte[] Sign(RSA key, SignatureScheme scheme, byte[] data)
    {
        var (hash, padding) = Parameters(scheme);
        return key.SignData(data, hash, padding);
    }

    /// <summary>
    /// Checks a signature; a scheme we do not support is illegal_parameter and a wrong
    /// signature decrypt_error (RFC 5246 §7.2.2: "a handshake cryptographic operation
    /// failed, including being unable to correctly verify a signature").
    /// </summary>
    public static void Verify(RSA key, SignatureScheme scheme, byte[] data, byte[] signature,
        string what)
    {
        if (!IsSupported(scheme))
        {
            throw new TlsAlertException(
                AlertDescription.IllegalParameter,
                $"{what}: signature algorithm {TlsNames.Hex16((ushort)scheme)} was not offered");
        }

        var (hash, padding) = Parameters(scheme);
        bool valid;
        try
        {
            valid = key.VerifyData(data, signature, hash, padding);
        }
        catch (CryptographicException)
        {
            valid = false;
        }

        if (!valid)
        {
            throw new TlsAlertException(
                AlertDescription.DecryptError,
                $"{what}: the {TlsNames.Snake(scheme)} signature does not verify with the "
                + "certificate's public key");
        }
    }

    private static (HashAlgorithmName, RSASignaturePadding) Parameters(SignatureScheme scheme) =>
        scheme switch
        {
            SignatureScheme.RsaPkcs1Sha256 =>
                (HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            SignatureScheme.RsaPkcs1Sha384 =>
                (HashAlgorithmName.SHA384, RSASignaturePadding.Pkcs1),
            SignatureScheme.RsaPkcs1Sha512 =>
                (HashAlgorithmName.SHA512, RSASignaturePadding.Pkcs1),
            SignatureScheme.RsaPssRsaeSha256 =>
                (HashAlgorithmName.SHA256, RSASignaturePadding.Pss),
            SignatureScheme.RsaPssRsaeSha384 =>
                (HashAlgorithmName.SHA384, RSASignaturePadding.Pss),
            SignatureScheme.RsaPssRsaeSha512 =>
                (HashAlgorithmName.SHA512, RSASignaturePadding.Pss),
            _ => throw new ArgumentOutOfRangeException(nameof(scheme), scheme, "not supported"),
        };
}
