using TlsNotebooks.Tls;
using TlsNotebooks.X509;

namespace TlsNotebooks.Tests.MutualTls;

/// <summary>The PathValidator adapter on its own, without a handshake.</summary>
public class PathValidatorVerifierTests
{
    [Fact]
    public void Good_client_chain_validates_to_the_root_with_both_crls()
    {
        var org = TestOrganisation.Org;
        var verifier = org.ClientVerifier();
        var billing = org["billing"].Client;

        verifier.VerifyClient([billing.Certificate, org.IssuingCertificate]);

        var result = verifier.LastResult!;
        Assert.True(result.IsValid, result.ToString());
        Assert.Contains(result.Trace, c => c.Passed
            && c.Check.Contains("revocation", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Missing_crls_leave_the_status_unknown_and_fail_closed()
    {
        var org = TestOrganisation.Org;
        var verifier = new PathValidatorCertificateVerifier([org.Root.Certificate]);

        var e = Assert.Throws<TlsAlertException>(() => verifier.VerifyClient(
            [org["billing"].Client.Certificate, org.IssuingCertificate]));

        Assert.Equal(AlertDescription.CertificateUnknown, e.Description);
        Assert.Equal(PathValidationFailure.RevocationStatusUnknown, verifier.LastResult!.Failure);
    }

    [Fact]
    public void Stale_crl_is_refused_not_trusted()
    {
        var org = TestOrganisation.Org;
        var now = DateTimeOffset.UtcNow;
        var stale = org.IssuingCa.IssueCrl(now.AddDays(-10), now.AddDays(-3));
        var verifier = new PathValidatorCertificateVerifier(
            [org.Root.Certificate], () => [org.Crls[0], stale]);

        var e = Assert.Throws<TlsAlertException>(() => verifier.VerifyClient(
            [org["billing"].Client.Certificate, org.IssuingCertificate]));

        Assert.Equal(AlertDescription.CertificateUnknown, e.Description);
    }

    [Fact]
    public void Missing_intermediate_means_no_path()
    {
        var org = TestOrganisation.Org;
        var verifier = org.ClientVerifier();

        var e = Assert.Throws<TlsAlertException>(() =>
            verifier.VerifyClient([org["billing"].Client.Certificate]));

        Assert.Equal(AlertDescription.UnknownCa, e.Description);
    }

    [Fact]
    public void Server_chain_is_checked_for_the_host_name()
    {
        var org = TestOrganisation.Org;
        var verifier = org.ServerVerifier();
        var chain = new[]
        {
            org["inventory"].ServerCredential.Certificate, org.IssuingCertificate,
        };

        verifier.VerifyServer(chain, "inventory.internal");
        var e = Assert.Throws<TlsAlertException>(() =>
            verifier.VerifyServer(chain, "billing.internal"));

        Assert.Equal(AlertDescription.BadCertificate, e.Description);
        Assert.Equal(PathValidationFailure.HostNameMismatch, verifier.LastResult!.Failure);
    }

    [Fact]
    public void Client_certificate_cannot_serve()
    {
        var org = TestOrganisation.Org;

        var e = Assert.Throws<TlsAlertException>(() => org.ServerVerifier().VerifyServer(
            [org["billing"].Client.Certificate, org.IssuingCertificate], null));

        Assert.Equal(AlertDescription.UnsupportedCertificate, e.Description);
    }

    [Theory]
    [InlineData(PathValidationFailure.NoPathToTrustAnchor, AlertDescription.UnknownCa)]
    [InlineData(PathValidationFailure.NotYetValid, AlertDescription.CertificateExpired)]
    [InlineData(PathValidationFailure.KeyUsageMismatch, AlertDescription.UnsupportedCertificate)]
    [InlineData(PathValidationFailure.InvalidCrl, AlertDescription.CertificateUnknown)]
    [InlineData(PathValidationFailure.BadSignature, AlertDescription.BadCertificate)]
    public void Failures_map_to_the_rfc_5246_alerts(
        PathValidationFailure failure,
        AlertDescription alert) =>
        Assert.Equal(alert, PathValidatorCertificateVerifier.AlertFor(failure));
}
