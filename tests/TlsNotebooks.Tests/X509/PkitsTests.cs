using System.Collections.Concurrent;
using System.Text.Json;
using TlsNotebooks.X509;
using Xunit.Abstractions;

namespace TlsNotebooks.Tests.X509;

/// <summary>
/// NIST PKITS (Public Key Interoperability Test Suite, 2011 certificates) through
/// <see cref="PathValidator"/> with the plain RFC 5280 profile, validated at 2020-01-01 with
/// the trust anchor's own CRL always supplied.
/// </summary>
public class PkitsTests
{
    private static readonly DateTimeOffset s_time = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly Lazy<List<JsonElement>> s_cases = new(() =>
    {
        using var document = JsonDocument.Parse(
            File.ReadAllText(TestData.PathTo("nist-pkits", "pkits_cases.json")));
        return document.RootElement.GetProperty("cases").EnumerateArray()
            .Select(c => c.Clone()).ToList();
    });

    private readonly ITestOutputHelper _output;

    public PkitsTests(ITestOutputHelper output)
    {
        _output = output;
    }

    public static TheoryData<string> CoreCases()
    {
        var data = new TheoryData<string>();
        foreach (var c in s_cases.Value.Where(c => c.GetProperty("tier").GetString() == "core"))
        {
            data.Add(c.GetProperty("id").GetString()!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CoreCases))]
    public void CoreCase_GivesTheExpectedResult(string id)
    {
        var pkits = s_cases.Value.Single(c => c.GetProperty("id").GetString() == id);
        var result = Run(pkits);
        _output.WriteLine(result.ToString());

        var expected = pkits.GetProperty("expected").GetString() == "VALID";
        Assert.True(expected == result.IsValid,
            $"{id}: expected {(expected ? "VALID" : "INVALID")}, got {result.Failure}: " +
            result.Reason);
    }

    [Fact]
    public void AllCases_NoInvalidPathIsAccepted()
    {
        var lines = new List<string>();
        var falseAccepts = new List<string>();
        foreach (var tier in new[] { "core", "stretch", "out" })
        {
            var cases = s_cases.Value
                .Where(c => c.GetProperty("tier").GetString() == tier)
                .ToList();
            var passed = 0;
            foreach (var pkits in cases)
            {
                var valid = Run(pkits).IsValid;
                var expected = pkits.GetProperty("expected").GetString() == "VALID";
                passed += valid == expected ? 1 : 0;
                if (valid && !expected)
                {
                    falseAccepts.Add(pkits.GetProperty("id").GetString()!);
                }
            }

            lines.Add($"{tier} {passed}/{cases.Count}");
        }

        _output.WriteLine("PKITS: " + string.Join(", ", lines) +
            $", false accepts {falseAccepts.Count}");
        Assert.True(falseAccepts.Count == 0, string.Join(", ", falseAccepts));
    }

    private static readonly ConcurrentDictionary<string, ValidationResult> s_results = new();

    // The theory and the whole-suite test share results, so each case runs once per test run.
    internal static ValidationResult Run(JsonElement pkits) =>
        s_results.GetOrAdd(pkits.GetProperty("id").GetString()!, _ => RunUncached(pkits));

    private static ValidationResult RunUncached(JsonElement pkits)
    {
        var anchor = Load(pkits.GetProperty("trust_anchor").GetString()!);
        var intermediates = pkits.GetProperty("intermediates").EnumerateArray()
            .Select(i => Load(i.GetString()!)).ToList();
        var crls = pkits.GetProperty("crls").EnumerateArray()
            .Select(c => c.GetString()!)
            .Append("TrustAnchorRootCRL.crl")
            .Distinct()
            .Select(c => Der.ReadCrlFile(TestData.PathTo("nist-pkits", "crls", c)))
            .ToList();
        var options = new ValidationOptions
        {
            Time = s_time,
            Purpose = KeyPurpose.Any,
            Profile = ValidationProfile.Rfc5280,
            Crls = crls,
            Revocation = pkits.GetProperty("revocation_required").GetBoolean()
                ? RevocationMode.Require
                : RevocationMode.CheckWhenAvailable,
        };
        return new PathValidator([anchor]).Validate(
            Load(pkits.GetProperty("ee").GetString()!), intermediates, options);
    }

    private static Org.BouncyCastle.X509.X509Certificate Load(string name) =>
        Der.ReadCertificateFile(TestData.PathTo("nist-pkits", "certs", name));
}
