using TlsNotebooks.Tools;

namespace TlsNotebooks.Notebook.Tests;

/// <summary>
/// Programs some tests need beyond the .NET SDK. A missing one fails the test with a message
/// that says how to install it: these tests never pass by skipping what they check.
/// </summary>
internal static class ExternalTool
{
    /// <summary>The full path of a program, preferring the system's copy in /usr/bin.</summary>
    /// <remarks>
    /// Debian's Jupyter runs on Debian's python3, which may not be the first python3 on PATH;
    /// its scripts in /usr/bin carry the right interpreter in their first line.
    /// </remarks>
    public static string Require(string name, string debianPackage)
    {
        var candidates = new[] { "/usr/bin" }
            .Concat((Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
            .Where(folder => folder.Length > 0)
            .Select(folder => Path.Combine(folder, name));
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException(
                $"This test needs {name} (Debian package {debianPackage}). Run .ci/setup, "
                + $"or: sudo apt-get install -y {debianPackage}");
    }

    /// <summary>
    /// Runs a program with a time limit; fails the test with its output if it fails.
    /// </summary>
    public static string Run(
        string file,
        IEnumerable<string> arguments,
        string workingDirectory,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var (exitCode, output) = ChildProcess.Run(file, arguments, workingDirectory, timeout, environment);
        Assert.True(exitCode == 0, $"{Path.GetFileName(file)} exited with {exitCode}:\n{output}");
        return output;
    }
}
