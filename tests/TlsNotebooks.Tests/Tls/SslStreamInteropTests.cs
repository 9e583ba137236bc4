using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using TlsNotebooks.Tls;

namespace TlsNotebooks.Tests.Tls;

/// <summary>
/// Against .NET's SslStream (OpenSSL underneath on Linux). As a server it never negotiates
/// DHE (it sets no DH parameters), so the RSA and ECDHE suites are used; as a client it
/// offers DHE when its CipherSuitesPolicy names the suite.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class SslStreamInteropTests
{
    [Theory]
    [InlineData(CipherSuite.TlsEcdheRsaWithAes128GcmSha256,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256)]
    [InlineData(CipherSuite.TlsRsaWithAes128GcmSha256,
        TlsCipherSuite.TLS_RSA_WITH_AES_128_GCM_SHA256)]
    public void Our_client_talks_to_sslstream_server(CipherSuite suite, TlsCipherSuite dotnetSuite)
    {
        using var loopback = new Loopback<string>(stream =>
        {
            using var ssl = new SslStream(stream);
            ssl.AuthenticateAsServer(new SslServerAuthenticationOptions
            {
                ServerCertificateContext = SslStreamCertificateContext.Create(
                    TlsTestPki.Server.Certificate, [TlsTestPki.Intermediate], offline: true),
                EnabledSslProtocols = SslProtocols.Tls12,
                CipherSuitesPolicy = new CipherSuitesPolicy([dotnetSuite]),
            });
            var buffer = new byte[100];
            var read = ssl.Read(buffer);
            ssl.Write(Encoding.ASCII.GetBytes("sslstream got " + read));
            ssl.ShutdownAsync().Wait(5000);
            return ssl.NegotiatedCipherSuite.ToString();
        });
        using var tcp = TlsTestPki.Connect(loopback.Port);
        var client = new TlsClient(tcp.GetStream(), TlsTestPki.ClientOptions(suite));

        client.Connect();
        client.Write("12345"u8);
        var reply = Encoding.ASCII.GetString(client.Read());

        Assert.Equal("sslstream got 5", reply);
        Assert.Equal(dotnetSuite.ToString(), loopback.Wait());
        Assert.Equal(2, client.PeerCertificates.Count);
    }

    [Theory]
    [InlineData(CipherSuite.TlsDheRsaWithAes128GcmSha256,
        TlsCipherSuite.TLS_DHE_RSA_WITH_AES_128_GCM_SHA256)]
    [InlineData(CipherSuite.TlsEcdheRsaWithAes128GcmSha256,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256)]
    [InlineData(CipherSuite.TlsRsaWithAes128GcmSha256,
        TlsCipherSuite.TLS_RSA_WITH_AES_128_GCM_SHA256)]
    public void Sslstream_client_talks_to_our_server(CipherSuite suite, TlsCipherSuite dotnetSuite)
    {
        using var loopback = new Loopback<TlsServer>(stream =>
        {
            var server = new TlsServer(stream, OpenSslClientInteropTests.ServerOptions(suite));
            server.Accept();
            server.Write([.. "hello "u8, .. server.Read()]);
            return server;
        });
        using var tcp = TlsTestPki.Connect(loopback.Port);
        using var ssl = new SslStream(tcp.GetStream());
        ssl.ReadTimeout = 10_000;
        ssl.AuthenticateAsClient(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            EnabledSslProtocols = SslProtocols.Tls12,
            CipherSuitesPolicy = new CipherSuitesPolicy([dotnetSuite]),
            CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                CustomTrustStore = { TlsTestPki.Root },
                RevocationMode = X509RevocationMode.NoCheck,
                VerificationTime = TlsTestPki.VerificationTime,
                VerificationTimeIgnored = false,
            },
        });

        ssl.Write("sslstream"u8);
        var buffer = new byte[100];
        var read = ssl.Read(buffer);
        var server = loopback.Wait();

        Assert.Equal("hello sslstream", Encoding.ASCII.GetString(buffer, 0, read));
        Assert.Equal(dotnetSuite, ssl.NegotiatedCipherSuite);
        Assert.Equal(suite, server.NegotiatedCipherSuite);
        Assert.True(server.UsesExtendedMasterSecret);
    }
}
