using TlsNotebooks.Tls;

namespace TlsNotebooks.Tests.Tls;

/// <summary>The rejection cases of client authentication, each with its alert.</summary>
public class ClientCertificateRejectionTests
{
    [Fact]
    public void Server_only_certificate_is_refused_as_client_certificate()
    {
        using var loopback = new Loopback<bool>(stream =>
        {
            new TlsServer(stream, OpenSslClientInteropTests.ServerOptions(
                clientAuthentication: ClientAuthentication.Required)).Accept();
            return true;
        });
        using var tcp = TlsTestPki.Connect(loopback.Port);
        var client = new TlsClient(tcp.GetStream(), TlsTestPki.ClientOptions(
            clientCertificate: TlsTestPki.Server));

        var clientError = Assert.Throws<TlsAlertException>(() => client.Connect());
        var serverError = Assert.IsType<TlsAlertException>(loopback.WaitForException());

        // No clientAuth in the extended key usage: RFC 5246 §7.2.2 unsupported_certificate.
        Assert.Equal(AlertDescription.UnsupportedCertificate, serverError.Description);
        Assert.Equal(AlertDescription.UnsupportedCertificate, clientError.Description);
        Assert.True(clientError.Received);
    }

    [Fact]
    public void Openssl_server_refuses_server_only_certificate_from_our_client()
    {
        using var server = OpenSslProcess.StartServer(
            "-cipher DHE-RSA-AES128-GCM-SHA256 -Verify 2 -verify_return_error "
            + $"-CAfile {OpenSslProcess.Pki("root.pem")} "
            + $"-cert_chain {OpenSslProcess.Pki("inter.pem")}");
        using var tcp = TlsTestPki.Connect(server.Port);
        var client = new TlsClient(tcp.GetStream(), TlsTestPki.ClientOptions(
            clientCertificate: TlsTestPki.Server));

        var e = Assert.Throws<TlsAlertException>(() => client.Connect());

        Assert.True(e.Received);
        Assert.Equal(AlertDescription.UnsupportedCertificate, e.Description);
    }

    [Fact]
    public void Stolen_certificate_without_its_key_fails_certificate_verify()
    {
        using var thiefKey = System.Security.Cryptography.RSA.Create(2048);
        using var loopback = new Loopback<bool>(stream =>
        {
            new TlsServer(stream, OpenSslClientInteropTests.ServerOptions(
                clientAuthentication: ClientAuthentication.Required)).Accept();
            return true;
        });
        using var tcp = TlsTestPki.Connect(loopback.Port);
        var client = new TlsClient(tcp.GetStream(), TlsTestPki.ClientOptions(
            clientCertificate: TlsTestPki.Client))
        {
            StolenCertificateSigningKey = thiefKey,
        };

        var clientError = Assert.Throws<TlsAlertException>(() => client.Connect());
        var serverError = Assert.IsType<TlsAlertException>(loopback.WaitForException());

        Assert.Equal(AlertDescription.DecryptError, serverError.Description);
        Assert.Contains("CertificateVerify", serverError.Message);
        Assert.Equal(AlertDescription.DecryptError, clientError.Description);
    }

    [Fact]
    public void Openssl_server_refuses_stolen_certificate()
    {
        using var thiefKey = System.Security.Cryptography.RSA.Create(2048);
        using var server = OpenSslProcess.StartServer(
            "-cipher DHE-RSA-AES128-GCM-SHA256 -Verify 2 -verify_return_error "
            + $"-CAfile {OpenSslProcess.Pki("root.pem")} "
            + $"-cert_chain {OpenSslProcess.Pki("inter.pem")}");
        using var tcp = TlsTestPki.Connect(server.Port);
        var client = new TlsClient(tcp.GetStream(), TlsTestPki.ClientOptions(
            clientCertificate: TlsTestPki.Client))
        {
            StolenCertificateSigningKey = thiefKey,
        };

        var e = Assert.Throws<TlsAlertException>(() => client.Connect());

        Assert.True(e.Received);
        Assert.Equal(AlertDescription.DecryptError, e.Description);
    }

    [Fact]
    public void Openssl_server_with_crl_check_refuses_revoked_client_certificate()
    {
        // s_server's -CRL reads one CRL: the intermediate's, which covers the leaf that
        // -crl_check examines.
        var crls = OpenSslProcess.Pki("inter.crl.pem");
        var revoked = TlsCredential.FromPemFiles(OpenSslProcess.Pki("client-revoked.pem"),
            OpenSslProcess.Pki("client-revoked.key"), OpenSslProcess.Pki("inter.pem"));
        using var server = OpenSslProcess.StartServer(
            "-cipher DHE-RSA-AES128-GCM-SHA256 -Verify 2 -verify_return_error "
            + $"-CAfile {OpenSslProcess.Pki("root.pem")} -CRL {crls} -crl_check "
            + $"-cert_chain {OpenSslProcess.Pki("inter.pem")}");
        using var tcp = TlsTestPki.Connect(server.Port);
        var client = new TlsClient(tcp.GetStream(), TlsTestPki.ClientOptions(
            clientCertificate: revoked));

        var e = Assert.Throws<TlsAlertException>(() => client.Connect());

        Assert.True(e.Received);
        Assert.Equal(AlertDescription.CertificateRevoked, e.Description);

        // The same server, CRL and all, accepts the client that is not revoked.
        using var goodTcp = TlsTestPki.Connect(server.Port);
        var good = new TlsClient(goodTcp.GetStream(), TlsTestPki.ClientOptions(
            clientCertificate: TlsTestPki.Client));
        good.Connect();
        Assert.True(good.IsHandshakeComplete);
    }
}
