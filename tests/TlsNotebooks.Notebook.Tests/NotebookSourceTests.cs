using System.Text.Json.Nodes;
using TlsNotebooks.Tools;
using TlsNotebooks.Tools.Notebooks;

namespace TlsNotebooks.Notebook.Tests;

/// <summary>
/// The source notebooks are kept clean and open the same way in VS Code Polyglot and Jupyter:
/// no outputs, the .NET (C#) kernelspec, Polyglot's kernel info, and the one set-up cell.
/// </summary>
public class NotebookSourceTests
{
    private const string SetUpReference = "#r \"../artifacts/notebook-lib/TlsNotebooks.Notebook.dll\"";

    public static IEnumerable<object[]> SourceNotebooks => NotebookRuns.SourceNotebooks;

    private static NotebookFile Load(string name) =>
        NotebookFile.Load(Path.Combine(Repository.NotebooksFolder, name));

    private static IEnumerable<JsonNode> CodeCells(NotebookFile notebook) =>
        notebook.Cells.Where(c => c!["cell_type"]!.GetValue<string>() == "code").Select(c => c!);

    [Theory]
    [MemberData(nameof(SourceNotebooks))]
    public void SourceNotebook_CarriesNoOutputs(string name)
    {
        foreach (var cell in CodeCells(Load(name)))
        {
            Assert.Empty(cell["outputs"]!.AsArray());
            Assert.Null(cell["execution_count"]);
        }
    }

    [Theory]
    [MemberData(nameof(SourceNotebooks))]
    public void SourceNotebook_HasJupyterAndPolyglotMetadata(string name)
    {
        var notebook = Load(name);
        var metadata = notebook.Root["metadata"]!;

        Assert.Equal(4, notebook.Root["nbformat"]!.GetValue<int>());
        Assert.Equal(".net-csharp", metadata["kernelspec"]!["name"]!.GetValue<string>());
        Assert.Equal("C#", metadata["kernelspec"]!["language"]!.GetValue<string>());
        var kernelInfo = metadata["polyglot_notebook"]!["kernelInfo"]!;
        Assert.Equal("csharp", kernelInfo["defaultKernelName"]!.GetValue<string>());
        Assert.Contains(kernelInfo["items"]!.AsArray(), i => i!["name"]!.GetValue<string>() == "csharp");
        Assert.All(CodeCells(notebook), cell =>
            Assert.Equal("csharp", cell["metadata"]!["polyglot_notebook"]!["kernelName"]!.GetValue<string>()));
    }

    [Theory]
    [MemberData(nameof(SourceNotebooks))]
    public void SourceNotebook_OpensWithATitleThenTheShortSetUpCell(string name)
    {
        var notebook = Load(name);
        var first = notebook.Cells[0]!;
        Assert.Equal("markdown", first["cell_type"]!.GetValue<string>());
        Assert.StartsWith("# ", NotebookFile.SourceOf(first));

        var setUp = NotebookFile.SourceOf(CodeCells(notebook).First());
        Assert.StartsWith(SetUpReference, setUp);
        Assert.Contains("NotebookEnvironment.Prepare()", setUp);
        Assert.True(setUp.Split('\n').Length <= 6, $"the set-up cell of {name} has grown past six lines");
    }

    [Fact]
    public void StartHere_MapLinksEveryNotebookOfTheCollection()
    {
        var text = string.Concat(Load("00-start-here.ipynb").Cells.Select(c => NotebookFile.SourceOf(c!)));
        string[] collection =
        [
            "00-start-here", "01-why-tls", "02-diffie-hellman", "03-tls-handshake",
            "04-x509-certificates", "05-chains-and-revocation", "06-mutual-tls",
        ];

        Assert.All(collection, n => Assert.Contains($"]({n}.ipynb)", text));
    }
}
