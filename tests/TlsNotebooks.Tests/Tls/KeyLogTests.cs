using TlsNotebooks.Tls;

namespace TlsNotebooks.Tests.Tls;

/// <summary>The NSS key log we write names the same master secret as OpenSSL's own.</summary>
public class KeyLogTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Openssl_server_keylogfile_matches_our_client_line(bool ems)
    {
        var keyLog = Path.Combine(Path.GetTempPath(), $"keylog-{Guid.NewGuid():N}.txt");
        try
        {
            var lines = new List<string>();
            using (var server = OpenSslProcess.StartServer(
                "-cipher DHE-RSA-AES128-GCM-SHA256 -cert_chain "
                + $"{OpenSslProcess.Pki("inter.pem")} -keylogfile {keyLog} -www"))
            {
                using var tcp = TlsTestPki.Connect(server.Port);
                var options = TlsTestPki.ClientOptions(ems: ems);
                var client = new TlsClient(tcp.GetStream(), new TlsClientOptions
                {
                    ServerName = options.ServerName,
                    CertificateVerifier = options.CertificateVerifier,
                    ExtendedMasterSecret = ems,
                    KeyLog = lines.Add,
                });
                client.Connect();
                client.Write("GET / HTTP/1.0\r\n\r\n"u8);
                OpenSslServerInteropTests.ReadAll(client);

                var ours = Assert.Single(lines);
                Assert.Equal(client.KeyLogLine, ours);
                Assert.Matches("^CLIENT_RANDOM [0-9a-f]{64} [0-9a-f]{96}$", ours);
                var theirs = WaitForLine(keyLog);
                Assert.Equal(ours, theirs);
            }
        }
        finally
        {
            File.Delete(keyLog);
        }
    }

    private static string WaitForLine(string path)
    {
        for (var i = 0; i < 100; i++)
        {
            if (File.Exists(path))
            {
                var line = File.ReadAllLines(path)
                    .FirstOrDefault(l => l.StartsWith("CLIENT_RANDOM ", StringComparison.Ordinal));
                if (line is not null)
                {
                    return line;
                }
            }

            Thread.Sleep(50);
        }

        throw new TimeoutException("openssl wrote no CLIENT_RANDOM line");
    }
}
