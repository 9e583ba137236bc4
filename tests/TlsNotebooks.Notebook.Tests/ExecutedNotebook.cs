using System.Text.Json.Nodes;
using TlsNotebooks.Tools;
using TlsNotebooks.Tools.Notebooks;

namespace TlsNotebooks.Notebook.Tests;

/// <summary>
/// The outputs of an executed notebook, cell by cell, as text: what a reader of the page sees
/// (HTML outputs and plain-text outputs joined), to assert what a cell showed.
/// </summary>
internal sealed class ExecutedNotebook
{
    private readonly List<(string Source, string Output)> _cells;

    private ExecutedNotebook(List<(string Source, string Output)> cells) => _cells = cells;

    /// <summary>
    /// Runs a notebook of the collection (once per test run, through <paramref name="runs"/>),
    /// fails the test if a cell failed, and returns its outputs.
    /// </summary>
    public static async Task<ExecutedNotebook> RunAsync(NotebookRuns runs, string notebook)
    {
        var result = await runs.RunAsync(Path.Combine(Repository.NotebooksFolder, notebook));
        Assert.True(result.Succeeded, result.FailureReport ?? result.Summary);
        return Load(result.ExecutedPath!);
    }

    public static ExecutedNotebook Load(string path) =>
        new(NotebookFile.Load(path).Cells
            .Where(c => (string?)c!["cell_type"] == "code")
            .Select(c => (NotebookFile.SourceOf(c!), OutputOf(c!)))
            .ToList());

    /// <summary>Everything every cell showed.</summary>
    public string All => string.Concat(_cells.Select(c => c.Output));

    /// <summary>What the one code cell whose source starts with this text showed.</summary>
    public string Of(string sourceStart)
    {
        var matches = _cells.Where(c => c.Source.TrimStart().StartsWith(sourceStart,
            StringComparison.Ordinal)).ToList();
        Assert.True(matches.Count == 1,
            $"{matches.Count} code cells start with \"{sourceStart}\"");
        return matches[0].Output;
    }

    private static string OutputOf(JsonNode cell) => string.Concat(
        (cell["outputs"]?.AsArray() ?? []).SelectMany(o => new[]
        {
            Text(o!["data"]?["text/html"]),
            Text(o!["data"]?["text/plain"]),
            Text(o!["text"]),
        }));

    private static string Text(JsonNode? node) => node switch
    {
        null => string.Empty,
        JsonArray lines => string.Concat(lines.Select(l => (string?)l)),
        _ => (string?)node ?? string.Empty,
    };
}
