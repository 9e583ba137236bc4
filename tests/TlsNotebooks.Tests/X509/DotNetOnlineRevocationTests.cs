using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using TlsNotebooks.X509;

namespace TlsNotebooks.Tests.X509;

/// <summary>
/// .NET's X509Chain cannot take a CRL from memory, but online it fetches one from the
/// certificate's distribution point; with <see cref="CrlServer"/> on loopback it sees what
/// our validator sees.
/// </summary>
public class DotNetOnlineRevocationTests
{
    [Fact]
    public void X509ChainOnline_FetchesTheCrlFromTheLoopbackServer()
    {
        using var server = CrlServer.Start();
        var now = DateTimeOffset.UtcNow;
        var options = new IssueOptions { Key = TestKeys.For("root"), Now = now };
        var root = CertificateAuthority.CreateRoot("Online Root " + Guid.NewGuid(), options);
        root.CrlDistributionPoint = server.UrlFor("root.crl");
        var ica = root.IssueIntermediate("Online CA", null,
            options with { Key = TestKeys.For("ica") });
        ica.CrlDistributionPoint = server.UrlFor("ica.crl");
        var leafOptions = options with { Key = TestKeys.For("leaf") };
        var revoked = ica.IssueServer([TestPki.Host], null, leafOptions);
        var kept = ica.IssueServer([TestPki.Host], null, leafOptions);
        ica.Revoke(revoked.Certificate, RevocationReason.KeyCompromise, now.AddMinutes(-1));
        server.Publish("root.crl", root.IssueCrl(now.AddMinutes(-5), now.AddDays(1)));
        server.Publish("ica.crl", ica.IssueCrl(now.AddMinutes(-5), now.AddDays(1)));

        var revokedStatus = Build(root, ica, revoked);
        var keptStatus = Build(root, ica, kept);

        Assert.Contains(X509ChainStatusFlags.Revoked, revokedStatus);
        Assert.Empty(keptStatus);
        Assert.True(server.RequestCount >= 1);
    }

    private static List<X509ChainStatusFlags> Build(
        CertificateAuthority root,
        CertificateAuthority ica,
        IssuedCertificate leaf)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(
            X509CertificateLoader.LoadCertificate(root.Certificate.GetEncoded()));
        chain.ChainPolicy.ExtraStore.Add(
            X509CertificateLoader.LoadCertificate(ica.Certificate.GetEncoded()));
        chain.ChainPolicy.RevocationMode = X509RevocationMode.Online;
        chain.ChainPolicy.RevocationFlag = X509RevocationFlag.EntireChain;
        chain.ChainPolicy.UrlRetrievalTimeout = TimeSpan.FromSeconds(5);
        using var certificate = X509CertificateLoader.LoadCertificate(leaf.ToDer());
        chain.Build(certificate);
        return chain.ChainStatus.Select(s => s.Status).ToList();
    }
}
