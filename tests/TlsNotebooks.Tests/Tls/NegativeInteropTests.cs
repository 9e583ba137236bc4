using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using TlsNotebooks.Tls;

namespace TlsNotebooks.Tests.Tls;

/// <summary>
/// Handshakes that must fail, against OpenSSL and against ourselves, and the alert each side
/// sees: wrong host name, untrusted root, a tampered Finished either way, a DH group that is
/// too small.
/// </summary>
public class NegativeInteropTests
{
    private static readonly string Dhe = "-cipher DHE-RSA-AES128-GCM-SHA256 "
        + $"-dhparam {OpenSslProcess.Pki("ffdhe2048.pem")} "
        + $"-cert_chain {OpenSslProcess.Pki("inter.pem")}";

    [Fact]
    public void Client_refuses_wrong_host_name_with_bad_certificate()
    {
        using var server = OpenSslProcess.StartServer($"{Dhe} -www");
        using var tcp = TlsTestPki.Connect(server.Port);
        var client = new TlsClient(tcp.GetStream(), TlsTestPki.ClientOptions(
            serverName: "wrong.example"));

        var e = Assert.Throws<TlsAlertException>(() => client.Connect());

        Assert.Equal(AlertDescription.BadCertificate, e.Description);
        Assert.False(e.Received);
        Assert.Contains("wrong.example", e.Message);
        server.WaitFor("alert bad certificate", TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Client_refuses_untrusted_root_with_unknown_ca()
    {
        using var otherRoot = SelfSignedRoot();
        using var server = OpenSslProcess.StartServer($"{Dhe} -www");
        using var tcp = TlsTestPki.Connect(server.Port);
        var options = TlsTestPki.ClientOptions();
        var client = new TlsClient(tcp.GetStream(), new TlsClientOptions
        {
            ServerName = options.ServerName,
            CertificateVerifier = new X509ChainCertificateVerifier(otherRoot)
            {
                VerificationTime = TlsTestPki.VerificationTime,
            },
        });

        var e = Assert.Throws<TlsAlertException>(() => client.Connect());

        Assert.Equal(AlertDescription.UnknownCa, e.Description);
        server.WaitFor("alert unknown ca", TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Server_receives_s_clients_unknown_ca_when_root_untrusted()
    {
        using var loopback = new Loopback<bool>(stream =>
        {
            new TlsServer(stream, OpenSslClientInteropTests.ServerOptions()).Accept();
            return true;
        });
        // s_client trusts only the client certificate, which is not the server's root.
        using var client = OpenSslProcess.StartClient(loopback.Port,
            $"-CAfile {OpenSslProcess.Pki("client.pem")} -verify_return_error");

        var e = Assert.IsType<TlsAlertException>(loopback.WaitForException());

        Assert.Equal(AlertDescription.UnknownCa, e.Description);
        Assert.True(e.Received);
    }

    [Fact]
    public void Server_receives_s_clients_alert_on_host_name_mismatch()
    {
        using var loopback = new Loopback<bool>(stream =>
        {
            new TlsServer(stream, OpenSslClientInteropTests.ServerOptions()).Accept();
            return true;
        });
        using var client = OpenSslProcess.StartClient(loopback.Port,
            $"-CAfile {OpenSslProcess.Pki("root.pem")} -verify_return_error "
            + "-verify_hostname wrong.example");

        var e = Assert.IsType<TlsAlertException>(loopback.WaitForException());

        Assert.True(e.Received);
        Assert.Equal(AlertDescription.BadCertificate, e.Description);
        client.WaitFor("hostname mismatch", TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Tampered_client_finished_is_bad_record_mac_at_openssl_server()
    {
        using var server = OpenSslProcess.StartServer($"{Dhe} -www");
        using var proxy = new TamperingProxy(server.Port);
        using var tcp = TlsTestPki.Connect(proxy.Port);
        var client = new TlsClient(tcp.GetStream(), TlsTestPki.ClientOptions());

        var e = Assert.Throws<TlsAlertException>(() => client.Connect());

        Assert.True(proxy.Tampered);
        Assert.True(e.Received);
        Assert.Equal(AlertDescription.BadRecordMac, e.Description);
        server.WaitFor("bad record mac", TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Tampered_client_finished_is_bad_record_mac_at_our_server()
    {
        using var loopback = new Loopback<bool>(stream =>
        {
            new TlsServer(stream, OpenSslClientInteropTests.ServerOptions()).Accept();
            return true;
        });
        using var proxy = new TamperingProxy(loopback.Port);
        using var client = OpenSslProcess.StartClient(proxy.Port,
            $"-CAfile {OpenSslProcess.Pki("root.pem")}");

        var e = Assert.IsType<TlsAlertException>(loopback.WaitForException());

        Assert.False(e.Received);
        Assert.Equal(AlertDescription.BadRecordMac, e.Description);
        client.WaitFor("alert bad record mac", TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Tampered_openssl_server_finished_is_bad_record_mac_at_our_client()
    {
        using var server = OpenSslProcess.StartServer(Dhe);
        using var proxy = new TamperingProxy(server.Port, tamperServerFinished: true);
        using var tcp = TlsTestPki.Connect(proxy.Port);
        var client = new TlsClient(tcp.GetStream(), TlsTestPki.ClientOptions());

        var e = Assert.Throws<TlsAlertException>(() => client.Connect());

        Assert.True(proxy.Tampered);
        Assert.False(e.Received);
        Assert.Equal(AlertDescription.BadRecordMac, e.Description);
        Assert.Equal(ClientState.ExpectServerFinished, client.State);

        // Without -www, s_server past its own Finished reads application data and reports
        // the alert it gets instead.
        server.WaitFor("alert bad record mac", TimeSpan.FromSeconds(5));
        Assert.Contains("SSL alert number 20", server.Output);
    }

    [Fact]
    public void Tampered_server_finished_is_refused_by_s_client_and_our_server_hears_it()
    {
        using var loopback = new Loopback<bool>(stream =>
        {
            var server = new TlsServer(stream, OpenSslClientInteropTests.ServerOptions());
            server.Accept();
            server.Read();
            return true;
        });
        using var proxy = new TamperingProxy(loopback.Port, tamperServerFinished: true);
        using var client = OpenSslProcess.StartClient(proxy.Port,
            $"-CAfile {OpenSslProcess.Pki("root.pem")}");

        var e = Assert.IsType<TlsAlertException>(loopback.WaitForException());

        Assert.True(proxy.Tampered);
        Assert.True(e.Received);
        Assert.Equal(AlertDescription.BadRecordMac, e.Description);
        client.WaitFor("bad record mac", TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Wrong_verify_data_is_decrypt_error_on_both_sides()
    {
        using var loopback = new Loopback<bool>(stream =>
        {
            new TlsServer(stream, OpenSslClientInteropTests.ServerOptions()).Accept();
            return true;
        });
        using var tcp = TlsTestPki.Connect(loopback.Port);
        var client = new TlsClient(tcp.GetStream(), TlsTestPki.ClientOptions())
        {
            // Test seam: the Finished is encrypted correctly, but its verify_data is wrong,
            // as if the client had seen different handshake messages.
            TamperVerifyData = v => [.. v[..^1], (byte)(v[^1] ^ 1)],
        };

        var clientError = Assert.Throws<TlsAlertException>(() => client.Connect());
        var serverError = Assert.IsType<TlsAlertException>(loopback.WaitForException());

        Assert.Equal(AlertDescription.DecryptError, serverError.Description);
        Assert.False(serverError.Received);
        Assert.Equal(AlertDescription.DecryptError, clientError.Description);
        Assert.True(clientError.Received);
    }

    [Fact]
    public void Client_refuses_1536_bit_group_with_insufficient_security()
    {
        // OpenSSL's own default security level refuses to serve this group; level 1 lets it,
        // which is what an old or careless server looks like.
        var dhFile = Path.Combine(Path.GetTempPath(), $"modp1536-{Guid.NewGuid():N}.pem");
        using (var generate = System.Diagnostics.Process.Start("openssl",
            $"genpkey -genparam -algorithm DH -pkeyopt group:modp_1536 -out {dhFile}"))
        {
            Assert.True(generate.WaitForExit(10_000));
        }

        try
        {
            using var server = OpenSslProcess.StartServer(
                $"-cipher DHE-RSA-AES128-GCM-SHA256:@SECLEVEL=1 -dhparam {dhFile} -www "
                + $"-cert_chain {OpenSslProcess.Pki("inter.pem")}");
            using var tcp = TlsTestPki.Connect(server.Port);
            var client = new TlsClient(tcp.GetStream(), TlsTestPki.ClientOptions(
                CipherSuite.TlsDheRsaWithAes128GcmSha256));

            var e = Assert.Throws<TlsAlertException>(() => client.Connect());

            Assert.Equal(AlertDescription.InsufficientSecurity, e.Description);
            Assert.Contains("1536 bits", e.Message);
            server.WaitFor("insufficient security", TimeSpan.FromSeconds(5));
        }
        finally
        {
            File.Delete(dhFile);
        }
    }

    internal static X509Certificate2 SelfSignedRoot()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=Some Other Root", key,
            HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        return request.CreateSelfSigned(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2036, 1, 1, 0, 0, 0, TimeSpan.Zero));
    }
}
