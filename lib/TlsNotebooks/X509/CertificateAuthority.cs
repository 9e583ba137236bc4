using System.Net;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using Org.BouncyCastle.X509.Extension;

namespace TlsNotebooks.X509;

/// <summary>
/// A small certificate authority: it makes a self-signed root, intermediates, server and
/// client certificates, and CRLs, following the RFC 5280 §4 profile. Fault switches
/// (<see cref="CertificateFaults"/>) build broken certificates on purpose for negative tests.
/// </summary>
/// <remarks>
/// Teaching code: keys live in memory and nothing is audited or persisted.
/// </remarks>
public sealed class CertificateAuthority
{
    // An arbitrary extension in the example enterprise arc of RFC 5612 (32473): no validator
    // knows it, so marking it critical must make every validator reject the certificate.
    public static readonly DerObjectIdentifier UnknownExtensionOid = new("1.3.6.1.4.1.32473.1.1");

    private readonly List<CrlEntry> _revoked = [];
    private readonly SecureRandom _random;
    private long _nextCrlNumber = 1;

    private CertificateAuthority(
        IssuedCertificate issued,
        CertificateAuthority? parent,
        SecureRandom random)
    {
        Issued = issued;
        Parent = parent;
        _random = random;
    }

    /// <summary>This authority's own certificate and key.</summary>
    public IssuedCertificate Issued { get; }

    public X509Certificate Certificate => Issued.Certificate;

    public CertificateKey Key => Issued.Key;

    /// <summary>The authority that issued this one; null for a root.</summary>
    public CertificateAuthority? Parent { get; }

    /// <summary>
    /// The URL put into the cRLDistributionPoints of every certificate this authority issues,
    /// unless the options name another one.
    /// </summary>
    public string? CrlDistributionPoint { get; set; }

    /// <summary>The certificates revoked so far, as they will appear in the next CRL.</summary>
    public IReadOnlyList<CrlEntry> Revoked => _revoked;

    /// <summary>
    /// Creates a self-signed root: issuer equals subject, signed with its own key.
    /// </summary>
    public static CertificateAuthority CreateRoot(
        string commonName,
        IssueOptions? options = null,
        SecureRandom? random = null)
    {
        options ??= IssueOptions.Default;
        random ??= new SecureRandom();
        var key = options.Key ?? CertificateKey.Generate(options.KeyAlgorithm, random);
        var name = Name(commonName);
        var certificate = Build(
            name, key, name, key, options, random, defaultYears: 10,
            addExtensions: generator =>
            {
                AddCaExtensions(generator, options.Faults, pathLength: null);
            },
            authorityKeyId: null);
        return new CertificateAuthority(new IssuedCertificate(certificate, key), null, random);
    }

    /// <summary>
    /// Lets any certificate and key issue certificates, even an end-entity certificate that
    /// says cA FALSE. Nothing stops the signing; validators must refuse the result
    /// (RFC 5280 §6.1.4 (k)), which is what this is for: showing a leaf acting as a CA.
    /// </summary>
    public static CertificateAuthority ActAsIssuer(
        IssuedCertificate issued,
        CertificateAuthority? parent = null,
        SecureRandom? random = null) =>
        new(issued, parent, random ?? new SecureRandom());

    /// <summary>
    /// Issues an intermediate CA. <paramref name="pathLength"/> is basicConstraints'
    /// pathLenConstraint: how many more CA certificates may follow below it (RFC 5280 §4.2.1.9).
    /// </summary>
    public CertificateAuthority IssueIntermediate(
        string commonName,
        int? pathLength = null,
        IssueOptions? options = null)
    {
        options ??= IssueOptions.Default;
        var key = options.Key ?? CertificateKey.Generate(options.KeyAlgorithm, _random);
        var certificate = Issue(Name(commonName), key, options, defaultYears: 5, generator =>
        {
            AddCaExtensions(generator, options.Faults, pathLength);
        });
        return new CertificateAuthority(new IssuedCertificate(certificate, key), this, _random);
    }

    /// <summary>
    /// Issues a TLS server certificate: the names go into subjectAltName (dNSName and
    /// iPAddress), and extendedKeyUsage says serverAuth.
    /// </summary>
    public IssuedCertificate IssueServer(
        IEnumerable<string> dnsNames,
        IEnumerable<IPAddress>? ipAddresses = null,
        IssueOptions? options = null)
    {
        options ??= IssueOptions.Default;
        var dns = dnsNames.ToList();
        var ips = ipAddresses?.ToList() ?? [];
        if (dns.Count == 0 && ips.Count == 0)
        {
            throw new ArgumentException(
                "A server certificate needs at least one DNS name or IP address.",
                nameof(dnsNames));
        }

        var key = options.Key ?? CertificateKey.Generate(options.KeyAlgorithm, _random);
        var commonName = dns.Count > 0 ? dns[0] : ips[0].ToString();
        var certificate = Issue(Name(commonName), key, options, defaultYears: 1, generator =>
        {
            AddEndEntityExtensions(generator, key, KeyPurposeID.id_kp_serverAuth);
            var names = dns.Select(d => new GeneralName(GeneralName.DnsName, d))
                .Concat(ips.Select(ip => new GeneralName(
                    GeneralName.IPAddress, new DerOctetString(ip.GetAddressBytes()))))
                .ToArray();

            // The subject is not empty, so subjectAltName is not critical (RFC 5280 §4.2.1.6).
            generator.AddExtension(X509Extensions.SubjectAlternativeName, false,
                new GeneralNames(names));
        });
        return new IssuedCertificate(certificate, key);
    }

    /// <summary>Issues a TLS server certificate for DNS names only.</summary>
    public IssuedCertificate IssueServer(params string[] dnsNames) => IssueServer(dnsNames, null);

    /// <summary>
    /// Issues a TLS client certificate (extendedKeyUsage clientAuth), for mutual TLS.
    /// </summary>
    public IssuedCertificate IssueClient(string commonName, IssueOptions? options = null)
    {
        options ??= IssueOptions.Default;
        var key = options.Key ?? CertificateKey.Generate(options.KeyAlgorithm, _random);
        var certificate = Issue(Name(commonName), key, options, defaultYears: 1, generator =>
        {
            AddEndEntityExtensions(generator, key, KeyPurposeID.id_kp_clientAuth);
        });
        return new IssuedCertificate(certificate, key);
    }

    /// <summary>Adds a certificate this authority issued to the list for the next CRL.</summary>
    public void Revoke(
        X509Certificate certificate,
        RevocationReason reason = RevocationReason.Unspecified,
        DateTimeOffset? revocationDate = null)
    {
        if (!certificate.IssuerDN.Equivalent(Certificate.SubjectDN, true))
        {
            throw new ArgumentException(
                "Only the issuer of a certificate can revoke it in its CRL (RFC 5280 §5).",
                nameof(certificate));
        }

        _revoked.Add(new CrlEntry(
            certificate.SerialNumber, Seconds(revocationDate ?? DateTimeOffset.UtcNow), reason));
    }

    /// <summary>
    /// Issues a CRL (RFC 5280 §5) listing every revoked certificate, with the next cRLNumber,
    /// thisUpdate and nextUpdate, and authorityKeyIdentifier.
    /// </summary>
    public X509Crl IssueCrl(
        DateTimeOffset? thisUpdate = null,
        DateTimeOffset? nextUpdate = null,
        CrlFaults faults = CrlFaults.None)
    {
        var start = Seconds(thisUpdate ?? DateTimeOffset.UtcNow.AddMinutes(-5));
        var generator = new X509V2CrlGenerator();
        generator.SetIssuerDN(Certificate.SubjectDN);
        generator.SetThisUpdate(start.UtcDateTime);
        generator.SetNextUpdate(Seconds(nextUpdate ?? start.AddDays(7)).UtcDateTime);
        foreach (var entry in _revoked)
        {
            generator.AddCrlEntry(entry.SerialNumber, entry.RevocationDate.UtcDateTime,
                (int)entry.Reason);
        }

        if (!faults.HasFlag(CrlFaults.NoCrlNumber))
        {
            generator.AddExtension(X509Extensions.CrlNumber, false,
                new CrlNumber(BigInteger.ValueOf(_nextCrlNumber++)));
        }

        generator.AddExtension(X509Extensions.AuthorityKeyIdentifier, false,
            new AuthorityKeyIdentifier(SubjectKeyId(Certificate)));
        var crl = generator.Generate(new Asn1SignatureFactory(Key.SignatureAlgorithm,
            Key.PrivateKey, _random));
        return faults.HasFlag(CrlFaults.BadSignature)
            ? Der.ReadCrl(CorruptLastByte(crl.GetEncoded()))
            : crl;
    }

    /// <summary>The chain from this authority up to its root, this authority first.</summary>
    public IReadOnlyList<X509Certificate> ChainToRoot()
    {
        var chain = new List<X509Certificate>();
        for (var ca = this; ca is not null; ca = ca.Parent)
        {
            chain.Add(ca.Certificate);
        }

        return chain;
    }

    public override string ToString() => $"CA {Certificate.SubjectDN}";

    private X509Certificate Issue(
        X509Name subject,
        CertificateKey subjectKey,
        IssueOptions options,
        int defaultYears,
        Action<X509V3CertificateGenerator> addExtensions)
    {
        var url = options.CrlDistributionPoint ?? CrlDistributionPoint;
        return Build(subject, subjectKey, Certificate.SubjectDN, Key, options, _random,
            defaultYears,
            generator =>
            {
                addExtensions(generator);
                if (url is not null)
                {
                    var point = new DistributionPoint(
                        new DistributionPointName(new GeneralNames(
                            new GeneralName(GeneralName.UniformResourceIdentifier, url))),
                        null, null);
                    generator.AddExtension(X509Extensions.CrlDistributionPoints, false,
                        new CrlDistPoint([point]));
                }
            },
            authorityKeyId: SubjectKeyId(Certificate));
    }

    private static X509Certificate Build(
        X509Name subject,
        CertificateKey subjectKey,
        X509Name issuer,
        CertificateKey issuerKey,
        IssueOptions options,
        SecureRandom random,
        int defaultYears,
        Action<X509V3CertificateGenerator> addExtensions,
        byte[]? authorityKeyId)
    {
        var now = Seconds(options.Now ?? DateTimeOffset.UtcNow);
        var notBefore = options.NotBefore ?? now.AddHours(-1);
        var notAfter = options.NotAfter ?? notBefore.AddYears(defaultYears);
        if (options.Faults.HasFlag(CertificateFaults.Expired))
        {
            notBefore = now.AddYears(-2);
            notAfter = now.AddDays(-1);
        }

        if (options.Faults.HasFlag(CertificateFaults.NotYetValid))
        {
            notBefore = now.AddDays(1);
            notAfter = now.AddYears(1);
        }

        var generator = new X509V3CertificateGenerator();
        generator.SetSerialNumber(options.SerialNumber ?? RandomSerial(random));
        generator.SetIssuerDN(issuer);
        generator.SetSubjectDN(subject);
        generator.SetNotBefore(Seconds(notBefore).UtcDateTime);
        generator.SetNotAfter(Seconds(notAfter).UtcDateTime);
        generator.SetPublicKey(subjectKey.PublicKey);

        // RFC 5280 §4.2.1.2: the key identifier is the SHA-1 of the subjectPublicKey bits
        // (method 1). §4.2.1.1: authorityKeyIdentifier points at the issuer's identifier,
        // so a path builder can find the issuer when two CAs share a name.
        generator.AddExtension(X509Extensions.SubjectKeyIdentifier, false,
            X509ExtensionUtilities.CreateSubjectKeyIdentifier(subjectKey.PublicKey));
        if (authorityKeyId is not null)
        {
            generator.AddExtension(X509Extensions.AuthorityKeyIdentifier, false,
                new AuthorityKeyIdentifier(authorityKeyId));
        }

        addExtensions(generator);
        if (options.Faults.HasFlag(CertificateFaults.UnknownCriticalExtension))
        {
            generator.AddExtension(UnknownExtensionOid, true, DerNull.Instance);
        }

        var certificate = generator.Generate(
            new Asn1SignatureFactory(issuerKey.SignatureAlgorithm, issuerKey.PrivateKey, random));
        return options.Faults.HasFlag(CertificateFaults.BadSignature)
            ? Der.ReadCertificate(CorruptLastByte(certificate.GetEncoded()))
            : certificate;
    }

    private static void AddCaExtensions(
        X509V3CertificateGenerator generator,
        CertificateFaults faults,
        int? pathLength)
    {
        // RFC 5280 §4.2.1.9: conforming CAs mark basicConstraints critical.
        if (!faults.HasFlag(CertificateFaults.NoBasicConstraints))
        {
            var constraints = faults.HasFlag(CertificateFaults.NotCa)
                ? new BasicConstraints(false)
                : pathLength is int length
                    ? new BasicConstraints(length)
                    : new BasicConstraints(true);
            generator.AddExtension(X509Extensions.BasicConstraints, true, constraints);
        }

        // A certificate that says cA FALSE may not assert keyCertSign either
        // (RFC 5280 §4.2.1.3), so the NotCa fault drops it too.
        var usage = faults.HasFlag(CertificateFaults.NotCa)
            ? KeyUsage.DigitalSignature
            : faults.HasFlag(CertificateFaults.NoKeyCertSign)
                ? KeyUsage.DigitalSignature | KeyUsage.CrlSign
                : KeyUsage.KeyCertSign | KeyUsage.CrlSign;

        generator.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(usage));
    }

    private static void AddEndEntityExtensions(
        X509V3CertificateGenerator generator,
        CertificateKey key,
        KeyPurposeID purpose)
    {
        generator.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(false));

        // An RSA key may also encrypt the TLS premaster secret (RFC 5246 §7.4.7.1);
        // an ECDSA key only signs.
        var usage = key.Algorithm == KeyAlgorithm.Rsa2048
            ? KeyUsage.DigitalSignature | KeyUsage.KeyEncipherment
            : KeyUsage.DigitalSignature;
        generator.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(usage));
        generator.AddExtension(X509Extensions.ExtendedKeyUsage, false,
            new ExtendedKeyUsage(purpose));
    }

    internal static byte[] SubjectKeyId(X509Certificate certificate)
    {
        var value = certificate.GetExtensionValue(X509Extensions.SubjectKeyIdentifier);
        return value is not null
            ? SubjectKeyIdentifier.GetInstance(
                Asn1Object.FromByteArray(value.GetOctets())).GetKeyIdentifier()
            : X509ExtensionUtilities.CreateSubjectKeyIdentifier(certificate.GetPublicKey())
                .GetKeyIdentifier();
    }

    private static X509Name Name(string commonName) =>
        new([X509Name.CN], [commonName]);

    private static BigInteger RandomSerial(SecureRandom random)
    {
        // 16 random bytes with the top bit cleared: positive and at most 20 octets,
        // as RFC 5280 §4.1.2.2 requires.
        var bytes = new byte[16];
        random.NextBytes(bytes);
        bytes[0] = (byte)((bytes[0] & 0x7F) | 0x01);
        return new BigInteger(1, bytes);
    }

    private static DateTimeOffset Seconds(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    // Both structures end with the signature BIT STRING, so the last byte is signature:
    // flipping it keeps the DER well-formed but breaks the signature.
    private static byte[] CorruptLastByte(byte[] der)
    {
        var copy = (byte[])der.Clone();
        copy[^1] ^= 0x01;
        return copy;
    }
}

/// <summary>The reasonCode values of RFC 5280 §5.3.1.</summary>
public enum RevocationReason
{
    Unspecified = 0,
    KeyCompromise = 1,
    CaCompromise = 2,
    AffiliationChanged = 3,
    Superseded = 4,
    CessationOfOperation = 5,
    CertificateHold = 6,
    RemoveFromCrl = 8,
    PrivilegeWithdrawn = 9,
    AaCompromise = 10,
}

/// <summary>One revokedCertificates entry: serial, revocationDate and reasonCode.</summary>
public sealed record CrlEntry(
    BigInteger SerialNumber,
    DateTimeOffset RevocationDate,
    RevocationReason Reason);
