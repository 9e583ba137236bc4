using System.ComponentModel;
using System.Diagnostics;

namespace TlsNotebooks.Notebook.WhyTls;

/// <summary>
/// Runs Wireshark's command-line twin on a capture file, when it is installed. The notebooks
/// never need it; they show its view when it is there.
/// </summary>
public static class Tshark
{
    /// <summary>True when a <c>tshark</c> program answers <c>-v</c>.</summary>
    public static bool IsInstalled => Run("-v") is not null;

    /// <summary>tshark's output, or null when tshark is not installed.</summary>
    public static string? Run(string arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("tshark", arguments)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (process is null)
            {
                return null;
            }

            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(30_000))
            {
                process.Kill();
                return "tshark did not finish within 30 s";
            }

            return process.ExitCode == 0 ? output : output + error.Result;
        }
        catch (Win32Exception)
        {
            return null;
        }
    }
}
