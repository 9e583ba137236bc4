using System.Diagnostics;
using System.Text.Json.Nodes;

namespace TlsNotebooks.Tools.Notebooks;

/// <summary>The outcome of one code cell.</summary>
/// <param name="CellIndex">The cell's place among all cells, counting from 1.</param>
/// <param name="CodeCellNumber">The cell's place among the code cells, counting from 1.</param>
/// <param name="Kernel">The kernel the cell ran in.</param>
/// <param name="Seconds">How long it ran.</param>
/// <param name="Error">The error, or null if the cell succeeded.</param>
/// <param name="Charts">How many charts its outputs hold.</param>
public sealed record CellResult(
    int CellIndex,
    int CodeCellNumber,
    string Kernel,
    double Seconds,
    string? Error,
    int Charts);

/// <summary>The outcome of running one notebook top to bottom.</summary>
public sealed record NotebookResult(
    string Name,
    string SourcePath,
    string? ExecutedPath,
    int CodeCells,
    IReadOnlyList<CellResult> Cells,
    double Seconds)
{
    /// <summary>The first failing cell, if any.</summary>
    public CellResult? FirstError => Cells.FirstOrDefault(c => c.Error is not null);

    /// <summary>True when every code cell ran and none failed.</summary>
    public bool Succeeded => FirstError is null && Cells.Count == CodeCells;

    /// <summary>Charts across all cells.</summary>
    public int Charts => Cells.Sum(c => c.Charts);

    /// <summary>One line: cells, errors, charts and seconds.</summary>
    public string Summary =>
        $"{Name}: {Cells.Count}/{CodeCells} code cells run, "
        + $"{Cells.Count(c => c.Error is not null)} errors, {Charts} charts, {Seconds:0.0} s";

    /// <summary>Why the run stopped early (a time limit, the kernel's exit), or null.</summary>
    public string? Stopped { get; init; }

    /// <summary>The notebook with the outputs the run produced.</summary>
    public NotebookFile? Executed { get; init; }

    /// <summary>Names the notebook, the cell and the error, or null on success.</summary>
    public string? FailureReport => FirstError is { } cell
        ? $"{Name}: cell {cell.CellIndex} (code cell {cell.CodeCellNumber}) failed:\n{cell.Error}"
        : null;
}

/// <summary>How to run a notebook.</summary>
public sealed record NotebookRunOptions
{
    /// <summary>The most one cell may take.</summary>
    public TimeSpan CellTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The most the whole notebook may take; null for no limit but the cells'.</summary>
    public TimeSpan? NotebookTimeout { get; init; }

    /// <summary>
    /// Run the remaining cells after a cell fails, as graders do (nbgrader's allow_errors).
    /// A time-out or a kernel that exits still ends the run: the kernel is no longer usable.
    /// </summary>
    public bool ContinueAfterErrors { get; init; }

    /// <summary>The kernel's working folder; null for the notebook's own folder.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Variables added to the kernel's environment.</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }
}

/// <summary>
/// Runs a notebook's code cells in order in a fresh kernel program and records the outputs the
/// way Jupyter saves them, so the executed copy opens in VS Code, Jupyter or nbconvert.
/// </summary>
public static class NotebookRunner
{
    /// <summary>
    /// Runs one notebook; stops at the first failing cell, as Jupyter's executors do.
    /// </summary>
    /// <param name="path">The source notebook.</param>
    /// <param name="executedPath">Where to write the executed copy, or null for nowhere.</param>
    /// <param name="cellTimeout">The most one cell may take.</param>
    /// <param name="progress">Told about each cell as it finishes.</param>
    public static Task<NotebookResult> RunAsync(
        string path,
        string? executedPath,
        TimeSpan cellTimeout,
        Action<NotebookFile, CellResult>? progress = null,
        CancellationToken cancellationToken = default) =>
        RunAsync(
            NotebookFile.Load(path),
            executedPath,
            new NotebookRunOptions { CellTimeout = cellTimeout },
            progress,
            cancellationToken);

    /// <summary>Runs a notebook, loaded or built in memory, with the options given.</summary>
    public static async Task<NotebookResult> RunAsync(
        NotebookFile source,
        string? executedPath,
        NotebookRunOptions options,
        Action<NotebookFile, CellResult>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var path = source.Path;
        var executed = source.Clone();
        var codeCells = executed.Cells
            .Select((cell, index) => (cell: cell!, index))
            .Where(c => c.cell["cell_type"]?.GetValue<string>() == "code")
            .ToList();

        var clock = Stopwatch.StartNew();
        var results = new List<CellResult>();
        string? stopped = null;
        var folder = options.WorkingDirectory
            ?? Path.GetDirectoryName(Path.GetFullPath(path))!;
        await using (var kernel = KernelProcess.Start(folder, options.Environment))
        {
            var number = 0;
            foreach (var (cell, index) in codeCells)
            {
                number++;
                var kernelName = NotebookFile.KernelOf(cell);
                var code = NotebookFile.SourceOf(cell);
                var cellClock = Stopwatch.StartNew();
                var outputs = new JsonArray();
                string? error = null;
                var timeout = options.CellTimeout;
                var notebookLimit = false;
                if (options.NotebookTimeout is { } limit && limit - clock.Elapsed < timeout)
                {
                    timeout = limit - clock.Elapsed;
                    notebookLimit = true;
                }

                try
                {
                    if (timeout <= TimeSpan.Zero)
                    {
                        throw new TimeoutException("No time was left for this cell.");
                    }

                    var events = await kernel.SubmitCodeAsync(
                        code, kernelName, timeout, cancellationToken);
                    error = JupyterOutputs.Append(events, outputs, number);
                }
                catch (TimeoutException e)
                {
                    error = notebookLimit
                        ? "The notebook did not finish within its time limit of "
                            + $"{options.NotebookTimeout!.Value.TotalSeconds:0} s; "
                            + $"cell {index + 1} was still running."
                        : e.Message;
                    stopped = error;
                    outputs.Add(JupyterOutputs.Error("Timeout", error));
                }
                catch (InvalidOperationException e)
                {
                    error = e.Message;
                    stopped = e.Message;
                    outputs.Add(JupyterOutputs.Error("KernelExited", e.Message));
                }

                cell["outputs"] = outputs;
                cell["execution_count"] = number;
                var result = new CellResult(
                    index + 1, number, kernelName, cellClock.Elapsed.TotalSeconds, error,
                    JupyterOutputs.CountCharts(outputs));
                results.Add(result);
                progress?.Invoke(source, result);
                if (stopped is not null || (error is not null && !options.ContinueAfterErrors))
                {
                    break;
                }
            }
        }

        if (executedPath is not null)
        {
            executed.Save(executedPath);
        }

        return new NotebookResult(
            source.Name, path, executedPath, codeCells.Count, results, clock.Elapsed.TotalSeconds)
        {
            Stopped = stopped,
            Executed = executed,
        };
    }
}
