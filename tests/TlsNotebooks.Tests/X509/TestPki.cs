using System.Net;
using Org.BouncyCastle.X509;
using TlsNotebooks.X509;

namespace TlsNotebooks.Tests.X509;

/// <summary>
/// One generated chain with what should happen to it: the inputs of a validation and the
/// failure this library is expected to report (None for a good chain).
/// </summary>
public sealed record ChainScenario(
    string Name,
    IReadOnlyList<X509Certificate> Anchors,
    IReadOnlyList<X509Certificate> Intermediates,
    X509Certificate Leaf,
    IReadOnlyList<X509Crl> Crls,
    string HostName,
    KeyPurpose Purpose,
    PathValidationFailure Expected)
{
    public ValidationOptions Options => new()
    {
        Time = Clock.Now,
        HostName = HostName,
        Purpose = Purpose,
        Crls = Crls,
    };

    public ValidationResult Validate() =>
        new PathValidator(Anchors).Validate(Leaf, Intermediates, Options);

    public override string ToString() => Name;
}

/// <summary>
/// The test PKI: a root, an intermediate and leaves, built with the fault switches into the
/// matrix of good and broken chains that the tests and the differential tests share.
/// </summary>
internal static class TestPki
{
    public const string Host = "www.example.test";

    private static readonly Lazy<IReadOnlyList<ChainScenario>> s_matrix = new(BuildMatrix);

    public static IReadOnlyList<ChainScenario> Matrix => s_matrix.Value;

    public static ChainScenario Get(string name) => Matrix.Single(s => s.Name == name);

    private static IssueOptions Leaf(CertificateFaults faults = CertificateFaults.None) =>
        TestKeys.Options("leaf", faults: faults);

    private static IReadOnlyList<ChainScenario> BuildMatrix()
    {
        var root = CertificateAuthority.CreateRoot("Matrix Root", TestKeys.Options("root"));
        var ica = root.IssueIntermediate("Matrix Intermediate", 0, TestKeys.Options("ica"));
        var list = new List<ChainScenario>();

        ChainScenario Add(
            string name,
            X509Certificate leaf,
            PathValidationFailure expected,
            IReadOnlyList<X509Certificate>? intermediates = null,
            IReadOnlyList<X509Certificate>? anchors = null,
            IReadOnlyList<X509Crl>? crls = null,
            string host = Host,
            KeyPurpose purpose = KeyPurpose.ServerAuth)
        {
            var scenario = new ChainScenario(name, anchors ?? [root.Certificate],
                intermediates ?? [ica.Certificate], leaf, crls ?? [], host, purpose, expected);
            list.Add(scenario);
            return scenario;
        }

        var good = ica.IssueServer([Host], [IPAddress.Loopback], Leaf());
        Add("good", good.Certificate, PathValidationFailure.None);
        Add("good-ip", good.Certificate, PathValidationFailure.None, host: "127.0.0.1");
        Add("good-wildcard", ica.IssueServer(["*.example.test"], null, Leaf()).Certificate,
            PathValidationFailure.None);
        Add("expired-leaf", ica.IssueServer([Host], null, Leaf(CertificateFaults.Expired))
            .Certificate, PathValidationFailure.Expired);
        Add("not-yet-valid-leaf", ica.IssueServer([Host], null,
            Leaf(CertificateFaults.NotYetValid)).Certificate, PathValidationFailure.NotYetValid);
        Add("bad-signature-leaf", ica.IssueServer([Host], null,
            Leaf(CertificateFaults.BadSignature)).Certificate, PathValidationFailure.BadSignature);
        Add("wrong-host", good.Certificate, PathValidationFailure.HostNameMismatch,
            host: "mail.example.test");
        Add("wrong-ip", good.Certificate, PathValidationFailure.HostNameMismatch,
            host: "127.0.0.2");
        Add("wildcard-two-labels", ica.IssueServer(["*.example.test"], null, Leaf()).Certificate,
            PathValidationFailure.HostNameMismatch, host: "a.b.example.test");
        Add("unknown-critical-extension", ica.IssueServer([Host], null,
                Leaf(CertificateFaults.UnknownCriticalExtension)).Certificate,
            PathValidationFailure.UnknownCriticalExtension);
        Add("client-cert-as-server", ica.IssueClient(Host, Leaf()).Certificate,
            PathValidationFailure.WrongExtendedKeyUsage);
        Add("client-cert-as-client", ica.IssueClient("alice", Leaf()).Certificate,
            PathValidationFailure.None, host: null!, purpose: KeyPurpose.ClientAuth);

        var other = CertificateAuthority.CreateRoot("Matrix Root", TestKeys.Options("other"));
        Add("unknown-root", good.Certificate, PathValidationFailure.NoPathToTrustAnchor,
            anchors: [other.Certificate]);
        Add("missing-intermediate", good.Certificate, PathValidationFailure.NoPathToTrustAnchor,
            intermediates: []);

        var expiredCa = root.IssueIntermediate("Expired Intermediate", null,
            TestKeys.Options("ica", faults: CertificateFaults.Expired));
        Add("expired-intermediate", expiredCa.IssueServer([Host], null, Leaf()).Certificate,
            PathValidationFailure.Expired, intermediates: [expiredCa.Certificate]);
        var notCa = root.IssueIntermediate("Not A CA", null,
            TestKeys.Options("ica", faults: CertificateFaults.NotCa));
        Add("ca-false-issuer", notCa.IssueServer([Host], null, Leaf()).Certificate,
            PathValidationFailure.NotCa, intermediates: [notCa.Certificate]);
        var noSign = root.IssueIntermediate("No keyCertSign", null,
            TestKeys.Options("ica", faults: CertificateFaults.NoKeyCertSign));
        Add("no-keycertsign", noSign.IssueServer([Host], null, Leaf()).Certificate,
            PathValidationFailure.MissingKeyCertSign, intermediates: [noSign.Certificate]);
        var badCa = root.IssueIntermediate("Bad Signature Intermediate", null,
            TestKeys.Options("ica", faults: CertificateFaults.BadSignature));
        Add("bad-signature-intermediate", badCa.IssueServer([Host], null, Leaf()).Certificate,
            PathValidationFailure.BadSignature, intermediates: [badCa.Certificate]);
        var second = ica.IssueIntermediate("Below pathLen 0", null, TestKeys.Options("second"));
        Add("pathlen-exceeded", second.IssueServer([Host], null, Leaf()).Certificate,
            PathValidationFailure.PathLengthExceeded,
            intermediates: [ica.Certificate, second.Certificate]);

        // Revocation: one authority with its own CRLs, so the revoked list is separate.
        var crlCa = root.IssueIntermediate("CRL Intermediate", null, TestKeys.Options("crlca"));
        var revoked = crlCa.IssueServer([Host], null, Leaf());
        var kept = crlCa.IssueServer([Host], null, Leaf());
        crlCa.Revoke(revoked.Certificate, RevocationReason.KeyCompromise, Clock.Now.AddDays(-1));
        var fresh = crlCa.IssueCrl(Clock.Now.AddHours(-1), Clock.Now.AddDays(7));
        var stale = crlCa.IssueCrl(Clock.Now.AddDays(-10), Clock.Now.AddDays(-3));
        var forged = crlCa.IssueCrl(Clock.Now.AddHours(-1), Clock.Now.AddDays(7),
            CrlFaults.BadSignature);
        IReadOnlyList<X509Certificate> crlChain = [crlCa.Certificate];

        // The root's own CRL too: validators that check every certificate (BouncyCastle's
        // PKIX builder) need one for the intermediate.
        var rootCrl = root.IssueCrl(Clock.Now.AddHours(-1), Clock.Now.AddDays(7));
        Add("crl-revoked", revoked.Certificate, PathValidationFailure.Revoked,
            intermediates: crlChain, crls: [fresh, rootCrl]);
        Add("crl-not-revoked", kept.Certificate, PathValidationFailure.None,
            intermediates: crlChain, crls: [fresh, rootCrl]);
        Add("crl-stale", kept.Certificate, PathValidationFailure.RevocationStatusUnknown,
            intermediates: crlChain, crls: [stale, rootCrl]);
        Add("crl-bad-signature", kept.Certificate, PathValidationFailure.InvalidCrl,
            intermediates: crlChain, crls: [forged, rootCrl]);

        // The root takes back an intermediate: the leaf below it is fine, its issuer is not.
        // The root's earlier CRL above does not list it; this later one does.
        var fallen = root.IssueIntermediate("Compromised Intermediate", null,
            TestKeys.Options("fallen"));
        var orphan = fallen.IssueServer([Host], null, Leaf());
        root.Revoke(fallen.Certificate, RevocationReason.CaCompromise, Clock.Now.AddDays(-1));
        Add("crl-revoked-intermediate", orphan.Certificate, PathValidationFailure.Revoked,
            intermediates: [fallen.Certificate],
            crls: [fallen.IssueCrl(Clock.Now.AddHours(-1), Clock.Now.AddDays(7)),
                root.IssueCrl(Clock.Now.AddHours(-1), Clock.Now.AddDays(7))]);
        return list;
    }
}
