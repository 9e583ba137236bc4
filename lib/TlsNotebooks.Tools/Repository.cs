namespace TlsNotebooks.Tools;

/// <summary>
/// Finds the repository the tools work on: the folder that holds TlsNotebooks.sln.
/// </summary>
public static class Repository
{
    public const string SolutionFile = "TlsNotebooks.sln";

    /// <summary>The repository root above the current folder, else above this program.</summary>
    public static string Root { get; } =
        FindAbove(Environment.CurrentDirectory)
        ?? FindAbove(AppContext.BaseDirectory)
        ?? throw new DirectoryNotFoundException(
            $"No {SolutionFile} above {Environment.CurrentDirectory}: "
            + "run from inside the repository.");

    public static string NotebooksFolder => Path.Combine(Root, "notebooks");

    public static string ExecutedFolder => Path.Combine(Root, "artifacts", "executed");

    private static string? FindAbove(string start)
    {
        for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, SolutionFile)))
            {
                return folder.FullName;
            }
        }

        return null;
    }
}
