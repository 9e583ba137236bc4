using System.Text.Json.Nodes;
using TlsNotebooks.Tools;
using TlsNotebooks.Tools.Notebooks;

namespace TlsNotebooks.Notebook.Tests;

/// <summary>
/// The notebooks also run under Jupyter itself: nbconvert executes 00-start-here with the
/// ".net-csharp" kernel that <c>tlsnb jupyter-kernelspec</c> installs, which starts the pinned
/// kernel from the tool manifest and listens on loopback only.
/// </summary>
public class JupyterKernelTests
{
    [Fact]
    public void KernelSpec_StartsThePinnedToolOnLoopbackOnly()
    {
        var prefix = Directory.CreateTempSubdirectory("tlsnb-jupyter-").FullName;

        var folder = KernelSpecCommand.Write(prefix);

        var spec = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "kernel.json")))!;
        var argv = spec["argv"]!.AsArray().Select(a => a!.GetValue<string>()).ToList();
        Assert.Equal(["dotnet", "tool", "run", "dotnet-interactive"], argv.Take(4));
        Assert.Contains("--http-local-only", argv);
        Assert.Contains("{connection_file}", argv);
        Assert.Equal("C#", spec["language"]!.GetValue<string>());
    }

    [Fact]
    public void StartHere_ExecutesInJupytersKernel()
    {
        var prefix = Directory.CreateTempSubdirectory("tlsnb-jupyter-").FullName;
        KernelSpecCommand.Write(prefix);
        var outFolder = Path.Combine(Repository.Root, "artifacts", "jupyter-executed");
        var nbconvert = ExternalTool.Require("jupyter-nbconvert", "jupyter-nbconvert python3-nbclient");

        ExternalTool.Run(
            nbconvert,
            [
                "--to", "notebook", "--execute", "--output-dir", outFolder,
                "--ExecutePreprocessor.timeout=300",
                "--ExecutePreprocessor.kernel_name=" + KernelSpecCommand.KernelName,
                Path.Combine(Repository.NotebooksFolder, "00-start-here.ipynb"),
            ],
            Repository.NotebooksFolder,
            TimeSpan.FromMinutes(8),
            new Dictionary<string, string> { ["JUPYTER_PATH"] = prefix });

        var executed = NotebookFile.Load(Path.Combine(outFolder, "00-start-here.ipynb"));
        var outputs = executed.Cells
            .Where(c => c!["cell_type"]!.GetValue<string>() == "code")
            .SelectMany(c => c!["outputs"]!.AsArray())
            .ToList();
        Assert.DoesNotContain(outputs, o => o!["output_type"]!.GetValue<string>() == "error");
        Assert.True(JupyterOutputs.CountCharts(new JsonArray([.. outputs.Select(o => o!.DeepClone())])) >= 1,
            "Jupyter's run of 00-start-here drew no chart");
    }
}
