using System.Text.Json.Nodes;
using TlsNotebooks.Tools;
using TlsNotebooks.Tools.Notebooks;

namespace TlsNotebooks.Notebook.Tests;

/// <summary>
/// One test per notebook: it runs top to bottom in the real kernel with no error.
/// </summary>
[Collection(NotebookCollection.Name)]
public class NotebookExecutionTests(NotebookRuns runs)
{
    [Theory]
    [MemberData(nameof(NotebookRuns.SourceNotebooks), MemberType = typeof(NotebookRuns))]
    public async Task Notebook_RunsTopToBottomWithoutError(string notebook)
    {
        var result = await runs.RunAsync(Path.Combine(Repository.NotebooksFolder, notebook));

        Assert.True(result.Succeeded, result.FailureReport ?? result.Summary);
        Assert.Equal(result.CodeCells, result.Cells.Count);
    }

    [Fact]
    public async Task StartHere_DrawsItsChart()
    {
        var result = await runs.RunAsync(
            Path.Combine(Repository.NotebooksFolder, "00-start-here.ipynb"));

        Assert.True(result.Charts >= 1, result.Summary);
    }

    [Fact]
    public async Task DiffieHellman_DrawsItsChartsAndItsSolutionsPassTheirChecks()
    {
        var result = await runs.RunAsync(
            Path.Combine(Repository.NotebooksFolder, "02-diffie-hellman.ipynb"));

        // The scatter of 2^x mod p, solver time against bits, its extrapolation to 2048 bits,
        // time and size per exchange.
        Assert.True(result.Charts >= 5, result.Summary);
        var html = string.Concat(NotebookFile.Load(result.ExecutedPath!).Cells
            .SelectMany(c => c!["outputs"]?.AsArray() ?? [])
            .Select(o => o!["data"]?["text/html"])
            .Where(h => h is not null)
            .Select(h => h is JsonArray lines
                ? string.Concat(lines.Select(l => (string?)l))
                : (string?)h));
        foreach (var id in new[] { "02.1", "02.2", "02.3" })
        {
            Assert.Contains($"data-exercise=\"{id}\" data-passed=\"true\"", html);
        }

        // The kernel shows a group as a field table and a list of timings as a row table.
        Assert.Contains("Diffie-Hellman group teaching-23</caption>", html);
        Assert.Contains("class=\"tlsnb-rows\"", html);
    }
}
