using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Security;
using TlsNotebooks.Presentation;
using TlsNotebooks.Tls;
using TlsNotebooks.X509;
using BcCrl = Org.BouncyCastle.X509.X509Crl;

namespace TlsNotebooks.Organisation;

/// <summary>
/// An organisation's own public key infrastructure for its internal services: a self-signed
/// root kept offline in real life, an issuing intermediate below it, and for every named
/// sub-system (billing, inventory, reporting...) a server certificate and a client
/// certificate. Its services trust this root and nothing else, check revocation through the
/// organisation's CRLs, and let in only the callers <see cref="Policy"/> names.
/// </summary>
/// <remarks>
/// Teaching code: keys live in memory (RSA 2048, made by the runtime), nothing is persisted,
/// and the CRLs are handed to the services directly rather than fetched.
/// </remarks>
public sealed class Organisation : IFieldTable
{
    private readonly Dictionary<string, ServiceIdentity> _services = new(StringComparer.Ordinal);
    private readonly CrlServer? _crlServer;
    private IReadOnlyList<BcCrl> _crls = [];

    private Organisation(string name, string domain, CertificateAuthority root,
        CertificateAuthority issuing, CrlServer? crlServer)
    {
        _crlServer = crlServer;
        Name = name;
        Domain = domain;
        Root = root;
        IssuingCa = issuing;
        RootCertificate = X509CertificateLoader.LoadCertificate(root.Certificate.GetEncoded());
        IssuingCertificate =
            X509CertificateLoader.LoadCertificate(issuing.Certificate.GetEncoded());
        PublishCrls();
    }

    public string Name { get; }

    /// <summary>The DNS suffix of the services' host names, such as "internal".</summary>
    public string Domain { get; }

    /// <summary>The self-signed root: the one trust anchor of every service.</summary>
    public CertificateAuthority Root { get; }

    /// <summary>The intermediate that signs the services' certificates.</summary>
    public CertificateAuthority IssuingCa { get; }

    public X509Certificate2 RootCertificate { get; }

    public X509Certificate2 IssuingCertificate { get; }

    /// <summary>Who may call whom.</summary>
    public AccessPolicy Policy { get; } = new();

    /// <summary>The services enrolled so far, by name.</summary>
    public IReadOnlyDictionary<string, ServiceIdentity> Services => _services;

    public ServiceIdentity this[string service] => _services.TryGetValue(service, out var s)
        ? s
        : throw new KeyNotFoundException(
            $"{Name} has no service '{service}'; enrolled: {string.Join(", ", _services.Keys)}");

    /// <summary>
    /// The current CRLs: the root's (which covers the intermediate) and the issuing CA's
    /// (which covers the services). Issued anew whenever something is revoked.
    /// </summary>
    public IReadOnlyList<BcCrl> Crls => _crls;

    /// <summary>Creates the root and the issuing intermediate, then enrols the services.</summary>
    public static Organisation Create(string name, params string[] services) =>
        Create(name, "internal", services);

    /// <summary>
    /// As <see cref="Create(string, string[])"/>, with the host names' suffix, and optionally
    /// a <see cref="CrlServer"/> on which the organisation publishes its CRLs: every
    /// certificate then carries that server's URL in cRLDistributionPoints (RFC 5280
    /// §4.2.1.13), so that other software (SslStream, for one) can fetch them.
    /// </summary>
    public static Organisation Create(string name, string domain, IEnumerable<string> services,
        CrlServer? crlServer = null)
    {
        var root = CertificateAuthority.CreateRoot($"{name} Root CA", RsaOptions());
        root.CrlDistributionPoint = crlServer?.UrlFor(CrlName(name, "root"));

        // pathLength 0: the issuing CA may sign services but no further CAs (RFC 5280 §4.2.1.9).
        var issuing = root.IssueIntermediate($"{name} Issuing CA", 0, RsaOptions());
        issuing.CrlDistributionPoint = crlServer?.UrlFor(CrlName(name, "issuing"));
        var organisation = new Organisation(name, domain, root, issuing, crlServer);
        foreach (var service in services)
        {
            organisation.Enrol(service);
        }

        return organisation;
    }

    /// <summary>
    /// Gives a sub-system its two certificates: serverAuth for service.domain, and clientAuth
    /// with the service's name as commonName (the name the access policy uses).
    /// </summary>
    public ServiceIdentity Enrol(string service)
    {
        if (string.IsNullOrWhiteSpace(service) || !service.All(c =>
                char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            throw new ArgumentException(
                "a service name is a DNS label: lower-case letters, digits and '-'",
                nameof(service));
        }

        var hostName = $"{service}.{Domain}";
        var (serverKey, serverRsa) = NewKey();
        var server = IssuingCa.IssueServer([hostName], null, new IssueOptions { Key = serverKey });
        var identity = new ServiceIdentity(service, hostName,
            Credential(server, serverRsa), server, IssueClient(service));
        _services[service] = identity;
        return identity;
    }

    /// <summary>
    /// Issues a further client certificate for <paramref name="service"/>, possibly with a
    /// deliberate fault (<see cref="CertificateFaults.Expired"/> for the expired case).
    /// </summary>
    public ClientIdentity IssueClient(
        string service,
        CertificateFaults faults = CertificateFaults.None)
    {
        var (key, rsa) = NewKey();
        var issued = IssuingCa.IssueClient(service,
            new IssueOptions { Key = key, Faults = faults });
        var label = faults == CertificateFaults.None
            ? service
            : $"{service} ({faults.ToString().ToLowerInvariant()})";
        return new ClientIdentity(label, issued, Credential(issued, rsa));
    }

    /// <summary>
    /// Revokes a client certificate: it goes on the issuing CA's list and a new CRL is issued
    /// at once, which every service uses from its next handshake on.
    /// </summary>
    public void Revoke(
        ClientIdentity client,
        RevocationReason reason = RevocationReason.KeyCompromise)
    {
        IssuingCa.Revoke(client.Issued.Certificate, reason);
        PublishCrls();
    }

    /// <summary>
    /// The check a service of this organisation runs on a caller's chain: this root only, the
    /// clientAuth purpose, and revocation through the current CRLs (required).
    /// </summary>
    public PathValidatorCertificateVerifier ClientVerifier() =>
        new([Root.Certificate], () => Crls);

    /// <summary>
    /// The check a caller runs on a service's chain (serverAuth, host name, CRLs).
    /// </summary>
    public PathValidatorCertificateVerifier ServerVerifier() =>
        new([Root.Certificate], () => Crls);

    /// <summary>
    /// Writes root.pem, issuing.pem, crls.pem (both CRLs, for -crl_check_all) and
    /// issuing-crl.pem (the one CRL that covers the services, for OpenSSL's -CRL with
    /// -crl_check, which reads a single CRL).
    /// </summary>
    public TrustFiles WriteTrustFiles(string directory)
    {
        Directory.CreateDirectory(directory);
        var files = new TrustFiles(Path.Combine(directory, "root.pem"),
            Path.Combine(directory, "issuing.pem"), Path.Combine(directory, "crls.pem"),
            Path.Combine(directory, "issuing-crl.pem"));
        File.WriteAllText(files.Root, RootCertificate.ExportCertificatePem() + "\n");
        File.WriteAllText(files.Issuing, IssuingCertificate.ExportCertificatePem() + "\n");
        File.WriteAllText(files.Crls, string.Concat(Crls.Select(Pem.WriteCrl)));
        File.WriteAllText(files.IssuingCrl, Pem.WriteCrl(Crls[^1]));
        return files;
    }

    /// <summary>
    /// Starts one of the organisation's services on 127.0.0.1 (a free port).
    /// <paramref name="clientAuthentication"/> says whether it asks callers for a certificate.
    /// </summary>
    public OrganisationServer Start(
        string service,
        ClientAuthentication clientAuthentication = ClientAuthentication.Required) =>
        new(this, this[service], clientAuthentication);

    /// <summary>
    /// One call: <paramref name="caller"/> (null: no certificate at all) connects to the
    /// running <paramref name="server"/>, which either answers or refuses.
    /// </summary>
    public CallResult Call(ClientIdentity? caller, OrganisationServer server) =>
        server.Call(caller, ServerVerifier());

    public string TableTitle => Name;

    public IReadOnlyList<Field> GetFields() =>
    [
        new("root", Root.Certificate.SubjectDN.ToString(), "self-signed: the trust anchor"),
        new("issuing CA", IssuingCa.Certificate.SubjectDN.ToString(),
            "signs the services' certificates"),
        .. _services.Values.Select(s => new Field($"service {s.Name}",
            $"server {s.HostName}, client CN={s.Name}",
            "serverAuth and clientAuth certificates")),
        new("access policy", Policy.Rules.Count == 0 ? "nobody may call anybody"
            : string.Join(", ", Policy.Rules)),
        new("revoked", IssuingCa.Revoked.Count.ToString(
            System.Globalization.CultureInfo.InvariantCulture), "on the issuing CA's CRL"),
    ];

    public override string ToString() =>
        $"{Name}: {Root.Certificate.SubjectDN} -> {IssuingCa.Certificate.SubjectDN} -> "
        + $"{_services.Count} services ({string.Join(", ", _services.Keys)})";

    private void PublishCrls()
    {
        _crls = [Root.IssueCrl(), IssuingCa.IssueCrl()];
        _crlServer?.Publish(CrlName(Name, "root"), _crls[0]);
        _crlServer?.Publish(CrlName(Name, "issuing"), _crls[1]);
    }

    private static string CrlName(string organisation, string ca) =>
        new string(organisation.ToLowerInvariant()
            .Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()) + $"-{ca}.crl";

    private static IssueOptions RsaOptions() => new() { Key = NewKey().Key };

    /// <summary>
    /// RSA keys from the runtime (much faster to make than BouncyCastle's): every TLS suite
    /// of this library signs with RSA.
    /// </summary>
    private static (CertificateKey Key, RSA Rsa) NewKey()
    {
        var rsa = RSA.Create(2048);
        return (CertificateKey.FromKeyPair(DotNetUtilities.GetRsaKeyPair(rsa)), rsa);
    }

    private TlsCredential Credential(IssuedCertificate issued, RSA rsa)
    {
        using var certificate = X509CertificateLoader.LoadCertificate(issued.ToDer());
        return new TlsCredential(certificate.CopyWithPrivateKey(rsa), IssuingCertificate);
    }
}

/// <summary>Paths of the organisation's root, issuing CA and CRLs as PEM files.</summary>
public sealed record TrustFiles(string Root, string Issuing, string Crls, string IssuingCrl);
