namespace TlsNotebooks.Benchmarks;

/// <summary>
/// One benchmark: it measures, prints its figures to standard output and returns.
/// Add a class that implements this and it is listed and run by name.
/// </summary>
public interface IBenchmark
{
    /// <summary>The name used on the command line, such as "ffdhe2048".</summary>
    string Name { get; }

    /// <summary>One line that says what is measured and against what.</summary>
    string Description { get; }

    /// <summary>Runs the benchmark; returns the process exit code.</summary>
    int Run(TextWriter output);
}
