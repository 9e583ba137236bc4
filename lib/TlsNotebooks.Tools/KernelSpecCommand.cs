using System.Text.Json.Nodes;

namespace TlsNotebooks.Tools;

/// <summary>
/// <c>tlsnb jupyter-kernelspec</c>: installs a Jupyter kernel named ".net-csharp" that starts
/// the pinned kernel from the repository's tool manifest and listens on loopback only.
/// </summary>
/// <remarks>
/// <c>dotnet interactive jupyter install</c> writes a kernelspec without
/// <c>--http-local-only</c>, so its kernel opens an HTTP port on every interface. Jupyter starts
/// the kernel in the notebook's folder, inside the repository, so <c>dotnet tool run</c> finds
/// the pinned version there.
/// </remarks>
public static class KernelSpecCommand
{
    public const string KernelName = ".net-csharp";

    public static int Run(string[] args)
    {
        var prefix = args.Length == 2 && args[0] == "--prefix"
            ? Path.GetFullPath(args[1])
            : DefaultUserFolder();
        var folder = Write(prefix);
        Console.WriteLine($"Installed the Jupyter kernel \"{KernelName}\" in {folder}");
        return 0;
    }

    /// <summary>
    /// Writes kernels/.net-csharp/kernel.json under <paramref name="jupyterDataFolder"/>.
    /// </summary>
    public static string Write(string jupyterDataFolder)
    {
        var folder = Path.Combine(jupyterDataFolder, "kernels", KernelName);
        Directory.CreateDirectory(folder);
        var spec = new JsonObject
        {
            ["argv"] = new JsonArray(
                "dotnet", "tool", "run", "dotnet-interactive", "--",
                "jupyter", "--default-kernel", "csharp", "--http-local-only", "{connection_file}"),
            ["display_name"] = ".NET (C#)",
            ["language"] = "C#",
            ["env"] = new JsonObject
            {
                ["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1",
                ["DOTNET_INTERACTIVE_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
            },
        };
        File.WriteAllText(Path.Combine(folder, "kernel.json"), spec.ToJsonString() + "\n");
        return folder;
    }

    private static string DefaultUserFolder() =>
        Environment.GetEnvironmentVariable("JUPYTER_DATA_DIR") is { Length: > 0 } dataDir
            ? dataDir
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
                ".local", "share", "jupyter");
}
