using TlsNotebooks.Tls;
using TlsNotebooks.Tls.Messages;

namespace TlsNotebooks.Tests.Tls;

/// <summary>
/// What a notebook shows: records and messages with named byte ranges, and timings.
/// </summary>
public class TranscriptTests
{
    [Fact]
    public void Transcript_lists_every_message_in_handshake_order_with_field_ranges()
    {
        using var loopback = new Loopback<TlsServer>(stream =>
        {
            var server = new TlsServer(stream, OpenSslClientInteropTests.ServerOptions());
            server.Accept();
            return server;
        });
        using var tcp = TlsTestPki.Connect(loopback.Port);
        var client = new TlsClient(tcp.GetStream(), TlsTestPki.ClientOptions());
        client.Connect();
        var server = loopback.Wait();

        var names = client.Transcript.Messages.Select(m => $"{m.Direction} {m.Name}").ToList();
        Assert.Equal(
            ["Sent ClientHello", "Received ServerHello", "Received Certificate",
             "Received ServerKeyExchange", "Received ServerHelloDone",
             "Sent ClientKeyExchange", "Sent ChangeCipherSpec", "Sent Finished",
             "Received ChangeCipherSpec", "Received Finished"],
            names);

        // Every message's ranges lie inside its bytes, and every byte of a record is named.
        foreach (var entry in client.Transcript.Entries)
        {
            Assert.All(entry.Fields, f => Assert.True(f.Offset + f.Length <= entry.Bytes.Length));
        }

        var ske = client.Transcript.Messages.Single(m => m.Name == "ServerKeyExchange");
        var ys = ske.Fields.Single(f => f.Name == "dh_Ys");
        var message = (ServerKeyExchange)ske.Message!;
        Assert.Equal(message.DhYs, ske.Bytes[(ys.Offset + 2)..(ys.Offset + ys.Length)]);
        Assert.Contains("dh_p [4..262) (258 bytes)", ske.Annotated());

        var encrypted = client.Transcript.Records.Last(r => r.Direction == Direction.Sent);
        Assert.Equal("TLSCiphertext handshake", encrypted.Name);
        Assert.Equal(["type", "version", "fragment", "nonce_explicit", "aead-ciphered content",
            "GCM tag"], encrypted.Fields.Select(f => f.Name));
        Assert.Equal(5 + 8 + 16 + 16, encrypted.Bytes.Length);

        // The server's view is the mirror image of the client's wire bytes.
        Assert.Equal(client.Transcript.WireBytes(Direction.Sent),
            server.Transcript.WireBytes(Direction.Received));
        Assert.Equal(["ClientHello", "ServerHello..ServerHelloDone",
            "ClientKeyExchange..Finished", "server Finished"],
            client.Timings.Select(t => t.Step));
        Assert.All(client.Timings, t => Assert.True(t.Elapsed > TimeSpan.Zero));
    }
}
