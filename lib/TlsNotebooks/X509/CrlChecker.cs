using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace TlsNotebooks.X509;

/// <summary>What the CRLs say about one certificate.</summary>
public sealed record RevocationOutcome(
    PathValidationFailure Failure,
    string Detail,
    RevocationReason? Reason = null);

/// <summary>
/// Checks one certificate against the CRLs its issuer published (RFC 5280 §6.3, simplified):
/// the CRL must name the same issuer, be signed by the issuer's key (which must allow
/// cRLSign), carry a non-critical cRLNumber, and be current at the time of validation.
/// </summary>
/// <remarks>
/// Only complete, direct CRLs are supported. A CRL with issuingDistributionPoint, a delta
/// CRL indicator, an entry with certificateIssuer, or any other critical extension is
/// treated as unusable, which makes the check fail rather than pass.
/// </remarks>
public static class CrlChecker
{
    private static readonly HashSet<string> s_understoodCrlExtensions =
    [
        X509Extensions.CrlNumber.Id,
        X509Extensions.AuthorityKeyIdentifier.Id,
    ];

    /// <summary>
    /// Checks <paramref name="certificate"/>, issued by <paramref name="issuer"/>.
    /// </summary>
    public static RevocationOutcome Check(
        X509Certificate certificate,
        X509Certificate issuer,
        ValidationOptions options) =>
        Check(certificate, issuer, CertificateFacts.Read(issuer), options);

    internal static RevocationOutcome Check(
        X509Certificate certificate,
        X509Certificate issuer,
        CertificateFacts issuerFacts,
        ValidationOptions options,
        IReadOnlyList<X509Certificate>? otherSigners = null,
        Func<X509Certificate, bool>? signerPathIsValid = null)
    {
        var isCa = CertificateFacts.Read(certificate).BasicConstraints?.IsCA() == true;
        var matching = options.Crls
            .Where(crl => crl.IssuerDN.Equivalent(certificate.IssuerDN, true))
            .Where(crl => Covers(crl, certificate, isCa))
            .ToList();
        if (matching.Count == 0)
        {
            return options.Revocation == RevocationMode.Require
                ? new(PathValidationFailure.RevocationStatusUnknown,
                    $"no CRL from '{certificate.IssuerDN}' was given, and revocation " +
                    "checking is required")
                : new(PathValidationFailure.None,
                    $"no CRL from '{certificate.IssuerDN}' was given; not checked");
        }

        RevocationOutcome? problem = null;
        var usable = 0;
        foreach (var crl in matching)
        {
            var unusable = WhyUnusable(crl, issuer, issuerFacts, options.Time);
            if (unusable is not null && unusable.Failure == PathValidationFailure.InvalidCrl
                && otherSigners is not null && signerPathIsValid is not null)
            {
                // RFC 5280 §6.3.3 (f): the CRL may be signed by another key of the same CA
                // (a separate CRL-signing certificate, or the CA's renewed key); that
                // certificate then needs a valid path of its own.
                var other = otherSigners.FirstOrDefault(signer =>
                    !signer.Equals(issuer)
                    && signer.SubjectDN.Equivalent(crl.IssuerDN, true)
                    && WhyUnusable(crl, signer, CertificateFacts.Read(signer), options.Time)
                        is null
                    && signerPathIsValid(signer));
                unusable = other is null ? unusable : null;
            }

            if (unusable is not null)
            {
                // A delta CRL or one with unknown critical parts may say "revoked": not
                // being able to read it is a failure, not a pass.
                if (unusable.Failure == PathValidationFailure.UnsupportedFeature)
                {
                    return unusable;
                }

                problem ??= unusable;
                continue;
            }

            usable++;
            var entry = crl.GetRevokedCertificate(certificate.SerialNumber);
            if (entry is null)
            {
                continue;
            }

            var entryCritical = entry.GetCriticalExtensionOids() ?? new HashSet<string>();
            if (entryCritical.Any(o => o != X509Extensions.ReasonCode.Id)
                || entry.GetExtensionValue(X509Extensions.CertificateIssuer) is not null)
            {
                problem ??= new(PathValidationFailure.UnsupportedFeature,
                    "the CRL entry has a critical or certificateIssuer extension, which this " +
                    "checker does not support (indirect CRLs, RFC 5280 §5.3.3)");
                continue;
            }

            var reason = ReasonCode(entry);
            return new(PathValidationFailure.Revoked,
                $"serial {certificate.SerialNumber.ToString(16)} is revoked since " +
                $"{entry.RevocationDate:u}, reason {reason} (CRL number " +
                $"{CrlNumber(crl)}, RFC 5280 §5.3.1)", reason);
        }

        if (usable > 0)
        {
            return new(PathValidationFailure.None,
                $"not on the CRL from '{certificate.IssuerDN}' (checked {usable} usable CRL" +
                (usable == 1 ? ")" : "s)"));
        }

        return problem!;
    }

    // issuingDistributionPoint (RFC 5280 §5.2.5) limits which certificates a CRL covers.
    // Only the simple scopes are understood; anything else makes the CRL cover nothing here,
    // and WhyUnusable then reports it as unsupported.
    private static bool Covers(X509Crl crl, X509Certificate certificate, bool isCa)
    {
        var value = crl.GetExtensionValue(X509Extensions.IssuingDistributionPoint);
        if (value is null)
        {
            return true;
        }

        try
        {
            var idp = IssuingDistributionPoint.GetInstance(
                Asn1Object.FromByteArray(value.GetOctets()));
            if ((idp.OnlyContainsUserCerts && isCa) || (idp.OnlyContainsCACerts && !isCa))
            {
                return false;
            }

            if (idp.DistributionPoint?.Name is GeneralNames names)
            {
                var wanted = names.GetNames()
                    .Select(CertificateInspector.DescribeName)
                    .ToHashSet();
                var points = certificate.GetExtensionValue(X509Extensions.CrlDistributionPoints);
                if (points is null)
                {
                    return false;
                }

                var offered = CrlDistPoint
                    .GetInstance(Asn1Object.FromByteArray(points.GetOctets()))
                    .GetDistributionPoints()
                    .Select(p => p.DistributionPointName?.Name)
                    .OfType<GeneralNames>()
                    .SelectMany(n => n.GetNames())
                    .Select(CertificateInspector.DescribeName);
                return offered.Any(wanted.Contains);
            }

            return true;
        }
        catch (Exception e) when (Pem.IsParseFailure(e))
        {
            return true;
        }
    }

    private static RevocationOutcome? WhyUnusable(
        X509Crl crl,
        X509Certificate issuer,
        CertificateFacts issuerFacts,
        DateTimeOffset time)
    {
        if (issuerFacts.KeyUsage is { } usage && (usage & KeyUsage.CrlSign) == 0)
        {
            return new(PathValidationFailure.InvalidCrl,
                $"'{issuer.SubjectDN}' has keyUsage without cRLSign, so it may not sign CRLs " +
                "(RFC 5280 §4.2.1.3)");
        }

        var signed = SignatureCache.Verifies(crl, issuer);

        if (!signed)
        {
            return new(PathValidationFailure.InvalidCrl,
                $"the CRL's signature does not verify with the key of '{issuer.SubjectDN}' " +
                "(RFC 5280 §6.3.3 (g))");
        }

        var critical = crl.GetCriticalExtensionOids() ?? new HashSet<string>();
        if (critical.Contains(X509Extensions.CrlNumber.Id))
        {
            return new(PathValidationFailure.InvalidCrl,
                "cRLNumber is critical; RFC 5280 §5.2.3 says it MUST NOT be");
        }

        if (crl.GetExtensionValue(X509Extensions.CrlNumber) is null)
        {
            return new(PathValidationFailure.InvalidCrl,
                "the CRL has no cRLNumber, which RFC 5280 §5.2.3 requires");
        }

        // RFC 5280 §5.3: a CRL with a critical entry extension that cannot be processed
        // MUST NOT be used for any certificate. reasonCode is understood.
        var entries = (IEnumerable<X509CrlEntry>?)crl.GetRevokedCertificates() ?? [];
        if (entries.Any(e => (e.GetCriticalExtensionOids() ?? new HashSet<string>())
                .Any(o => o != X509Extensions.ReasonCode.Id)))
        {
            return new(PathValidationFailure.UnsupportedFeature,
                "a CRL entry has a critical extension this checker cannot process, so the " +
                "whole CRL cannot be used (RFC 5280 §5.3)");
        }

        var unsupported = critical
            .FirstOrDefault(o => !s_understoodCrlExtensions.Contains(o)
                && o != X509Extensions.IssuingDistributionPoint.Id)
            ?? (crl.GetExtensionValue(X509Extensions.DeltaCrlIndicator) is not null
                ? X509Extensions.DeltaCrlIndicator.Id : null);
        if (unsupported is not null)
        {
            return new(PathValidationFailure.UnsupportedFeature,
                $"the CRL carries extension {unsupported}, which this checker does not " +
                "support (delta CRLs, issuingDistributionPoint)");
        }

        if (crl.GetExtensionValue(X509Extensions.IssuingDistributionPoint) is { } idpValue)
        {
            var idp = IssuingDistributionPoint.GetInstance(
                Asn1Object.FromByteArray(idpValue.GetOctets()));
            if (idp.IsIndirectCrl || idp.OnlySomeReasons is not null
                || idp.OnlyContainsAttributeCerts
                || (idp.DistributionPoint is not null
                    && idp.DistributionPoint.Name is not GeneralNames))
            {
                return new(PathValidationFailure.UnsupportedFeature,
                    "the CRL's issuingDistributionPoint asks for indirect, partial-reason or " +
                    "attribute-certificate CRLs, which this checker does not support");
            }
        }

        var now = time.UtcDateTime;
        if (crl.ThisUpdate.ToUniversalTime() > now)
        {
            return new(PathValidationFailure.RevocationStatusUnknown,
                $"the CRL's thisUpdate {crl.ThisUpdate:u} is after the validation time");
        }

        if (crl.NextUpdate is not { } next)
        {
            return new(PathValidationFailure.RevocationStatusUnknown,
                "the CRL has no nextUpdate, so its freshness cannot be judged " +
                "(RFC 5280 §5.1.2.5 requires it)");
        }

        if (next.ToUniversalTime() < now)
        {
            return new(PathValidationFailure.RevocationStatusUnknown,
                $"the CRL is stale: nextUpdate {next:u} is before the validation time " +
                "(RFC 5280 §6.3.3 (a)(2))");
        }

        return null;
    }

    /// <summary>
    /// The reasonCode of a CRL entry (RFC 5280 §5.3.1), Unspecified when absent.
    /// </summary>
    public static RevocationReason ReasonCode(X509CrlEntry entry)
    {
        var value = entry.GetExtensionValue(X509Extensions.ReasonCode);
        if (value is null)
        {
            return RevocationReason.Unspecified;
        }

        var code = DerEnumerated.GetInstance(Asn1Object.FromByteArray(value.GetOctets()));
        return (RevocationReason)code.IntValueExact;
    }

    /// <summary>The cRLNumber of a CRL, or null when it has none.</summary>
    public static long? CrlNumber(X509Crl crl)
    {
        var value = crl.GetExtensionValue(X509Extensions.CrlNumber);
        return value is null
            ? null
            : DerInteger.GetInstance(Asn1Object.FromByteArray(value.GetOctets())).LongValueExact;
    }
}
