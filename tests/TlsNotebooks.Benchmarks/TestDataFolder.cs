namespace TlsNotebooks.Benchmarks;

/// <summary>
/// The shared test data beside the repository (or where TLSNB_TESTDATA points), as the test
/// projects find it.
/// </summary>
internal static class TestDataFolder
{
    public static string PathTo(params string[] parts) => Path.Combine([Root(), .. parts]);

    private static string Root()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("TLSNB_TESTDATA");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return fromEnvironment;
        }

        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null
            && !File.Exists(Path.Combine(directory.FullName, "TlsNotebooks.sln")))
        {
            directory = directory.Parent;
        }

        return Path.Combine(directory?.Parent?.FullName ?? ".", "shared", "testdata");
    }
}
