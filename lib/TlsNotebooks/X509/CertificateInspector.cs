using System.Net;
using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.X509;

namespace TlsNotebooks.X509;

/// <summary>
/// One row of a certificate's contents: a field or extension name and its value.
/// </summary>
public sealed record CertificateField(string Name, string Value)
{
    public override string ToString() => $"{Name}: {Value}";
}

/// <summary>
/// Where the parts of a certificate sit in its DER encoding. RFC 5280 §4.1:
/// <code>
/// Certificate ::= SEQUENCE {
///     tbsCertificate       TBSCertificate,      -- what the issuer signs
///     signatureAlgorithm   AlgorithmIdentifier,
///     signatureValue       BIT STRING }
/// </code>
/// </summary>
public sealed record CertificateLayout(
    byte[] Der,
    ByteRange TbsCertificate,
    ByteRange SignatureAlgorithm,
    ByteRange SignatureValue,
    IReadOnlyList<(string Name, ByteRange Range)> TbsFields)
{
    /// <summary>The to-be-signed bytes: exactly what the issuer's signature covers.</summary>
    public byte[] TbsBytes => Der[TbsCertificate.Offset..TbsCertificate.End];

    public override string ToString() =>
        $"Certificate, {Der.Length} bytes: tbsCertificate {TbsCertificate}, " +
        $"signatureAlgorithm {SignatureAlgorithm}, signatureValue {SignatureValue}";
}

/// <summary>One certificate's validity period, for drawing a chain as a timeline.</summary>
public sealed record ValidityPeriod(
    string Subject,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter)
{
    /// <summary>Whether <paramref name="time"/> lies in the period (both ends included).</summary>
    public bool Contains(DateTimeOffset time) => NotBefore <= time && time <= NotAfter;

    public override string ToString() => $"{Subject}: {NotBefore:u} .. {NotAfter:u}";
}

/// <summary>Reads a certificate's fields and extensions as rows a table can show.</summary>
public static class CertificateInspector
{
    private static readonly Dictionary<string, string> s_names = new()
    {
        [X509Extensions.BasicConstraints.Id] = "basicConstraints",
        [X509Extensions.KeyUsage.Id] = "keyUsage",
        [X509Extensions.ExtendedKeyUsage.Id] = "extendedKeyUsage",
        [X509Extensions.SubjectAlternativeName.Id] = "subjectAltName",
        [X509Extensions.IssuerAlternativeName.Id] = "issuerAltName",
        [X509Extensions.SubjectKeyIdentifier.Id] = "subjectKeyIdentifier",
        [X509Extensions.AuthorityKeyIdentifier.Id] = "authorityKeyIdentifier",
        [X509Extensions.CrlDistributionPoints.Id] = "cRLDistributionPoints",
        [X509Extensions.AuthorityInfoAccess.Id] = "authorityInfoAccess",
        [X509Extensions.CertificatePolicies.Id] = "certificatePolicies",
        [X509Extensions.NameConstraints.Id] = "nameConstraints",
        [X509Extensions.PolicyConstraints.Id] = "policyConstraints",
        [X509Extensions.PolicyMappings.Id] = "policyMappings",
        [X509Extensions.InhibitAnyPolicy.Id] = "inhibitAnyPolicy",
        ["1.3.6.1.4.1.11129.2.4.2"] = "signedCertificateTimestampList",
    };

    private static readonly Dictionary<string, string> s_purposes = new()
    {
        ["1.3.6.1.5.5.7.3.1"] = "serverAuth",
        ["1.3.6.1.5.5.7.3.2"] = "clientAuth",
        ["1.3.6.1.5.5.7.3.3"] = "codeSigning",
        ["1.3.6.1.5.5.7.3.4"] = "emailProtection",
        ["1.3.6.1.5.5.7.3.8"] = "timeStamping",
        ["1.3.6.1.5.5.7.3.9"] = "OCSPSigning",
        ["2.5.29.37.0"] = "anyExtendedKeyUsage",
    };

    /// <summary>The RFC 5280 name of an extension, or its OID when unknown.</summary>
    public static string ExtensionName(string oid) =>
        s_names.TryGetValue(oid, out var name) ? name : oid;

    /// <summary>
    /// The name of an extendedKeyUsage purpose (RFC 5280 §4.2.1.12), or its OID.
    /// </summary>
    public static string PurposeName(string oid) =>
        s_purposes.TryGetValue(oid, out var name) ? name : oid;

    /// <summary>
    /// Every field of the certificate in the order of the ASN.1, then one row per extension
    /// ("(critical)" marks those a validator must understand or reject).
    /// </summary>
    public static IReadOnlyList<CertificateField> Fields(X509Certificate certificate)
    {
        var rows = new List<CertificateField>
        {
            new("version", $"v{certificate.Version}"),
            new("serialNumber", certificate.SerialNumber.ToString(16)),
            new("signature", SignatureName(certificate.SigAlgOid, certificate.SigAlgName)),
            new("issuer", Safe(() => certificate.IssuerDN.ToString())),
            new("validity notBefore", Safe(() => certificate.NotBefore.ToString("u"))),
            new("validity notAfter", Safe(() => certificate.NotAfter.ToString("u"))),
            new("subject", Safe(() => certificate.SubjectDN.ToString())),
            new("subjectPublicKeyInfo", DescribeKey(certificate)),
        };

        var extensions = certificate.CertificateStructure.TbsCertificate.Extensions;
        if (extensions is not null)
        {
            foreach (var oid in extensions.ExtensionOids)
            {
                var extension = extensions.GetExtension(oid);
                var name = ExtensionName(oid.Id) + (extension.IsCritical ? " (critical)" : "");
                rows.Add(new CertificateField(name, DescribeExtension(oid, extension)));
            }
        }

        rows.Add(new("signatureValue", Safe(() => $"{certificate.GetSignature().Length} bytes: " +
            Convert.ToHexString(certificate.GetSignature()).ToLowerInvariant())));
        rows.Add(new("SHA-256 fingerprint",
            Convert.ToHexString(SHA256.HashData(certificate.GetEncoded()))));
        return rows;
    }

    /// <summary>
    /// The validity periods of a chain, in the order given (RFC 5280 §4.1.2.5), so a notebook
    /// can plot them as a timeline against the time of validation.
    /// </summary>
    public static IReadOnlyList<ValidityPeriod> Validity(IEnumerable<X509Certificate> chain) =>
        chain.Select(c => new ValidityPeriod(c.SubjectDN.ToString(),
                new DateTimeOffset(DateTime.SpecifyKind(c.NotBefore, DateTimeKind.Utc)),
                new DateTimeOffset(DateTime.SpecifyKind(c.NotAfter, DateTimeKind.Utc))))
            .ToList();

    /// <summary>
    /// Marks the tbsCertificate, signatureAlgorithm and signatureValue in the DER.
    /// </summary>
    public static CertificateLayout Layout(X509Certificate certificate) =>
        Layout(certificate.GetEncoded());

    /// <summary>Marks the parts of a DER certificate, checking every length on the way.</summary>
    public static CertificateLayout Layout(byte[] der)
    {
        var outer = DerElement.Read(der, 0, der.Length);
        var end = outer.Contents.End;
        var tbs = DerElement.Read(der, outer.Contents.Offset, end);
        var algorithm = DerElement.Read(der, tbs.Whole.End, end);
        var signature = DerElement.Read(der, algorithm.Whole.End, end);
        if (outer.Tag != 0x30 || tbs.Tag != 0x30 || algorithm.Tag != 0x30 || signature.Tag != 0x03)
        {
            throw new CertificateFormatException(
                "Not a Certificate: expected SEQUENCE { SEQUENCE, SEQUENCE, BIT STRING } " +
                "(RFC 5280 §4.1).");
        }

        string[] names = ["version", "serialNumber", "signature", "issuer", "validity",
            "subject", "subjectPublicKeyInfo"];
        var fields = new List<(string, ByteRange)>();
        var position = tbs.Contents.Offset;
        var index = 0;
        while (position < tbs.Contents.End)
        {
            var field = DerElement.Read(der, position, tbs.Contents.End);

            // version is [0] EXPLICIT and DEFAULT v1, so a v1 certificate starts at serial.
            if (index == 0 && field.Tag != 0xA0)
            {
                index = 1;
            }

            var name = field.Tag switch
            {
                0xA1 => "issuerUniqueID",
                0xA2 => "subjectUniqueID",
                0xA3 => "extensions",
                _ => index < names.Length ? names[index] : "unexpected",
            };
            fields.Add((name, field.Whole));
            position = field.Whole.End;
            index++;
        }

        return new CertificateLayout(der, tbs.Whole, algorithm.Whole, signature.Whole, fields);
    }

    /// <summary>A readable value for one extension; unknown ones show their DER in hex.</summary>
    public static string DescribeExtension(DerObjectIdentifier oid, X509Extension extension)
    {
        try
        {
            var value = extension.GetParsedValue();
            return oid.Id switch
            {
                "2.5.29.19" => DescribeBasicConstraints(BasicConstraints.GetInstance(value)),
                "2.5.29.15" => DescribeKeyUsage(KeyUsage.GetInstance(value)),
                "2.5.29.37" => string.Join(", ", ExtendedKeyUsage.GetInstance(value)
                    .GetAllUsages().Select(p => PurposeName(p.Id))),
                "2.5.29.17" or "2.5.29.18" => DescribeNames(GeneralNames.GetInstance(value)),
                "2.5.29.14" => Hex(SubjectKeyIdentifier.GetInstance(value).GetKeyIdentifier()),
                "2.5.29.35" => DescribeAuthorityKeyId(AuthorityKeyIdentifier.GetInstance(value)),
                "2.5.29.31" => string.Join(", ", CrlDistPoint.GetInstance(value)
                    .GetDistributionPoints()
                    .Select(p => p.DistributionPointName?.Name is GeneralNames names
                        ? DescribeNames(names)
                        : "(no fullName)")),
                "1.3.6.1.5.5.7.1.1" => string.Join(", ",
                    AuthorityInformationAccess.GetInstance(value).GetAccessDescriptions()
                        .Select(a => (a.AccessMethod.Id == "1.3.6.1.5.5.7.48.1"
                            ? "OCSP " : "caIssuers ") + DescribeName(a.AccessLocation))),
                "2.5.29.32" => string.Join(", ", Asn1Sequence.GetInstance(value)
                    .Select(p => PolicyInformation.GetInstance(p).PolicyIdentifier.Id)),
                _ => Hex(extension.Value.GetOctets()),
            };
        }
        catch (Exception e) when (Pem.IsParseFailure(e))
        {
            return "malformed: " + Hex(extension.Value.GetOctets());
        }
    }

    internal static string DescribeName(GeneralName name) => name.TagNo switch
    {
        GeneralName.DnsName => "DNS:" + name.Name,
        GeneralName.UniformResourceIdentifier => "URI:" + name.Name,
        GeneralName.Rfc822Name => "email:" + name.Name,
        GeneralName.IPAddress =>
            "IP:" + IpText(Asn1OctetString.GetInstance(name.Name).GetOctets()),
        GeneralName.DirectoryName => "DirName:" + X509Name.GetInstance(name.Name),
        _ => $"[{name.TagNo}]",
    };

    private static string IpText(byte[] bytes) =>
        bytes.Length is 4 or 16 ? new IPAddress(bytes).ToString() : Hex(bytes);

    private static string DescribeNames(GeneralNames names) =>
        string.Join(", ", names.GetNames().Select(DescribeName));

    private static string DescribeBasicConstraints(BasicConstraints constraints)
    {
        var text = constraints.IsCA() ? "CA: TRUE" : "CA: FALSE";
        return constraints.PathLenConstraint is { } length
            ? text + ", pathLenConstraint " + length
            : text;
    }

    private static string DescribeKeyUsage(KeyUsage usage)
    {
        (int Bit, string Name)[] bits =
        [
            (KeyUsage.DigitalSignature, "digitalSignature"),
            (KeyUsage.NonRepudiation, "contentCommitment"),
            (KeyUsage.KeyEncipherment, "keyEncipherment"),
            (KeyUsage.DataEncipherment, "dataEncipherment"),
            (KeyUsage.KeyAgreement, "keyAgreement"),
            (KeyUsage.KeyCertSign, "keyCertSign"),
            (KeyUsage.CrlSign, "cRLSign"),
            (KeyUsage.EncipherOnly, "encipherOnly"),
            (KeyUsage.DecipherOnly, "decipherOnly"),
        ];
        return string.Join(", ",
            bits.Where(b => (usage.IntValue & b.Bit) != 0).Select(b => b.Name));
    }

    private static string DescribeAuthorityKeyId(AuthorityKeyIdentifier id)
    {
        var parts = new List<string>();
        if (id.KeyIdentifier?.GetOctets() is { } key)
        {
            parts.Add("keyIdentifier " + Hex(key));
        }

        if (id.AuthorityCertIssuer is not null)
        {
            parts.Add("authorityCertIssuer " + DescribeNames(id.AuthorityCertIssuer));
        }

        if (id.AuthorityCertSerialNumber is not null)
        {
            parts.Add("authorityCertSerialNumber " + id.AuthorityCertSerialNumber.ToString(16));
        }

        return string.Join(", ", parts);
    }

    private static string DescribeKey(X509Certificate certificate)
    {
        try
        {
            return certificate.GetPublicKey() switch
            {
                RsaKeyParameters rsa =>
                    $"RSA {rsa.Modulus.BitLength}-bit, e = {rsa.Exponent}",
                ECPublicKeyParameters ec => "EC " + (ec.PublicKeyParamSet is { } curve
                    ? SignatureAlgorithms.CurveName(curve)
                    : "explicit curve parameters") + $" ({ec.Parameters.Curve.FieldSize}-bit)",
                var other => other.GetType().Name,
            };
        }
        catch (Exception e) when (Pem.IsParseFailure(e))
        {
            return "unreadable public key: " + e.Message;
        }
    }

    // BouncyCastle parses some parts lazily, so reading them can still fail on bad input.
    private static string Safe(Func<string> describe)
    {
        try
        {
            return describe();
        }
        catch (Exception e) when (Pem.IsParseFailure(e))
        {
            return "malformed: " + e.Message;
        }
    }

    private static string SignatureName(string oid, string name) =>
        SignatureAlgorithms.Name(oid) ?? name;

    internal static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}
