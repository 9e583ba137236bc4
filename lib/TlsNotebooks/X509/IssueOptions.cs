using Org.BouncyCastle.Math;

namespace TlsNotebooks.X509;

/// <summary>
/// Deliberate mistakes the certificate authority can build into a certificate, so that a
/// notebook or a test can show each rule of path validation failing on purpose.
/// </summary>
[Flags]
public enum CertificateFaults
{
    None = 0,

    /// <summary>notAfter lies in the past (RFC 5280 §4.1.2.5).</summary>
    Expired = 1,

    /// <summary>notBefore lies in the future.</summary>
    NotYetValid = 2,

    /// <summary>basicConstraints says cA FALSE although the certificate issues others.</summary>
    NotCa = 4,

    /// <summary>One byte of the signature value is flipped after signing.</summary>
    BadSignature = 8,

    /// <summary>keyUsage on a CA certificate without keyCertSign (RFC 5280 §4.2.1.3).</summary>
    NoKeyCertSign = 16,

    /// <summary>A made-up extension marked critical, which validators must refuse.</summary>
    UnknownCriticalExtension = 32,

    /// <summary>No basicConstraints extension at all on a CA certificate.</summary>
    NoBasicConstraints = 64,
}

/// <summary>How to issue one certificate. Everything has a sensible default.</summary>
public sealed record IssueOptions
{
    /// <summary>The key type generated for the subject when <see cref="Key"/> is null.</summary>
    public KeyAlgorithm KeyAlgorithm { get; init; } = KeyAlgorithm.EcdsaP256;

    /// <summary>
    /// Use this key pair instead of generating one (tests reuse keys: RSA is slow).
    /// </summary>
    public CertificateKey? Key { get; init; }

    /// <summary>
    /// The moment the defaults are measured from; the current time when null. Fix it for
    /// certificates that are the same on every run.
    /// </summary>
    public DateTimeOffset? Now { get; init; }

    public DateTimeOffset? NotBefore { get; init; }

    public DateTimeOffset? NotAfter { get; init; }

    /// <summary>The serial number; 16 random bytes when null (RFC 5280 §4.1.2.2).</summary>
    public BigInteger? SerialNumber { get; init; }

    /// <summary>
    /// The URL put in cRLDistributionPoints (RFC 5280 §4.2.1.13). When null, the issuing
    /// authority's <see cref="CertificateAuthority.CrlDistributionPoint"/> is used, if any.
    /// </summary>
    public string? CrlDistributionPoint { get; init; }

    public CertificateFaults Faults { get; init; }

    public static IssueOptions Default { get; } = new();
}

/// <summary>Deliberate mistakes for a CRL.</summary>
[Flags]
public enum CrlFaults
{
    None = 0,

    /// <summary>One byte of the CRL's signature is flipped after signing.</summary>
    BadSignature = 1,

    /// <summary>No cRLNumber extension, which RFC 5280 §5.2.3 requires.</summary>
    NoCrlNumber = 2,
}
