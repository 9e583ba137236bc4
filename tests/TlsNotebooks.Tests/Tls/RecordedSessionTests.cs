using System.Security.Cryptography.X509Certificates;
using System.Text;
using TlsNotebooks.Tls;
using TlsNotebooks.Tls.Messages;

namespace TlsNotebooks.Tests.Tls;

/// <summary>
/// Offline analysis of recorded sessions: decryption from a key log, the forward-secrecy
/// experiment (RSA key exchange falls to the server's key, DHE does not), and a replayed
/// client flight refused by a fresh server.
/// </summary>
public class RecordedSessionTests
{
    [Theory]
    [InlineData(CipherSuite.TlsRsaWithAes128GcmSha256, true)]
    [InlineData(CipherSuite.TlsRsaWithAes128GcmSha256, false)]
    [InlineData(CipherSuite.TlsDheRsaWithAes128GcmSha256, true)]
    public void Key_log_line_decrypts_the_recording(CipherSuite suite, bool ems)
    {
        var client = RunSession(suite, ems);
        var recording = RecordedSession.FromTranscript(client.Transcript, recordedByClient: true);

        var master = recording.MasterSecretFromKeyLog("# comment\n" + client.KeyLogLine + "\n");
        var records = recording.Decrypt(master!);

        Assert.Equal(ems, recording.UsesExtendedMasterSecret);
        Assert.Equal(client.MasterSecret, master);
        Assert.Contains(records, r => r.FromClient && r.Type == ContentType.ApplicationData
            && Encoding.ASCII.GetString(r.Plaintext) == "secret request");
        Assert.Contains(records, r => !r.FromClient && r.Type == ContentType.ApplicationData
            && Encoding.ASCII.GetString(r.Plaintext) == "secret answer");
        var finished = records.Where(r => r.Type == ContentType.Handshake)
            .Select(r => HandshakeMessage.Parse(r.Plaintext, null)).OfType<Finished>().ToList();
        Assert.Equal(2, finished.Count);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Leaked_server_key_decrypts_rsa_session_but_not_dhe(bool ems)
    {
        using var serverKey = TlsTestPki.Server.Certificate.GetRSAPrivateKey()!;
        var rsaSession = RecordedSession.FromTranscript(
            RunSession(CipherSuite.TlsRsaWithAes128GcmSha256, ems).Transcript, true);
        var dheSession = RecordedSession.FromTranscript(
            RunSession(CipherSuite.TlsDheRsaWithAes128GcmSha256, ems).Transcript, true);

        var master = rsaSession.MasterSecretFrom(rsaSession.RecoverRsaPreMasterSecret(serverKey));
        var plaintexts = rsaSession.Decrypt(master);

        Assert.Contains(plaintexts, r => Encoding.ASCII.GetString(r.Plaintext) == "secret answer");
        var e = Assert.Throws<InvalidOperationException>(
            () => dheSession.RecoverRsaPreMasterSecret(serverKey));
        Assert.Contains("forward secrecy", e.Message);
        var wrong = Assert.Throws<TlsAlertException>(() => dheSession.Decrypt(master));
        Assert.Equal(AlertDescription.BadRecordMac, wrong.Description);
    }

    [Fact]
    public void Replayed_client_flight_is_refused_by_a_new_server()
    {
        // Record a whole seeded session, then play the client's bytes to a server whose
        // randomness differs: its new server random changes every key, so the old Finished
        // record no longer authenticates.
        var (toServer, _) = GoldenTranscriptTests.RunSeeded(
            GoldenTranscriptTests.ClientSeed, GoldenTranscriptTests.ServerSeed);
        var stream = new DuplexStream(toServer);
        var server = new TlsServer(stream, OpenSslClientInteropTests.ServerOptions(
            CipherSuite.TlsDheRsaWithAes128GcmSha256,
            random: TlsRandom.Seeded("a different server"),
            signatureAlgorithms: [SignatureScheme.RsaPkcs1Sha256]));

        var e = Assert.Throws<TlsAlertException>(() => server.Accept());

        Assert.Equal(AlertDescription.BadRecordMac, e.Description);
        Assert.Equal(ServerState.ExpectClientKeyExchange, server.State);
    }

    private static TlsClient RunSession(CipherSuite suite, bool ems)
    {
        using var loopback = new Loopback<bool>(stream =>
        {
            var server = new TlsServer(stream, OpenSslClientInteropTests.ServerOptions(suite));
            server.Accept();
            server.Read();
            server.Write("secret answer"u8);
            return true;
        });
        using var tcp = TlsTestPki.Connect(loopback.Port);
        var client = new TlsClient(tcp.GetStream(), TlsTestPki.ClientOptions(suite, ems: ems));
        client.Connect();
        client.Write("secret request"u8);
        client.Read();
        loopback.Wait();
        return client;
    }
}
