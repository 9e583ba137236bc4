using System.Reflection;

namespace TlsNotebooks;

/// <summary>What this build of the library is, for the notebooks' environment check.</summary>
public static class LibraryInfo
{
    /// <summary>The library's informational version, such as "0.1.0".</summary>
    public static string Version { get; } =
        typeof(LibraryInfo).Assembly
            .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?
            .InformationalVersion.Split('+')[0]
        ?? "unknown";
}
