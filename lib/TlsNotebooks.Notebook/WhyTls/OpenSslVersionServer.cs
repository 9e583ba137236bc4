using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TlsNotebooks.Notebook.WhyTls;

/// <summary>
/// <c>openssl s_server -www</c> on 127.0.0.1 for one TLS version: a real, independent TLS
/// server (OpenSSL's) that answers "GET /" with a status page. Dispose stops the process.
/// </summary>
internal sealed class OpenSslVersionServer : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private OpenSslVersionServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>What the process printed so far.</summary>
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
    /// Starts s_server for "1.2" or "1.3" and waits until it accepts connections.
    /// </summary>
    /// <remarks>
    /// TLS 1.3 servers send session tickets right after the handshake; they are turned off
    /// (<c>-num_tickets 0</c>) so that the only server records before the client's request
    /// are the handshake's, which is what the round-trip count looks at.
    /// </remarks>
    public static OpenSslVersionServer Start(string version, string certificatePem, string keyPem)
    {
        var flag = version switch
        {
            "1.2" => "-tls1_2",
            "1.3" => "-tls1_3 -num_tickets 0",
            _ => throw new ArgumentException("the version is \"1.2\" or \"1.3\"", nameof(version)),
        };
        var port = FreePort();
        var info = new ProcessStartInfo("openssl",
            $"s_server -accept 127.0.0.1:{port} {flag} -cert {certificatePem} -key {keyPem} -www")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException("no process");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException(
                "openssl is not installed; notebook 00's environment check says how to get it", e);
        }

        var server = new OpenSslVersionServer(process, port);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        server.WaitForAccept();
        return server;
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
            // Already gone.
        }

        _process.Dispose();
    }

    private void WaitForAccept()
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
