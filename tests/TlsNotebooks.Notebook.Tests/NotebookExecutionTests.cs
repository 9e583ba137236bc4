using TlsNotebooks.Tools;

namespace TlsNotebooks.Notebook.Tests;

/// <summary>One test per notebook: it runs top to bottom in the real kernel with no error.</summary>
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
        var result = await runs.RunAsync(Path.Combine(Repository.NotebooksFolder, "00-start-here.ipynb"));

        Assert.True(result.Charts >= 1, result.Summary);
    }
}
