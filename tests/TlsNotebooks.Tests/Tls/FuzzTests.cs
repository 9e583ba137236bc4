using System.Diagnostics;
using TlsNotebooks.Tls;
using TlsNotebooks.Tls.Messages;

namespace TlsNotebooks.Tests.Tls;

/// <summary>
/// Seeded, bounded fuzzing of both sides' parsers: mutated and random handshake messages,
/// and mutated record streams fed to a client and a server. The only exception allowed from
/// parsing is <see cref="TlsAlertException"/>; for whole streams, running out of input
/// (EndOfStreamException) is the other legitimate end. Nothing may hang: each side reads
/// from memory with a timeout.
/// </summary>
public class FuzzTests
{
    private const int MessageCases = 20_000;
    private const int StreamCases = 1_600;

    [Fact]
    public void Mutated_and_random_messages_raise_only_alerts()
    {
        var random = new Random(20261203);
        var seeds = MessageCodecTests.Samples().Values
            .Select(s => s.Message.ToBytes())
            .Concat(OpenSslTraceTests.Messages(OpenSslTraceTests.Load(
                "dhe_rsa_aes128gcm_mtls_ems.json")).Select(m => m.Bytes))
            .ToList();
        KeyExchangeAlgorithm?[] contexts =
            [null, KeyExchangeAlgorithm.Rsa, KeyExchangeAlgorithm.DheRsa,
             KeyExchangeAlgorithm.EcdheRsa];
        var alerts = 0;

        for (var i = 0; i < MessageCases; i++)
        {
            var input = i % 10 == 0
                ? RandomMessage(random)
                : Mutate(random, seeds[random.Next(seeds.Count)]);
            try
            {
                var parsed = HandshakeMessage.Parse(input, contexts[random.Next(contexts.Length)]);
                _ = parsed.ToString();
                if (parsed is Certificate certificate)
                {
                    certificate.LoadCertificates();
                }
            }
            catch (TlsAlertException)
            {
                alerts++;
            }
        }

        // The mutations must reach the parsers' error paths, not only their happy paths.
        Assert.InRange(alerts, MessageCases / 4, MessageCases - 100);
    }

    [Fact]
    public void Mutated_record_streams_raise_only_alerts_at_server_and_client()
    {
        var (toServer, toClient) = GoldenTranscriptTests.RunSeeded(
            GoldenTranscriptTests.ClientSeed, GoldenTranscriptTests.ServerSeed);
        var random = new Random(7);
        var clock = Stopwatch.StartNew();
        var outcomes = new Dictionary<string, int>();

        for (var i = 0; i < StreamCases; i++)
        {
            var toServerSide = i % 2 == 0;
            var input = Mutate(random, toServerSide ? toServer : toClient);
            var outcome = toServerSide ? RunServer(input) : RunClient(input);
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}");
        Assert.True(outcomes.Keys.Count(k => k.StartsWith("alert", StringComparison.Ordinal)) >= 4,
            string.Join(", ", outcomes));
    }

    private static string RunServer(byte[] input)
    {
        var options = OpenSslClientInteropTests.ServerOptions(
            CipherSuite.TlsDheRsaWithAes128GcmSha256,
            random: TlsRandom.Seeded(GoldenTranscriptTests.ServerSeed),
            signatureAlgorithms: [SignatureScheme.RsaPkcs1Sha256]);
        var server = new TlsServer(new DuplexStream(input), options);
        return Outcome(() =>
        {
            server.Accept();
            server.Read();
        });
    }

    private static string RunClient(byte[] input)
    {
        var client = new TlsClient(new DuplexStream(input), TlsTestPki.ClientOptions(
            CipherSuite.TlsDheRsaWithAes128GcmSha256,
            signatureAlgorithms: [SignatureScheme.RsaPkcs1Sha256],
            random: TlsRandom.Seeded(GoldenTranscriptTests.ClientSeed)));
        return Outcome(() =>
        {
            client.Connect();
            client.Read();
        });
    }

    private static string Outcome(Action run)
    {
        try
        {
            run();
            return "completed";
        }
        catch (TlsAlertException e)
        {
            return "alert " + TlsNames.Alert(e.Description);
        }
        catch (EndOfStreamException)
        {
            return "end of input";
        }
    }

    private static byte[] RandomMessage(Random random)
    {
        var body = new byte[random.Next(0, 64)];
        random.NextBytes(body);
        var type = (byte)random.Next(0, 24);
        var length = random.Next(2) == 0 ? body.Length : random.Next(0, 100);
        return [type, (byte)(length >> 16), (byte)(length >> 8), (byte)length, .. body];
    }

    internal static byte[] Mutate(Random random, byte[] original)
    {
        var bytes = original.ToList();
        var count = 1 + random.Next(3);
        for (var m = 0; m < count && bytes.Count > 0; m++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(5))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 2:
                    bytes.RemoveRange(at, Math.Min(bytes.Count - at, 1 + random.Next(8)));
                    break;
                case 3:
                    bytes.Insert(at, (byte)random.Next(256));
                    break;
                default:
                    bytes[at] = random.Next(2) == 0 ? (byte)0 : (byte)0xff;
                    break;
            }
        }

        return bytes.ToArray();
    }
}
