using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TlsNotebooks.Tools;
using TlsNotebooks.Tools.Notebooks;

namespace TlsNotebooks.Notebook.Tests;

/// <summary>
/// What the executed notebooks 04 and 05 show, read from the outputs of their run in the real
/// kernel (the same run the execution test makes): charts, diagrams, passing solutions, and
/// every failure of notebook 05 with its reason.
/// </summary>
[Collection(NotebookCollection.Name)]
public class X509NotebookRunTests(NotebookRuns runs)
{
    [Fact]
    public async Task Notebook04_DrawsItsChart_ShowsTheCheckByHand_AndItsSolutionsPass()
    {
        var (result, outputs) = await RunAsync("04-x509-certificates.ipynb");

        Assert.True(result.Charts >= 1, result.Summary);
        foreach (var id in new[] { "04.1", "04.2", "04.3" })
        {
            Assert.Contains($"data-exercise=\"{id}\" data-passed=\"true\"", AllOf(outputs));
        }

        // The RSA check by hand shows the padding and the DigestInfo; signing by hand gives
        // the certificate's own signature; the tampered leaf fails its check; the leaf
        // acting as a CA is stopped by basicConstraints.
        Assert.Contains("202 × FF", OutputOf(outputs, "X509Views.EncodedMessage(rsaCheck"));
        Assert.Contains("True", OutputOf(outputs, "signing.Signature.SequenceEqual("));
        Assert.Contains("They differ: the signature is invalid",
            OutputOf(outputs, "X509Views.Steps(SignatureWalkthrough.Verify(tampered"));
        Assert.Contains("INVALID: NotCa", OutputOf(outputs, "var validator = new PathValidator"));
        Assert.Contains("X509v3 Subject Alternative Name",
            OutputOf(outputs, "X509Lesson.OpenSslText(leaf.Certificate)"));
    }

    [Fact]
    public async Task Notebook05_ShowsEveryFailureWithItsReason()
    {
        var (result, outputs) = await RunAsync("05-chains-and-revocation.ipynb");
        var gallery = OutputOf(outputs, "X509Views.Verdicts(gallery)");

        (string Row, string Failure)[] expected =
        [
            ("unknown root", "NoPathToTrustAnchor"),
            ("missing intermediate", "NoPathToTrustAnchor"),
            ("expired", "Expired"),
            ("not yet valid", "NotYetValid"),
            ("wrong host name", "HostNameMismatch"),
            ("issuer is CA:FALSE", "NotCa"),
            ("pathLen exceeded", "PathLengthExceeded"),
            ("bad signature", "BadSignature"),
            ("revoked", "Revoked"),
            ("stale CRL", "RevocationStatusUnknown"),
            ("CRL unreachable, hard fail", "RevocationStatusUnknown"),
        ];
        foreach (var (row, failure) in expected)
        {
            // Each row: the scenario, the reason enum, and a sentence citing the rule.
            var pattern = $"<b>{Regex.Escape(row)}</b></td><td[^>]*><code[^>]*>{failure}" +
                "</code></td><td[^>]*>[^<]*(RFC|CRL)[^<]*</td>";
            Assert.Matches(new Regex(pattern), gallery);
        }

        Assert.True(result.Charts >= 3, result.Summary);
        foreach (var id in new[] { "05.1", "05.2", "05.3" })
        {
            Assert.Contains($"data-exercise=\"{id}\" data-passed=\"true\"", AllOf(outputs));
        }
    }

    [Fact]
    public async Task Notebook05_ComparesX509ChainOfflineAndOnline_AndCountsTheMachinesRoots()
    {
        var (_, outputs) = await RunAsync("05-chains-and-revocation.ipynb");
        var dotNet = outputs
            .Where(o => o.Source.StartsWith("DotNetChain.Build", StringComparison.Ordinal)
                || o.Source.Contains("\nDotNetChain.Build", StringComparison.Ordinal))
            .Select(o => o.Html)
            .ToList();

        Assert.Equal(4, dotNet.Count);
        Assert.Contains("OfflineRevocation", dotNet[0]);
        Assert.Contains("RevocationMode.Online", dotNet[1]);
        Assert.Matches(">Revoked<", dotNet[1]);
        Assert.Matches(">Revoked<", dotNet[2]);
        Assert.Contains("the chain is accepted", dotNet[3]);
        Assert.Contains("CRL requests the server answered during the online build: 1",
            AllOf(outputs));

        var stores = OutputOf(outputs, "TrustStores.Describe()");
        if (File.Exists(TrustStores.DebianBundle))
        {
            Assert.Matches(new Regex(@"ca-certificates\.crt</b></td><td[^>]*><code[^>]*>\d+ " +
                "certificates"), stores);
        }
    }

    private async Task<(NotebookResult Result, List<(string Source, string Html)> Outputs)>
        RunAsync(string name)
    {
        var result = await runs.RunAsync(Path.Combine(Repository.NotebooksFolder, name));
        Assert.True(result.Succeeded, result.FailureReport ?? result.Summary);
        var outputs = NotebookFile.Load(result.ExecutedPath!).Cells
            .Where(c => (string?)c!["cell_type"] == "code")
            .Select(c => (NotebookFile.SourceOf(c!), Text(c!)))
            .ToList();
        return (result, outputs);
    }

    private static string Text(JsonNode cell) => string.Concat(
        (cell["outputs"]?.AsArray() ?? [])
            .Select(o => o!["data"]?["text/html"] ?? o!["data"]?["text/plain"] ?? o!["text"])
            .Where(h => h is not null)
            .Select(h => h is JsonArray lines
                ? string.Concat(lines.Select(l => (string?)l))
                : (string?)h));

    private static string AllOf(List<(string Source, string Html)> outputs) =>
        string.Concat(outputs.Select(o => o.Html));

    private static string OutputOf(List<(string Source, string Html)> outputs, string start)
    {
        var cell = outputs.FirstOrDefault(
            o => o.Source.StartsWith(start, StringComparison.Ordinal));
        Assert.True(cell.Source is not null, $"no code cell starts with '{start}'");
        return WebUtility.HtmlDecode(cell.Html);
    }
}
