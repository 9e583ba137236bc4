using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using TlsNotebooks.X509;
using Xunit.Abstractions;

namespace TlsNotebooks.Tests.X509;

/// <summary>
/// .NET's X509Chain cannot take a CRL from memory, but online it fetches one from the
/// certificate's distribution point; with <see cref="CrlServer"/> on loopback it sees the CRL
/// our validator sees. These are the CRL rows of the differential matrix for X509Chain: the
/// same published list, fetched by both, must give the same verdict.
/// </summary>
public class DotNetOnlineRevocationTests
{
    private readonly ITestOutputHelper _output;

    public DotNetOnlineRevocationTests(ITestOutputHelper output)
    {
        _output = output;
    }

    /// <summary>What the issuing CA publishes at the leaf's distribution point.</summary>
    public enum Published
    {
        FreshCrl,
        FreshCrlListingTheLeaf,
        StaleCrl,
        CrlWithBadSignature,
        Nothing,
    }

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

        var revokedStatus = Build(root, ica, revoked, X509RevocationFlag.EntireChain);
        var keptStatus = Build(root, ica, kept, X509RevocationFlag.EntireChain);

        Assert.Contains(X509ChainStatusFlags.Revoked, revokedStatus);
        Assert.Empty(keptStatus);
        Assert.True(server.RequestCount >= 1);
    }

    [Theory]
    [InlineData(Published.FreshCrl, PathValidationFailure.None)]
    [InlineData(Published.FreshCrlListingTheLeaf, PathValidationFailure.Revoked)]
    [InlineData(Published.StaleCrl, PathValidationFailure.RevocationStatusUnknown)]
    [InlineData(Published.CrlWithBadSignature, PathValidationFailure.InvalidCrl)]
    [InlineData(Published.Nothing, PathValidationFailure.RevocationStatusUnknown)]
    public async Task X509ChainOnline_AgreesWithOurVerdictOnTheFetchedCrl(
        Published published,
        PathValidationFailure expected)
    {
        // A new root name each time: X509Chain caches CRLs on disk by issuer, and a list
        // left from another case or run must not answer for this one.
        using var server = CrlServer.Start();
        var now = DateTimeOffset.UtcNow;
        var options = new IssueOptions { Key = TestKeys.For("root"), Now = now };
        var tag = Guid.NewGuid().ToString("N")[..12];
        var root = CertificateAuthority.CreateRoot($"Online Root {tag}", options);
        var ica = root.IssueIntermediate($"Online CA {tag}", null,
            options with { Key = TestKeys.For("ica") });
        ica.CrlDistributionPoint = server.UrlFor("ica.crl");
        var leaf = ica.IssueServer([TestPki.Host], null,
            options with { Key = TestKeys.For("leaf") });
        if (published == Published.FreshCrlListingTheLeaf)
        {
            ica.Revoke(leaf.Certificate, RevocationReason.KeyCompromise, now.AddMinutes(-1));
        }

        var crl = published switch
        {
            Published.StaleCrl => ica.IssueCrl(now.AddDays(-10), now.AddDays(-3)),
            Published.CrlWithBadSignature => ica.IssueCrl(now.AddMinutes(-5), now.AddDays(1),
                CrlFaults.BadSignature),
            _ => ica.IssueCrl(now.AddMinutes(-5), now.AddDays(1)),
        };
        if (published != Published.Nothing)
        {
            server.Publish("ica.crl", crl);
        }

        // Ours: the client fetches the list itself and fails hard without one, as X509Chain
        // does online. The root's CRL (which would cover the intermediate) is at hand.
        var fetched = await CrlFetcher.FetchForAsync(leaf.Certificate, TimeSpan.FromSeconds(5));
        var ours = new PathValidator([root.Certificate]).Validate(leaf.Certificate,
            [ica.Certificate], new ValidationOptions
            {
                Time = now,
                HostName = TestPki.Host,
                Crls = fetched.Crl is { } list ? [list, root.IssueCrl()] : [root.IssueCrl()],
                Revocation = RevocationMode.Require,
            });
        var theirs = Build(root, ica, leaf, X509RevocationFlag.EndCertificateOnly);
        _output.WriteLine($"{published}: ours {ours.Failure}, X509Chain " +
            (theirs.Count == 0 ? "no errors" : string.Join(", ", theirs)));

        Assert.Equal(expected, ours.Failure);
        Assert.Equal(ours.IsValid, theirs.Count == 0);
        Assert.Equal(published != Published.Nothing, fetched.Succeeded);
        if (published == Published.FreshCrlListingTheLeaf)
        {
            Assert.Contains(X509ChainStatusFlags.Revoked, theirs);
        }
    }

    private static List<X509ChainStatusFlags> Build(
        CertificateAuthority root,
        CertificateAuthority ica,
        IssuedCertificate leaf,
        X509RevocationFlag scope)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(
            X509CertificateLoader.LoadCertificate(root.Certificate.GetEncoded()));
        chain.ChainPolicy.ExtraStore.Add(
            X509CertificateLoader.LoadCertificate(ica.Certificate.GetEncoded()));
        chain.ChainPolicy.RevocationMode = X509RevocationMode.Online;
        chain.ChainPolicy.RevocationFlag = scope;
        chain.ChainPolicy.UrlRetrievalTimeout = TimeSpan.FromSeconds(5);
        using var certificate = X509CertificateLoader.LoadCertificate(leaf.ToDer());
        chain.Build(certificate);
        return chain.ChainStatus.Select(s => s.Status).ToList();
    }
}
