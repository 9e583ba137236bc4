using TlsNotebooks.Tls;

namespace TlsNotebooks.Tests.Tls;

/// <summary>
/// A seeded handshake between our client and our server must produce the very bytes checked
/// in under Golden/dhe-seeded-handshake.txt, so that a notebook can point at them.
///
/// To regenerate after a deliberate change (or after the shared test PKI was re-made):
///   TLSNB_REGENERATE_GOLDEN=1 dotnet test tests/TlsNotebooks.Tests --filter GoldenTranscript
/// then review the diff of the file and commit it.
/// </summary>
public class GoldenTranscriptTests
{
    internal const string ClientSeed = "golden client";
    internal const string ServerSeed = "golden server";

    [Fact]
    public void Seeded_dhe_handshake_matches_golden_bytes()
    {
        var (toServer, toClient) = RunSeeded(ClientSeed, ServerSeed);
        var path = GoldenPath();
        var text = $"# client to server\n{Convert.ToHexStringLower(toServer)}\n"
            + $"# server to client\n{Convert.ToHexStringLower(toClient)}\n";
        if (Environment.GetEnvironmentVariable("TLSNB_REGENERATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, text);
        }

        var golden = File.ReadAllLines(path);

        Assert.Equal(golden[1], Convert.ToHexStringLower(toServer));
        Assert.Equal(golden[3], Convert.ToHexStringLower(toClient));
    }

    [Fact]
    public void Seeded_run_repeats_and_another_seed_or_real_randomness_differs()
    {
        var first = RunSeeded(ClientSeed, ServerSeed);
        var again = RunSeeded(ClientSeed, ServerSeed);
        var otherSeed = RunSeeded("another seed", ServerSeed);

        Assert.Equal(first.ToServer, again.ToServer);
        Assert.Equal(first.ToClient, again.ToClient);
        Assert.NotEqual(first.ToServer, otherSeed.ToServer);
        Assert.NotEqual(TlsRandom.Secure.GetBytes(32), TlsRandom.Secure.GetBytes(32));
    }

    /// <summary>
    /// DHE with PKCS#1 v1.5 signatures only: RSA-PSS draws its salt from the operating system,
    /// so a PSS signature would differ on every run.
    /// </summary>
    internal static (byte[] ToServer, byte[] ToClient) RunSeeded(string clientSeed,
        string serverSeed)
    {
        SignatureScheme[] pkcs1 = [SignatureScheme.RsaPkcs1Sha256];
        using var loopback = new Loopback<TlsServer>(stream =>
        {
            var server = new TlsServer(stream, OpenSslClientInteropTests.ServerOptions(
                CipherSuite.TlsDheRsaWithAes128GcmSha256,
                random: TlsRandom.Seeded(serverSeed),
                signatureAlgorithms: pkcs1));
            server.Accept();
            server.Write("golden reply"u8);
            server.Read();
            return server;
        });
        using var tcp = TlsTestPki.Connect(loopback.Port);
        var client = new TlsClient(tcp.GetStream(), TlsTestPki.ClientOptions(
            CipherSuite.TlsDheRsaWithAes128GcmSha256,
            signatureAlgorithms: pkcs1,
            random: TlsRandom.Seeded(clientSeed)));
        client.Connect();
        client.Read();
        client.Close();
        loopback.Wait();
        return (client.Transcript.WireBytes(Direction.Sent),
            client.Transcript.WireBytes(Direction.Received));
    }

    private static string GoldenPath()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null
            && !File.Exists(Path.Combine(directory.FullName, "TlsNotebooks.sln")))
        {
            directory = directory.Parent;
        }

        return Path.Combine(directory!.FullName, "tests", "TlsNotebooks.Tests", "Tls", "Golden",
            "dhe-seeded-handshake.txt");
    }
}
