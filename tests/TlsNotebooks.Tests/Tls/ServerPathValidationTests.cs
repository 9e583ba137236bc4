using TlsNotebooks.Tls;
using TlsNotebooks.X509;

namespace TlsNotebooks.Tests.Tls;

/// <summary>
/// Our client checks `openssl s_server`'s chain with the project's own path validator
/// (RFC 5280 §6 with the shared PKI's CRLs, RFC 6125 for the host name) instead of the
/// runtime's X509Chain, and refuses each broken rule with its own alert, which OpenSSL
/// reports receiving.
/// </summary>
public class ServerPathValidationTests
{
    private static readonly string Dhe = "-cipher DHE-RSA-AES128-GCM-SHA256 "
        + $"-dhparam {OpenSslProcess.Pki("ffdhe2048.pem")} "
        + $"-cert_chain {OpenSslProcess.Pki("inter.pem")}";

    [Fact]
    public void Client_accepts_openssl_chain_through_the_intermediate_it_sent()
    {
        using var server = OpenSslProcess.StartServer($"{Dhe} -www");
        var verifier = SharedPkiVerifier();

        var client = Connect(server, verifier, "localhost");
        client.Write("GET / HTTP/1.0\r\n\r\n"u8);

        Assert.StartsWith("HTTP/1.0 200 ok", OpenSslServerInteropTests.ReadAll(client));
        var result = verifier.LastResult!;
        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(["CN=localhost", "CN=Teaching Intermediate CA", "CN=Teaching Root CA"],
            result.Path.Select(c => c.SubjectDN.ToString()));
    }

    [Theory]
    [InlineData("server", "wrong.example", AlertDescription.BadCertificate,
        "alert bad certificate")]
    [InlineData("revoked", "localhost", AlertDescription.CertificateRevoked,
        "alert certificate revoked")]
    public void Client_refuses_chain_with_the_alert_of_the_broken_rule(
        string leaf, string hostName, AlertDescription alert, string opensslSays)
    {
        using var server = OpenSslProcess.StartServer(
            $"{Dhe} -www -cert {OpenSslProcess.Pki(leaf + ".pem")} "
            + $"-key {OpenSslProcess.Pki(leaf + ".key")}");

        var e = Assert.Throws<TlsAlertException>(
            () => Connect(server, SharedPkiVerifier(), hostName));

        Assert.Equal(alert, e.Description);
        Assert.False(e.Received);
        server.WaitFor(opensslSays, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Client_refuses_chain_to_a_root_it_does_not_trust_with_unknown_ca()
    {
        using var otherRoot = NegativeInteropTests.SelfSignedRoot();
        using var server = OpenSslProcess.StartServer($"{Dhe} -www");
        var verifier = new PathValidatorCertificateVerifier(
            [Der.ReadCertificate(otherRoot.RawData)])
        {
            VerificationTime = new DateTimeOffset(TlsTestPki.VerificationTime),
        };

        var e = Assert.Throws<TlsAlertException>(() => Connect(server, verifier, "localhost"));

        Assert.Equal(AlertDescription.UnknownCa, e.Description);
        Assert.Equal(PathValidationFailure.NoPathToTrustAnchor, verifier.LastResult!.Failure);
        server.WaitFor("alert unknown ca", TimeSpan.FromSeconds(5));
    }

    /// <summary>Trusts the shared root, needs every CRL, at the PKI's fixed time.</summary>
    internal static PathValidatorCertificateVerifier SharedPkiVerifier() =>
        new([Der.ReadCertificateFile(OpenSslProcess.Pki("root.pem"))],
            () => [Der.ReadCrlFile(OpenSslProcess.Pki("root.crl.pem")),
                Der.ReadCrlFile(OpenSslProcess.Pki("inter.crl.pem"))])
        {
            VerificationTime = new DateTimeOffset(TlsTestPki.VerificationTime),
        };

    private static TlsClient Connect(
        OpenSslProcess server,
        IServerCertificateVerifier verifier,
        string hostName)
    {
        var tcp = TlsTestPki.Connect(server.Port);
        var client = new TlsClient(tcp.GetStream(), new TlsClientOptions
        {
            ServerName = hostName,
            CertificateVerifier = verifier,
            CipherSuites = [CipherSuite.TlsDheRsaWithAes128GcmSha256],
        });
        client.Connect();
        return client;
    }
}
