using TlsNotebooks.Tools;

namespace TlsNotebooks.Notebook.Tests;

/// <summary>
/// Notebook 01 as a reader sees it after a run in the real kernel: the password in the plain
/// capture, the changed transfer, TLS noise and bad_record_mac, TLS 1.2 beside 1.3, tshark's
/// decryption, the charts and the teacher's solutions passing their checks.
/// </summary>
[Collection(NotebookCollection.Name)]
public class WhyTlsNotebookTests(NotebookRuns runs)
{
    [Fact]
    public async Task Plain_http_gives_the_password_away_and_lets_the_transfer_change()
    {
        var notebook = await Run();

        var request = notebook.Of("ByteView.Text(relay.Captured(RelayDirection.ClientToServer))");
        Assert.Contains("POST /login HTTP/1.1", request);
        Assert.Contains("password=correct+horse+battery+staple", request);
        Assert.DoesNotContain("traceparent", request);
        Assert.Contains("Sent 10 EUR to bob.", notebook.Of("var attacker"));
        Assert.Contains("alice -> eve: 99 EUR", notebook.Of("string.Join(\"\\n\", bank"));
        Assert.Contains("(edited:", notebook.Of("evilRelay.WaitForClosed"));
    }

    [Fact]
    public async Task Tls_shows_noise_and_a_flipped_bit_ends_in_bad_record_mac()
    {
        var notebook = await Run();

        Assert.Contains("False", notebook.Of("ByteView.Contains(ours.Upstream"));
        Assert.Contains("sent the alert bad_record_mac",
            notebook.Of("SecureLogin.WithOurTls(pki, new RecordBitFlipper"));
        Assert.Contains("bad record mac", notebook.Of("var flipRequest"));
        Assert.Contains("ClientHello", notebook.Of("string.Join(\"\\n\", WireRecords.Of"));
        Assert.Contains("application_data, encrypted",
            notebook.Of("string.Join(\"\\n\", WireRecords.Of"));
    }

    [Fact]
    public async Task Tls_1_2_and_1_3_are_compared_and_tshark_decrypts_the_capture()
    {
        var notebook = await Run();

        var table = notebook.Of("VersionProbe.Compare");
        Assert.Contains("<td style=\"text-align:left\">2</td><td style=\"text-align:left\">1"
            + "</td>", table);
        Assert.Contains("no (encrypted)", table);
        Assert.Contains("correct horse battery staple", notebook.Of("var fields"));
    }

    [Fact]
    public async Task Charts_are_drawn_and_the_solutions_pass_their_checks()
    {
        var result = await runs.RunAsync(Path.Combine(Repository.NotebooksFolder,
            "01-why-tls.ipynb"));
        var notebook = ExecutedNotebook.Load(result.ExecutedPath!);

        // The byte histograms and the handshake bytes of TLS 1.2 and 1.3.
        Assert.True(result.Charts >= 2, result.Summary);
        foreach (var id in new[] { "01.1", "01.2", "01.3" })
        {
            Assert.Contains($"data-exercise=\"{id}\" data-passed=\"true\"", notebook.All);
        }
    }

    private Task<ExecutedNotebook> Run() => ExecutedNotebook.RunAsync(runs, "01-why-tls.ipynb");
}
