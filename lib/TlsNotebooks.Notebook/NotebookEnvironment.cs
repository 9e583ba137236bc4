using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Html;
using Microsoft.DotNet.Interactive;
using TlsNotebooks.Presentation;

namespace TlsNotebooks.Notebook;

/// <summary>What the set-up cell at the top of every notebook calls.</summary>
public static class NotebookEnvironment
{
    private static readonly object s_gate = new();
    private static bool s_formattersRegistered;

    /// <summary>
    /// Prepares the kernel for the notebooks: settles the FSharp.Core conflict, registers the
    /// formatters, and puts the offline plotly.js into the page. Safe to call again.
    /// </summary>
    /// <returns>A one-line summary of the versions in use, for the cell to show.</returns>
    public static ReadyBanner Prepare()
    {
        // First, before anything touches Plotly.NET: see FSharpCoreBinding for why.
        FSharpCoreBinding.Install();

        lock (s_gate)
        {
            if (!s_formattersRegistered)
            {
                Formatters.Register();
                s_formattersRegistered = true;
            }
        }

        // Every run of the set-up cell puts plotly.js into that cell's output, so the charts
        // below it draw even after the page was reloaded or the outputs were cleared.
        KernelInvocationContext.Current?.Display(
            new HtmlString(PlotlyJs.LoaderHtml()), "text/html");

        return new ReadyBanner(
            LibraryInfo.Version,
            RuntimeInformation.FrameworkDescription,
            KernelVersion(),
            PlotlyJs.Version);
    }

    /// <summary>The version of the .NET Interactive kernel this code runs in, if any.</summary>
    public static string KernelVersion() =>
        typeof(Kernel).Assembly
            .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?
            .InformationalVersion.Split('+')[0]
        ?? "unknown";

    /// <summary>
    /// The versions a student or instructor needs to check the set-up: the library, .NET, the
    /// kernel, FSharp.Core, Plotly and OpenSSL (which later notebooks talk to).
    /// </summary>
    public static EnvironmentReport Check()
    {
        var fsharp = FSharpCoreBinding.LoadedFSharpCore?.GetName().Version?.ToString()
            ?? "not loaded";
        return new EnvironmentReport(
        [
            new Field("TLS Notebooks library", LibraryInfo.Version),
            new Field(".NET runtime", RuntimeInformation.FrameworkDescription),
            new Field(".NET Interactive kernel", KernelVersion()),
            new Field("FSharp.Core loaded", fsharp,
                FSharpCoreBinding.IsInstalled
                    ? "later requests for FSharp.Core resolve to this copy"
                    : "the set-up cell has not run: charts will fail"),
            new Field("plotly.js (offline)", PlotlyJs.Version, "embedded in Plotly.NET, no CDN"),
            new Field("OpenSSL", OpenSslVersion(), "used by later notebooks to check our TLS"),
            new Field("Operating system", RuntimeInformation.OSDescription),
            new Field("Working directory", Environment.CurrentDirectory),
        ]);
    }

    /// <summary>The output of <c>openssl version</c>, or "not found".</summary>
    public static string OpenSslVersion()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("openssl", "version")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (process is null)
            {
                return "not found";
            }

            var output = process.StandardOutput.ReadToEnd().Trim();
            return process.WaitForExit(5000) && process.ExitCode == 0 ? output : "not working";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "not found";
        }
    }
}

/// <summary>The line the set-up cell shows: which versions the notebook runs with.</summary>
public sealed record ReadyBanner(string Library, string Runtime, string Kernel, string PlotlyJs)
{
    public override string ToString() =>
        $"TLS Notebooks {Library} ready · {Runtime} · kernel {Kernel} · "
        + $"charts offline (plotly.js {PlotlyJs})";
}

/// <summary>The environment check of notebook 00, as a table.</summary>
public sealed class EnvironmentReport(IReadOnlyList<Field> fields) : IFieldTable
{
    public string TableTitle => "Environment";

    public IReadOnlyList<Field> GetFields() => fields;

    /// <summary>The value of one row, by name.</summary>
    public string this[string name] =>
        fields.FirstOrDefault(f => f.Name == name)?.Value
        ?? throw new KeyNotFoundException($"The environment report has no row \"{name}\".");

    public override string ToString() => Html.PlainTable(this);
}
