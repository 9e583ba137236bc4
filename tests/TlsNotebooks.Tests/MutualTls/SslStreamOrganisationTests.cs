using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using TlsNotebooks.Organisation;
using TlsNotebooks.Tests.Tls;
using TlsNotebooks.Tls;

namespace TlsNotebooks.Tests.MutualTls;

/// <summary>
/// The rejection matrix with .NET's SslStream on the other side, both ways: SslStream calls
/// our inventory service with the organisation's client certificates, and our client
/// presents them to an SslStream server that requires one.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class SslStreamOrganisationTests
{
    public static TheoryData<string, AlertDescription> OurServerCases() => new()
    {
        { "none", AlertDescription.HandshakeFailure },
        { "other-ca", AlertDescription.UnknownCa },
        { "expired", AlertDescription.CertificateExpired },
        { "revoked", AlertDescription.CertificateRevoked },
        { "server-only", AlertDescription.UnsupportedCertificate },
        { "not-allowed", AlertDescription.AccessDenied },
    };

    public static TheoryData<string> SslStreamServerRefusals() =>
        new("none", "other-ca", "expired", "server-only");

    [Fact]
    public void Sslstream_client_calls_our_service()
    {
        using var inventory = TestOrganisation.Org.Start("inventory");

        var (reply, error) = SslStreamCall(inventory, TestOrganisation.Callers["good"]!);
        var outcome = inventory.NextOutcome(TimeSpan.FromSeconds(20));

        Assert.Null(error);
        Assert.Equal("inventory: hello billing", reply);
        Assert.True(outcome!.Accepted);
    }

    [Theory]
    [MemberData(nameof(OurServerCases))]
    public void Our_service_refuses_sslstream_client(string caseName, AlertDescription alert)
    {
        using var inventory = TestOrganisation.Org.Start("inventory");

        var (reply, error) = SslStreamCall(inventory, TestOrganisation.Callers[caseName]);
        var outcome = inventory.NextOutcome(TimeSpan.FromSeconds(20));

        Assert.Null(reply);
        Assert.NotNull(error);
        Assert.False(outcome!.Accepted);
        Assert.Equal(alert, outcome.Alert);
        Assert.False(outcome.AlertReceived);
    }

    [Fact]
    public void Sslstream_server_accepts_our_client()
    {
        var (subject, clientError, _) = CallSslStreamServer(TestOrganisation.Callers["good"]);

        Assert.Null(clientError);
        Assert.Equal("CN=billing", subject);
    }

    [Theory]
    [MemberData(nameof(SslStreamServerRefusals))]
    public void Sslstream_server_refuses_our_client(string caseName)
    {
        var (subject, clientError, serverError) =
            CallSslStreamServer(TestOrganisation.Callers[caseName]);

        Assert.Null(subject);
        Assert.IsAssignableFrom<AuthenticationException>(serverError);

        // .NET checks the client chain in its own validation step once OpenSSL has finished
        // the handshake messages; refusing, it closes the connection without an alert, so our
        // client sees the end of the stream where the server's Finished should be.
        Assert.IsType<EndOfStreamException>(clientError);
    }

    [Fact]
    public void Sslstream_server_refuses_stolen_certificate_with_decrypt_error()
    {
        var (_, clientError, _) = CallSslStreamServer(TestOrganisation.Callers["stolen"]);

        // The CertificateVerify check is OpenSSL's own, before any callback of .NET.
        var alert = Assert.IsType<TlsAlertException>(clientError);
        Assert.Equal(AlertDescription.DecryptError, alert.Description);
    }

    [Fact]
    public void Sslstream_server_fetches_the_crl_and_refuses_a_revoked_client()
    {
        using var crlServer = TlsNotebooks.X509.CrlServer.Start();
        var org = Organisation.Organisation.Create("Published Ltd", "internal",
            ["billing", "inventory"], crlServer);
        var revoked = org.IssueClient("billing");
        org.Revoke(revoked);
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            CustomTrustStore = { org.RootCertificate },
            RevocationMode = X509RevocationMode.Online,
            RevocationFlag = X509RevocationFlag.ExcludeRoot,
            UrlRetrievalTimeout = TimeSpan.FromSeconds(5),
        };

        var good = CallSslStreamServer(org, org["billing"].Client, policy);
        var bad = CallSslStreamServer(org, revoked, policy);

        Assert.Equal("CN=billing", good.Subject);
        Assert.Null(bad.Subject);
        Assert.IsAssignableFrom<AuthenticationException>(bad.ServerError);
        Assert.IsType<EndOfStreamException>(bad.ClientError);

        // .NET fetched the CRLs from the URLs in the certificates.
        Assert.True(crlServer.RequestCount >= 1, $"{crlServer.RequestCount} requests");
    }

    private static (string? Reply, Exception? Error) SslStreamCall(
        OrganisationServer service,
        ClientIdentity? caller)
    {
        using var tcp = TlsTestPki.Connect(service.Port);
        using var ssl = new SslStream(tcp.GetStream());
        ssl.ReadTimeout = 10_000;
        try
        {
            ssl.AuthenticateAsClient(new SslClientAuthenticationOptions
            {
                TargetHost = service.Service.HostName,
                EnabledSslProtocols = SslProtocols.Tls12,
                ClientCertificateContext = caller is null
                    ? null
                    : SslStreamCertificateContext.Create(caller.Certificate,
                        [TestOrganisation.Org.IssuingCertificate], offline: true),
                CertificateChainPolicy = TrustOrganisation(),
            });
            ssl.Write("GET /stock HTTP/1.0\r\n\r\n"u8);
            var buffer = new byte[256];
            var read = ssl.Read(buffer);
            return (read == 0 ? null : System.Text.Encoding.ASCII.GetString(buffer, 0, read),
                null);
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            return (null, e);
        }
    }

    /// <summary>
    /// An SslStream server that requires a client certificate chaining to the organisation's
    /// root with the clientAuth purpose (.NET checks the purpose on the server side).
    /// </summary>
    private static (string? Subject, Exception? ClientError, Exception? ServerError)
        CallSslStreamServer(ClientIdentity? caller) =>
        CallSslStreamServer(TestOrganisation.Org, caller, TrustOrganisation());

    private static (string? Subject, Exception? ClientError, Exception? ServerError)
        CallSslStreamServer(
        Organisation.Organisation org,
        ClientIdentity? caller,
        X509ChainPolicy policy)
    {
        var inventory = org["inventory"];
        using var loopback = new Loopback<(string?, Exception?)>(stream =>
        {
            using var ssl = new SslStream(stream);
            try
            {
                ssl.AuthenticateAsServer(new SslServerAuthenticationOptions
                {
                    ServerCertificateContext = SslStreamCertificateContext.Create(
                        inventory.ServerCredential.Certificate,
                        [org.IssuingCertificate], offline: true),
                    EnabledSslProtocols = SslProtocols.Tls12,
                    ClientCertificateRequired = true,
                    CertificateChainPolicy = policy,
                    RemoteCertificateValidationCallback = (_, _, _, errors) =>
                        errors == SslPolicyErrors.None,
                });
            }
            catch (Exception e) when (e is AuthenticationException or IOException)
            {
                return (null, e);
            }

            ssl.Write("welcome"u8);
            return (ssl.RemoteCertificate?.Subject, null);
        });
        using var tcp = TlsTestPki.Connect(loopback.Port);
        var client = new TlsClient(tcp.GetStream(), new TlsClientOptions
        {
            ServerName = inventory.HostName,
            CertificateVerifier = org.ServerVerifier(),
            ClientCertificate = caller?.Credential,
            CipherSuites = [CipherSuite.TlsEcdheRsaWithAes128GcmSha256],
            ReadTimeout = TimeSpan.FromSeconds(10),
        })
        {
            StolenCertificateSigningKey = caller?.SigningKeyInstead,
        };
        Exception? clientError = null;
        try
        {
            client.Connect();
            client.Read();
        }
        catch (Exception e) when (e is TlsAlertException or IOException)
        {
            clientError = e;
        }

        var (subject, serverError) = loopback.Wait();
        return (subject, clientError, serverError);
    }

    private static X509ChainPolicy TrustOrganisation() => new()
    {
        TrustMode = X509ChainTrustMode.CustomRootTrust,
        CustomTrustStore = { TestOrganisation.Org.RootCertificate },
        RevocationMode = X509RevocationMode.NoCheck,
    };
}
