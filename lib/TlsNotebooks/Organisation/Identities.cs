using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using TlsNotebooks.Tls;
using TlsNotebooks.X509;

namespace TlsNotebooks.Organisation;

/// <summary>
/// What a caller brings to a handshake: a certificate chain and the key to sign
/// CertificateVerify with. Usually the certificate's own key; for the stolen-certificate
/// lesson, someone else's (<see cref="WithoutItsKey"/>).
/// </summary>
public sealed class ClientIdentity
{
    internal ClientIdentity(
        string label,
        IssuedCertificate issued,
        TlsCredential credential,
        RSA? signingKeyInstead = null)
    {
        Label = label;
        Issued = issued;
        Credential = credential;
        SigningKeyInstead = signingKeyInstead;
    }

    /// <summary>A short description such as "billing (expired)".</summary>
    public string Label { get; }

    /// <summary>The certificate and key as the authority issued them.</summary>
    public IssuedCertificate Issued { get; }

    /// <summary>The chain and key in the form the TLS client presents.</summary>
    public TlsCredential Credential { get; }

    /// <summary>
    /// Set when CertificateVerify is signed with another key than the certificate's own.
    /// </summary>
    public RSA? SigningKeyInstead { get; }

    /// <summary>The certificate's commonName: the caller's name.</summary>
    public string Name => AccessPolicy.CallerName(Credential.Certificate);

    public X509Certificate2 Certificate => Credential.Certificate;

    /// <summary>
    /// The same certificate in the hands of a thief who copied the certificate file but not
    /// the private key: CertificateVerify can only be signed with a key of the thief's own.
    /// </summary>
    public ClientIdentity WithoutItsKey() =>
        new($"{Name} (stolen certificate, no key)", Issued, Credential, RSA.Create(2048));

    /// <summary>
    /// This certificate, with CertificateVerify signed by <paramref name="other"/>'s key: a
    /// caller that holds a valid key, just not the one this certificate names.
    /// </summary>
    public ClientIdentity SignedWith(ClientIdentity other) =>
        new($"{Name} (signed with {other.Name}'s key)", Issued, Credential,
            other.Credential.Certificate.GetRSAPrivateKey());

    /// <summary>
    /// Writes the certificate, its private key and the intermediate as PEM files (for
    /// <c>openssl s_client -cert -key -cert_chain</c>); returns their paths.
    /// </summary>
    public PemFiles WritePemFiles(string directory) =>
        PemFiles.Write(directory, Sanitise(Label), Credential, Issued);

    public override string ToString() => Label;

    private static string Sanitise(string label) => new(label
        .Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());
}

/// <summary>Paths of a certificate, its key and its intermediates as PEM files.</summary>
public sealed record PemFiles(string Certificate, string Key, string Chain)
{
    internal static PemFiles Write(
        string directory,
        string stem,
        TlsCredential credential,
        IssuedCertificate issued)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, stem);
        var files = new PemFiles(path + ".pem", path + ".key", path + ".chain.pem");
        File.WriteAllText(files.Certificate, credential.Certificate.ExportCertificatePem() + "\n");
        File.WriteAllText(files.Key, issued.Key.ToPem());
        File.WriteAllText(files.Chain, string.Concat(
            credential.Intermediates.Select(c => c.ExportCertificatePem() + "\n")));
        return files;
    }
}

/// <summary>
/// One sub-system of the organisation: its server certificate (serverAuth, for its own host
/// name) to be called, and its client certificate (clientAuth) to call others.
/// </summary>
public sealed class ServiceIdentity
{
    internal ServiceIdentity(
        string name,
        string hostName,
        TlsCredential serverCredential,
        IssuedCertificate serverIssued,
        ClientIdentity client)
    {
        Name = name;
        HostName = hostName;
        ServerCredential = serverCredential;
        ServerIssued = serverIssued;
        Client = client;
    }

    public string Name { get; }

    /// <summary>The DNS name in the server certificate, such as inventory.internal.</summary>
    public string HostName { get; }

    /// <summary>What the service presents when others call it.</summary>
    public TlsCredential ServerCredential { get; }

    public IssuedCertificate ServerIssued { get; }

    /// <summary>What the service presents when it calls others.</summary>
    public ClientIdentity Client { get; }

    /// <summary>
    /// The server certificate offered as a client certificate: right organisation, wrong
    /// purpose (its extendedKeyUsage says serverAuth only).
    /// </summary>
    public ClientIdentity ServerCertificateAsClient =>
        new($"{Name} (server-only certificate)", ServerIssued, ServerCredential);

    /// <summary>The server certificate, key and intermediate as PEM files (s_server).</summary>
    public PemFiles WriteServerPemFiles(string directory) =>
        PemFiles.Write(directory, Name + "-server", ServerCredential, ServerIssued);

    public override string ToString() => $"{Name} ({HostName})";
}
