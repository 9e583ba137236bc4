using System.Diagnostics;
using System.Net.Sockets;
using TlsNotebooks.Http;
using TlsNotebooks.Relay;
using TlsNotebooks.Tests.Tls;
using TlsNotebooks.Tls;

namespace TlsNotebooks.Tests.Relay;

/// <summary>
/// A relay recording written by <see cref="RelayPcap"/> opens in tshark (Debian package
/// "tshark") with one packet per chunk plus the synthesised handshake and FINs, shows plain
/// HTTP as HTTP, and decrypts our TLS with the key log.
/// </summary>
public class RelayPcapTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public void Tshark_reads_a_plain_http_capture_with_the_expected_packets_and_the_form()
    {
        using var server = LoopbackHttpServer.Start(r => new HttpReply(200, "welcome"));
        using var relay = OnPathRelay.Start(server.Port);
        using (var client = LoopbackHttpClient.Create(relay.Port))
        {
            client.PostForm("/login", ("user", "alice"), ("password", "hunter2"));
        }

        Assert.True(relay.WaitForClosed(1, Patience));
        using var folder = new TempFolder();
        var capture = folder.Write("http.pcap", s => RelayPcap.Write(s, relay, serverPort: 80));

        var frames = Tshark($"-r {capture} -T fields -e frame.number").Split('\n',
            StringSplitOptions.RemoveEmptyEntries);
        var connection = relay.Connections.Single();
        var expected = 3 + connection.Chunks.Count + connection.Events.Count(
            e => e.Kind is RelayEventKind.HalfClosed or RelayEventKind.Reset);
        Assert.Equal(expected, frames.Length);
        var form = Tshark($"-r {capture} -Y urlencoded-form -T fields "
            + "-e urlencoded-form.key -e urlencoded-form.value");
        Assert.Contains("hunter2", form);
        var payload = Tshark($"-r {capture} -Y tcp.len>0 -T fields -e tcp.payload")
            .Replace("\n", string.Empty).Replace(":", string.Empty).Trim();
        Assert.Equal(Convert.ToHexStringLower(
            [.. connection.Chunks.OrderBy(c => c.Sequence).SelectMany(c => c.Bytes)]),
            payload.ToLowerInvariant());
    }

    [Fact]
    public void Tshark_decrypts_a_relay_capture_of_our_tls_with_the_key_log()
    {
        using var loopback = new Loopback<bool>(stream =>
        {
            var server = new TlsServer(stream, OpenSslClientInteropTests.ServerOptions());
            server.Accept();
            server.Read();
            server.Write("HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\nwelcome"u8);
            server.Close();
            return true;
        });
        using var relay = OnPathRelay.Start(loopback.Port);
        string keyLogLine;
        using (var tcp = TlsTestPki.Connect(relay.Port))
        {
            var client = new TlsClient(tcp.GetStream(), TlsTestPki.ClientOptions());
            client.Connect();
            client.Write("GET /secret-page HTTP/1.1\r\nHost: localhost\r\n\r\n"u8);
            OpenSslServerInteropTests.ReadAll(client);
            keyLogLine = client.KeyLogLine;
            tcp.Client.Shutdown(SocketShutdown.Send);
        }

        loopback.Wait();
        Assert.True(relay.WaitForClosed(1, Patience));
        using var folder = new TempFolder();
        var capture = folder.Write("tls.pcap", s => RelayPcap.Write(s, relay, serverPort: 443));
        var keyLog = folder.Write("keylog.txt", s => s.Write(
            System.Text.Encoding.ASCII.GetBytes(keyLogLine + "\n")));

        var withKeys = Tshark($"-r {capture} -o tls.keylog_file:{keyLog} -Y http "
            + "-T fields -e http.request.uri -e http.response.code");
        var withoutKeys = Tshark($"-r {capture} -Y http -T fields -e http.request.uri");
        var handshake = Tshark($"-r {capture} -Y tls.handshake -T fields -e tls.handshake.type");

        Assert.Contains("/secret-page", withKeys);
        Assert.Contains("200", withKeys);
        Assert.DoesNotContain("/secret-page", withoutKeys);
        Assert.Contains("11", handshake);
    }

    internal static string Tshark(string arguments)
    {
        Assert.True(File.Exists("/usr/bin/tshark"),
            "this test needs tshark: apt-get install -y tshark");
        using var process = Process.Start(new ProcessStartInfo("tshark", arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(30_000))
        {
            process.Kill();
            throw new TimeoutException("tshark did not finish");
        }

        Assert.True(process.ExitCode == 0, $"tshark failed: {error.Result}");
        return output;
    }

    private sealed class TempFolder : IDisposable
    {
        private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("relay-pcap-");

        public string Write(string name, Action<Stream> write)
        {
            var path = Path.Combine(_folder.FullName, name);
            using var file = File.Create(path);
            write(file);
            return path;
        }

        public void Dispose() => _folder.Delete(recursive: true);
    }
}
