using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Pkix;
using Org.BouncyCastle.Utilities.Collections;
using Org.BouncyCastle.X509.Store;
using TlsNotebooks.X509;
using Xunit.Abstractions;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace TlsNotebooks.Tests.X509;

/// <summary>
/// The scenario matrix through three other validators: the openssl command line,
/// .NET's X509Chain with a custom trust store, and BouncyCastle's PKIX path builder. Each
/// verdict must agree with <see cref="PathValidator"/>'s, or the difference is listed here
/// with its reason (and then must really occur).
/// </summary>
public class DifferentialTests
{
    // Where another validator does not check what the scenario breaks.
    private static readonly Dictionary<(string Tool, string Scenario), string>
        s_knownDifferences = new()
    {
        [("bouncycastle", "wrong-host")] = "PKIX path validation has no host name check",
        [("bouncycastle", "wrong-ip")] = "PKIX path validation has no host name check",
        [("bouncycastle", "wildcard-two-labels")] = "PKIX path validation has no host name check",
        [("bouncycastle", "client-cert-as-server")] =
            "the PKIX builder checks no extendedKeyUsage unless given a custom checker",
        [("dotnet", "crl-revoked")] = DotNetCrlReason,
        [("dotnet", "crl-stale")] = DotNetCrlReason,
        [("dotnet", "crl-bad-signature")] = DotNetCrlReason,
        [("dotnet", "crl-revoked-intermediate")] = DotNetCrlReason,
    };

    // X509Chain on Linux reads CRLs only from a distribution point URL (online) or from its
    // own per-user cache; an in-memory CRL cannot be handed to it (ExtraStore ignores CRLs).
    // It runs with X509RevocationMode.NoCheck here, so it cannot see these failures;
    // DotNetOnlineRevocationTests asks it the same CRL questions online instead, with the
    // lists served at their distribution points by CrlServer.
    private const string DotNetCrlReason =
        "X509Chain cannot be given an offline CRL; it runs with RevocationMode.NoCheck";

    private readonly ITestOutputHelper _output;

    public DifferentialTests(ITestOutputHelper output)
    {
        _output = output;
    }

    public static TheoryData<string> ScenarioNames() => PathValidatorTests.ScenarioNames();

    [Theory]
    [MemberData(nameof(ScenarioNames))]
    public void OpenSsl_AgreesOrTheDifferenceIsListed(string name) =>
        Compare("openssl", TestPki.Get(name), OpenSslAccepts);

    [Theory]
    [MemberData(nameof(ScenarioNames))]
    public void DotNetX509Chain_AgreesOrTheDifferenceIsListed(string name) =>
        Compare("dotnet", TestPki.Get(name), DotNetAccepts);

    [Theory]
    [MemberData(nameof(ScenarioNames))]
    public void BouncyCastlePkix_AgreesOrTheDifferenceIsListed(string name) =>
        Compare("bouncycastle", TestPki.Get(name), BouncyCastleAccepts);

    private void Compare(string tool, ChainScenario scenario, Func<ChainScenario, bool> accepts)
    {
        var ours = scenario.Validate();
        var theirs = accepts(scenario);
        _output.WriteLine($"{tool} {scenario.Name}: ours {ours.Failure}, theirs " +
            (theirs ? "accept" : "reject"));

        Assert.Equal(scenario.Expected, ours.Failure);
        if (s_knownDifferences.TryGetValue((tool, scenario.Name), out var reason))
        {
            Assert.True(ours.IsValid != theirs,
                $"{tool} now agrees on {scenario.Name}; remove the listed difference ({reason})");
            return;
        }

        Assert.True(ours.IsValid == theirs,
            $"{tool} {(theirs ? "accepts" : "rejects")} {scenario.Name}, we say {ours.Failure}");
    }

    private static bool OpenSslAccepts(ChainScenario scenario)
    {
        using var folder = new TempFolder();
        var arguments = new List<string>
        {
            "verify", "-attime", Clock.UnixSeconds.ToString(),
            "-CAfile", folder.Write("anchors.pem", [.. scenario.Anchors]),
            "-purpose", scenario.Purpose == KeyPurpose.ClientAuth ? "sslclient" : "sslserver",
        };
        if (scenario.Intermediates.Count > 0)
        {
            arguments.AddRange(["-untrusted",
                folder.Write("untrusted.pem", [.. scenario.Intermediates])]);
        }

        if (scenario.HostName is { } host)
        {
            arguments.AddRange(HostNameMatcher.ParseIpLiteral(host) is null
                ? ["-verify_hostname", host]
                : ["-verify_ip", host]);
        }

        if (scenario.Crls.Count > 0)
        {
            // -crl_check asks about the leaf only; -crl_check_all about every certificate
            // below the anchor, as our validator does whenever it has CRLs.
            var check = scenario.Name == "crl-revoked-intermediate"
                ? "-crl_check_all"
                : "-crl_check";
            arguments.AddRange(
                [check, "-CRLfile", folder.Write("crls.pem", scenario.Crls)]);
        }

        arguments.Add(folder.Write("leaf.pem", scenario.Leaf));
        return OpenSsl.Run([.. arguments]).ExitCode == 0;
    }

    private static bool DotNetAccepts(ChainScenario scenario)
    {
        using var leaf = ToDotNet(scenario.Leaf);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = Clock.Now.LocalDateTime;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(scenario.Purpose == KeyPurpose.ClientAuth
            ? "1.3.6.1.5.5.7.3.2"
            : "1.3.6.1.5.5.7.3.1"));
        foreach (var anchor in scenario.Anchors)
        {
            chain.ChainPolicy.CustomTrustStore.Add(ToDotNet(anchor));
        }

        foreach (var intermediate in scenario.Intermediates)
        {
            chain.ChainPolicy.ExtraStore.Add(ToDotNet(intermediate));
        }

        try
        {
            var built = chain.Build(leaf);
            return built && (scenario.HostName is null || leaf.MatchesHostname(scenario.HostName));
        }
        finally
        {
            foreach (var element in chain.ChainElements)
            {
                element.Certificate.Dispose();
            }
        }
    }

    private static bool BouncyCastleAccepts(ChainScenario scenario)
    {
        var anchors = new HashSet<TrustAnchor>(
            scenario.Anchors.Select(a => new TrustAnchor(a, null)));
        var selector = new X509CertStoreSelector { Certificate = scenario.Leaf };
        var parameters = new PkixBuilderParameters(anchors, selector)
        {
            Date = Clock.Now.UtcDateTime,
            IsRevocationEnabled = scenario.Crls.Count > 0,
        };
        parameters.AddStoreCert(CollectionUtilities.CreateStore<BcCertificate>(
            [.. scenario.Intermediates, scenario.Leaf]));
        if (scenario.Crls.Count > 0)
        {
            parameters.AddStoreCrl(CollectionUtilities.CreateStore(scenario.Crls));
        }

        try
        {
            new PkixCertPathBuilder().Build(parameters);
            return true;
        }
        catch (PkixCertPathBuilderException)
        {
            return false;
        }
    }

    private static X509Certificate2 ToDotNet(BcCertificate certificate) =>
        X509CertificateLoader.LoadCertificate(certificate.GetEncoded());
}
