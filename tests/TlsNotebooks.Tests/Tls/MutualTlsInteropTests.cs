using System.Text;
using TlsNotebooks.Tls;

namespace TlsNotebooks.Tests.Tls;

/// <summary>Client certificates (RFC 5246 §7.4.4, §7.4.6, §7.4.8) against OpenSSL.</summary>
public class MutualTlsInteropTests
{
    private static readonly string VerifyingServer = "-cipher DHE-RSA-AES128-GCM-SHA256 "
        + $"-dhparam {OpenSslProcess.Pki("ffdhe2048.pem")} "
        + $"-cert_chain {OpenSslProcess.Pki("inter.pem")} "
        + $"-Verify 2 -verify_return_error -CAfile {OpenSslProcess.Pki("root.pem")} -www";

    [Fact]
    public void Our_client_presents_certificate_to_openssl_server()
    {
        using var server = OpenSslProcess.StartServer(VerifyingServer);
        using var tcp = TlsTestPki.Connect(server.Port);
        var client = new TlsClient(tcp.GetStream(), TlsTestPki.ClientOptions(
            clientCertificate: TlsTestPki.Client));

        client.Connect();
        client.Write("GET / HTTP/1.0\r\n\r\n"u8);
        var page = OpenSslServerInteropTests.ReadAll(client);

        // -Verify with -verify_return_error: a page at all means OpenSSL accepted the chain
        // and the CertificateVerify signature.
        Assert.StartsWith("HTTP/1.0 200 ok", page);
        var verify = client.Transcript.Messages.Select(m => m.Message)
            .OfType<TlsNotebooks.Tls.Messages.CertificateVerify>().Single();
        Assert.Equal(SignatureScheme.RsaPssRsaeSha256, verify.Algorithm);
    }

    [Fact]
    public void Openssl_server_refuses_our_client_without_certificate()
    {
        using var server = OpenSslProcess.StartServer(VerifyingServer);
        using var tcp = TlsTestPki.Connect(server.Port);
        var client = new TlsClient(tcp.GetStream(), TlsTestPki.ClientOptions());

        var e = Assert.Throws<TlsAlertException>(() => client.Connect());

        Assert.True(e.Received);
        Assert.Equal(AlertDescription.HandshakeFailure, e.Description);
    }

    [Fact]
    public void Our_server_accepts_s_client_certificate()
    {
        using var loopback = new Loopback<TlsServer>(stream =>
        {
            var server = new TlsServer(stream, OpenSslClientInteropTests.ServerOptions(
                clientAuthentication: ClientAuthentication.Required));
            server.Accept();
            server.Write(Encoding.ASCII.GetBytes("hello " + server.PeerCertificates[0].Subject));
            return server;
        });
        using var client = OpenSslProcess.StartClient(loopback.Port,
            $"-CAfile {OpenSslProcess.Pki("root.pem")} -cert {OpenSslProcess.Pki("client.pem")} "
            + $"-key {OpenSslProcess.Pki("client.key")} "
            + $"-cert_chain {OpenSslProcess.Pki("inter.pem")}");

        var server = loopback.Wait();
        client.WaitFor("hello CN=", TimeSpan.FromSeconds(5));

        Assert.Equal(2, server.PeerCertificates.Count);
        Assert.Contains(server.Transcript.Messages, m =>
            m.Direction == Direction.Received && m.Name == "CertificateVerify");
    }

    [Fact]
    public void Our_server_refuses_client_certificate_from_unknown_ca()
    {
        using var otherRoot = NegativeInteropTests.SelfSignedRoot();
        using var loopback = new Loopback<bool>(stream =>
        {
            var options = OpenSslClientInteropTests.ServerOptions(
                clientAuthentication: ClientAuthentication.Required);
            new TlsServer(stream, new TlsServerOptions
            {
                Credential = options.Credential,
                ClientAuthentication = ClientAuthentication.Required,
                ClientCertificateVerifier = new X509ChainCertificateVerifier(otherRoot)
                {
                    VerificationTime = TlsTestPki.VerificationTime,
                },
            }).Accept();
            return true;
        });
        using var client = OpenSslProcess.StartClient(loopback.Port,
            $"-CAfile {OpenSslProcess.Pki("root.pem")} -cert {OpenSslProcess.Pki("client.pem")} "
            + $"-key {OpenSslProcess.Pki("client.key")} "
            + $"-cert_chain {OpenSslProcess.Pki("inter.pem")}");

        var e = Assert.IsType<TlsAlertException>(loopback.WaitForException());

        Assert.Equal(AlertDescription.UnknownCa, e.Description);
        client.WaitFor("alert unknown ca", TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Curl_fetches_a_page_from_our_server()
    {
        Assert.True(File.Exists("/usr/bin/curl"),
            "This test needs curl (Debian package curl): run .ci/setup tests.");

        // curl has no option to verify at a fixed time: once the test PKI's leaves expire
        // (2029) this check can no longer run, and says so by returning.
        if (DateTime.UtcNow > TlsTestPki.Server.Certificate.NotAfter.ToUniversalTime())
        {
            return;
        }

        using var loopback = new Loopback<string>(stream =>
        {
            var server = new TlsServer(stream, OpenSslClientInteropTests.ServerOptions());
            server.Accept();
            var request = Encoding.ASCII.GetString(server.Read());
            server.Write("HTTP/1.0 200 OK\r\nContent-Length: 5\r\n\r\nhello"u8);
            server.Close();
            return request;
        });
        using var curl = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(
            "curl", $"-sS --max-time 10 --tlsv1.2 --tls-max 1.2 --cacert "
            + $"{OpenSslProcess.Pki("root.pem")} --resolve localhost:{loopback.Port}:127.0.0.1 "
            + $"https://localhost:{loopback.Port}/")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        try
        {
            var body = curl.StandardOutput.ReadToEnd();
            Assert.True(curl.WaitForExit(15_000));
            Assert.Equal("hello", body);
            Assert.StartsWith("GET / HTTP/1.1", loopback.Wait());
        }
        finally
        {
            if (!curl.HasExited)
            {
                curl.Kill();
            }
        }
    }
}
