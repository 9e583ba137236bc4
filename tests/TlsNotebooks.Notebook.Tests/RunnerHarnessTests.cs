using TlsNotebooks.Tools;
using TlsNotebooks.Tools.Notebooks;

namespace TlsNotebooks.Notebook.Tests;

/// <summary>
/// The runner must catch what is wrong with a notebook: a cell that throws, one that does not
/// compile, one that never ends, and a chart drawn without the FSharp.Core fix.
/// </summary>
public class RunnerHarnessTests
{
    private static readonly TimeSpan s_cellTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task BrokenNotebook_ReportsTheCellAndItsError_AndStopsThere()
    {
        var path = Fixture.Materialize("broken.ipynb");

        var result = await NotebookRunner.RunAsync(path, null, s_cellTimeout);

        Assert.False(result.Succeeded);
        var failed = Assert.IsType<CellResult>(result.FirstError);
        Assert.Equal(3, failed.CellIndex);
        Assert.Equal(2, failed.CodeCellNumber);
        Assert.Contains("deliberately broken fixture", failed.Error);
        Assert.Equal(2, result.Cells.Count);
        Assert.Contains("broken: cell 3 (code cell 2) failed", result.FailureReport);
    }

    [Fact]
    public async Task RunCommand_ExitsNonZero_AndWritesTheExecutedCopyWithTheError()
    {
        var path = Fixture.Materialize("broken.ipynb");
        var outFolder = Directory.CreateTempSubdirectory("tlsnb-out-").FullName;

        var exitCode = await RunCommand.RunAsync([path, "--out", outFolder]);

        Assert.Equal(1, exitCode);
        var executed = NotebookFile.Load(Path.Combine(outFolder, "broken.ipynb"));
        var errorOutput = executed.Cells[2]!["outputs"]!.AsArray()
            .Single(o => o!["output_type"]!.GetValue<string>() == "error");
        Assert.Contains("deliberately broken fixture", errorOutput!["evalue"]!.GetValue<string>());
    }

    [Fact]
    public async Task CompileError_IsReportedWithTheCompilerMessage()
    {
        var result = await NotebookRunner.RunAsync(
            Fixture.Materialize("compile-error.ipynb"), null, s_cellTimeout);

        Assert.False(result.Succeeded);
        Assert.Contains("CS0029", result.FirstError!.Error);
    }

    [Fact]
    public async Task NeverEndingCell_TimesOut_InsteadOfHanging()
    {
        var result = await NotebookRunner.RunAsync(
            Fixture.Materialize("never-ends.ipynb"), null, TimeSpan.FromSeconds(20));

        Assert.False(result.Succeeded);
        Assert.Contains("did not finish within 20 s", result.FirstError!.Error);
        Assert.True(result.Seconds < 90, $"the run took {result.Seconds:0} s");
    }

    [Fact]
    public async Task ChartWithoutTheFSharpCoreFix_FailsWithFileNotFound()
    {
        var result = await NotebookRunner.RunAsync(
            Fixture.Materialize("fsharp-conflict.ipynb"), null, s_cellTimeout);

        Assert.False(result.Succeeded);
        Assert.Contains("FSharp.Core", result.FirstError!.Error);
    }

    [Fact]
    public async Task ChartWithTheFSharpCoreFix_Draws()
    {
        var result = await NotebookRunner.RunAsync(
            Fixture.Materialize("fsharp-fixed.ipynb"), null, s_cellTimeout);

        // Only the binding was installed, not the formatters, so the chart shows as a plain
        // object; what matters is that making it no longer fails on FSharp.Core.
        Assert.True(result.Succeeded, result.FailureReport);
        Assert.Equal(3, result.Cells.Count);
    }
}
