using TlsNotebooks.Organisation;
using TlsNotebooks.Tests.Tls;
using TlsNotebooks.Tls;

namespace TlsNotebooks.Tests.MutualTls;

/// <summary>
/// The rejection matrix against OpenSSL 3.0, both ways: `openssl s_client -cert -key` calls
/// our inventory service, and our client presents the organisation's certificates to
/// `openssl s_server -Verify 1 -verify_return_error -CRL -crl_check`.
/// </summary>
public class OpenSslMutualTlsTests
{
    /// <summary>What s_client prints for each alert it receives.</summary>
    public static TheoryData<string, AlertDescription, string> ClientCases() => new()
    {
        { "none", AlertDescription.HandshakeFailure, "alert handshake failure" },
        { "other-ca", AlertDescription.UnknownCa, "alert unknown ca" },
        { "expired", AlertDescription.CertificateExpired, "alert certificate expired" },
        { "revoked", AlertDescription.CertificateRevoked, "alert certificate revoked" },
        { "server-only", AlertDescription.UnsupportedCertificate,
            "alert unsupported certificate" },
        { "not-allowed", AlertDescription.AccessDenied, "alert access denied" },
    };

    /// <summary>The alert s_server sends our client for each bad caller.</summary>
    public static TheoryData<string, AlertDescription> ServerCases() => new()
    {
        { "none", AlertDescription.HandshakeFailure },
        { "other-ca", AlertDescription.UnknownCa },
        { "expired", AlertDescription.CertificateExpired },
        { "revoked", AlertDescription.CertificateRevoked },
        { "server-only", AlertDescription.UnsupportedCertificate },
        { "stolen", AlertDescription.DecryptError },
    };

    [Fact]
    public void Our_service_answers_s_client_with_a_good_certificate()
    {
        using var inventory = TestOrganisation.Org.Start("inventory");
        using var client = StartClient(inventory, TestOrganisation.Files("good"));

        var outcome = inventory.NextOutcome(TimeSpan.FromSeconds(20));
        client.WaitFor("inventory: hello billing", TimeSpan.FromSeconds(10));

        Assert.NotNull(outcome);
        Assert.True(outcome!.Accepted, outcome.ToString());
        Assert.Equal("billing", outcome.Caller);
        Assert.Contains("Verify return code: 0 (ok)", client.Output);
    }

    [Theory]
    [MemberData(nameof(ClientCases))]
    public void Our_service_refuses_s_client(string caseName, AlertDescription alert,
        string printed)
    {
        using var inventory = TestOrganisation.Org.Start("inventory");
        using var client = StartClient(inventory,
            caseName == "none" ? null : TestOrganisation.Files(caseName));

        var outcome = inventory.NextOutcome(TimeSpan.FromSeconds(20));
        client.WaitFor(printed, TimeSpan.FromSeconds(10));

        Assert.NotNull(outcome);
        Assert.False(outcome!.Accepted);
        Assert.Equal(alert, outcome.Alert);
        Assert.False(outcome.AlertReceived);
        Assert.DoesNotContain("inventory: hello", client.Output);
    }

    [Fact]
    public void S_client_will_not_present_a_certificate_with_another_key()
    {
        // The stolen-certificate case cannot be played with s_client: it checks that the key
        // matches the certificate before it connects (our own client has a deliberate switch
        // for it, tested against s_server below).
        using var inventory = TestOrganisation.Org.Start("inventory");
        var stolen = TestOrganisation.Files("good") with
        {
            Key = TestOrganisation.Files("not-allowed").Key,
        };
        using var client = StartClient(inventory, stolen);

        client.WaitFor("key values mismatch", TimeSpan.FromSeconds(10));

        Assert.Null(inventory.NextOutcome(TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void S_server_accepts_our_client_with_a_good_certificate()
    {
        using var server = StartServer();
        using var tcp = TlsTestPki.Connect(server.Port);
        var client = new TlsClient(tcp.GetStream(), Options(TestOrganisation.Callers["good"]));

        client.Connect();
        client.Write("GET / HTTP/1.0\r\n\r\n"u8);
        var page = System.Text.Encoding.ASCII.GetString(client.Read());

        // -www answers only after -verify_return_error accepted the chain, the CRL and the
        // CertificateVerify signature.
        Assert.StartsWith("HTTP/1.0 200 ok", page);
        Assert.Contains(client.Transcript.Messages, m =>
            m.Direction == Direction.Sent && m.Name == "CertificateVerify");
    }

    [Theory]
    [MemberData(nameof(ServerCases))]
    public void S_server_refuses_our_client(string caseName, AlertDescription alert)
    {
        using var server = StartServer();
        using var tcp = TlsTestPki.Connect(server.Port);
        var caller = TestOrganisation.Callers[caseName];
        var client = new TlsClient(tcp.GetStream(), Options(caller))
        {
            StolenCertificateSigningKey = caller?.SigningKeyInstead,
        };

        var e = Assert.Throws<TlsAlertException>(() => client.Connect());

        Assert.True(e.Received, e.Message);
        Assert.Equal(alert, e.Description);
    }

    [Theory]
    [InlineData("-verify 1", null)]
    [InlineData("-Verify 1", AlertDescription.HandshakeFailure)]
    public void Asked_only_for_an_ecdsa_certificate_our_client_sends_none(string policy,
        AlertDescription? refusal)
    {
        // s_server restricted to ECDSA signatures sends certificate_types [ecdsa_sign]. An
        // RSA certificate does not suit that request, so RFC 5246 §7.4.6 has the client send
        // an empty Certificate: let in anonymously when the certificate is optional (-verify),
        // refused when it is required (-Verify).
        using var server = StartServer($"-client_sigalgs ECDSA+SHA256 {policy}");
        using var tcp = TlsTestPki.Connect(server.Port);
        var client = new TlsClient(tcp.GetStream(), Options(TestOrganisation.Callers["good"]));

        var error = Record.Exception(() =>
        {
            client.Connect();
            client.Write("GET / HTTP/1.0\r\n\r\n"u8);
            Assert.StartsWith("HTTP/1.0 200 ok", System.Text.Encoding.ASCII.GetString(
                client.Read()));
        });

        var request = client.Transcript.Messages.Select(m => m.Message)
            .OfType<TlsNotebooks.Tls.Messages.CertificateRequest>().Single();
        Assert.Equal([ClientCertificateType.EcdsaSign], request.CertificateTypes);
        var sent = client.Transcript.Messages.Where(m => m.Direction == Direction.Sent)
            .Select(m => m.Message).ToList();
        Assert.Empty(sent.OfType<TlsNotebooks.Tls.Messages.Certificate>().Single()
            .CertificateList);
        Assert.Empty(sent.OfType<TlsNotebooks.Tls.Messages.CertificateVerify>());
        Assert.Contains("rsa_sign", client.ClientCertificateWithheld);
        if (refusal is null)
        {
            Assert.Null(error);
        }
        else
        {
            var alert = Assert.IsType<TlsAlertException>(error);
            Assert.True(alert.Received);
            Assert.Equal(refusal, alert.Description);
        }
    }

    private static string Now => $"-attime {DateTimeOffset.UtcNow.ToUnixTimeSeconds()}";

    private static TlsClientOptions Options(ClientIdentity? caller) => new()
    {
        ServerName = TestOrganisation.Org["inventory"].HostName,
        CertificateVerifier = TestOrganisation.Org.ServerVerifier(),
        ClientCertificate = caller?.Credential,
        ReadTimeout = TimeSpan.FromSeconds(10),
    };

    private static OpenSslProcess StartServer() =>
        StartServer("-Verify 1 -verify_return_error");

    private static OpenSslProcess StartServer(string verification)
    {
        // s_server is started with the organisation's inventory certificate: the -cert, -key
        // and -attime given last replace the defaults of OpenSslProcess (made for the shared
        // PKI at a fixed time; the organisation's certificates and CRLs are made now).
        var trust = TestOrganisation.Trust;
        var inventory = TestOrganisation.Files("inventory-server");
        return OpenSslProcess.StartServer(
            $"-cert {inventory.Certificate} -key {inventory.Key} -cert_chain {inventory.Chain} "
            + $"{Now} "
            + $"{verification} -CAfile {trust.Root} "
            + $"-CRL {trust.IssuingCrl} -crl_check -www");
    }

    private static OpenSslProcess StartClient(OrganisationServer service, PemFiles? caller)
    {
        var trust = TestOrganisation.Trust;
        var certificate = caller is null
            ? string.Empty
            : $"-cert {caller.Certificate} -key {caller.Key} -cert_chain {caller.Chain} ";
        var client = OpenSslProcess.StartClient(service.Port,
            $"{Now} -servername {service.Service.HostName} -CAfile {trust.Root} "
            + $"-verify_return_error {certificate}");
        client.Send("GET /stock HTTP/1.0\n\n");
        return client;
    }
}
