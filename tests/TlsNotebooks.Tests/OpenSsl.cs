using System.Diagnostics;

namespace TlsNotebooks.Tests;

/// <summary>What a command printed, and how it ended.</summary>
internal sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Both streams, for messages that quote the command's words.</summary>
    public string Output => StandardOutput + StandardError;

    public override string ToString() => $"exit {ExitCode}: {Output}";
}

/// <summary>The openssl command line, the independent implementation the tests check against.</summary>
internal static class OpenSsl
{
    /// <summary>Runs openssl to completion (at most a minute) and returns what it printed.</summary>
    public static ProcessResult Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("openssl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill();
            throw new TimeoutException("openssl did not finish within a minute: "
                + string.Join(' ', arguments));
        }

        return new ProcessResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Runs openssl, fails the test unless it succeeds, and returns its standard output.</summary>
    public static string Succeed(params string[] arguments)
    {
        var result = Run(arguments);
        Assert.True(
            result.ExitCode == 0,
            $"openssl {string.Join(' ', arguments)} failed: {result.StandardError}");
        return result.StandardOutput;
    }
}
