using System.Reflection;
using System.Runtime.Loader;

namespace TlsNotebooks.Notebook;

/// <summary>
/// Settles the FSharp.Core version conflict between the kernel and Plotly.NET.
/// </summary>
/// <remarks>
/// The .NET Interactive kernel loads its own FSharp.Core (assembly version 10.0.0.0) at start-up.
/// Plotly.NET 6.0.0 was compiled against 10.1.0.0, so the first chart asks the runtime for a
/// newer FSharp.Core than the one already loaded, and the default load context cannot load a
/// second copy: the chart fails with FileNotFoundException. FSharp.Core keeps its API
/// backwards-compatible within a major version, so answering the request with the loaded copy is
/// safe for what Plotly.NET uses. This must run before any type from Plotly.NET is touched,
/// which is why it lives in a class that does not mention Plotly at all.
/// </remarks>
public static class FSharpCoreBinding
{
    private static int s_installed;

    /// <summary>True once the resolver is in place.</summary>
    public static bool IsInstalled => Volatile.Read(ref s_installed) == 1;

    /// <summary>The FSharp.Core the process has loaded, if any.</summary>
    public static Assembly? LoadedFSharpCore =>
        AppDomain.CurrentDomain.GetAssemblies()
            .FirstOrDefault(a => a.GetName().Name == "FSharp.Core");

    /// <summary>
    /// Answers every later request for FSharp.Core with the copy already loaded.
    /// Calling it again does nothing.
    /// </summary>
    public static void Install()
    {
        if (Interlocked.Exchange(ref s_installed, 1) == 1)
        {
            return;
        }

        AssemblyLoadContext.Default.Resolving += ResolveToLoadedCopy;
    }

    private static Assembly? ResolveToLoadedCopy(AssemblyLoadContext context, AssemblyName name)
    {
        if (name.Name != "FSharp.Core")
        {
            return null;
        }

        return LoadedFSharpCore;
    }
}
