using Org.BouncyCastle.X509;
using TlsNotebooks.X509;

namespace TlsNotebooks.Tests.X509;

public class PathValidatorTests
{
    public static TheoryData<string> ScenarioNames()
    {
        var data = new TheoryData<string>();
        foreach (var scenario in TestPki.Matrix)
        {
            data.Add(scenario.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ScenarioNames))]
    public void Scenario_ReportsTheExpectedFailure(string name)
    {
        var scenario = TestPki.Get(name);

        var result = scenario.Validate();

        Assert.True(scenario.Expected == result.Failure, result.ToString());
        Assert.Equal(result.Failure == PathValidationFailure.None, result.IsValid);
        if (!result.IsValid)
        {
            Assert.NotNull(result.FailedCertificate);
            Assert.Contains(result.Trace, c => !c.Passed && c.Failure == result.Failure);
        }
    }

    [Fact]
    public void GoodChain_TraceRunsFromTheAnchorDownAndEveryCheckPasses()
    {
        var scenario = TestPki.Get("good");

        var result = scenario.Validate();

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(3, result.Path.Count);
        Assert.Equal(scenario.Leaf, result.Path[0]);
        Assert.Equal(scenario.Anchors[0], result.Path[2]);
        Assert.Equal(2, result.Trace[0].Position);
        Assert.Equal(0, result.Trace[^1].Position);
        Assert.All(result.Trace, c => Assert.True(c.Passed, c.ToString()));
        Assert.Contains(result.Trace, c => c.Position == 1 && c.Check == "signature");
        Assert.Contains(result.Trace, c => c.Position == 0 && c.Check == "host name");
        Assert.Single(result.Candidates);
    }

    [Fact]
    public void FailureNamesTheCertificateConcerned()
    {
        var expiredIntermediate = TestPki.Get("expired-intermediate");
        var caFalse = TestPki.Get("ca-false-issuer");

        var expired = expiredIntermediate.Validate();
        var notCa = caFalse.Validate();

        Assert.Equal(expiredIntermediate.Intermediates[0], expired.FailedCertificate);
        Assert.Equal(caFalse.Intermediates[0], notCa.FailedCertificate);
        Assert.Contains("§6.1.4 (k)", notCa.Reason);
    }

    [Fact]
    public void Revoked_CarriesTheReasonCode()
    {
        var result = TestPki.Get("crl-revoked").Validate();

        Assert.Equal(PathValidationFailure.Revoked, result.Failure);
        Assert.Equal(RevocationReason.KeyCompromise, result.RevocationReason);
        Assert.Contains("KeyCompromise", result.Reason);
    }

    [Fact]
    public void RequiredRevocation_WithoutACrlFails()
    {
        var scenario = TestPki.Get("good");

        var result = new PathValidator(scenario.Anchors).Validate(scenario.Leaf,
            scenario.Intermediates, scenario.Options with { Revocation = RevocationMode.Require });

        Assert.Equal(PathValidationFailure.RevocationStatusUnknown, result.Failure);
    }

    [Fact]
    public void ValidatePath_ChecksAGivenPathWithoutBuilding()
    {
        var scenario = TestPki.Get("good");
        var validator = new PathValidator(scenario.Anchors);

        var result = validator.ValidatePath(
            [scenario.Leaf, scenario.Intermediates[0], scenario.Anchors[0]], scenario.Options);
        var notAnchored = validator.ValidatePath(
            [scenario.Leaf, scenario.Intermediates[0]], scenario.Options);

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(PathValidationFailure.NoPathToTrustAnchor, notAnchored.Failure);
    }

    [Fact]
    public void NameConstraints_AreRejectedAsUnsupported()
    {
        // A CA with nameConstraints, built directly since the authority never writes one.
        var limbo = LimboSuite.Cases.First(c => c.Id == "rfc5280::nc::permitted-dns-match");

        var (accepted, detail) = LimboSuite.Run(limbo);

        Assert.False(accepted);
        Assert.Contains("UnsupportedFeature", detail);
    }

    [Fact]
    public void LeafActingAsCa_IsRejectedAsNotCa()
    {
        var root = CertificateAuthority.CreateRoot("Leaf CA Root", TestKeys.Options("root"));
        var leaf = root.IssueServer([TestPki.Host], null, TestKeys.Options("leaf"));
        var impostor = CertificateAuthority.ActAsIssuer(leaf, root);
        var victim = impostor.IssueServer(["bank.example.test"], null,
            TestKeys.Options("second"));

        var result = new PathValidator([root.Certificate]).Validate(victim.Certificate,
            [leaf.Certificate],
            new ValidationOptions { Time = Clock.Now, HostName = "bank.example.test" });
        var openssl = CertificateAuthorityTests.VerifyWithOpenSsl(root, [impostor], victim);

        Assert.Equal(PathValidationFailure.NotCa, result.Failure);
        Assert.Equal(leaf.Certificate, result.FailedCertificate);
        Assert.NotEqual(0, openssl.ExitCode);
    }

    [Fact]
    public void AlternativePath_IsFoundWhenTheFirstIntermediateIsExpired()
    {
        var root = CertificateAuthority.CreateRoot("Alt Root", TestKeys.Options("root"));
        var key = TestKeys.For("ica");
        var expired = root.IssueIntermediate("Alt CA", null,
            new IssueOptions { Key = key, Now = Clock.Now, Faults = CertificateFaults.Expired });
        var current = root.IssueIntermediate("Alt CA", null,
            new IssueOptions { Key = key, Now = Clock.Now });
        var leaf = current.IssueServer([TestPki.Host], null, TestKeys.Options("leaf"));

        var result = new PathValidator([root.Certificate]).Validate(leaf.Certificate,
            [expired.Certificate, current.Certificate],
            new ValidationOptions { Time = Clock.Now, HostName = TestPki.Host });

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(2, result.Candidates.Count);
        Assert.Equal(PathValidationFailure.Expired, result.Candidates[0].Failure);
    }
}

public class HostNameMatcherTests
{
    [Theory]
    [InlineData("www.example.test", "www.example.test", true)]
    [InlineData("WWW.Example.TEST", "www.example.test", true)]
    [InlineData("*.example.test", "www.example.test", true)]
    [InlineData("*.example.test", "example.test", false)]
    [InlineData("*.example.test", "a.b.example.test", false)]
    [InlineData("w*.example.test", "www.example.test", false)]
    [InlineData("www.*.test", "www.example.test", false)]
    [InlineData("*.test", "example.test", false)]
    [InlineData("*", "example", false)]
    [InlineData("foo_bar.example.test", "foo_bar.example.test", false)]
    [InlineData("127.0.0.1", "127.0.0.1", false)]
    public void MatchesDns_FollowsRfc6125(string presented, string reference, bool expected)
    {
        Assert.Equal(expected, HostNameMatcher.MatchesDns(presented, reference));
    }

    [Fact]
    public void MatchesDns_RefusesAWildcardOverAPublicSuffix()
    {
        var list = PublicSuffixList.Parse("// test list\nco.uk\n*.ck\n!www.ck\n");

        Assert.False(HostNameMatcher.MatchesDns("*.co.uk", "example.co.uk", list));
        Assert.True(HostNameMatcher.MatchesDns("*.example.co.uk", "a.example.co.uk", list));
        Assert.True(list.IsPublicSuffix("anything.ck"));
        Assert.False(list.IsPublicSuffix("www.ck"));
    }

    [Theory]
    [InlineData("192.168.1.1", "192.168.1.1")]
    [InlineData("2001:db8::1", "2001:db8::1")]
    [InlineData("192.168.001.001", null)]
    [InlineData("0xC0A80101", null)]
    [InlineData("192.168.1", null)]
    [InlineData("www.example.test", null)]
    public void ParseIpLiteral_IsStrict(string text, string? expected)
    {
        Assert.Equal(expected, HostNameMatcher.ParseIpLiteral(text)?.ToString());
    }
}
