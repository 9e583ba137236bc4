using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using TlsNotebooks.DiffieHellman;

namespace TlsNotebooks.Notebook;

/// <summary>
/// <c>openssl s_server</c> on 127.0.0.1: a real, independent TLS server (OpenSSL's) that
/// answers HTTP requests with a status page (<c>-www</c>). Dispose stops it.
/// </summary>
public sealed class OpenSslServer : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private OpenSslServer(IEnumerable<string> arguments)
    {
        Port = FreePort();
        var info = new ProcessStartInfo("openssl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "s_server", "-accept", $"127.0.0.1:{Port}" }
            .Concat(arguments).Append("-www"))
        {
            info.ArgumentList.Add(argument);
        }

        try
        {
            _process = Process.Start(info)
                ?? throw new InvalidOperationException("openssl did not start");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException(
                "openssl is not installed; notebook 00's environment check says how to get it", e);
        }

        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        WaitUntilAccepting();
    }

    /// <summary>True when the <c>openssl</c> command can be run.</summary>
    public static bool IsInstalled => CommandLineTool.Version("openssl", "version") is not null;

    public int Port { get; }

    /// <summary>What s_server printed so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>
    /// Starts s_server with the lesson's certificate, speaking TLS 1.2 with the lesson's DHE
    /// suite over ffdhe2048, and waits until it accepts connections.
    /// </summary>
    public static OpenSslServer Start(LessonPki pki)
    {
        ArgumentNullException.ThrowIfNull(pki);
        var dhParameters = Path.Combine(pki.Folder, "ffdhe2048.pem");
        File.WriteAllText(dhParameters, DhPem.ExportParameters(DhGroups.Ffdhe2048));
        return new OpenSslServer(
        [
            "-tls1_2", "-cert", pki.ServerPemPath, "-key", pki.ServerKeyPath,
            "-cipher", "DHE-RSA-AES128-GCM-SHA256", "-dhparam", dhParameters,
        ]);
    }

    /// <summary>
    /// Starts s_server for one TLS version, "1.2" or "1.3", with the certificate and key in
    /// the PEM files given, and waits until it accepts connections.
    /// </summary>
    /// <remarks>
    /// TLS 1.3 servers send session tickets right after the handshake; they are turned off
    /// (<c>-num_tickets 0</c>) so that the only server records before the client's request
    /// are the handshake's, which is what notebook 01's round-trip count looks at.
    /// </remarks>
    internal static OpenSslServer StartVersion(
        string version,
        string certificatePem,
        string keyPem)
    {
        string[] versionArguments = version switch
        {
            "1.2" => ["-tls1_2"],
            "1.3" => ["-tls1_3", "-num_tickets", "0"],
            _ => throw new ArgumentException("the version is \"1.2\" or \"1.3\"", nameof(version)),
        };
        return new OpenSslServer(
            [.. versionArguments, "-cert", certificatePem, "-key", keyPem]);
    }

    /// <summary>A TCP connection to the server, for a client to speak TLS over.</summary>
    public Stream Connect()
    {
        var tcp = new TcpClient { NoDelay = true };
        tcp.Connect(IPAddress.Loopback, Port);
        return tcp.GetStream();
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // It had already exited.
        }

        _process.Dispose();
    }

    private void WaitUntilAccepting()
    {
        var clock = Stopwatch.StartNew();
        while (!Output.Contains("ACCEPT", StringComparison.Ordinal))
        {
            if (_process.HasExited || clock.Elapsed > TimeSpan.FromSeconds(10))
            {
                var output = Output;
                Dispose();
                throw new InvalidOperationException($"openssl s_server did not start: {output}");
            }

            Thread.Sleep(10);
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

/// <summary>tshark, Wireshark's command-line twin, if it is installed.</summary>
public static class Tshark
{
    /// <summary>True when <c>tshark</c> can be run.</summary>
    public static bool IsInstalled => CommandLineTool.Version("tshark", "--version") is not null;

    /// <summary>
    /// tshark's output for a free-form command line (its errors appended when it fails), or
    /// null when tshark is not installed, so a notebook can say so instead of failing.
    /// </summary>
    public static string? Run(string arguments) => Run("tshark", arguments);

    /// <summary>Runs <paramref name="program"/>; null when there is no such program.</summary>
    internal static string? Run(string program, string arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(program, arguments)
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
                process.Kill(entireProcessTree: true);
                return $"{program} did not finish within 30 s";
            }

            return process.ExitCode == 0 ? output : output + error.Result;
        }
        catch (Win32Exception)
        {
            return null;
        }
    }

    /// <summary>
    /// Runs tshark on a capture, optionally with an NSS key log, and returns what it printed.
    /// <paramref name="fields"/> are tshark field names such as "http.request.uri".
    /// </summary>
    public static string Read(string capture, string? keyLog, string displayFilter,
        params string[] fields)
    {
        var info = new ProcessStartInfo("tshark")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-r");
        info.ArgumentList.Add(capture);
        if (keyLog is not null)
        {
            info.ArgumentList.Add("-o");
            info.ArgumentList.Add($"tls.keylog_file:{keyLog}");
        }

        info.ArgumentList.Add("-Y");
        info.ArgumentList.Add(displayFilter);
        info.ArgumentList.Add("-T");
        info.ArgumentList.Add("fields");
        foreach (var field in fields)
        {
            info.ArgumentList.Add("-e");
            info.ArgumentList.Add(field);
        }

        using var process = Process.Start(info)
            ?? throw new InvalidOperationException("tshark did not start");
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(30_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("tshark did not finish within 30 s");
        }

        return output.Result.Trim();
    }
}

/// <summary>Asks a command-line tool for its version; null when it cannot be run.</summary>
internal static class CommandLineTool
{
    public static string? Version(string tool, string argument)
    {
        try
        {
            var info = new ProcessStartInfo(tool, argument)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var process = Process.Start(info);
            if (process is null)
            {
                return null;
            }

            var output = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(10_000))
            {
                process.Kill(entireProcessTree: true);
                return null;
            }

            return process.ExitCode == 0 ? output.Result.Split('\n')[0].Trim() : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
