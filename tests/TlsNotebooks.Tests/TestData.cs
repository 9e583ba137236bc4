namespace TlsNotebooks.Tests;

/// <summary>
/// Finds the shared test data that others wrote (Wycheproof, x509-limbo, PKITS, RFC vectors).
/// It sits beside the project checkout, at ../shared/testdata, and is read in place.
/// </summary>
internal static class TestData
{
    public static string Root { get; } = FindRoot();

    public static string PathTo(params string[] parts) =>
        Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("TLSNB_TESTDATA");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return fromEnvironment;
        }

        // Walk up from the test assembly to the repository root (the folder with the .sln),
        // then step beside it.
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "TlsNotebooks.sln")))
        {
            directory = directory.Parent;
        }

        if (directory?.Parent is null)
        {
            throw new DirectoryNotFoundException(
                "Cannot find TlsNotebooks.sln above " + AppContext.BaseDirectory);
        }

        var root = Path.Combine(directory.Parent.FullName, "shared", "testdata");
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException(
                $"The shared test data is not at {root}; set TLSNB_TESTDATA to its folder.");
        }

        return root;
    }
}
