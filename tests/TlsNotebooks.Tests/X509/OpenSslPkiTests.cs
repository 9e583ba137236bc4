using TlsNotebooks.X509;

namespace TlsNotebooks.Tests.X509;

/// <summary>
/// A PKI made with the openssl command line (shared test data "openssl-pki": root,
/// intermediate with pathlen 0, server and client leaves, two revoked, RSA throughout),
/// read and validated by this library.
/// </summary>
public class OpenSslPkiTests
{
    // Inside every certificate's validity and both CRLs' thisUpdate..nextUpdate.
    private static readonly DateTimeOffset s_time = new(2026, 12, 15, 0, 0, 0, TimeSpan.Zero);

    private static Org.BouncyCastle.X509.X509Certificate Load(string name) =>
        Der.ReadCertificateFile(TestData.PathTo("openssl-pki", name + ".pem"));

    private static ValidationResult Validate(string leaf, KeyPurpose purpose, string? host)
    {
        var crls = new[] { "root.crl.pem", "inter.crl.pem" }
            .Select(c => Der.ReadCrlFile(TestData.PathTo("openssl-pki", c)))
            .ToList();
        return new PathValidator([Load("root")]).Validate(Load(leaf), [Load("inter")],
            new ValidationOptions
            {
                Time = s_time,
                HostName = host,
                Purpose = purpose,
                Crls = crls,
                Revocation = RevocationMode.Require,
            });
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    public void Server_IsValidForItsNames(string host)
    {
        var result = Validate("server", KeyPurpose.ServerAuth, host);

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(3, result.Path.Count);
    }

    [Fact]
    public void Client_IsValidForClientAuth()
    {
        var result = Validate("client", KeyPurpose.ClientAuth, null);

        Assert.True(result.IsValid, result.ToString());
    }

    [Theory]
    [InlineData("revoked", KeyPurpose.ServerAuth, "localhost")]
    [InlineData("client-revoked", KeyPurpose.ClientAuth, null)]
    public void RevokedLeaves_AreReportedWithKeyCompromise(
        string leaf,
        KeyPurpose purpose,
        string? host)
    {
        var result = Validate(leaf, purpose, host);

        Assert.Equal(PathValidationFailure.Revoked, result.Failure);
        Assert.Equal(RevocationReason.KeyCompromise, result.RevocationReason);
        Assert.Equal(Load(leaf), result.FailedCertificate);
    }

    [Fact]
    public void ServerCertificate_IsNotAClientCertificate()
    {
        var result = Validate("server", KeyPurpose.ClientAuth, null);

        Assert.Equal(PathValidationFailure.WrongExtendedKeyUsage, result.Failure);
    }

    [Fact]
    public void Crl_CarriesOpenSslsNumberAndReasons()
    {
        var crl = Der.ReadCrlFile(TestData.PathTo("openssl-pki", "inter.crl.pem"));

        Assert.Equal(4096, CrlChecker.CrlNumber(crl));
        Assert.All(crl.GetRevokedCertificates(),
            e => Assert.Equal(RevocationReason.KeyCompromise, CrlChecker.ReasonCode(e)));
    }

    [Fact]
    public void SignatureByHand_RecoversTheHashOpenSslSigned()
    {
        var server = Load("server");

        var result = SignatureWalkthrough.Verify(server, Load("inter"));

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(server.GetTbsCertificate()),
            result.RecoveredHash);
    }
}
