using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using TlsNotebooks.Tls;

namespace TlsNotebooks.Tests.Tls;

/// <summary>
/// Client certificates with .NET's SslStream on the other side, both directions.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class SslStreamMutualTlsTests
{
    [Fact]
    public void Our_client_presents_certificate_to_sslstream_server()
    {
        using var loopback = new Loopback<string?>(stream =>
        {
            using var ssl = new SslStream(stream);
            ssl.AuthenticateAsServer(new SslServerAuthenticationOptions
            {
                ServerCertificateContext = SslStreamCertificateContext.Create(
                    TlsTestPki.Server.Certificate, [TlsTestPki.Intermediate], offline: true),
                EnabledSslProtocols = SslProtocols.Tls12,
                ClientCertificateRequired = true,
                CertificateChainPolicy = TrustTestRoot(),
                RemoteCertificateValidationCallback = (_, _, _, errors) =>
                    errors == SslPolicyErrors.None,
            });
            ssl.Write("welcome"u8);
            return ssl.RemoteCertificate?.Subject;
        });
        using var tcp = TlsTestPki.Connect(loopback.Port);
        var client = new TlsClient(tcp.GetStream(), TlsTestPki.ClientOptions(
            CipherSuite.TlsEcdheRsaWithAes128GcmSha256, clientCertificate: TlsTestPki.Client));

        client.Connect();
        var reply = client.Read();

        Assert.Equal("welcome"u8.ToArray(), reply);
        Assert.Equal("CN=client.example", loopback.Wait());
    }

    [Fact]
    public void Sslstream_client_presents_certificate_to_our_server()
    {
        using var loopback = new Loopback<TlsServer>(stream =>
        {
            var server = new TlsServer(stream, OpenSslClientInteropTests.ServerOptions(
                clientAuthentication: ClientAuthentication.Required));
            server.Accept();
            server.Write("welcome"u8);
            return server;
        });
        using var tcp = TlsTestPki.Connect(loopback.Port);
        using var ssl = new SslStream(tcp.GetStream());
        ssl.ReadTimeout = 10_000;
        ssl.AuthenticateAsClient(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            EnabledSslProtocols = SslProtocols.Tls12,
            ClientCertificateContext = SslStreamCertificateContext.Create(
                TlsTestPki.Client.Certificate, [TlsTestPki.Intermediate], offline: true),
            CertificateChainPolicy = TrustTestRoot(),
        });
        var buffer = new byte[16];
        var read = ssl.Read(buffer);
        var server = loopback.Wait();

        Assert.Equal("welcome"u8.ToArray(), buffer[..read]);
        Assert.Equal("CN=client.example", server.PeerCertificates[0].Subject);
        Assert.Contains(server.Transcript.Messages, m => m.Name == "CertificateVerify");
    }

    private static X509ChainPolicy TrustTestRoot() => new()
    {
        TrustMode = X509ChainTrustMode.CustomRootTrust,
        CustomTrustStore = { TlsTestPki.Root },
        RevocationMode = X509RevocationMode.NoCheck,
        VerificationTime = TlsTestPki.VerificationTime,
        VerificationTimeIgnored = false,
    };
}
