using Org.BouncyCastle.X509;

namespace TlsNotebooks.X509;

/// <summary>What the end-entity certificate is going to be used for.</summary>
public enum KeyPurpose
{
    /// <summary>No extendedKeyUsage requirement (as in the NIST PKITS suite).</summary>
    Any,

    /// <summary>A TLS server: extendedKeyUsage must contain id-kp-serverAuth.</summary>
    ServerAuth,

    /// <summary>A TLS client: extendedKeyUsage must contain id-kp-clientAuth.</summary>
    ClientAuth,
}

/// <summary>Which set of rules to apply on top of RFC 5280 §6.1.</summary>
public enum ValidationProfile
{
    /// <summary>
    /// RFC 5280 plus the CA/Browser Forum rules browsers enforce: extendedKeyUsage required
    /// for TLS and never critical or "any", commonName a copy of a subjectAltName, no CA
    /// certificate as end-entity, no extendedKeyUsage on a root. The trust anchor is taken
    /// as a root CA certificate, which needs no authorityKeyIdentifier (BR §7.1.2.1) even
    /// when another CA has cross-signed it.
    /// </summary>
    WebPki,

    /// <summary>
    /// RFC 5280 alone, as the NIST PKITS suite tests it: those extra rules are off (key sizes,
    /// algorithms, serial numbers and key identifiers still apply, and a trust anchor that is
    /// not self-signed needs an authorityKeyIdentifier like any other certificate).
    /// </summary>
    Rfc5280,
}

/// <summary>How to treat revocation when checking a path.</summary>
public enum RevocationMode
{
    /// <summary>Do not look at CRLs at all.</summary>
    None,

    /// <summary>
    /// Use the CRLs given; a certificate whose issuer published no CRL among them passes
    /// with a note. A CRL that exists but cannot be used (bad signature, stale) fails.
    /// </summary>
    CheckWhenAvailable,

    /// <summary>
    /// Every certificate below the trust anchor needs a usable CRL from its issuer.
    /// </summary>
    Require,
}

/// <summary>The inputs of RFC 5280 §6.1.1 that are not certificates, plus limits.</summary>
public sealed record ValidationOptions
{
    /// <summary>The time of validation: "the current date/time" of RFC 5280 §6.1.1 (b).</summary>
    public DateTimeOffset Time { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>
    /// The name the client meant to reach: a DNS name or an IP address literal, matched
    /// against subjectAltName (RFC 6125 §6). Null skips the check.
    /// </summary>
    public string? HostName { get; init; }

    public KeyPurpose Purpose { get; init; } = KeyPurpose.ServerAuth;

    public ValidationProfile Profile { get; init; } = ValidationProfile.WebPki;

    /// <summary>
    /// keyUsage bits (BouncyCastle's <c>KeyUsage</c> constants) the end-entity must have when
    /// it carries a keyUsage extension at all, such as digitalSignature for a TLS signature.
    /// </summary>
    public int RequiredKeyUsage { get; init; }

    public IReadOnlyList<X509Crl> Crls { get; init; } = [];

    public RevocationMode Revocation { get; init; } = RevocationMode.CheckWhenAvailable;

    /// <summary>The most intermediate certificates a path may hold.</summary>
    public int MaxIntermediates { get; init; } = 8;

    /// <summary>
    /// The most issuer candidates path building looks at, in total. Bounds the work on
    /// hostile inputs that offer many certificates with the same name.
    /// </summary>
    public int MaxBuildSteps { get; init; } = 2000;

    /// <summary>The most complete candidate paths that are validated before giving up.</summary>
    public int MaxCandidatePaths { get; init; } = 32;

    /// <summary>
    /// Public suffixes (such as "com" or "co.uk") that a wildcard may not stand directly in
    /// front of. Without a list, a wildcard still needs two labels after it.
    /// </summary>
    public PublicSuffixList? PublicSuffixes { get; init; }
}
