using TlsNotebooks.Tls;

namespace TlsNotebooks.Tests.Tls;

/// <summary>
/// RFC 5246 §6.2.1: record boundaries mean nothing to the handshake. A message may be cut
/// over many records and several messages may share one; only ChangeCipherSpec must fall
/// between whole messages. The seeded golden handshake is re-framed and fed to a fresh
/// client or server with the same seed, which must then run the very same handshake.
/// </summary>
public class RecordFramingTests
{
    [Fact]
    public void Server_reassembles_messages_cut_into_many_records()
    {
        var (toServer, toClient) = Golden();
        var records = Split(toServer);

        // The ClientHello in records of 7 bytes, the ClientKeyExchange in two.
        var reframed = new List<byte[]>();
        reframed.AddRange(Cut(records[0], 7));
        reframed.AddRange(Cut(records[1], records[1].Fragment.Length / 2));
        reframed.AddRange(records.Skip(2).Select(r => r.ToBytes()));
        var stream = new DuplexStream(reframed.SelectMany(r => r).ToArray());
        var server = new TlsServer(stream, SeededServerOptions());

        server.Accept();
        server.Write("golden reply"u8);

        Assert.True(reframed.Count >= 15, $"{reframed.Count} records");
        Assert.Empty(server.Read());
        Assert.Equal(toClient, stream.Written.ToArray()[..toClient.Length]);
    }

    [Fact]
    public void Client_reads_a_whole_server_flight_from_one_record()
    {
        var (_, toClient) = Golden();
        var records = Split(toClient);

        // ServerHello, Certificate, ServerKeyExchange and ServerHelloDone: one record.
        var flight = records.TakeWhile(r => r.Type == 22).ToList();
        var merged = new TlsRecord(22, flight.SelectMany(r => r.Fragment).ToArray());
        var rest = records.Skip(flight.Count).SelectMany(r => r.ToBytes());
        var client = new TlsClient(new DuplexStream([.. merged.ToBytes(), .. rest]),
            SeededClientOptions());

        client.Connect();

        Assert.Equal(4, flight.Count);
        Assert.Equal("golden reply"u8.ToArray(), client.Read());
    }

    [Fact]
    public void Change_cipher_spec_inside_a_cut_message_is_unexpected_message()
    {
        var (toServer, _) = Golden();
        var records = Split(toServer);
        var halves = Cut(records[1], 100).ToList();

        // ClientHello, first half of ClientKeyExchange, ChangeCipherSpec, the second half.
        byte[] input = [.. records[0].ToBytes(), .. halves[0], .. records[2].ToBytes(),
            .. halves.Skip(1).SelectMany(h => h)];
        var stream = new DuplexStream(input);
        var server = new TlsServer(stream, SeededServerOptions());

        var e = Assert.Throws<TlsAlertException>(() => server.Accept());

        Assert.Equal(20, records[2].Type);
        Assert.Equal(AlertDescription.UnexpectedMessage, e.Description);
        Assert.Contains("change_cipher_spec record", e.Message);
        Assert.Equal([21, 3, 3, 0, 2, 2, 10], stream.Written.ToArray()[^7..]);
    }

    [Fact]
    public void Change_cipher_spec_after_part_of_a_message_is_unexpected_message()
    {
        var (toServer, _) = Golden();
        var records = Split(toServer);

        // The ClientKeyExchange record carries, after the message, the first bytes of a
        // handshake header: ChangeCipherSpec then arrives in the middle of a message.
        var padded = new TlsRecord(22, [.. records[1].Fragment, 20, 0, 0]);
        byte[] input = [.. records[0].ToBytes(), .. padded.ToBytes(),
            .. records.Skip(2).SelectMany(r => r.ToBytes())];
        var server = new TlsServer(new DuplexStream(input), SeededServerOptions());

        var e = Assert.Throws<TlsAlertException>(() => server.Accept());

        Assert.Equal(AlertDescription.UnexpectedMessage, e.Description);
        Assert.Contains("3 bytes of an unfinished handshake message", e.Message);
    }

    private static (byte[] ToServer, byte[] ToClient) Golden() => GoldenTranscriptTests.RunSeeded(
        GoldenTranscriptTests.ClientSeed, GoldenTranscriptTests.ServerSeed);

    private static TlsServerOptions SeededServerOptions() =>
        OpenSslClientInteropTests.ServerOptions(
            CipherSuite.TlsDheRsaWithAes128GcmSha256,
            random: TlsRandom.Seeded(GoldenTranscriptTests.ServerSeed),
            signatureAlgorithms: [SignatureScheme.RsaPkcs1Sha256]);

    private static TlsClientOptions SeededClientOptions() => TlsTestPki.ClientOptions(
        CipherSuite.TlsDheRsaWithAes128GcmSha256,
        signatureAlgorithms: [SignatureScheme.RsaPkcs1Sha256],
        random: TlsRandom.Seeded(GoldenTranscriptTests.ClientSeed));

    /// <summary>A wire stream as records: type, version, uint16 length, fragment.</summary>
    internal static List<TlsRecord> Split(byte[] wire)
    {
        var records = new List<TlsRecord>();
        for (var at = 0; at < wire.Length;)
        {
            var length = (wire[at + 3] << 8) | wire[at + 4];
            records.Add(new TlsRecord(wire[at], wire[(at + 5)..(at + 5 + length)]));
            at += 5 + length;
        }

        return records;
    }

    private static IEnumerable<byte[]> Cut(TlsRecord record, int size) =>
        record.Fragment.Chunk(size).Select(c => new TlsRecord(record.Type, c).ToBytes());

    internal sealed record TlsRecord(byte Type, byte[] Fragment)
    {
        public byte[] ToBytes() =>
            [Type, 3, 3, (byte)(Fragment.Length >> 8), (byte)Fragment.Length, .. Fragment];
    }
}
