using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using TlsNotebooks.Tls;

namespace TlsNotebooks.Tests.Tls;

/// <summary>The shared test PKI (root, intermediate, server and client) loaded once.</summary>
internal static class TlsTestPki
{
    public static X509Certificate2 Root { get; } =
        X509CertificateLoader.LoadCertificateFromFile(OpenSslProcess.Pki("root.pem"));

    public static X509Certificate2 Intermediate { get; } =
        X509CertificateLoader.LoadCertificateFromFile(OpenSslProcess.Pki("inter.pem"));

    public static TlsCredential Server { get; } = TlsCredential.FromPemFiles(
        OpenSslProcess.Pki("server.pem"), OpenSslProcess.Pki("server.key"),
        OpenSslProcess.Pki("inter.pem"));

    public static TlsCredential Client { get; } = TlsCredential.FromPemFiles(
        OpenSslProcess.Pki("client.pem"), OpenSslProcess.Pki("client.key"),
        OpenSslProcess.Pki("inter.pem"));

    /// <summary>
    /// The shared PKI's leaves expire in 2029 and its CRLs in January 2027, so every check
    /// of it - ours, OpenSSL's (-attime) and SslStream's - happens at this fixed time.
    /// </summary>
    public static DateTime VerificationTime { get; } =
        new(2026, 12, 15, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>The same moment for OpenSSL's verify options.</summary>
    public static string AtTime =>
        $"-attime {new DateTimeOffset(VerificationTime).ToUnixTimeSeconds()}";

    /// <summary>Trusts the test root only, at <see cref="VerificationTime"/>.</summary>
    public static X509ChainCertificateVerifier Verifier { get; } =
        new(Root) { VerificationTime = VerificationTime };

    public static TlsClientOptions ClientOptions(
        CipherSuite? suite = null,
        string? serverName = "localhost",
        bool ems = true,
        IReadOnlyList<SignatureScheme>? signatureAlgorithms = null,
        TlsRandom? random = null,
        TlsCredential? clientCertificate = null) => new()
    {
        ServerName = serverName,
        CertificateVerifier = Verifier,
        CipherSuites = suite is { } s ? [s] : new TlsClientOptions
        {
            CertificateVerifier = Verifier,
        }.CipherSuites,
        ExtendedMasterSecret = ems,
        SignatureAlgorithms =
            signatureAlgorithms ?? TlsNotebooks.Tls.Crypto.TlsSignatures.Supported,
        Random = random ?? TlsRandom.Secure,
        ReadTimeout = TimeSpan.FromSeconds(10),
        ClientCertificate = clientCertificate,
    };

    public static TcpClient Connect(int port)
    {
        var tcp = new TcpClient();
        tcp.Connect(IPAddress.Loopback, port);
        tcp.NoDelay = true;
        return tcp;
    }
}
