using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using TlsNotebooks.Tls;
using TlsNotebooks.X509;

namespace TlsNotebooks.Benchmarks;

/// <summary>
/// Full TLS 1.2 DHE-RSA handshakes per second of our client against `openssl s_server`,
/// beside `openssl s_time -new` against the same server, and the ratio. s_time does not check
/// the chain; our client does, which is part of what a real client pays: once with the
/// runtime's X509Chain, once with the project's path validator and the PKI's CRLs (as
/// notebook 03 does). The clients take turns in short rounds, so that a change in the
/// machine's load falls on all alike.
/// </summary>
public sealed partial class HandshakeBenchmark : IBenchmark
{
    private const int Rounds = 4;
    private const int Seconds = 3;

    // The test PKI's leaves expire in 2029 and its CRLs in January 2027: both verifiers check
    // the chain at a time when everything is valid.
    private static readonly DateTime s_verificationTime =
        new(2026, 12, 15, 0, 0, 0, DateTimeKind.Utc);

    public string Name => "handshake";

    public string Description =>
        "TLS 1.2 DHE-RSA-AES128-GCM handshakes/s: our client vs openssl s_time, same s_server";

    public int Run(TextWriter output)
    {
        var pki = TestDataFolder.PathTo("openssl-pki");
        var port = FreePort();
        using var server = Process.Start(new ProcessStartInfo("openssl",
            $"s_server -accept 127.0.0.1:{port} -tls1_2 -cipher DHE-RSA-AES128-GCM-SHA256 "
            + $"-cert {pki}/server.pem -key {pki}/server.key -cert_chain {pki}/inter.pem "
            + $"-dhparam {pki}/ffdhe2048.pem -quiet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        })!;
        server.OutputDataReceived += (_, _) => { };
        server.ErrorDataReceived += (_, _) => { };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        try
        {
            WaitUntilListening(port);
            var x509Chain = ClientOptions(pki, ChainVerifier(pki));
            var pathValidator = ClientOptions(pki, PathValidatorVerifier(pki));
            for (var i = 0; i < 20; i++)
            {
                // Warm up the JIT and the connection path.
                OneHandshake(port, x509Chain);
                OneHandshake(port, pathValidator);
            }

            var steps = new Dictionary<string, TimeSpan>();
            var (chainCount, chainTime) = (0, TimeSpan.Zero);
            var (validatorCount, validatorTime) = (0, TimeSpan.Zero);
            var (opensslCount, opensslTime) = (0, 0.0);
            for (var round = 0; round < Rounds; round++)
            {
                var (count, time) = RunFor(port, x509Chain, steps);
                (chainCount, chainTime) = (chainCount + count, chainTime + time);
                (count, time) = RunFor(port, pathValidator, null);
                (validatorCount, validatorTime) = (validatorCount + count, validatorTime + time);
                var (connections, seconds) = OpenSslTime(port);
                opensslCount += connections;
                opensslTime += seconds;
            }

            var ours = chainCount / chainTime.TotalSeconds;
            var oursValidating = validatorCount / validatorTime.TotalSeconds;
            var openssl = opensslCount / opensslTime;
            output.WriteLine($"our client, X509Chain:       {ours,8:F1} handshakes/s");
            output.WriteLine($"our client, path validator:  {oursValidating,8:F1} handshakes/s");
            output.WriteLine($"openssl s_time:              {openssl,8:F1} handshakes/s");
            output.WriteLine($"ratio (ours/openssl): {ours / openssl:F2} with X509Chain, "
                + $"{oursValidating / openssl:F2} with the path validator (target >= 0.50)");
            output.WriteLine("our client (X509Chain), mean time per step:");
            foreach (var (step, total) in steps)
            {
                output.WriteLine($"  {step,-30} {total.TotalMilliseconds / chainCount,8:F2} ms");
            }

            return 0;
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            server.WaitForExit(5000);
        }
    }

    /// <summary>Handshakes for <see cref="Seconds"/>; adds each step's time to steps.</summary>
    private static (int Count, TimeSpan Elapsed) RunFor(
        int port,
        TlsClientOptions options,
        Dictionary<string, TimeSpan>? steps)
    {
        var count = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(Seconds))
        {
            foreach (var timing in OneHandshake(port, options))
            {
                if (steps is not null)
                {
                    steps[timing.Step] = steps.GetValueOrDefault(timing.Step) + timing.Elapsed;
                }
            }

            count++;
        }

        return (count, clock.Elapsed);
    }

    private static TlsClientOptions ClientOptions(string pki, IServerCertificateVerifier verifier)
        => new()
        {
            ServerName = "localhost",
            CertificateVerifier = verifier,
            CipherSuites = [CipherSuite.TlsDheRsaWithAes128GcmSha256],
        };

    /// <summary>The runtime's X509Chain (OpenSSL underneath): chain, name, no CRL.</summary>
    private static X509ChainCertificateVerifier ChainVerifier(string pki) =>
        new(X509CertificateLoader.LoadCertificateFromFile(Path.Combine(pki, "root.pem")))
        {
            VerificationTime = s_verificationTime,
        };

    /// <summary>The project's path validator: chain, name, and both CRLs required.</summary>
    private static PathValidatorCertificateVerifier PathValidatorVerifier(string pki)
    {
        var crls = new[]
        {
            Der.ReadCrlFile(Path.Combine(pki, "root.crl.pem")),
            Der.ReadCrlFile(Path.Combine(pki, "inter.crl.pem")),
        };
        return new PathValidatorCertificateVerifier(
            [Der.ReadCertificateFile(Path.Combine(pki, "root.pem"))], () => crls)
        {
            VerificationTime = new DateTimeOffset(s_verificationTime),
        };
    }

    private static IReadOnlyList<StepTiming> OneHandshake(int port, TlsClientOptions options)
    {
        using var tcp = new TcpClient();
        tcp.NoDelay = true;
        tcp.Connect(IPAddress.Loopback, port);
        var client = new TlsClient(tcp.GetStream(), options);
        client.Connect();
        client.Close();
        return client.Timings;
    }

    /// <summary>
    /// One s_time run: its connections, over the wall-clock time the process took. s_time's
    /// own "real seconds" are whole seconds (3 or 4 for a 3-second run), too coarse here.
    /// </summary>
    private static (int Connections, double Seconds) OpenSslTime(int port)
    {
        var clock = Stopwatch.StartNew();
        using var time = Process.Start(new ProcessStartInfo("openssl",
            $"s_time -connect 127.0.0.1:{port} -new -tls1_2 -cipher DHE-RSA-AES128-GCM-SHA256 "
            + $"-time {Seconds}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var text = time.StandardOutput.ReadToEnd();
        time.WaitForExit((Seconds + 20) * 1000);
        var elapsed = clock.Elapsed.TotalSeconds;
        var match = RealSeconds().Match(text);
        if (!match.Success)
        {
            throw new InvalidOperationException("unexpected s_time output: " + text);
        }

        return (int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), elapsed);
    }

    [GeneratedRegex(@"(\d+) connections in \d+ real seconds")]
    private static partial Regex RealSeconds();

    private static void WaitUntilListening(int port)
    {
        for (var i = 0; i < 200; i++)
        {
            try
            {
                using var probe = new TcpClient();
                probe.Connect(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(25);
            }
        }

        throw new TimeoutException("openssl s_server did not start");
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
