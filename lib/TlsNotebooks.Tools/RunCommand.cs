using TlsNotebooks.Tools.Notebooks;

namespace TlsNotebooks.Tools;

/// <summary><c>tlsnb run</c>: every notebook, top to bottom, in the real kernel program.</summary>
public static class RunCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var outFolder = Repository.ExecutedFolder;
        var cellTimeout = TimeSpan.FromMinutes(5);
        var inputs = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--out" when i + 1 < args.Length:
                    outFolder = Path.GetFullPath(args[++i]);
                    break;
                case "--cell-timeout"
                    when i + 1 < args.Length && int.TryParse(args[i + 1], out var s):
                    cellTimeout = TimeSpan.FromSeconds(s);
                    i++;
                    break;
                default:
                    inputs.Add(args[i]);
                    break;
            }
        }

        var notebooks = FindNotebooks(inputs.Count == 0 ? [Repository.NotebooksFolder] : inputs);
        if (notebooks.Count == 0)
        {
            Console.Error.WriteLine("No notebooks found.");
            return 1;
        }

        Console.WriteLine("Restoring the pinned kernel (dotnet tool restore) ...");
        var (code, output) = ChildProcess.Run(
            "dotnet", ["tool", "restore"], Repository.Root, TimeSpan.FromMinutes(5));
        if (code != 0)
        {
            Console.Error.WriteLine("dotnet tool restore failed:\n" + output);
            return 1;
        }

        Console.WriteLine(
            $"Running {notebooks.Count} notebook(s); executed copies go to {outFolder}");
        var results = new List<NotebookResult>();
        foreach (var path in notebooks)
        {
            Console.WriteLine($"▶ {Path.GetFileName(path)}");
            var executed = Path.Combine(outFolder, Path.GetFileName(path));
            var result = await NotebookRunner.RunAsync(path, executed, cellTimeout, Report);
            results.Add(result);
            Console.WriteLine($"  {result.Summary}");
        }

        Console.WriteLine();
        Console.WriteLine("Summary");
        foreach (var result in results)
        {
            Console.WriteLine($"  {(result.Succeeded ? "ok  " : "FAIL")} {result.Summary}");
        }

        var failures = results.Where(r => !r.Succeeded).ToList();
        foreach (var failure in failures)
        {
            Console.Error.WriteLine();
            Console.Error.WriteLine(failure.FailureReport);
        }

        return failures.Count == 0 ? 0 : 1;
    }

    /// <summary>
    /// The .ipynb files named, or found directly inside the folders named, in order.
    /// </summary>
    public static IReadOnlyList<string> FindNotebooks(IEnumerable<string> inputs) =>
        inputs
            .SelectMany<string, string>(input => Directory.Exists(input)
                ? Directory.GetFiles(input, "*.ipynb").Order(StringComparer.Ordinal)
                : File.Exists(input)
                    ? new[] { input }
                    : throw new FileNotFoundException($"No notebook or folder at {input}."))
            .Select(Path.GetFullPath)
            .ToList();

    private static void Report(NotebookFile notebook, CellResult cell)
    {
        var status = cell.Error is null ? "ok" : "ERROR";
        var charts = cell.Charts > 0 ? $", {cell.Charts} chart(s)" : "";
        Console.WriteLine(
            $"  cell {cell.CellIndex,3} (code {cell.CodeCellNumber,2}) {status,-5} "
            + $"{cell.Seconds,6:0.00} s{charts}");
    }
}
