using System.Security.Cryptography.X509Certificates;
using TlsNotebooks.Tls;

namespace TlsNotebooks.Tests.Tls;

/// <summary>The default verifier: chain, purpose, host name and time, each with its alert.</summary>
public class CertificateVerifierTests
{
    private static readonly X509Certificate2[] ServerChain =
        [TlsTestPki.Server.Certificate, TlsTestPki.Intermediate];

    private static readonly X509Certificate2[] ClientChain =
        [TlsTestPki.Client.Certificate, TlsTestPki.Intermediate];

    [Fact]
    public void Accepts_server_chain_for_its_names()
    {
        TlsTestPki.Verifier.VerifyServer(ServerChain, "localhost");
        TlsTestPki.Verifier.VerifyServer(ServerChain, "127.0.0.1");
        TlsTestPki.Verifier.VerifyClient(ClientChain);
    }

    [Theory]
    [InlineData("other.example", AlertDescription.BadCertificate)]
    [InlineData(null, AlertDescription.UnknownCa)]
    public void Refuses_wrong_name_or_missing_intermediate(string? host, AlertDescription alert)
    {
        X509Certificate2[] chain = host is null ? [ServerChain[0]] : ServerChain;

        var e = Assert.Throws<TlsAlertException>(
            () => TlsTestPki.Verifier.VerifyServer(chain, host));

        Assert.Equal(alert, e.Description);
    }

    [Fact]
    public void Refuses_chain_after_it_expired_with_certificate_expired()
    {
        var later = new X509ChainCertificateVerifier(TlsTestPki.Root)
        {
            VerificationTime = new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc),
        };

        var e = Assert.Throws<TlsAlertException>(() => later.VerifyServer(ServerChain, null));

        Assert.Equal(AlertDescription.CertificateExpired, e.Description);
    }

    [Fact]
    public void Refuses_certificate_used_for_the_other_purpose()
    {
        var asClient = Assert.Throws<TlsAlertException>(
            () => TlsTestPki.Verifier.VerifyClient(ServerChain));
        var asServer = Assert.Throws<TlsAlertException>(
            () => TlsTestPki.Verifier.VerifyServer(ClientChain, null));

        Assert.Equal(AlertDescription.UnsupportedCertificate, asClient.Description);
        Assert.Equal(AlertDescription.UnsupportedCertificate, asServer.Description);
    }
}
