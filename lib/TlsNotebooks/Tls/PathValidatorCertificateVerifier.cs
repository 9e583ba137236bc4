using System.Security.Cryptography.X509Certificates;
using TlsNotebooks.X509;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;
using BcCrl = Org.BouncyCastle.X509.X509Crl;

namespace TlsNotebooks.Tls;

/// <summary>
/// Checks a peer's chain with the project's own <see cref="PathValidator"/> (RFC 5280 §6)
/// instead of the runtime's X509Chain: for a client chain with the clientAuth purpose, for a
/// server chain with serverAuth and the host name, and in both cases with revocation through
/// the CRLs the <c>crls</c> source returns at the moment of the handshake.
/// </summary>
/// <remarks>
/// The CRL source is asked on every handshake, so a certificate revoked a moment ago (and a
/// CRL issued since) is refused on the next connection. The last result stays in
/// <see cref="LastResult"/> so that a notebook can show the full trace of checks.
/// </remarks>
public sealed class PathValidatorCertificateVerifier : IServerCertificateVerifier,
    IClientCertificateVerifier
{
    private readonly PathValidator _validator;
    private readonly Func<IReadOnlyList<BcCrl>> _crls;

    /// <param name="trustAnchors">The roots this side trusts, and no others.</param>
    /// <param name="crls">Where the current CRLs come from; null for none.</param>
    public PathValidatorCertificateVerifier(
        IEnumerable<BcCertificate> trustAnchors,
        Func<IReadOnlyList<BcCrl>>? crls = null)
    {
        _validator = new PathValidator(trustAnchors);
        _crls = crls ?? (() => []);
    }

    /// <summary>
    /// Whether every certificate below the anchor needs a CRL from its issuer
    /// (<see cref="RevocationMode.Require"/>, the default: fail closed) or only when one is
    /// at hand.
    /// </summary>
    public RevocationMode Revocation { get; init; } = RevocationMode.Require;

    /// <summary>The time to validate at; null for the moment of the handshake.</summary>
    public DateTimeOffset? VerificationTime { get; init; }

    /// <summary>The outcome of the most recent validation, with its trace.</summary>
    public ValidationResult? LastResult { get; private set; }

    public void VerifyClient(IReadOnlyList<X509Certificate2> chain) =>
        Verify(chain, KeyPurpose.ClientAuth, hostName: null, "client");

    public void VerifyServer(IReadOnlyList<X509Certificate2> chain, string? hostName) =>
        Verify(chain, KeyPurpose.ServerAuth, hostName, "server");

    /// <summary>
    /// RFC 5246 §7.2.2: the most specific alert for the rule the path broke. A path that
    /// cannot reach a trusted root is unknown_ca; a certificate not meant for this use is
    /// unsupported_certificate; a CRL that cannot be had leaves the status unknown.
    /// </summary>
    public static AlertDescription AlertFor(PathValidationFailure failure) => failure switch
    {
        PathValidationFailure.NoPathToTrustAnchor => AlertDescription.UnknownCa,
        PathValidationFailure.Expired => AlertDescription.CertificateExpired,
        PathValidationFailure.NotYetValid => AlertDescription.CertificateExpired,
        PathValidationFailure.Revoked => AlertDescription.CertificateRevoked,
        PathValidationFailure.WrongExtendedKeyUsage => AlertDescription.UnsupportedCertificate,
        PathValidationFailure.KeyUsageMismatch => AlertDescription.UnsupportedCertificate,
        PathValidationFailure.RevocationStatusUnknown => AlertDescription.CertificateUnknown,
        PathValidationFailure.InvalidCrl => AlertDescription.CertificateUnknown,
        _ => AlertDescription.BadCertificate,
    };

    private void Verify(
        IReadOnlyList<X509Certificate2> chain,
        KeyPurpose purpose,
        string? hostName,
        string who)
    {
        if (chain.Count == 0)
        {
            throw new TlsAlertException(
                AlertDescription.BadCertificate, $"the {who} sent no certificate");
        }

        List<BcCertificate> parsed;
        try
        {
            parsed = chain.Select(c => Der.ReadCertificate(c.RawData)).ToList();
        }
        catch (CertificateFormatException e)
        {
            throw new TlsAlertException(AlertDescription.BadCertificate,
                $"the {who} chain holds a certificate that does not decode: {e.Message}", e);
        }

        var options = new ValidationOptions
        {
            Time = VerificationTime ?? DateTimeOffset.UtcNow,
            Purpose = purpose,
            HostName = hostName,
            Crls = _crls(),
            Revocation = Revocation,

            // RFC 5246 §7.4.8 and §7.4.3: the key signs the handshake, so when keyUsage is
            // present it must allow digitalSignature (BouncyCastle's KeyUsage bit value).
            RequiredKeyUsage = Org.BouncyCastle.Asn1.X509.KeyUsage.DigitalSignature,
        };
        var result = _validator.Validate(parsed[0], parsed.Skip(1), options);
        LastResult = result;
        if (!result.IsValid)
        {
            throw new TlsAlertException(AlertFor(result.Failure),
                $"the {who} chain does not validate: {result.Failure}: {result.Reason}");
        }
    }
}
