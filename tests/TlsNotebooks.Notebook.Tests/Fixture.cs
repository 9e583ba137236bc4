using TlsNotebooks.Tools;

namespace TlsNotebooks.Notebook.Tests;

/// <summary>
/// The test notebooks under Fixtures/, copied to a fresh folder with the absolute path of the
/// built notebook layer filled in (the kernel resolves a relative #r from its own folder).
/// </summary>
internal static class Fixture
{
    public static string NotebookLibrary =>
        Path.Combine(Repository.Root, "artifacts", "notebook-lib", "TlsNotebooks.Notebook.dll");

    public static string Materialize(string name)
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name))
            .Replace("{{NOTEBOOK_LIB}}", NotebookLibrary.Replace("\\", "/"), StringComparison.Ordinal);
        var folder = Directory.CreateTempSubdirectory("tlsnb-fixture-").FullName;
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, text);
        return path;
    }
}
