using System.Collections.Concurrent;
using System.Text.Json;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;
using TlsNotebooks.X509;

namespace TlsNotebooks.Tests.X509;

/// <summary>One x509-limbo test case, as far as this validator uses it.</summary>
public sealed record LimboCase(
    string Id,
    string Tier,
    bool ExpectSuccess,
    JsonElement Json);

/// <summary>
/// A listed, explained difference between limbo's expectation and this validator.
/// </summary>
public sealed record LimboDivergence(string Expected, string Actual, string Reason);

/// <summary>Counts over the whole x509-limbo suite.</summary>
public sealed record LimboCounts(
    int Run,
    int Passed,
    int ListedDivergences,
    int UnlistedDivergences,
    int FalseAccepts,
    IReadOnlyDictionary<string, (int Run, int Passed, int Listed)> ByTier)
{
    public override string ToString() =>
        $"x509-limbo: run {Run}, passed {Passed}, listed divergences {ListedDivergences}, " +
        $"unlisted divergences {UnlistedDivergences}, false accepts {FalseAccepts}; " +
        string.Join(", ", ByTier.OrderBy(t => t.Key)
            .Select(t => $"{t.Key} {t.Value.Passed}/{t.Value.Run} passed " +
                $"({t.Value.Listed} listed)"));
}

/// <summary>
/// Runs the x509-limbo suite (C2SP/x509-limbo, Apache-2.0) against <see cref="PathValidator"/>.
/// <see cref="Counts"/> can be called from any command to print the summary.
/// </summary>
public static class LimboSuite
{
    private static readonly Lazy<IReadOnlyList<LimboCase>> s_cases = new(LoadCases);
    private static readonly Lazy<IReadOnlyDictionary<string, LimboDivergence>> s_divergences =
        new(LoadDivergences);
    private static readonly Lazy<PublicSuffixList?> s_suffixes = new(() =>
        File.Exists(PublicSuffixList.DebianPath)
            ? PublicSuffixList.Load(PublicSuffixList.DebianPath)
            : null);

    public static IReadOnlyList<LimboCase> Cases => s_cases.Value;

    public static IReadOnlyDictionary<string, LimboDivergence> Divergences => s_divergences.Value;

    public static string DivergencesPath { get; } = Path.Combine(
        AppContext.BaseDirectory, "X509", "limbo-divergences.json");

    private static readonly ConcurrentDictionary<string, (bool, string)> s_results = new();

    /// <summary>
    /// Runs one case and says whether the validator accepted the chain. Results are kept for
    /// the test run, so the theory, the false-accept check and the counts share them.
    /// </summary>
    public static (bool Accepted, string Detail) Run(LimboCase limbo) =>
        s_results.GetOrAdd(limbo.Id, _ => RunUncached(limbo));

    private static (bool Accepted, string Detail) RunUncached(LimboCase limbo)
    {
        var json = limbo.Json;
        X509Certificate peer;
        try
        {
            peer = Pem.ReadCertificate(json.GetProperty("peer_certificate").GetString()!);
        }
        catch (CertificateFormatException e)
        {
            return (false, "peer certificate rejected by the parser: " + e.Message);
        }

        var anchors = ParseAll(json.GetProperty("trusted_certs"));
        var intermediates = ParseAll(json.GetProperty("untrusted_intermediates"));
        var crls = json.TryGetProperty("crls", out var crlArray)
            ? crlArray.EnumerateArray().SelectMany(c => TryCrls(c.GetString()!)).ToList()
            : [];
        var options = new ValidationOptions
        {
            Time = json.GetProperty("validation_time").ValueKind == JsonValueKind.String
                ? DateTimeOffset.Parse(json.GetProperty("validation_time").GetString()!,
                    System.Globalization.CultureInfo.InvariantCulture)
                : DateTimeOffset.UtcNow,
            HostName = json.GetProperty("expected_peer_name") is
                { ValueKind: JsonValueKind.Object } n
                ? n.GetProperty("value").GetString()
                : null,
            Purpose = Purpose(json),
            RequiredKeyUsage = json.GetProperty("key_usage").EnumerateArray()
                .Select(k => k.GetString() switch
                {
                    "digitalSignature" => KeyUsage.DigitalSignature,
                    "keyEncipherment" => KeyUsage.KeyEncipherment,
                    "keyAgreement" => KeyUsage.KeyAgreement,
                    _ => 0,
                })
                .Aggregate(0, (a, b) => a | b),
            Crls = crls,
            MaxIntermediates = json.GetProperty("max_chain_depth") is
                { ValueKind: JsonValueKind.Number } depth
                ? Math.Min(depth.GetInt32(), 8)
                : 8,
            PublicSuffixes = s_suffixes.Value,
            Profile = ProfileFor(limbo.Id),
        };

        var result = new PathValidator(anchors).Validate(peer, intermediates, options);
        return (result.IsValid, result.IsValid ? "valid" : $"{result.Failure}: {result.Reason}");
    }

    /// <summary>
    /// Runs every case and counts; "false accepts" are accepted chains limbo rejects.
    /// </summary>
    public static LimboCounts Counts()
    {
        int run = 0, passed = 0, listed = 0, unlisted = 0, falseAccepts = 0;
        var byTier = new Dictionary<string, (int, int, int)>();
        foreach (var limbo in Cases)
        {
            var (accepted, _) = Run(limbo);
            run++;
            var ok = accepted == limbo.ExpectSuccess;
            var (tierRun, tierPassed, tierListed) = byTier.GetValueOrDefault(limbo.Tier);
            byTier[limbo.Tier] = (tierRun + 1, tierPassed + (ok ? 1 : 0), tierListed);
            if (ok)
            {
                passed++;
                continue;
            }

            if (accepted)
            {
                falseAccepts++;
            }

            if (Divergences.TryGetValue(limbo.Id, out var d) && d.Actual == Outcome(accepted))
            {
                listed++;
                byTier[limbo.Tier] = (tierRun + 1, tierPassed, tierListed + 1);
            }
            else
            {
                unlisted++;
            }
        }

        return new LimboCounts(run, passed, listed, unlisted, falseAccepts, byTier);
    }

    public static string Outcome(bool accepted) => accepted ? "SUCCESS" : "FAILURE";

    /// <summary>
    /// The profile a case is run with, chosen by its namespace. Cases under rfc5280:: and
    /// pathlen:: hold a validator to RFC 5280 (the pathlen:: ones quote §4.2.1.9 and
    /// §6.1.4), and some of them expect the opposite of a webpki:: case with the same input
    /// (limbo's conflicts_with: rfc5280::ca-as-leaf and webpki::ca-as-leaf), so they run
    /// with <see cref="ValidationProfile.Rfc5280"/>. Every other namespace (webpki::, cve::,
    /// crl::, pathological::, online::, invalid::) runs with the default WebPki profile.
    /// </summary>
    public static ValidationProfile ProfileFor(string id) =>
        id.StartsWith("rfc5280::", StringComparison.Ordinal)
            || id.StartsWith("pathlen::", StringComparison.Ordinal)
            ? ValidationProfile.Rfc5280
            : ValidationProfile.WebPki;

    private static KeyPurpose Purpose(JsonElement json)
    {
        var ekus = json.GetProperty("extended_key_usage").EnumerateArray()
            .Select(e => e.GetString()).ToList();
        if (ekus.Contains("clientAuth"))
        {
            return KeyPurpose.ClientAuth;
        }

        if (ekus.Contains("serverAuth"))
        {
            return KeyPurpose.ServerAuth;
        }

        return json.GetProperty("validation_kind").GetString() == "CLIENT"
            ? KeyPurpose.ClientAuth
            : KeyPurpose.ServerAuth;
    }

    private static List<X509Certificate> ParseAll(JsonElement array)
    {
        var list = new List<X509Certificate>();
        foreach (var item in array.EnumerateArray())
        {
            try
            {
                list.Add(Pem.ReadCertificate(item.GetString()!));
            }
            catch (CertificateFormatException)
            {
                // A certificate that does not parse cannot be part of an accepted path.
            }
        }

        return list;
    }

    private static IEnumerable<X509Crl> TryCrls(string pem)
    {
        try
        {
            return Pem.ReadCrls(pem);
        }
        catch (CertificateFormatException)
        {
            return [];
        }
    }

    private static IReadOnlyList<LimboCase> LoadCases()
    {
        var tiers = File.ReadAllLines(TestData.PathTo("x509-limbo", "limbo-tiers.tsv"))
            .Where(l => l.Length > 0)
            .Select(l => l.Split('\t'))
            .ToDictionary(p => p[2], p => p[0].StartsWith("out", StringComparison.Ordinal)
                ? "out"
                : p[0]);
        using var document = JsonDocument.Parse(File.ReadAllText(TestData.PathTo("limbo.json")));
        return document.RootElement.GetProperty("testcases").EnumerateArray()
            .Select(t => new LimboCase(
                t.GetProperty("id").GetString()!,
                tiers.GetValueOrDefault(t.GetProperty("id").GetString()!, "out"),
                t.GetProperty("expected_result").GetString() == "SUCCESS",
                t.Clone()))
            .ToList();
    }

    private static IReadOnlyDictionary<string, LimboDivergence> LoadDivergences()
    {
        var text = File.ReadAllText(DivergencesPath);
        using var document = JsonDocument.Parse(text);
        return document.RootElement.EnumerateObject().ToDictionary(
            p => p.Name,
            p => new LimboDivergence(
                p.Value.GetProperty("expected").GetString()!,
                p.Value.GetProperty("actual").GetString()!,
                p.Value.GetProperty("reason").GetString()!));
    }
}
