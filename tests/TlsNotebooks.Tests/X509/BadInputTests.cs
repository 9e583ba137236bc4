using System.Text;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using TlsNotebooks.X509;

namespace TlsNotebooks.Tests.X509;

/// <summary>
/// Broken and hostile input: every parser answers with <see cref="CertificateFormatException"/>
/// or a rejection, never another exception, a crash or a hang.
/// </summary>
public class BadInputTests
{
    private static readonly Lazy<(X509Certificate Root, X509Certificate Leaf, X509Crl Crl)> s_pki =
        new(() =>
        {
            // Seeded keys, serials and ECDSA nonces: the same bytes on every run, so the
            // seeded corruption below is reproducible.
            var random = SecureRandom.GetInstance("SHA256PRNG", false);
            random.SetSeed(Encoding.ASCII.GetBytes("x509 bad input"));
            var options = new IssueOptions { Now = Clock.Now, SerialNumber = BigInteger.Two };
            var root = CertificateAuthority.CreateRoot("Fuzz Root",
                options with { Key = CertificateKey.Generate(KeyAlgorithm.EcdsaP256, random) },
                random);
            var leaf = root.IssueServer([TestPki.Host], null,
                options with { Key = CertificateKey.Generate(KeyAlgorithm.EcdsaP256, random) });
            root.Revoke(leaf.Certificate, RevocationReason.KeyCompromise, Clock.Now);
            return (root.Certificate, leaf.Certificate, root.IssueCrl(Clock.Now));
        });

    [Fact]
    public void TruncatedCertificate_IsAlwaysAFormatError()
    {
        var der = s_pki.Value.Leaf.GetEncoded();

        for (var length = 0; length < der.Length; length++)
        {
            var prefix = der[..length];
            Assert.Throws<CertificateFormatException>(() => Der.ReadCertificate(prefix));
            Assert.Throws<CertificateFormatException>(() => CertificateInspector.Layout(prefix));
        }
    }

    [Fact]
    public void BerInsteadOfDer_IsRefused()
    {
        // basicConstraints is critical: BOOLEAN TRUE is FF in DER; 01 is TRUE in BER only.
        var der = s_pki.Value.Leaf.GetEncoded();
        var hex = Convert.ToHexString(der);
        var at = hex.IndexOf("0603551D130101FF", StringComparison.Ordinal) / 2 + 7;
        var ber = (byte[])der.Clone();
        ber[at] = 0x01;

        var error = Assert.Throws<CertificateFormatException>(() => Der.ReadCertificate(ber));

        Assert.Contains("not in DER", error.Message);
    }

    [Fact]
    public void TrailingBytes_AreRefused()
    {
        var der = s_pki.Value.Leaf.GetEncoded();

        var error = Assert.Throws<CertificateFormatException>(
            () => Der.ReadCertificate([.. der, 0x00]));

        Assert.Contains("follow", error.Message);
    }

    [Theory]
    [InlineData("3084ffffffff", "claims")]
    [InlineData("30847fffffff00", "claims")]
    [InlineData("3085010000000000", "length octets")]
    [InlineData("308000000000", "Indefinite")]
    [InlineData("3081050102030405", "shortest form")]
    [InlineData("0400", "SEQUENCE")]
    [InlineData("30", "truncated")]
    public void HugeNegativeOrOddLengths_NameTheRule(string hex, string expected)
    {
        var error = Assert.Throws<CertificateFormatException>(
            () => Der.ReadCertificate(Convert.FromHexString(hex)));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void RandomCorruption_NeverCrashesAndNeverValidates()
    {
        var (root, leaf, crl) = s_pki.Value;
        var der = leaf.GetEncoded();
        var crlDer = crl.GetEncoded();
        var random = new Random(20260601);
        var validator = new PathValidator([root]);
        var options = new ValidationOptions { Time = Clock.Now, HostName = TestPki.Host };

        for (var round = 0; round < 400; round++)
        {
            var mutated = Mutate(der, random);
            X509Certificate? parsed = null;
            try
            {
                parsed = Der.ReadCertificate(mutated);
            }
            catch (CertificateFormatException)
            {
            }

            if (parsed is not null && !mutated.AsSpan().SequenceEqual(der))
            {
                _ = CertificateInspector.Fields(parsed);
                _ = SignatureWalkthrough.Verify(parsed, root);
                var result = validator.Validate(parsed, [], options);
                Assert.False(result.IsValid, $"round {round}: a corrupted certificate validated");
            }

            try
            {
                var crlParsed = Der.ReadCrl(Mutate(crlDer, random));
                _ = CrlChecker.Check(leaf, root, options with { Crls = [crlParsed] });
            }
            catch (CertificateFormatException)
            {
            }
        }
    }

    [Theory]
    [InlineData("-----BEGIN CERTIFICATE-----\nMIIB\n", "no END")]
    [InlineData("-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n", "base64")]
    [InlineData("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", "SEQUENCE")]
    [InlineData("nothing here", "No '-----BEGIN CERTIFICATE-----'")]
    public void BrokenPem_NamesTheProblem(string pem, string expected)
    {
        var error = Assert.Throws<CertificateFormatException>(() => Pem.ReadCertificate(pem));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void CorruptedPemBody_IsAFormatError()
    {
        var pem = Pem.WriteCertificate(s_pki.Value.Leaf);
        var lines = pem.Split('\n');
        lines[3] = new string('A', lines[3].Length);
        var broken = string.Join('\n', lines);

        try
        {
            var parsed = Pem.ReadCertificate(broken);
            Assert.False(new PathValidator([s_pki.Value.Root]).Validate(parsed, [],
                new ValidationOptions { Time = Clock.Now }).IsValid);
        }
        catch (CertificateFormatException)
        {
        }
    }

    [Fact]
    public void BrokenPrivateKeyPem_IsAFormatError()
    {
        Assert.Throws<CertificateFormatException>(() => Pem.ReadPrivateKey(
            "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"));
    }

    [Fact]
    public void CrossSignedCycle_WithoutAnchor_EndsQuickly()
    {
        // Two CAs that certify each other, and an unrelated trust anchor: building must not
        // go round the cycle forever.
        var keyA = TestKeys.For("cycle-a");
        var keyB = TestKeys.For("cycle-b");
        var withA = new IssueOptions { Key = keyA, Now = Clock.Now };
        var withB = new IssueOptions { Key = keyB, Now = Clock.Now };
        var selfA = CertificateAuthority.CreateRoot("Cycle A", withA);
        var selfB = CertificateAuthority.CreateRoot("Cycle B", withB);
        var bByA = selfA.IssueIntermediate("Cycle B", null, withB);
        var aByB = selfB.IssueIntermediate("Cycle A", null, withA);
        var leaf = bByA.IssueServer([TestPki.Host], null, TestKeys.Options("leaf"));
        var stranger = CertificateAuthority.CreateRoot("Stranger", TestKeys.Options("root"));

        var options = new ValidationOptions { Time = Clock.Now, HostName = TestPki.Host };
        var result = new PathValidator([stranger.Certificate]).Validate(leaf.Certificate,
            [bByA.Certificate, aByB.Certificate, selfA.Certificate, selfB.Certificate], options);

        // The search ends because no name and key may repeat on a path (RFC 4158 §5.2),
        // long before the work bound would have stopped it.
        Assert.Equal(PathValidationFailure.NoPathToTrustAnchor, result.Failure);
        Assert.InRange(result.BuildSteps, 1, 50);
        Assert.Empty(result.Candidates);
    }

    [Fact]
    public void VeryLongChain_StopsAtTheDepthLimit()
    {
        var root = CertificateAuthority.CreateRoot("Deep Root", TestKeys.Options("root"));
        var chain = new List<X509Certificate>();
        var ca = root;
        for (var i = 0; i < 20; i++)
        {
            ca = ca.IssueIntermediate($"Deep CA {i}", null, TestKeys.Options("deep"));
            chain.Add(ca.Certificate);
        }

        var leaf = ca.IssueServer([TestPki.Host], null, TestKeys.Options("leaf"));
        chain.Reverse();

        var result = new PathValidator([root.Certificate]).Validate(leaf.Certificate, chain,
            new ValidationOptions { Time = Clock.Now, HostName = TestPki.Host });
        var allowed = new PathValidator([root.Certificate]).Validate(leaf.Certificate, chain,
            new ValidationOptions
            {
                Time = Clock.Now,
                HostName = TestPki.Host,
                MaxIntermediates = 20,
            });

        Assert.Equal(PathValidationFailure.DepthExceeded, result.Failure);
        Assert.True(allowed.IsValid, allowed.ToString());
    }

    [Fact]
    public void ManySameNamedIssuers_AreBoundedByTheWorkLimit()
    {
        // Six CAs all named "Hydra", each certified by every other (30 cross-certificates):
        // the number of paths grows factorially, and only the work bound keeps building
        // finite.
        var stranger = CertificateAuthority.CreateRoot("Stranger", TestKeys.Options("root"));
        var heads = Enumerable.Range(0, 6)
            .Select(i => CertificateAuthority.CreateRoot("Hydra", TestKeys.Options("hydra" + i)))
            .ToList();
        var pool = new List<X509Certificate>();
        foreach (var issuer in heads)
        {
            foreach (var subject in heads.Where(h => h != issuer))
            {
                pool.Add(issuer.IssueIntermediate("Hydra", null,
                    new IssueOptions { Key = subject.Key, Now = Clock.Now }).Certificate);
            }
        }

        var leaf = heads[0].IssueServer([TestPki.Host], null, TestKeys.Options("leaf"));
        var options = new ValidationOptions { Time = Clock.Now, HostName = TestPki.Host };

        var result = new PathValidator([stranger.Certificate]).Validate(leaf.Certificate, pool,
            options);

        Assert.Equal(PathValidationFailure.WorkLimitExceeded, result.Failure);
        Assert.Equal(options.MaxBuildSteps, result.BuildSteps);
    }

    [Fact]
    public void ManySameNamedIssuers_WithTheAnchorAmongThem_StillFindThePath()
    {
        // The same hydra, but one head is trusted: anchors are tried first at every step, so
        // the path is found well within the bound.
        var heads = Enumerable.Range(0, 6)
            .Select(i => CertificateAuthority.CreateRoot("Hydra", TestKeys.Options("hydra" + i)))
            .ToList();
        var pool = heads.SelectMany(issuer => heads.Where(h => h != issuer)
                .Select(subject => issuer.IssueIntermediate("Hydra", null,
                    new IssueOptions { Key = subject.Key, Now = Clock.Now }).Certificate))
            .ToList();
        var leaf = heads[0].IssueServer([TestPki.Host], null, TestKeys.Options("leaf"));
        var options = new ValidationOptions { Time = Clock.Now, HostName = TestPki.Host };

        var result = new PathValidator([heads[5].Certificate]).Validate(leaf.Certificate,
            pool, options);

        Assert.True(result.IsValid, result.ToString());
        Assert.InRange(result.BuildSteps, 1, options.MaxBuildSteps - 1);
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        var copy = (byte[])original.Clone();
        switch (random.Next(4))
        {
            case 0:
                copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
                return copy;
            case 1:
                copy[random.Next(copy.Length)] = (byte)random.Next(256);
                return copy;
            case 2:
                return copy[..random.Next(copy.Length)];
            default:
                var at = random.Next(copy.Length);
                return [.. copy[..at], (byte)random.Next(256), .. copy[at..]];
        }
    }
}
