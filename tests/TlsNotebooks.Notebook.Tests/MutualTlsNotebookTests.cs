using TlsNotebooks.Tools;

namespace TlsNotebooks.Notebook.Tests;

/// <summary>
/// Notebook 06 as a reader sees it after a run in the real kernel: each case of the
/// rejection matrix ran live and showed its alert, the diagram highlights the messages mutual
/// TLS adds, the charts are drawn and the teacher's solutions pass their checks.
/// </summary>
[Collection(NotebookCollection.Name)]
public class MutualTlsNotebookTests(NotebookRuns runs)
{
    /// <summary>The cell that runs each case, its row in the matrix, and its alert.</summary>
    public static TheoryData<string, string, string> Cases() => new()
    {
        { "var noCertificate", "no certificate", "handshake_failure (40)" },
        { "var elsewhere", "another CA", "unknown_ca (48)" },
        { "var oldCertificate", "expired", "certificate_expired (45)" },
        { "org.Revoke(lostCertificate", "revoked", "certificate_revoked (44)" },
        { "var serverOnly", "server-only certificate", "unsupported_certificate (43)" },
        { "var stolen", "stolen, no key", "decrypt_error (51)" },
        { "var notAllowed", "reporting, not allowed", "access_denied (49)" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_rejection_ran_live_and_shows_its_alert(string cell, string row,
        string alert)
    {
        var notebook = await Run();

        Assert.Contains($"<code style=\"white-space:pre-wrap;word-break:break-all\">{alert}"
            + "</code></td><td style=\"text-align:left\">sent by the server", notebook.Of(cell));
        var matrixRow = notebook.Of("RejectionTable.Of((\"billing, valid\"").Split("<tr>")
            .Single(r => r.Contains($"<b>{row}</b>"));
        Assert.Contains("refused", matrixRow);
        Assert.Contains($"<code>{alert}</code>", matrixRow);
    }

    [Fact]
    public async Task The_good_call_is_accepted_and_its_proof_checked_by_hand()
    {
        var notebook = await Run();

        Assert.Contains("accepted", notebook.Of("var inventory = org.Start"));
        Assert.Contains("the signature checks with billing's public key",
            notebook.Of("var billingPublicKey"));
        Assert.Contains("decrypt_error", notebook.Of("string TryVerify"));
        Assert.Contains("CN=Example Ltd Issuing CA", notebook.Of("var requestFields"));

        // The three messages mutual TLS adds, and only they, on the highlight colour.
        var diagram = notebook.Of("HandshakeSequence.Of(call.ClientTranscript");
        Assert.Equal(3, diagram.Split("#fdebd0").Length - 1);
    }

    [Fact]
    public async Task Policies_bearer_tokens_charts_and_exercises_show_what_the_prose_says()
    {
        var result = await runs.RunAsync(Path.Combine(Repository.NotebooksFolder,
            "06-mutual-tls.ipynb"));
        var notebook = ExecutedNotebook.Load(result.ExecutedPath!);

        Assert.Contains("hello anonymous", notebook.Of("var openInventory"));
        Assert.Contains("access_denied (49)", notebook.Of("var optionalInventory"));
        Assert.Contains("HTTP/1.0 200", notebook.Of("// A line of a proxy"));
        Assert.True(result.Charts >= 2, result.Summary);
        foreach (var id in new[] { "06.1", "06.2", "06.3" })
        {
            Assert.Contains($"data-exercise=\"{id}\" data-passed=\"true\"", notebook.All);
        }
    }

    private Task<ExecutedNotebook> Run() => ExecutedNotebook.RunAsync(runs, "06-mutual-tls.ipynb");
}
