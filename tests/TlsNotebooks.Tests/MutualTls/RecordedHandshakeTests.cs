using System.Security.Cryptography.X509Certificates;
using TlsNotebooks.Tests.Tls;
using TlsNotebooks.Tls;
using TlsNotebooks.Tls.Crypto;
using TlsNotebooks.Tls.Messages;
using TlsNotebooks.X509;
using CertificateRequest = TlsNotebooks.Tls.Messages.CertificateRequest;

namespace TlsNotebooks.Tests.MutualTls;

/// <summary>
/// The two recorded OpenSSL mutual-TLS handshakes of tls12-trace/, judged as our server
/// would judge them: the client's chain through PathValidator for clientAuth with the
/// shared PKI's CRLs, and its CertificateVerify over the messages before it. (The message
/// round trips and the key schedule are checked in OpenSslTraceTests.)
/// </summary>
public class RecordedHandshakeTests
{
    // Inside the CRLs' window (thisUpdate 2026-12-03, nextUpdate 2027-01-02) and the leaves'.
    private static readonly DateTimeOffset s_when = new(2026, 12, 20, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(OpenSslTraceTests.Traces), MemberType = typeof(OpenSslTraceTests))]
    public void Recorded_client_passes_our_servers_checks(string file)
    {
        var messages = OpenSslTraceTests.Messages(OpenSslTraceTests.Load(file));
        var request = (CertificateRequest)messages[4].Message;
        var chain = ((Certificate)messages[6].Message).LoadCertificates();
        var verify = (CertificateVerify)messages[8].Message;
        var verifier = SharedPkiVerifier();

        verifier.VerifyClient(chain);
        using var key = chain[0].GetRSAPublicKey()!;
        TlsSignatures.Verify(key, verify.Algorithm,
            messages.Take(8).SelectMany(m => m.Bytes).ToArray(), verify.Signature,
            "CertificateVerify");

        Assert.Equal(3, verifier.LastResult!.Path.Count);
        Assert.Contains(verify.Algorithm, request.SupportedSignatureAlgorithms);

        // s_server's CertificateRequest named the CA it trusts: the shared PKI's root.
        Assert.Equal("CN=Teaching Root CA", new X500DistinguishedName(
            request.CertificateAuthorities.Single()).Name);
    }

    [Theory]
    [MemberData(nameof(OpenSslTraceTests.Traces), MemberType = typeof(OpenSslTraceTests))]
    public void Recorded_signature_does_not_verify_a_different_transcript(string file)
    {
        var trace = OpenSslTraceTests.Load(file);
        var other = OpenSslTraceTests.Load(file.Contains("noems")
            ? "dhe_rsa_aes128gcm_mtls_ems.json"
            : "dhe_rsa_aes128gcm_mtls_noems.json");
        var messages = OpenSslTraceTests.Messages(trace);
        var verify = (CertificateVerify)messages[8].Message;
        var chain = ((Certificate)messages[6].Message).LoadCertificates();

        // A CertificateVerify replayed into another handshake, with other randoms: refused.
        var otherSigned = OpenSslTraceTests.Messages(other).Take(8)
            .SelectMany(m => m.Bytes).ToArray();
        using var key = chain[0].GetRSAPublicKey()!;
        var e = Assert.Throws<TlsAlertException>(() => TlsSignatures.Verify(key,
            verify.Algorithm, otherSigned, verify.Signature, "CertificateVerify"));

        Assert.Equal(AlertDescription.DecryptError, e.Description);
    }

    [Fact]
    public void Shared_pki_revoked_client_is_refused_by_the_same_verifier()
    {
        var revoked = X509CertificateLoader.LoadCertificateFromFile(
            OpenSslProcess.Pki("client-revoked.pem"));
        var verifier = SharedPkiVerifier();

        var e = Assert.Throws<TlsAlertException>(() =>
            verifier.VerifyClient([revoked, TlsTestPki.Intermediate]));

        Assert.Equal(AlertDescription.CertificateRevoked, e.Description);
    }

    private static PathValidatorCertificateVerifier SharedPkiVerifier() =>
        new([Der.ReadCertificateFile(OpenSslProcess.Pki("root.pem"))],
            () => [Der.ReadCrlFile(OpenSslProcess.Pki("root.crl.pem")),
                Der.ReadCrlFile(OpenSslProcess.Pki("inter.crl.pem"))])
        {
            VerificationTime = s_when,
        };
}
