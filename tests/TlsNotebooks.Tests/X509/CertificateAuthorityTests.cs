using System.Net;
using Org.BouncyCastle.Asn1.X509;
using TlsNotebooks.X509;

namespace TlsNotebooks.Tests.X509;

public class CertificateAuthorityTests
{
    private static (CertificateAuthority Root, CertificateAuthority Intermediate) Pki(
        KeyAlgorithm algorithm)
    {
        var root = CertificateAuthority.CreateRoot("Test Root " + algorithm,
            TestKeys.Options("root", algorithm));
        var intermediate = root.IssueIntermediate("Test Intermediate " + algorithm, 0,
            TestKeys.Options("intermediate", algorithm));
        return (root, intermediate);
    }

    [Theory]
    [InlineData(KeyAlgorithm.EcdsaP256)]
    [InlineData(KeyAlgorithm.Rsa2048)]
    public void ServerChain_IsAcceptedByOpenSslVerify(KeyAlgorithm algorithm)
    {
        var (root, intermediate) = Pki(algorithm);
        var server = intermediate.IssueServer(["www.example.test"],
            [IPAddress.Parse("127.0.0.1")], TestKeys.Options("server", algorithm));

        using var folder = new TempFolder();
        var result = OpenSsl.Run("verify", "-attime", Clock.UnixSeconds.ToString(),
            "-CAfile", folder.Write("root.pem", root.Certificate),
            "-untrusted", folder.Write("ca.pem", intermediate.Certificate),
            "-purpose", "sslserver", "-verify_hostname", "www.example.test",
            "-x509_strict", folder.Write("leaf.pem", server.Certificate));

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public void ClientCertificate_IsAcceptedForSslClientPurposeOnly()
    {
        var (root, intermediate) = Pki(KeyAlgorithm.EcdsaP256);
        var client = intermediate.IssueClient("alice", TestKeys.Options("client"));

        using var folder = new TempFolder();
        string[] common = ["verify", "-attime", Clock.UnixSeconds.ToString(),
            "-CAfile", folder.Write("root.pem", root.Certificate),
            "-untrusted", folder.Write("ca.pem", intermediate.Certificate)];
        var leaf = folder.Write("leaf.pem", client.Certificate);

        Assert.Equal(0, OpenSsl.Run([.. common, "-purpose", "sslclient", leaf]).ExitCode);
        Assert.NotEqual(0, OpenSsl.Run([.. common, "-purpose", "sslserver", leaf]).ExitCode);
    }

    [Fact]
    public void OpenSslText_ShowsEveryExtensionTheAuthorityWrites()
    {
        var (_, intermediate) = Pki(KeyAlgorithm.EcdsaP256);
        intermediate.CrlDistributionPoint = "http://127.0.0.1:8080/intermediate.crl";
        var server = intermediate.IssueServer(["a.example.test", "b.example.test"],
            [IPAddress.Parse("192.0.2.7"), IPAddress.Parse("2001:db8::1")],
            TestKeys.Options("server"));

        using var folder = new TempFolder();
        var text = OpenSsl.Run("x509", "-text", "-noout", "-in",
            folder.Write("leaf.pem", server.Certificate));
        var interText = OpenSsl.Run("x509", "-text", "-noout", "-in",
            folder.Write("ca.pem", intermediate.Certificate));

        Assert.Equal(0, text.ExitCode);
        Assert.Contains("DNS:a.example.test, DNS:b.example.test, IP Address:192.0.2.7, " +
            "IP Address:2001:DB8:0:0:0:0:0:1", text.Output);
        Assert.Contains("TLS Web Server Authentication", text.Output);
        Assert.Contains("URI:http://127.0.0.1:8080/intermediate.crl", text.Output);
        Assert.Contains("X509v3 Authority Key Identifier", text.Output);
        Assert.Contains("X509v3 Subject Key Identifier", text.Output);
        Assert.Contains("CA:FALSE", text.Output);
        Assert.Contains("CA:TRUE, pathlen:0", interText.Output);
        Assert.Contains("Certificate Sign, CRL Sign", interText.Output);
    }

    [Fact]
    public void PemAndDer_RoundTripThroughOpenSsl()
    {
        var (root, _) = Pki(KeyAlgorithm.EcdsaP256);
        using var folder = new TempFolder();
        var pemFile = folder.Write("root.pem", root.Certificate);
        var derFile = Path.Combine(folder.Path, "root.der");

        var converted = OpenSsl.Run("x509", "-in", pemFile, "-outform", "DER", "-out", derFile);

        Assert.Equal(0, converted.ExitCode);
        Assert.Equal(root.Certificate.GetEncoded(), File.ReadAllBytes(derFile));
        Assert.Equal(root.Certificate, Der.ReadCertificateFile(derFile));
        Assert.Equal(root.Certificate, Pem.ReadCertificate(File.ReadAllText(pemFile)));
        var key = Pem.ReadPrivateKey(root.Key.ToPem());
        Assert.Equal(root.Key.PrivateKey, key);
    }

    [Theory]
    [InlineData(CertificateFaults.Expired, "certificate has expired")]
    [InlineData(CertificateFaults.NotYetValid, "certificate is not yet valid")]
    [InlineData(CertificateFaults.BadSignature, "certificate signature failure")]
    public void LeafFaults_AreRejectedByOpenSsl(CertificateFaults fault, string message)
    {
        var (root, intermediate) = Pki(KeyAlgorithm.EcdsaP256);
        var server = intermediate.IssueServer(["www.example.test"], null,
            TestKeys.Options("server", faults: fault));

        var result = VerifyWithOpenSsl(root, [intermediate], server);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(message, result.Output);
    }

    [Theory]
    [InlineData(CertificateFaults.NotCa, "invalid CA certificate")]
    [InlineData(CertificateFaults.NoKeyCertSign, "key usage does not include certificate signing")]
    public void IntermediateFaults_AreRejectedByOpenSsl(CertificateFaults fault, string message)
    {
        var root = CertificateAuthority.CreateRoot("Root", TestKeys.Options("root"));
        var intermediate = root.IssueIntermediate("Intermediate", null,
            TestKeys.Options("intermediate", faults: fault));
        var server = intermediate.IssueServer("www.example.test");

        var result = VerifyWithOpenSsl(root, [intermediate], server);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(message, result.Output);
    }

    [Fact]
    public void PathLengthExceeded_IsRejectedByOpenSsl()
    {
        var root = CertificateAuthority.CreateRoot("Root", TestKeys.Options("root"));
        var first = root.IssueIntermediate("First", 0, TestKeys.Options("intermediate"));
        var second = first.IssueIntermediate("Second", null, TestKeys.Options("second"));
        var server = second.IssueServer("www.example.test");

        var result = VerifyWithOpenSsl(root, [first, second], server);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("path length constraint exceeded", result.Output);
    }

    [Fact]
    public void Crl_IsReadByOpenSslWithNumberAndReason()
    {
        var root = CertificateAuthority.CreateRoot("Root", TestKeys.Options("root"));
        var server = root.IssueServer("www.example.test");
        root.Revoke(server.Certificate, RevocationReason.KeyCompromise, Clock.Now);
        root.IssueCrl(Clock.Now);
        var crl = root.IssueCrl(Clock.Now, Clock.Now.AddDays(1));

        using var folder = new TempFolder();
        var text = OpenSsl.Run("crl", "-text", "-noout", "-in", folder.Write("c.pem", [crl]));

        Assert.Equal(0, text.ExitCode);
        Assert.Contains("X509v3 CRL Number: \n                2", text.Output);
        Assert.Contains("Key Compromise", text.Output);
        Assert.Contains(server.Certificate.SerialNumber.ToString(16).ToUpperInvariant(),
            text.Output);
    }

    [Fact]
    public void Serials_AreDistinctPositiveAndAtMostTwentyOctets()
    {
        var root = CertificateAuthority.CreateRoot("Root", TestKeys.Options("root"));
        var serials = Enumerable.Range(0, 20)
            .Select(_ => root.IssueClient("c", TestKeys.Options("client")))
            .Select(c => c.Certificate.SerialNumber)
            .ToList();

        Assert.Equal(serials.Count, serials.Distinct().Count());
        Assert.All(serials, s => Assert.True(s.SignValue > 0 && s.ToByteArray().Length <= 20));
    }

    [Fact]
    public void Revoke_RefusesACertificateFromAnotherIssuer()
    {
        var root = CertificateAuthority.CreateRoot("Root", TestKeys.Options("root"));
        var other = CertificateAuthority.CreateRoot("Other", TestKeys.Options("other"));
        var server = other.IssueServer("x.example.test");

        Assert.Throws<ArgumentException>(() => root.Revoke(server.Certificate));
    }

    internal static ProcessResult VerifyWithOpenSsl(
        CertificateAuthority root,
        CertificateAuthority[] intermediates,
        IssuedCertificate leaf)
    {
        using var folder = new TempFolder();
        return OpenSsl.Run("verify", "-attime", Clock.UnixSeconds.ToString(),
            "-CAfile", folder.Write("root.pem", root.Certificate),
            "-untrusted", folder.Write("ca.pem",
                intermediates.Select(i => i.Certificate).ToArray()),
            folder.Write("leaf.pem", leaf.Certificate));
    }
}
