using System.Text;
using TlsNotebooks.Tls;

namespace TlsNotebooks.Tests.Tls;

/// <summary>Our client against `openssl s_server` (OpenSSL 3.0).</summary>
public class OpenSslServerInteropTests
{
    private static readonly string Dhe = "-cipher DHE-RSA-AES128-GCM-SHA256 "
        + $"-dhparam {OpenSslProcess.Pki("ffdhe2048.pem")} "
        + $"-cert_chain {OpenSslProcess.Pki("inter.pem")}";

    [Theory]
    [InlineData("", true, SignatureScheme.RsaPssRsaeSha256)]
    [InlineData("", false, SignatureScheme.RsaPssRsaeSha256)]
    [InlineData("-sigalgs RSA+SHA256", true, SignatureScheme.RsaPkcs1Sha256)]
    [InlineData("-sigalgs RSA+SHA256", false, SignatureScheme.RsaPkcs1Sha256)]
    public void Client_completes_dhe_handshake_and_reads_www_page(
        string sigalgs, bool ems, SignatureScheme expectedScheme)
    {
        using var server = OpenSslProcess.StartServer($"{Dhe} {sigalgs} -www");
        using var tcp = TlsTestPki.Connect(server.Port);
        var client = new TlsClient(tcp.GetStream(), TlsTestPki.ClientOptions(
            CipherSuite.TlsDheRsaWithAes128GcmSha256, ems: ems));

        client.Connect();
        client.Write(Encoding.ASCII.GetBytes("GET / HTTP/1.0\r\n\r\n"));
        var page = ReadAll(client);

        Assert.Equal(CipherSuite.TlsDheRsaWithAes128GcmSha256, client.NegotiatedCipherSuite);
        Assert.Equal(ems, client.UsesExtendedMasterSecret);
        var ske = client.Transcript.Messages
            .Select(m => m.Message).OfType<TlsNotebooks.Tls.Messages.ServerKeyExchange>().Single();
        Assert.Equal(expectedScheme, ske.SignatureAlgorithm);
        Assert.Equal(256, ske.DhP.Length);
        Assert.StartsWith("HTTP/1.0 200 ok", page);
        Assert.Contains("DHE-RSA-AES128-GCM-SHA256", page);
        Assert.Equal(2, client.PeerCertificates.Count);
    }

    [Fact]
    public void One_call_connect_opens_tcp_and_handshakes()
    {
        using var server = OpenSslProcess.StartServer($"{Dhe} -www");

        using (var client = TlsClient.Connect("127.0.0.1", server.Port,
            TlsTestPki.ClientOptions(serverName: "localhost")))
        {
            client.Write("GET / HTTP/1.0\r\n\r\n"u8);
            Assert.StartsWith("HTTP/1.0 200 ok", ReadAll(client));
        }

        var e = Assert.Throws<TlsAlertException>(() => TlsClient.Connect("127.0.0.1",
            server.Port, TlsTestPki.ClientOptions(serverName: "not-localhost")));
        Assert.Equal(AlertDescription.BadCertificate, e.Description);
    }

    internal static string ReadAll(TlsConnection connection)
    {
        var text = new StringBuilder();
        for (var i = 0; i < 1000; i++)
        {
            var chunk = connection.Read();
            if (chunk.Length == 0)
            {
                break;
            }

            text.Append(Encoding.ASCII.GetString(chunk));
        }

        return text.ToString();
    }
}
