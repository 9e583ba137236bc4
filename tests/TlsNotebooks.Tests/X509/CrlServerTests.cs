using System.Net;
using System.Net.Sockets;
using TlsNotebooks.X509;

namespace TlsNotebooks.Tests.X509;

public class CrlServerTests
{
    [Fact]
    public async Task PublishedCrl_IsFetchedFromTheDistributionPointAndRevokes()
    {
        using var server = CrlServer.Start();
        var root = CertificateAuthority.CreateRoot("HTTP Root", TestKeys.Options("root"));
        var ica = root.IssueIntermediate("HTTP CA", null, TestKeys.Options("ica"));
        ica.CrlDistributionPoint = server.UrlFor("ica.crl");
        var leaf = ica.IssueServer([TestPki.Host], null, TestKeys.Options("leaf"));
        ica.Revoke(leaf.Certificate, RevocationReason.Superseded, Clock.Now.AddHours(-2));
        server.Publish("ica.crl", ica.IssueCrl(Clock.Now.AddHours(-1)));

        var fetched = await CrlFetcher.FetchForAsync(leaf.Certificate, TimeSpan.FromSeconds(5));
        var result = new PathValidator([root.Certificate]).Validate(leaf.Certificate,
            [ica.Certificate], new ValidationOptions
            {
                Time = Clock.Now,
                HostName = TestPki.Host,
                Crls = [fetched.Crl!],
            });

        Assert.True(fetched.Succeeded, fetched.ToString());
        Assert.Equal(server.UrlFor("ica.crl"), fetched.Url);
        Assert.Equal(1, server.RequestCount);
        Assert.Equal(PathValidationFailure.Revoked, result.Failure);
        Assert.Equal(RevocationReason.Superseded, result.RevocationReason);
    }

    [Fact]
    public async Task WithdrawnCrl_IsA404()
    {
        using var server = CrlServer.Start();
        var root = CertificateAuthority.CreateRoot("HTTP Root", TestKeys.Options("root"));
        server.Publish("root.crl", root.IssueCrl());
        server.Withdraw("root.crl");

        var fetched = await CrlFetcher.FetchAsync(server.UrlFor("root.crl"),
            TimeSpan.FromSeconds(5));

        Assert.False(fetched.Succeeded);
        Assert.Contains("404", fetched.Error);
    }

    [Fact]
    public async Task StoppedServer_IsUnreachable_AndStoppingTwiceIsHarmless()
    {
        var server = CrlServer.Start();
        var root = CertificateAuthority.CreateRoot("HTTP Root", TestKeys.Options("root"));
        server.Publish("root.crl", root.IssueCrl());
        var url = server.UrlFor("root.crl");

        server.Dispose();
        server.Dispose();
        var fetched = await CrlFetcher.FetchAsync(url, TimeSpan.FromSeconds(5));

        Assert.False(fetched.Succeeded);
        Assert.Contains("unreachable", fetched.Error);
    }

    [Fact]
    public async Task SilentServer_TimesOut()
    {
        // A listener that accepts connections and never answers: the fetcher must give up.
        var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        try
        {
            var port = ((IPEndPoint)silent.LocalEndpoint).Port;
            var started = DateTime.UtcNow;

            var fetched = await CrlFetcher.FetchAsync($"http://127.0.0.1:{port}/x.crl",
                TimeSpan.FromMilliseconds(500));

            Assert.False(fetched.Succeeded);
            Assert.Contains("no answer within", fetched.Error);
            Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5));
        }
        finally
        {
            silent.Stop();
        }
    }

    [Fact]
    public async Task ClosedPort_IsUnreachable()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();

        var fetched = await CrlFetcher.FetchAsync($"http://127.0.0.1:{port}/x.crl",
            TimeSpan.FromSeconds(5));

        Assert.False(fetched.Succeeded);
        Assert.Contains("unreachable", fetched.Error);
    }

    [Fact]
    public async Task NonHttpUrl_IsNotFetched()
    {
        var fetched = await CrlFetcher.FetchAsync("ldap://example.test/cn=crl",
            TimeSpan.FromSeconds(1));

        Assert.False(fetched.Succeeded);
        Assert.Contains("http://", fetched.Error);
    }
}
