using System.Diagnostics;
using TlsNotebooks.Tls;

namespace TlsNotebooks.Tests.Tls;

/// <summary>
/// The key log is right if Wireshark's dissector, given it, decrypts our session: tshark
/// (Debian package "tshark") reads a capture written by <see cref="PcapWriter"/> and must
/// show the HTTP request and response inside.
/// </summary>
public class TsharkTests
{
    [Theory]
    [InlineData(CipherSuite.TlsDheRsaWithAes128GcmSha256, true)]
    [InlineData(CipherSuite.TlsEcdheRsaWithAes128GcmSha256, false)]
    public void Tshark_decrypts_our_capture_with_our_key_log(CipherSuite suite, bool ems)
    {
        Assert.True(File.Exists("/usr/bin/tshark"),
            "this test needs tshark: apt-get install -y tshark");
        using var loopback = new Loopback<bool>(stream =>
        {
            var server = new TlsServer(stream, OpenSslClientInteropTests.ServerOptions(suite));
            server.Accept();
            server.Read();
            server.Write("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nhello\n"u8);
            server.Close();
            return true;
        });
        using var tcp = TlsTestPki.Connect(loopback.Port);
        var client = new TlsClient(tcp.GetStream(), TlsTestPki.ClientOptions(suite, ems: ems));
        client.Connect();
        client.Write("GET /notebook HTTP/1.1\r\nHost: localhost\r\n\r\n"u8);
        OpenSslServerInteropTests.ReadAll(client);
        loopback.Wait();

        var folder = Directory.CreateTempSubdirectory("tls-capture-");
        try
        {
            var capture = Path.Combine(folder.FullName, "session.pcap");
            var keyLog = Path.Combine(folder.FullName, "keylog.txt");
            using (var file = File.Create(capture))
            {
                PcapWriter.Write(file, client.Transcript, recordedByClient: true);
            }

            File.WriteAllText(keyLog, client.KeyLogLine + "\n");
            var withKeys = Tshark($"-r {capture} -o tls.keylog_file:{keyLog} -Y http "
                + "-T fields -e http.request.uri -e http.response.code");
            var withoutKeys = Tshark($"-r {capture} -Y http -T fields -e http.request.uri");

            Assert.Contains("/notebook", withKeys);
            Assert.Contains("200", withKeys);
            Assert.DoesNotContain("/notebook", withoutKeys);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static string Tshark(string arguments)
    {
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

        return output + error.Result;
    }
}
