using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TlsNotebooks.Tests.Tls;

/// <summary>
/// An `openssl s_server` or `s_client` child process for interop tests, bound to 127.0.0.1.
/// Dispose kills it, so every test stops what it started.
/// </summary>
internal sealed class OpenSslProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly object _lock = new();

    private OpenSslProcess(string arguments)
    {
        var info = new ProcessStartInfo("openssl", arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        _process = Process.Start(info)
            ?? throw new InvalidOperationException("cannot start openssl");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Port { get; private set; }

    public Process Process => _process;

    public string Output
    {
        get
        {
            lock (_lock)
            {
                return _output.ToString();
            }
        }
    }

    public static string Pki(string file) => TestData.PathTo("openssl-pki", file);

    /// <summary>Starts s_server on a free port and waits until it accepts.</summary>
    public static OpenSslProcess StartServer(string extraArguments)
    {
        var port = FreePort();
        var server = new OpenSslProcess(
            $"s_server -accept 127.0.0.1:{port} -tls1_2 -cert {Pki("server.pem")} "
            + $"-key {Pki("server.key")} {TlsTestPki.AtTime} {extraArguments}");
        server.Port = port;
        server.WaitFor("ACCEPT", TimeSpan.FromSeconds(10));
        return server;
    }

    /// <summary>Starts s_client against a port (our server must already listen).</summary>
    public static OpenSslProcess StartClient(int port, string extraArguments) =>
        new($"s_client -connect 127.0.0.1:{port} -tls1_2 {TlsTestPki.AtTime} {extraArguments}")
        {
            Port = port,
        };

    /// <summary>
    /// Types a line into s_client or s_server. A peer that has already ended the connection
    /// (a refused handshake makes s_client exit at once) may have closed its input: that is
    /// an outcome for the test to check in <see cref="Output"/>, not an error of the test.
    /// </summary>
    public void Send(string text)
    {
        try
        {
            _process.StandardInput.Write(text);
            _process.StandardInput.Flush();
        }
        catch (IOException) when (_process.HasExited || _process.WaitForExit(2000))
        {
        }
    }

    public void WaitFor(string text, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited)
            {
                // Only the overload without a timeout waits for the asynchronous output
                // readers to drain; the process is gone, so it returns promptly.
                _process.WaitForExit();
                if (Output.Contains(text, StringComparison.Ordinal))
                {
                    return;
                }

                throw new InvalidOperationException(
                    $"openssl exited without printing \"{text}\": {Output}");
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"openssl did not print \"{text}\": {Output}");
            }

            Thread.Sleep(10);
        }
    }

    public bool WaitForExit(TimeSpan timeout) =>
        _process.WaitForExit((int)timeout.TotalMilliseconds);

    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            _output.AppendLine(line);
        }
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
        }

        _process.Dispose();
    }
}
