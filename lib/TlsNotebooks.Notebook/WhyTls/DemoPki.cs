using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using TlsNotebooks.Tls;

namespace TlsNotebooks.Notebook.WhyTls;

/// <summary>
/// A throwaway certificate authority and a server certificate for "localhost" and 127.0.0.1,
/// made with the runtime's <see cref="CertificateRequest"/> when the notebook runs: what the
/// demos need to run TLS at all. Notebooks 04 and 05 take certificates apart; here they are
/// just the server's identity. The PEM files (for OpenSSL) go to a temporary folder.
/// </summary>
public sealed class DemoPki : IDisposable
{
    private DemoPki(X509Certificate2 root, X509Certificate2 server, string folder)
    {
        Root = root;
        Server = server;
        Folder = folder;
        ServerCertificatePem = Path.Combine(folder, "server.pem");
        ServerKeyPem = Path.Combine(folder, "server.key");
        File.WriteAllText(ServerCertificatePem, server.ExportCertificatePem());
        File.WriteAllText(ServerKeyPem, server.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>The trust anchor the clients are told to trust.</summary>
    public X509Certificate2 Root { get; }

    /// <summary>The server's certificate, with its RSA private key.</summary>
    public X509Certificate2 Server { get; }

    /// <summary>The temporary folder holding the PEM files.</summary>
    public string Folder { get; }

    public string ServerCertificatePem { get; }

    public string ServerKeyPem { get; }

    /// <summary>The server's identity for our <see cref="TlsServer"/>.</summary>
    public TlsCredential Credential => new(Server);

    /// <summary>For our <see cref="TlsClient"/>: trust the demo root only.</summary>
    public X509ChainCertificateVerifier Verifier => new(Root);

    /// <summary>Makes a root and a server certificate (two RSA-2048 keys).</summary>
    public static DemoPki Create()
    {
        var now = DateTimeOffset.UtcNow;
        using var rootKey = RSA.Create(2048);
        var rootRequest = new CertificateRequest("CN=Notebook 01 demo root", rootKey,
            HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        rootRequest.CertificateExtensions.Add(
            new X509BasicConstraintsExtension(true, false, 0, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        rootRequest.CertificateExtensions.Add(
            new X509SubjectKeyIdentifierExtension(rootRequest.PublicKey, false));
        var root = rootRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(30));

        var serverKey = RSA.Create(2048);
        var serverRequest = new CertificateRequest("CN=localhost", serverKey,
            HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(
            new X509BasicConstraintsExtension(false, false, 0, true));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1")], false));
        var serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7f;
        using var issued = serverRequest.Create(root, now.AddMinutes(-5), now.AddDays(7), serial);
        var server = issued.CopyWithPrivateKey(serverKey);

        var folder = Directory.CreateTempSubdirectory("tls-notebooks-01-").FullName;
        return new DemoPki(root, server, folder);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A process still holds a file; the temporary folder is cleaned up later.
        }
    }
}
