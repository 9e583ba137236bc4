using Org.BouncyCastle.X509;

namespace TlsNotebooks.X509;

/// <summary>
/// Why a path was rejected. The names follow the RFC 5280 §6.1 step that failed.
/// </summary>
public enum PathValidationFailure
{
    None,

    /// <summary>No chain of issuers leads from the end-entity to a trust anchor.</summary>
    NoPathToTrustAnchor,

    /// <summary>Path building gave up after its work bound (hostile or huge input).</summary>
    WorkLimitExceeded,

    /// <summary>More intermediates than allowed.</summary>
    DepthExceeded,

    /// <summary>
    /// The signature does not verify with the issuer's public key (§6.1.3 (a)(1)).
    /// </summary>
    BadSignature,

    /// <summary>The time of validation is after notAfter (§6.1.3 (a)(2)).</summary>
    Expired,

    /// <summary>The time of validation is before notBefore (§6.1.3 (a)(2)).</summary>
    NotYetValid,

    /// <summary>The issuer name does not equal the issuer's subject (§6.1.3 (a)(4)).</summary>
    NameChaining,

    /// <summary>An issuing certificate lacks basicConstraints cA TRUE (§6.1.4 (k)).</summary>
    NotCa,

    /// <summary>
    /// More CA certificates follow than pathLenConstraint allows (§6.1.4 (l), (m)).
    /// </summary>
    PathLengthExceeded,

    /// <summary>An issuing certificate's keyUsage lacks keyCertSign (§6.1.4 (n)).</summary>
    MissingKeyCertSign,

    /// <summary>The end-entity's keyUsage lacks a required bit.</summary>
    KeyUsageMismatch,

    /// <summary>extendedKeyUsage does not allow the purpose (RFC 5280 §4.2.1.12).</summary>
    WrongExtendedKeyUsage,

    /// <summary>The host name matches no subjectAltName entry (RFC 6125 §6).</summary>
    HostNameMismatch,

    /// <summary>A critical extension this validator does not understand (§6.1.4 (o)).</summary>
    UnknownCriticalExtension,

    /// <summary>
    /// A feature this validator does not implement (name constraints, policy constraints,
    /// policy mappings, indirect or delta CRLs). It rejects rather than guess.
    /// </summary>
    UnsupportedFeature,

    /// <summary>The certificate is on its issuer's CRL.</summary>
    Revoked,

    /// <summary>
    /// No usable CRL says whether the certificate is revoked (missing or stale).
    /// </summary>
    RevocationStatusUnknown,

    /// <summary>
    /// A CRL from the issuer is broken: bad signature, no cRLNumber, wrong key usage.
    /// </summary>
    InvalidCrl,

    /// <summary>
    /// The certificate breaks the RFC 5280 §4 profile (missing key identifiers, bad encoding).
    /// </summary>
    MalformedCertificate,

    /// <summary>
    /// A key that is too weak or of a kind not accepted (RSA under 2048 bits, P-192, DSA).
    /// </summary>
    WeakKey,

    /// <summary>A signature algorithm that is not accepted (SHA-1, MD5, unknown).</summary>
    UnsupportedAlgorithm,

    /// <summary>A CA certificate presented as the end-entity.</summary>
    CaUsedAsEndEntity,
}

/// <summary>One check on one certificate of the path: what was checked, and how it went.</summary>
public sealed record ValidationCheck(
    int Position,
    string Subject,
    string Check,
    bool Passed,
    string Detail,
    PathValidationFailure Failure = PathValidationFailure.None)
{
    public override string ToString() =>
        $"[{Position}] {Subject}: {(Passed ? "pass" : "FAIL")} {Check}: {Detail}";
}

/// <summary>
/// One candidate path that path building found, and what validation said about it.
/// </summary>
public sealed record CandidatePath(
    IReadOnlyList<X509Certificate> Certificates,
    PathValidationFailure Failure,
    string Reason)
{
    public override string ToString() =>
        string.Join(" -> ", Certificates.Select(c => c.SubjectDN.ToString())) +
        (Failure == PathValidationFailure.None ? ": valid" : $": {Failure} ({Reason})");
}

/// <summary>
/// The outcome of path validation: valid or not, the path (end-entity first, trust anchor
/// last), and a trace of every check, in the order RFC 5280 §6.1 processes them (from the
/// trust anchor down to the end-entity).
/// </summary>
public sealed class ValidationResult
{
    internal ValidationResult(
        PathValidationFailure failure,
        string reason,
        X509Certificate? failedCertificate,
        IReadOnlyList<X509Certificate> path,
        IReadOnlyList<ValidationCheck> trace,
        IReadOnlyList<CandidatePath> candidates,
        RevocationReason? revocationReason = null)
    {
        Failure = failure;
        Reason = reason;
        FailedCertificate = failedCertificate;
        Path = path;
        Trace = trace;
        Candidates = candidates;
        RevocationReason = revocationReason;
    }

    public bool IsValid => Failure == PathValidationFailure.None;

    public PathValidationFailure Failure { get; }

    /// <summary>A sentence naming the rule that was broken, or "valid".</summary>
    public string Reason { get; }

    /// <summary>The certificate the failure concerns, when there is one.</summary>
    public X509Certificate? FailedCertificate { get; }

    /// <summary>The path that was validated: end-entity first, trust anchor last.</summary>
    public IReadOnlyList<X509Certificate> Path { get; }

    /// <summary>Every check made on <see cref="Path"/>, passes and failures alike.</summary>
    public IReadOnlyList<ValidationCheck> Trace { get; }

    /// <summary>Every complete path path building tried, in order, with its verdict.</summary>
    public IReadOnlyList<CandidatePath> Candidates { get; }

    /// <summary>The CRL reasonCode when <see cref="Failure"/> is Revoked.</summary>
    public RevocationReason? RevocationReason { get; }

    /// <summary>
    /// How many issuer candidates path building looked at: the work that
    /// <see cref="ValidationOptions.MaxBuildSteps"/> bounds. Zero for
    /// <see cref="PathValidator.ValidatePath"/>, which builds nothing.
    /// </summary>
    public int BuildSteps { get; internal init; }

    public override string ToString()
    {
        var head = IsValid
            ? "VALID"
            : $"INVALID: {Failure}: {Reason}" +
              (FailedCertificate is null ? "" : $" ({FailedCertificate.SubjectDN})");
        return head + "\n" + string.Join("\n", Trace.Select(c => "  " + c));
    }
}
