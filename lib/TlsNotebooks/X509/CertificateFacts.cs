using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace TlsNotebooks.X509;

/// <summary>
/// The extensions of one certificate, parsed once and defensively: anything that does not
/// parse is recorded as a problem instead of throwing, so validation can reject it cleanly.
/// </summary>
internal sealed class CertificateFacts
{
    private CertificateFacts(X509Certificate certificate)
    {
        Certificate = certificate;
    }

    public X509Certificate Certificate { get; }

    /// <summary>The first profile or encoding problem found, or null.</summary>
    public string? Problem { get; private set; }

    public Dictionary<string, X509Extension> Extensions { get; } = [];

    public BasicConstraints? BasicConstraints { get; private set; }

    public int? KeyUsage { get; private set; }

    public IReadOnlyList<string>? ExtendedKeyUsage { get; private set; }

    public GeneralNames? SubjectAltName { get; private set; }

    public byte[]? SubjectKeyId { get; private set; }

    public AuthorityKeyIdentifier? AuthorityKeyId { get; private set; }

    public bool IsSelfIssued { get; private set; }

    public bool IsCritical(DerObjectIdentifier oid) =>
        Extensions.TryGetValue(oid.Id, out var e) && e.IsCritical;

    public bool Has(DerObjectIdentifier oid) => Extensions.ContainsKey(oid.Id);

    public static CertificateFacts Read(X509Certificate certificate)
    {
        var facts = new CertificateFacts(certificate);
        try
        {
            facts.Parse();
        }
        catch (Exception e) when (Pem.IsParseFailure(e))
        {
            facts.Problem ??= "an extension does not parse (RFC 5280 §4.2): " + e.Message;
        }

        return facts;
    }

    /// <summary>The keyIdentifier of authorityKeyIdentifier, or null.</summary>
    public byte[]? AuthorityKeyIdValue => AuthorityKeyId?.KeyIdentifier?.GetOctets();

    private void Parse()
    {
        var tbs = Certificate.CertificateStructure.TbsCertificate;
        IsSelfIssued = tbs.Subject.Equivalent(tbs.Issuer, true);
        var extensions = tbs.Extensions;
        if (extensions is null)
        {
            return;
        }

        // X509Extensions collapses repeats into one entry, so count them from the DER.
        var sequence = Asn1Sequence.GetInstance(
            Asn1TaggedObject.GetInstance(tbs.ToAsn1Object() is Asn1Sequence s ? s[^1] : null)
                .GetExplicitBaseObject());
        var seen = new HashSet<string>();
        foreach (var item in sequence)
        {
            var oid = DerObjectIdentifier.GetInstance(Asn1Sequence.GetInstance(item)[0]).Id;
            if (!seen.Add(oid))
            {
                Problem ??= $"extension {CertificateInspector.ExtensionName(oid)} appears twice " +
                    "(RFC 5280 §4.2: a certificate MUST NOT include one more than once).";
            }
        }

        foreach (var oid in extensions.ExtensionOids)
        {
            Extensions[oid.Id] = extensions.GetExtension(oid);
        }

        if (Extensions.TryGetValue(X509Extensions.BasicConstraints.Id, out var bc))
        {
            BasicConstraints = BasicConstraints.GetInstance(bc.GetParsedValue());
        }

        if (Extensions.TryGetValue(X509Extensions.KeyUsage.Id, out var ku))
        {
            KeyUsage = Org.BouncyCastle.Asn1.X509.KeyUsage
                .GetInstance(ku.GetParsedValue()).IntValue;
        }

        if (Extensions.TryGetValue(X509Extensions.ExtendedKeyUsage.Id, out var eku))
        {
            var usages = Asn1Sequence.GetInstance(eku.GetParsedValue())
                .Select(p => DerObjectIdentifier.GetInstance(p).Id).ToList();
            if (usages.Count == 0)
            {
                Problem ??= "extendedKeyUsage is empty (RFC 5280 §4.2.1.12: SIZE (1..MAX)).";
            }

            ExtendedKeyUsage = usages;
        }

        if (Extensions.TryGetValue(X509Extensions.SubjectAlternativeName.Id, out var san))
        {
            SubjectAltName = GeneralNames.GetInstance(san.GetParsedValue());
            if (SubjectAltName.GetNames().Length == 0)
            {
                Problem ??= "subjectAltName is empty (RFC 5280 §4.2.1.6: SIZE (1..MAX)).";
            }

            foreach (var name in SubjectAltName.GetNames())
            {
                _ = CertificateInspector.DescribeName(name);
            }
        }

        if (Extensions.TryGetValue(X509Extensions.SubjectKeyIdentifier.Id, out var ski))
        {
            SubjectKeyId = SubjectKeyIdentifier.GetInstance(ski.GetParsedValue())
                .GetKeyIdentifier();
        }

        if (Extensions.TryGetValue(X509Extensions.AuthorityKeyIdentifier.Id, out var aki))
        {
            AuthorityKeyId = AuthorityKeyIdentifier.GetInstance(aki.GetParsedValue());
        }

        if (Extensions.TryGetValue(X509Extensions.AuthorityInfoAccess.Id, out var aia))
        {
            _ = AuthorityInformationAccess.GetInstance(aia.GetParsedValue())
                .GetAccessDescriptions();
        }

        if (Extensions.TryGetValue(X509Extensions.CrlDistributionPoints.Id, out var crldp))
        {
            _ = CrlDistPoint.GetInstance(crldp.GetParsedValue()).GetDistributionPoints();
        }
    }

    /// <summary>The URLs in cRLDistributionPoints, for fetching the CRL.</summary>
    public static IReadOnlyList<string> CrlUrls(X509Certificate certificate)
    {
        var value = certificate.GetExtensionValue(X509Extensions.CrlDistributionPoints);
        if (value is null)
        {
            return [];
        }

        return CrlDistPoint.GetInstance(Asn1Object.FromByteArray(value.GetOctets()))
            .GetDistributionPoints()
            .Select(p => p.DistributionPointName?.Name)
            .OfType<GeneralNames>()
            .SelectMany(n => n.GetNames())
            .Where(n => n.TagNo == GeneralName.UniformResourceIdentifier)
            .Select(n => n.Name.ToString()!)
            .ToList();
    }
}
