using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;
using TlsNotebooks.Notebook.Exercises;
using TlsNotebooks.X509;

namespace TlsNotebooks.Notebook.Tests;

/// <summary>The exercises of 04 and 05: right answers pass, wrong ones get hints.</summary>
public class X509LessonTests
{
    private static readonly string[] s_signedFields =
        ["version", "serialNumber", "signature", "issuer", "validity", "subject",
         "subjectPublicKeyInfo", "extensions"];

    private static void AssertWrong(
        ExerciseResult result,
        string expectedHint,
        string? secret = null)
    {
        Assert.False(result.Passed);
        Assert.Equal(0, result.Awarded);
        Assert.Contains(expectedHint, result.Message);
        if (secret is not null)
        {
            Assert.DoesNotContain(secret, result.ToString(), StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void SeededRandom_MakesTheSameCertificateEveryTime()
    {
        byte[] Make(string seed) => CertificateAuthority.CreateRoot("Seeded Root",
            new IssueOptions { Now = X509Lesson.Now }, X509Lesson.SeededRandom(seed))
            .Issued.ToDer();

        Assert.Equal(Make("a"), Make("a"));
        Assert.NotEqual(Make("a"), Make("b"));
    }

    [Fact]
    public void Notebook04_Leaf_HasTheBytesTheProsePointsAt()
    {
        // Built exactly as notebook 04 builds it: its text quotes the first bytes.
        var random = X509Lesson.SeededRandom("04");
        var root = CertificateAuthority.CreateRoot("Notebook Root CA",
            new IssueOptions { Now = X509Lesson.Now }, random);
        var leaf = root.IssueServer([X509Lesson.Host],
            options: new IssueOptions { Now = X509Lesson.Now });

        Assert.Equal("308201c83082016e",
            Convert.ToHexString(leaf.ToDer()[..8]).ToLowerInvariant());
    }

    [Fact]
    public void Exercise04_2_TheTbsFieldsPass_InAnyOrder()
    {
        Assert.True(Check.Answer("04.2", s_signedFields.Reverse().ToArray()).Passed);
    }

    [Theory]
    [InlineData("signatureValue", "cannot cover itself")]
    [InlineData("signatureAlgorithm", "outside what is signed")]
    [InlineData("fingerprint", "Not a top-level field")]
    public void Exercise04_2_AnExtraField_GetsItsHint(string extra, string hint)
    {
        AssertWrong(Check.Answer("04.2", s_signedFields.Append(extra).ToArray()), hint);
    }

    [Fact]
    public void Exercise04_2_MissingFields_AreCountedNotNamed()
    {
        var result = Check.Answer("04.2", new[] { "version", "issuer", "subject" });

        AssertWrong(result, "5 of the signed fields are missing", "subjectPublicKeyInfo");
    }

    [Fact]
    public void Exercise04_1_TheHashInsideTheSignaturePasses_AndItIsTheHashOfTheTbs()
    {
        var leaf = X509Lesson.RsaSignedLeaf.Certificate;
        var key = (RsaKeyParameters)X509Lesson.RsaRoot.Certificate.GetPublicKey();
        var s = new Org.BouncyCastle.Math.BigInteger(1, leaf.GetSignature());
        var em = s.ModPow(key.Exponent, key.Modulus).ToByteArrayUnsigned();

        Assert.Equal(SHA256.HashData(leaf.GetTbsCertificate()), em[^32..]);
        Assert.True(Check.Answer("04.1", em[^32..]).Passed);
        AssertWrong(Check.Answer("04.1", em), "whole encoded message",
            Convert.ToHexString(em[^32..]));
        AssertWrong(Check.Answer("04.1", em[^51..]), "DigestInfo");
        AssertWrong(Check.Answer("04.1", SHA256.HashData(leaf.GetEncoded())), "whole certificate");
        AssertWrong(Check.Answer("04.1", new byte[32]), "right length");
    }

    [Fact]
    public void Exercise04_3_TheValidatorAgreesWithTheAcceptedAnswer()
    {
        var random = X509Lesson.SeededRandom("test 04.3");
        var root = CertificateAuthority.CreateRoot("Test Root",
            new IssueOptions { Now = X509Lesson.Now }, random);
        var leaf = root.IssueServer([X509Lesson.Host],
            options: new IssueOptions { Now = X509Lesson.Now });
        var forged = CertificateAuthority.ActAsIssuer(leaf, root, random)
            .IssueServer(["bank.example"], options: new IssueOptions { Now = X509Lesson.Now })
            .Certificate;

        var verdict = new PathValidator([root.Certificate]).Validate(forged, [leaf.Certificate],
            new ValidationOptions { Time = X509Lesson.Now, HostName = "bank.example" });

        Assert.True(SignatureWalkthrough.Verify(forged, leaf.Certificate).IsValid);
        Assert.True(Check.Answer("04.3", verdict.Failure).Passed);
        AssertWrong(Check.Answer("04.3", PathValidationFailure.BadSignature), "genuine");
        AssertWrong(Check.Answer("04.3", PathValidationFailure.MissingKeyCertSign),
            "earlier rule");
    }

    [Fact]
    public void Exercise05_2_TheValidatorAgreesWithTheAcceptedAnswer()
    {
        var mystery = X509Lesson.MysteryChain;
        var result = mystery.Validator.Validate(mystery.Leaf.Certificate,
            [mystery.Intermediate.Certificate],
            new ValidationOptions { HostName = X509Lesson.Host });

        Assert.True(Check.Answer("05.2", result.Failure).Passed);
        AssertWrong(Check.Answer("05.2", PathValidationFailure.NotCa), "cA TRUE", "keyCertSign");
        AssertWrong(Check.Answer("05.2", PathValidationFailure.None), "not valid");
    }

    [Fact]
    public void Exercise05_1_TheWindowIsSetByTheLeafAndTheIntermediate()
    {
        var chain = X509Lesson.WindowChain;
        var leaf = chain.Leaf.Certificate;
        var ica = chain.Intermediate.Certificate;

        // The root is older than both and outlives both: it plays no part.
        Assert.True(chain.Root.Certificate.NotBefore < ica.NotBefore);
        Assert.Equal(120, (int)(ica.NotAfter - leaf.NotBefore).TotalDays);
        Assert.True(Check.Answer("05.1", 120).Passed);
        AssertWrong(Check.Answer("05.1", 395), "leaf's own validity", "120");
        AssertWrong(Check.Answer("05.1", 490), "intermediate's own", "120");
        AssertWrong(Check.Answer("05.1", 90), "counts from today", "120");
        AssertWrong(Check.Answer("05.1", -120), "negative");
    }

    [Fact]
    public void Exercise05_3_RevokingWithTheRightReasonPasses()
    {
        var chain = X509Lesson.RevocationChain;
        var options = new ValidationOptions { HostName = X509Lesson.Host };
        var before = chain.Validator.Validate(chain.Leaf.Certificate,
            [chain.Intermediate.Certificate], options);
        AssertWrong(Check.Answer("05.3", before), "still accepts");

        var wrongIssuer = chain.Root.IssueCrl();
        var withRootCrl = chain.Validator.Validate(chain.Leaf.Certificate,
            [chain.Intermediate.Certificate], options with { Crls = [wrongIssuer] });
        AssertWrong(Check.Answer("05.3", withRootCrl), "still accepts");

        chain.Intermediate.Revoke(chain.Leaf.Certificate, RevocationReason.KeyCompromise);
        var crl = chain.Intermediate.IssueCrl();
        var after = chain.Validator.Validate(chain.Leaf.Certificate,
            [chain.Intermediate.Certificate], options with { Crls = [crl] });

        Assert.True(Check.Answer("05.3", after).Passed, Check.Answer("05.3", after).Message);
    }

    [Fact]
    public void Exercise05_3_AnotherReasonCode_GetsAHint()
    {
        var root = CertificateAuthority.CreateRoot("Reason Root");
        var ica = root.IssueIntermediate("Reason CA", 0);
        var leaf = ica.IssueServer(X509Lesson.Host);
        ica.Revoke(leaf.Certificate, RevocationReason.Superseded);
        var result = new PathValidator([root.Certificate]).Validate(leaf.Certificate,
            [ica.Certificate], new ValidationOptions { Crls = [ica.IssueCrl()] });

        Assert.Equal(PathValidationFailure.Revoked, result.Failure);
        AssertWrong(Check.Answer("05.3", result), "not about X509Lesson.RevocationChain");
    }

    [Fact]
    public void PssEncodedMessage_EndsInBc_AndDiffersEveryTime()
    {
        var key = X509Lesson.RsaRoot.Key;
        var first = X509Lesson.PssEncodedMessage(key, [1, 2, 3]);
        var second = X509Lesson.PssEncodedMessage(key, [1, 2, 3]);

        Assert.Equal(256, first.Length);
        Assert.Equal(0xBC, first[^1]);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Tamper_ChangesExactlyOneByte()
    {
        var der = X509Lesson.RsaSignedLeaf.ToDer();
        var at = X509Lesson.IndexOf(der, X509Lesson.Host);

        var tampered = X509Lesson.Tamper(der, at + 2);

        Assert.True(at > 0);
        Assert.Equal(1, der.Zip(tampered).Count(p => p.First != p.Second));
        Assert.Throws<ArgumentOutOfRangeException>(() => X509Lesson.Tamper(der, der.Length));
    }

    [Fact]
    public void CrlSize_GrowsWithEveryEntry()
    {
        var ca = CertificateAuthority.CreateRoot("Size Root");

        var empty = X509Lesson.CrlSize(ca, 0);
        var hundred = X509Lesson.CrlSize(ca, 100);

        Assert.InRange((hundred - empty) / 100.0, 30, 70);
    }

    [Fact]
    public void OpenSslText_ReadsTheCertificate()
    {
        var text = X509Lesson.OpenSslText(X509Lesson.RsaSignedLeaf.Certificate);

        Assert.Contains("Subject: CN = www.example.test", text);
        Assert.Contains("CA:FALSE", text);
    }
}
