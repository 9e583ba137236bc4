using System.Net;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using TlsNotebooks.X509;

namespace TlsNotebooks.Tests.X509;

public class InspectionTests
{
    [Fact]
    public void Fields_ListTheFieldsAndExtensionsInOrder()
    {
        var root = CertificateAuthority.CreateRoot("Inspect Root", TestKeys.Options("root"));
        root.CrlDistributionPoint = "http://127.0.0.1/root.crl";
        var server = root.IssueServer(["a.example.test"], [IPAddress.Parse("10.0.0.1")],
            TestKeys.Options("server"));

        var rows = CertificateInspector.Fields(server.Certificate);
        var byName = rows.ToDictionary(r => r.Name, r => r.Value);

        Assert.Equal("version", rows[0].Name);
        Assert.Equal("v3", byName["version"]);
        Assert.Equal("ecdsa-with-SHA256", byName["signature"]);
        Assert.Equal("CN=Inspect Root", byName["issuer"]);
        Assert.Equal("CN=a.example.test", byName["subject"]);
        Assert.StartsWith("EC P-256", byName["subjectPublicKeyInfo"]);
        Assert.Equal("CA: FALSE", byName["basicConstraints (critical)"]);
        Assert.Equal("digitalSignature", byName["keyUsage (critical)"]);
        Assert.Equal("serverAuth", byName["extendedKeyUsage"]);
        Assert.Equal("DNS:a.example.test, IP:10.0.0.1", byName["subjectAltName"]);
        Assert.Equal("URI:http://127.0.0.1/root.crl", byName["cRLDistributionPoints"]);
        var rootKeyId = CertificateInspector.Fields(root.Certificate)
            .Single(r => r.Name == "subjectKeyIdentifier").Value;
        Assert.Equal("keyIdentifier " + rootKeyId, byName["authorityKeyIdentifier"]);
        Assert.NotEqual(rootKeyId, byName["subjectKeyIdentifier"]);
    }

    [Fact]
    public void Fields_ShowAnUnknownCriticalExtensionByItsOid()
    {
        var root = CertificateAuthority.CreateRoot("Root", TestKeys.Options("root",
            faults: CertificateFaults.UnknownCriticalExtension));

        var rows = CertificateInspector.Fields(root.Certificate);

        Assert.Contains(rows, r => r.Name == CertificateAuthority.UnknownExtensionOid.Id +
            " (critical)" && r.Value == "0500");
    }

    [Fact]
    public void Layout_MarksWhatOpenSslAsn1ParseFinds()
    {
        var root = CertificateAuthority.CreateRoot("Root", TestKeys.Options("root",
            KeyAlgorithm.Rsa2048));
        var layout = CertificateInspector.Layout(root.Certificate);

        using var folder = new TempFolder();
        var der = Path.Combine(folder.Path, "c.der");
        File.WriteAllBytes(der, layout.Der);
        var parsed = OpenSsl.Run("asn1parse", "-inform", "DER", "-in", der);

        // asn1parse prints "offset:d=depth hl=header length l=content length".
        var depthOne = parsed.Output.Split('\n')
            .Where(line => line.Contains("d=1"))
            .Select(line => line.Trim().Split(':')[0])
            .Select(int.Parse)
            .ToList();
        Assert.Equal([layout.TbsCertificate.Offset, layout.SignatureAlgorithm.Offset,
            layout.SignatureValue.Offset], depthOne);
        Assert.Equal(layout.Der.Length, layout.SignatureValue.End);
        Assert.Equal(root.Certificate.GetTbsCertificate(), layout.TbsBytes);
        Assert.Equal(["version", "serialNumber", "signature", "issuer", "validity", "subject",
            "subjectPublicKeyInfo", "extensions"], layout.TbsFields.Select(f => f.Name));
    }

    [Fact]
    public void Layout_TbsBytesAreWhatTheIssuerSigned()
    {
        var root = CertificateAuthority.CreateRoot("Root", TestKeys.Options("root"));
        var server = root.IssueServer("x.example.test");
        var layout = CertificateInspector.Layout(server.Certificate);

        var verifier = SignerUtilities.GetSigner("SHA256WITHECDSA");
        verifier.Init(false, root.Key.PublicKey);
        verifier.BlockUpdate(layout.TbsBytes, 0, layout.TbsBytes.Length);

        Assert.True(verifier.VerifySignature(server.Certificate.GetSignature()));
    }

    [Fact]
    public void Validity_ListsEachPeriodOfThePathForATimeline()
    {
        var scenario = TestPki.Get("expired-intermediate");
        var path = new[] { scenario.Leaf, scenario.Intermediates[0], scenario.Anchors[0] };

        var periods = CertificateInspector.Validity(path);

        Assert.Equal(3, periods.Count);
        Assert.Equal("CN=Expired Intermediate", periods[1].Subject);
        Assert.False(periods[1].Contains(Clock.Now));
        Assert.True(periods[0].Contains(Clock.Now));
        Assert.Equal(new DateTimeOffset(scenario.Anchors[0].NotAfter, TimeSpan.Zero),
            periods[2].NotAfter);
    }

    [Fact]
    public void Layout_RefusesTruncatedDer()
    {
        var root = CertificateAuthority.CreateRoot("Root", TestKeys.Options("root"));
        var der = root.Certificate.GetEncoded();

        var error = Assert.Throws<CertificateFormatException>(
            () => CertificateInspector.Layout(der[..(der.Length - 1)]));

        Assert.Contains("remain", error.Message);
    }
}

public class SignatureWalkthroughTests
{
    [Fact]
    public void Rsa_RecoversTheDigestInfoAndTheHashOfTheTbs()
    {
        var root = CertificateAuthority.CreateRoot("Root", TestKeys.Options("root",
            KeyAlgorithm.Rsa2048));
        var server = root.IssueServer(["x.example.test"], null, TestKeys.Options("server"));

        var result = SignatureWalkthrough.Verify(server.Certificate, root.Certificate);

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(256, result.EncodedMessage!.Length);
        Assert.Equal([0x00, 0x01, 0xFF], result.EncodedMessage[..3]);
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(
            server.Certificate.GetTbsCertificate()), result.RecoveredHash);
        Assert.Equal(result.TbsHash, result.RecoveredHash);

        // The DigestInfo for SHA-256 starts with the prefix of RFC 8017 §9.2 note 1.
        Assert.StartsWith("3031300d060960864801650304020105000420",
            Convert.ToHexString(result.DigestInfo!).ToLowerInvariant());
    }

    [Fact]
    public void RsaSigningByHand_GivesTheCertificatesSignature_AndDotNetsToo()
    {
        var root = CertificateAuthority.CreateRoot("Root", TestKeys.Options("root",
            KeyAlgorithm.Rsa2048));
        var server = root.IssueServer(["x.example.test"], null, TestKeys.Options("server"));
        var tbs = server.Certificate.GetTbsCertificate();
        var key = (Org.BouncyCastle.Crypto.Parameters.RsaPrivateCrtKeyParameters)
            root.Key.PrivateKey;

        var signing = SignatureWalkthrough.SignRsaPkcs1(tbs, key);

        // BouncyCastle signed the certificate; .NET signs the same bytes independently.
        using var rsa = System.Security.Cryptography.RSA.Create(
            Org.BouncyCastle.Security.DotNetUtilities.ToRSAParameters(key));
        Assert.Equal(server.Certificate.GetSignature(), signing.Signature);
        Assert.Equal(rsa.SignData(tbs, System.Security.Cryptography.HashAlgorithmName.SHA256,
            System.Security.Cryptography.RSASignaturePadding.Pkcs1), signing.Signature);
        Assert.Equal(SignatureWalkthrough.Verify(server.Certificate, root.Certificate)
            .EncodedMessage, signing.EncodedMessage);
    }

    [Fact]
    public void RsaSigningByHand_RefusesAPublicKey()
    {
        var root = CertificateAuthority.CreateRoot("Root", TestKeys.Options("root",
            KeyAlgorithm.Rsa2048));
        var publicKey = (Org.BouncyCastle.Crypto.Parameters.RsaKeyParameters)root.Key.PublicKey;

        var error = Assert.Throws<ArgumentException>(
            () => SignatureWalkthrough.SignRsaPkcs1([1, 2, 3], publicKey));

        Assert.Contains("private key", error.Message);
    }

    [Fact]
    public void Rsa_CorruptedSignatureBreaksThePadding()
    {
        var root = CertificateAuthority.CreateRoot("Root", TestKeys.Options("root",
            KeyAlgorithm.Rsa2048));
        var server = root.IssueServer(["x.example.test"], null,
            TestKeys.Options("server", faults: CertificateFaults.BadSignature));

        var result = SignatureWalkthrough.Verify(server.Certificate, root.Certificate);

        Assert.False(result.IsValid);
        Assert.Contains(result.Steps, s => s.Title == "Check the padding");
    }

    [Fact]
    public void Rsa_TamperedTbsGivesADifferentHash()
    {
        var root = CertificateAuthority.CreateRoot("Root", TestKeys.Options("root",
            KeyAlgorithm.Rsa2048));
        var server = root.IssueServer(["x.example.test"], null, TestKeys.Options("server"));
        var tampered = Tamper(server.Certificate, "x.example.test", "y.example.test");

        var result = SignatureWalkthrough.Verify(tampered, root.Certificate);

        Assert.False(result.IsValid);
        Assert.NotNull(result.RecoveredHash);
        Assert.NotEqual(result.TbsHash, result.RecoveredHash);
    }

    [Fact]
    public void Ecdsa_ExplainsTheEquationAndAgreesWithBouncyCastle()
    {
        var root = CertificateAuthority.CreateRoot("Root", TestKeys.Options("root"));
        var good = root.IssueServer("x.example.test");
        var bad = root.IssueServer(["x.example.test"], null,
            TestKeys.Options("server", faults: CertificateFaults.BadSignature));

        var valid = SignatureWalkthrough.Verify(good.Certificate, root.Certificate);
        var invalid = SignatureWalkthrough.Verify(bad.Certificate, root.Certificate);

        Assert.True(valid.IsValid, valid.ToString());
        Assert.Contains(valid.Steps, s => s.Title == "Note: nothing is decrypted");
        Assert.Null(valid.EncodedMessage);
        Assert.False(invalid.IsValid);
        Assert.Equal(good.Certificate.IsSignatureValid(root.Key.PublicKey), valid.IsValid);
    }

    [Fact]
    public void Ecdsa_WrongIssuerKeyIsInvalid()
    {
        var root = CertificateAuthority.CreateRoot("Root", TestKeys.Options("root"));
        var other = CertificateAuthority.CreateRoot("Root", TestKeys.Options("other"));
        var server = root.IssueServer("x.example.test");

        Assert.False(SignatureWalkthrough.Verify(server.Certificate, other.Certificate).IsValid);
    }

    [Fact]
    public void Pss_SaysThereIsNoDigestInfoAndStillVerifies()
    {
        var key = TestKeys.For("root", KeyAlgorithm.Rsa2048);
        var generator = new X509V3CertificateGenerator();
        var name = new X509Name("CN=PSS Root");
        generator.SetSerialNumber(BigInteger.One);
        generator.SetIssuerDN(name);
        generator.SetSubjectDN(name);
        generator.SetNotBefore(DateTime.UtcNow.AddDays(-1));
        generator.SetNotAfter(DateTime.UtcNow.AddDays(1));
        generator.SetPublicKey(key.PublicKey);
        var certificate = generator.Generate(
            new Asn1SignatureFactory("SHA256WITHRSAANDMGF1", key.PrivateKey));

        var result = SignatureWalkthrough.Verify(certificate, certificate);

        Assert.True(result.IsValid, result.ToString());
        Assert.Contains("no DigestInfo", result.Steps[1].Explanation);
        Assert.Null(result.DigestInfo);
    }

    internal static X509Certificate Tamper(X509Certificate certificate, string from, string to)
    {
        var der = certificate.GetEncoded();
        var hex = Convert.ToHexString(der);
        var fromHex = Convert.ToHexString(System.Text.Encoding.ASCII.GetBytes(from));
        var toHex = Convert.ToHexString(System.Text.Encoding.ASCII.GetBytes(to));
        return Der.ReadCertificate(Convert.FromHexString(hex.Replace(fromHex, toHex)));
    }
}
