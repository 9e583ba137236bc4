using TlsNotebooks.Organisation;
using TlsNotebooks.Tls;

namespace TlsNotebooks.Tests.MutualTls;

/// <summary>
/// The rejection matrix of notebook 06, our client against our server: each caller of the
/// inventory service and the alert the service refuses it with (RFC 5246 §7.2.2).
/// </summary>
public class RejectionMatrixTests
{
    public static TheoryData<string, AlertDescription, string> Refusals() => new()
    {
        // RFC 5246 §7.4.6: a server that requires a certificate may answer an empty
        // Certificate with handshake_failure.
        { "none", AlertDescription.HandshakeFailure, "sent no certificate" },
        { "other-ca", AlertDescription.UnknownCa, "NoPathToTrustAnchor" },
        { "expired", AlertDescription.CertificateExpired, "Expired" },
        { "revoked", AlertDescription.CertificateRevoked, "Revoked" },
        { "server-only", AlertDescription.UnsupportedCertificate, "WrongExtendedKeyUsage" },
        { "stolen", AlertDescription.DecryptError, "CertificateVerify" },
        { "not-allowed", AlertDescription.AccessDenied, "does not let it call inventory" },
    };

    [Fact]
    public void Billing_calls_inventory()
    {
        using var inventory = TestOrganisation.Org.Start("inventory");

        var call = TestOrganisation.Org.Call(TestOrganisation.Callers["good"], inventory);

        Assert.True(call.Accepted, call.ToString());
        Assert.Equal("inventory: hello billing", call.Reply);
        Assert.Null(call.Alert);
        Assert.Equal("billing", inventory.Outcomes.Single().Caller);

        // The three messages mutual TLS adds, in the order RFC 5246 §7.3 puts them.
        Assert.Equal(
            ["< CertificateRequest", "> Certificate", "> ClientKeyExchange",
             "> CertificateVerify"],
            call.Messages.Where(m => m is "< CertificateRequest" or "> Certificate"
                or "> ClientKeyExchange" or "> CertificateVerify"));
        Assert.True(inventory.Verifier.LastResult!.IsValid);
        Assert.Equal(3, inventory.Verifier.LastResult.Path.Count);
    }

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Inventory_refuses(string caseName, AlertDescription alert, string reason)
    {
        using var inventory = TestOrganisation.Org.Start("inventory");

        var call = TestOrganisation.Org.Call(TestOrganisation.Callers[caseName], inventory);

        Assert.False(call.Accepted);
        Assert.Null(call.Reply);
        Assert.Equal(alert, call.Alert);
        Assert.Equal("server", call.AlertSentBy);
        Assert.Contains(reason, call.Reason);

        // The caller received exactly that alert from the service.
        Assert.NotNull(call.ClientError);
        Assert.True(call.ClientError!.Received);
        Assert.Equal(alert, call.ClientError.Description);
    }

    [Fact]
    public void Not_allowed_caller_is_refused_only_after_its_finished()
    {
        using var inventory = TestOrganisation.Org.Start("inventory");

        var call = TestOrganisation.Org.Call(TestOrganisation.Callers["not-allowed"], inventory);

        // Authentication succeeded (chain, CertificateVerify, Finished), then authorisation
        // refused: the service sends access_denied where its ChangeCipherSpec would be.
        var sent = call.Server.Transcript!.Messages.Where(m => m.Direction == Direction.Sent)
            .Select(m => m.Name).ToList();
        Assert.Equal("Alert access_denied", sent[^1]);
        Assert.Contains(call.Server.Transcript.Messages,
            m => m.Direction == Direction.Received && m.Name == "Finished");
        Assert.Equal("reporting", call.Server.Caller);
    }

    [Fact]
    public void Revocation_takes_effect_on_the_next_handshake()
    {
        var org = Organisation.Organisation.Create("Revoking Ltd", "billing", "inventory");
        org.Policy.Allow("billing", "inventory");
        using var inventory = org.Start("inventory");
        var billing = org["billing"].Client;

        var before = org.Call(billing, inventory);
        org.Revoke(billing);
        var after = org.Call(billing, inventory);

        Assert.True(before.Accepted, before.ToString());
        Assert.Equal(AlertDescription.CertificateRevoked, after.Alert);
        Assert.Contains("KeyCompromise", inventory.Verifier.LastResult!.ToString());
    }

    [Fact]
    public void Without_client_authentication_anyone_gets_in()
    {
        using var inventory = TestOrganisation.Org.Start("inventory", ClientAuthentication.None);

        var anonymous = TestOrganisation.Org.Call(null, inventory);
        var outsider = TestOrganisation.Org.Call(TestOrganisation.Callers["other-ca"], inventory);

        Assert.Equal("inventory: hello anonymous", anonymous.Reply);
        Assert.True(outsider.Accepted);
        Assert.DoesNotContain("< CertificateRequest", anonymous.Messages);
        Assert.DoesNotContain("> CertificateVerify", outsider.Messages);
    }

    [Fact]
    public void Optional_client_authentication_leaves_the_decision_to_the_service()
    {
        using var inventory = TestOrganisation.Org.Start(
            "inventory", ClientAuthentication.Optional);

        var anonymous = TestOrganisation.Org.Call(null, inventory);
        var billing = TestOrganisation.Org.Call(TestOrganisation.Callers["good"], inventory);
        var expired = TestOrganisation.Org.Call(TestOrganisation.Callers["expired"], inventory);

        // The handshake lets an empty Certificate through; the access policy then refuses.
        Assert.Contains("> Certificate", anonymous.Messages);
        Assert.Equal(AlertDescription.AccessDenied, anonymous.Alert);
        Assert.Contains("sent no certificate", anonymous.Reason);
        Assert.True(billing.Accepted);

        // A certificate that is sent is still checked in full.
        Assert.Equal(AlertDescription.CertificateExpired, expired.Alert);
    }

    [Fact]
    public void Certificate_request_names_the_issuing_ca()
    {
        using var inventory = TestOrganisation.Org.Start("inventory");

        var call = TestOrganisation.Org.Call(TestOrganisation.Callers["good"], inventory);

        var request = call.ClientTranscript.Messages.Select(m => m.Message)
            .OfType<TlsNotebooks.Tls.Messages.CertificateRequest>().Single();
        var name = new System.Security.Cryptography.X509Certificates.X500DistinguishedName(
            request.CertificateAuthorities.Single());
        Assert.Equal("CN=Example Ltd Issuing CA", name.Name);
        Assert.Contains(SignatureScheme.RsaPkcs1Sha256, request.SupportedSignatureAlgorithms);
    }

    [Fact]
    public void Call_result_table_names_alert_and_sender()
    {
        using var inventory = TestOrganisation.Org.Start("inventory");

        var call = TestOrganisation.Org.Call(TestOrganisation.Callers["revoked"], inventory);

        var fields = call.GetFields().ToDictionary(f => f.Name);
        Assert.Equal("refused", fields["outcome"].Value);
        Assert.Equal("certificate_revoked (44)", fields["alert"].Value);
        Assert.Equal("sent by the server", fields["alert"].Note);
        Assert.StartsWith("billing -> inventory: refused by the server with "
            + "certificate_revoked", call.ToString());
    }
}
