using System.Text;
using TlsNotebooks.Tls;

namespace TlsNotebooks.Tests.Tls;

/// <summary>Our server against `openssl s_client`: handshake, then an echoed line.</summary>
public class OpenSslClientInteropTests
{
    [Theory]
    [InlineData(CipherSuite.TlsDheRsaWithAes128GcmSha256, "DHE-RSA-AES128-GCM-SHA256", "", true)]
    [InlineData(CipherSuite.TlsDheRsaWithAes128GcmSha256, "DHE-RSA-AES128-GCM-SHA256", "", false)]
    [InlineData(CipherSuite.TlsDheRsaWithAes128GcmSha256, "DHE-RSA-AES128-GCM-SHA256",
        "-sigalgs RSA+SHA256", true)]
    [InlineData(CipherSuite.TlsEcdheRsaWithAes128GcmSha256, "ECDHE-RSA-AES128-GCM-SHA256", "",
        true)]
    [InlineData(CipherSuite.TlsRsaWithAes128GcmSha256, "AES128-GCM-SHA256", "", true)]
    public void Server_completes_handshake_with_s_client_and_echoes(
        CipherSuite suite, string opensslCipher, string extra, bool ems)
    {
        using var loopback = new Loopback<string>(stream =>
        {
            var server = new TlsServer(stream, ServerOptions(suite, ems: ems));
            server.Accept();
            var line = Encoding.ASCII.GetString(server.Read());
            server.Write(Encoding.ASCII.GetBytes("echo: " + line));
            server.Close();
            return line;
        });
        using var client = OpenSslProcess.StartClient(loopback.Port,
            $"-CAfile {OpenSslProcess.Pki("root.pem")} -verify_return_error "
            + $"-servername localhost -cipher {opensslCipher} {extra}");

        client.Send("hello from s_client\n");
        var line = loopback.Wait();
        client.WaitFor("echo: hello from s_client", TimeSpan.FromSeconds(10));

        Assert.Equal("hello from s_client\n", line);
        Assert.Contains("Verify return code: 0 (ok)", client.Output);
        Assert.Contains($"Cipher is {opensslCipher}", client.Output);
        Assert.Contains($"Extended master secret: {(ems ? "yes" : "no")}", client.Output);
    }

    internal static TlsServerOptions ServerOptions(
        CipherSuite? suite = null,
        bool ems = true,
        TlsRandom? random = null,
        IReadOnlyList<SignatureScheme>? signatureAlgorithms = null,
        ClientAuthentication clientAuthentication = ClientAuthentication.None) => new()
    {
        Credential = TlsTestPki.Server,
        CipherSuites = suite is { } s ? [s] : new TlsServerOptions
        {
            Credential = TlsTestPki.Server,
        }.CipherSuites,
        ExtendedMasterSecret = ems,
        Random = random ?? TlsRandom.Secure,
        SignatureAlgorithms =
            signatureAlgorithms ?? TlsNotebooks.Tls.Crypto.TlsSignatures.Supported,
        ReadTimeout = TimeSpan.FromSeconds(10),
        ClientAuthentication = clientAuthentication,
        ClientCertificateVerifier = TlsTestPki.Verifier,
    };
}
