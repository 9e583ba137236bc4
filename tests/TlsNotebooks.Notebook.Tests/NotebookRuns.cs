using System.Collections.Concurrent;
using TlsNotebooks.Tools;
using TlsNotebooks.Tools.Notebooks;

namespace TlsNotebooks.Notebook.Tests;

/// <summary>
/// Runs each notebook at most once per test run, in the real kernel program, and shares the
/// result between the tests that look at it (errors, charts, the offline render).
/// </summary>
public sealed class NotebookRuns
{
    private static readonly TimeSpan s_cellTimeout = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<string, Lazy<Task<NotebookResult>>> _runs = new();

    public static string ExecutedFolder =>
        Path.Combine(Repository.Root, "artifacts", "test-executed");

    /// <summary>The source notebooks of the collection, by file name.</summary>
    public static IEnumerable<object[]> SourceNotebooks =>
        Directory.GetFiles(Repository.NotebooksFolder, "*.ipynb")
            .Order(StringComparer.Ordinal)
            .Select(path => new object[] { Path.GetFileName(path) });

    public Task<NotebookResult> RunAsync(string path) =>
        _runs.GetOrAdd(Path.GetFullPath(path), full => new Lazy<Task<NotebookResult>>(() =>
            NotebookRunner.RunAsync(
                full, Path.Combine(ExecutedFolder, Path.GetFileName(full)), s_cellTimeout))).Value;
}

[CollectionDefinition(Name)]
public sealed class NotebookCollection : ICollectionFixture<NotebookRuns>
{
    public const string Name = "notebooks in the real kernel";
}
