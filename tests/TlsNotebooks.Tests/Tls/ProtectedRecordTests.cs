using System.Text;
using TlsNotebooks.Tls;
using TlsNotebooks.Tls.Crypto;
using TlsNotebooks.Tls.Messages;

namespace TlsNotebooks.Tests.Tls;

/// <summary>
/// The record layer after the handshake, between our client and our server over TCP: the
/// sequence number in the additional data, the size limits of protected records, and
/// close_notify. The test writes forged records straight onto the client's socket, as a man
/// in the middle would, with the client's own keys (which no attacker has) where the point is
/// a limit rather than the tag.
/// </summary>
public class ProtectedRecordTests
{
    [Fact]
    public void Replayed_record_is_bad_record_mac_because_the_sequence_number_moved_on()
    {
        using var loopback = new Loopback<(string First, Exception? Second)>(stream =>
        {
            var server = new TlsServer(stream, OpenSslClientInteropTests.ServerOptions());
            server.Accept();
            var first = Encoding.ASCII.GetString(server.Read());
            return (first, Record.Exception(() => server.Read()));
        });
        using var tcp = TlsTestPki.Connect(loopback.Port);
        var client = new TlsClient(tcp.GetStream(), TlsTestPki.ClientOptions());
        client.Connect();

        client.Write("pay 100 EUR"u8);
        var sent = client.Transcript.Records.Last(r => r.Direction == Direction.Sent).Bytes;
        tcp.GetStream().Write(sent);

        var (first, second) = loopback.Wait();
        Assert.Equal("pay 100 EUR", first);
        var refused = Assert.IsType<TlsAlertException>(second);
        Assert.Equal(AlertDescription.BadRecordMac, refused.Description);
        Assert.False(refused.Received);
        Assert.Contains("record 2", refused.Message);
        AssertClientReceives(client, AlertDescription.BadRecordMac);
    }

    [Fact]
    public void Records_out_of_order_are_bad_record_mac()
    {
        using var session = new ServerReadingOnce();
        var (loopback, tcp, client) = (session.Server, session.Tcp, session.Client);
        using var seal = ClientWriteProtectionAfterFinished(client);
        var one = Protected(seal, ContentType.ApplicationData, "one"u8.ToArray());
        var two = Protected(seal, ContentType.ApplicationData, "two"u8.ToArray());

        tcp.GetStream().Write([.. two, .. one]);

        var e = Assert.IsType<TlsAlertException>(loopback.Wait());
        Assert.Equal(AlertDescription.BadRecordMac, e.Description);
        Assert.Contains("record 1", e.Message);
    }

    [Fact]
    public void Correctly_sealed_record_is_read_so_the_forged_ones_above_fail_for_their_fault()
    {
        using var loopback = new Loopback<string>(stream =>
        {
            var server = new TlsServer(stream, OpenSslClientInteropTests.ServerOptions());
            server.Accept();
            return Encoding.ASCII.GetString(server.Read());
        });
        using var tcp = TlsTestPki.Connect(loopback.Port);
        var client = new TlsClient(tcp.GetStream(), TlsTestPki.ClientOptions());
        client.Connect();
        using var seal = ClientWriteProtectionAfterFinished(client);

        tcp.GetStream().Write(Protected(seal, ContentType.ApplicationData, "one"u8.ToArray()));

        Assert.Equal("one", loopback.Wait());
    }

    [Fact]
    public void Plaintext_over_2_pow_14_inside_a_valid_record_is_record_overflow()
    {
        using var session = new ServerReadingOnce();
        var (loopback, tcp, client) = (session.Server, session.Tcp, session.Client);
        using var seal = ClientWriteProtectionAfterFinished(client);

        // 2^14 + 1 bytes seal into 2^14 + 25: under the ciphertext limit, over the plaintext one.
        var record = Protected(seal, ContentType.ApplicationData, new byte[(1 << 14) + 1]);
        tcp.GetStream().Write(record);

        var e = Assert.IsType<TlsAlertException>(loopback.Wait());
        Assert.Equal(AlertDescription.RecordOverflow, e.Description);
        Assert.Contains("16385", e.Message);
        AssertClientReceives(client, AlertDescription.RecordOverflow);
    }

    [Fact]
    public void Ciphertext_over_2_pow_14_plus_2048_is_record_overflow_from_its_header()
    {
        using var session = new ServerReadingOnce();
        var (loopback, tcp, client) = (session.Server, session.Tcp, session.Client);

        // Only the header: the limit is checked before a byte of the fragment is read.
        const int length = (1 << 14) + 2048 + 1;
        tcp.GetStream().Write([23, 3, 3, length >> 8, length & 0xff]);

        var e = Assert.IsType<TlsAlertException>(loopback.Wait());
        Assert.Equal(AlertDescription.RecordOverflow, e.Description);
        Assert.Contains("18432", e.Message);
        AssertClientReceives(client, AlertDescription.RecordOverflow);
    }

    [Fact]
    public void Close_notify_is_answered_with_close_notify_and_ends_both_sides()
    {
        using var loopback = new Loopback<(TlsServer Server, byte[] AfterClose)>(stream =>
        {
            var server = new TlsServer(stream, OpenSslClientInteropTests.ServerOptions());
            server.Accept();
            server.Write("bye"u8);
            server.Close();
            return (server, server.Read());
        });
        using var tcp = TlsTestPki.Connect(loopback.Port);
        var client = new TlsClient(tcp.GetStream(), TlsTestPki.ClientOptions());
        client.Connect();

        var data = client.Read();
        var end = client.Read();
        var (server, afterClose) = loopback.Wait();

        Assert.Equal("bye"u8.ToArray(), data);
        Assert.Empty(end);
        Assert.Empty(client.Read());
        Assert.Empty(afterClose);
        Assert.Equal([Direction.Received, Direction.Sent], CloseNotifies(client));
        Assert.Equal([Direction.Sent, Direction.Received], CloseNotifies(server));

        // Both close_notify alerts travelled encrypted, as warning-level alert records.
        Assert.All(client.Transcript.Records.Where(r => r.ContentType == ContentType.Alert),
            r => Assert.Equal(5 + 8 + 2 + 16, r.Bytes.Length));
        var e = Assert.Throws<InvalidOperationException>(() => client.Write("late"u8));
        Assert.Contains("close_notify", e.Message);
    }

    [Fact]
    public void Openssl_server_ends_its_page_with_close_notify()
    {
        using var server = OpenSslProcess.StartServer(
            $"-cert_chain {OpenSslProcess.Pki("inter.pem")} -www");
        using var tcp = TlsTestPki.Connect(server.Port);
        var client = new TlsClient(tcp.GetStream(), TlsTestPki.ClientOptions());
        client.Connect();
        client.Write("GET / HTTP/1.0\r\n\r\n"u8);

        var page = OpenSslServerInteropTests.ReadAll(client);

        Assert.StartsWith("HTTP/1.0 200 ok", page);
        Assert.Equal([Direction.Received, Direction.Sent], CloseNotifies(client));
    }

    /// <summary>
    /// A handshake done with our server, which then reads one record and keeps what that read
    /// throws: the tests above send it a forged or oversized record and look at the alert.
    /// </summary>
    private sealed class ServerReadingOnce : IDisposable
    {
        public ServerReadingOnce()
        {
            Server = new Loopback<Exception?>(stream =>
            {
                var server = new TlsServer(stream, OpenSslClientInteropTests.ServerOptions());
                server.Accept();
                return Record.Exception(() => server.Read());
            });
            Tcp = TlsTestPki.Connect(Server.Port);
            Client = new TlsClient(Tcp.GetStream(), TlsTestPki.ClientOptions());
            Client.Connect();
        }

        public Loopback<Exception?> Server { get; }

        public System.Net.Sockets.TcpClient Tcp { get; }

        public TlsClient Client { get; }

        public void Dispose()
        {
            Tcp.Dispose();
            Server.Dispose();
        }
    }

    /// <summary>
    /// The client's write protection with sequence number 0 (its Finished) already used, so
    /// the next record it seals is the one the server expects next.
    /// </summary>
    private static RecordProtection ClientWriteProtectionAfterFinished(TlsClient client)
    {
        var seal = new RecordProtection(client.Keys!.ClientWriteKey, client.Keys.ClientWriteIv);
        seal.Seal(ContentType.Handshake, 0x0303, new byte[16]);
        return seal;
    }

    private static byte[] Protected(RecordProtection seal, ContentType type, byte[] plaintext)
    {
        var fragment = seal.Seal(type, 0x0303, plaintext);
        return [(byte)type, 3, 3, (byte)(fragment.Length >> 8), (byte)fragment.Length,
            .. fragment];
    }

    private static void AssertClientReceives(TlsClient client, AlertDescription alert)
    {
        var e = Assert.Throws<TlsAlertException>(() => client.Read());
        Assert.True(e.Received);
        Assert.Equal(alert, e.Description);
    }

    private static List<Direction> CloseNotifies(TlsConnection connection) =>
        connection.Transcript.Messages
            .Where(m => m.Message is Alert { Description: AlertDescription.CloseNotify })
            .Select(m => m.Direction)
            .ToList();
}
