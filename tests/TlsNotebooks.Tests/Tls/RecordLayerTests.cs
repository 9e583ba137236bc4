using TlsNotebooks.Tls;
using TlsNotebooks.Tls.Crypto;
using TlsNotebooks.Tls.Extensions;
using TlsNotebooks.Tls.Messages;

namespace TlsNotebooks.Tests.Tls;

/// <summary>Record framing limits, GCM protection and read timeouts.</summary>
public class RecordLayerTests
{
    [Theory]
    [InlineData(new byte[] { 22, 3, 3, 0x40, 0x01 }, AlertDescription.RecordOverflow)]
    [InlineData(new byte[] { 99, 3, 3, 0, 1, 0 }, AlertDescription.UnexpectedMessage)]
    [InlineData(new byte[] { 22, 2, 0, 0, 1, 0 }, AlertDescription.ProtocolVersion)]
    [InlineData(new byte[] { 22, 3, 3, 0, 0 }, AlertDescription.DecodeError)]
    [InlineData(new byte[] { 23, 3, 3, 0, 1, 0 }, AlertDescription.UnexpectedMessage)]
    [InlineData(new byte[] { 20, 3, 3, 0, 1, 1 }, AlertDescription.UnexpectedMessage)]
    public void Server_refuses_bad_first_record(byte[] record, AlertDescription expected)
    {
        var stream = new DuplexStream(record);
        var server = new TlsServer(stream, OpenSslClientInteropTests.ServerOptions());

        var e = Assert.Throws<TlsAlertException>(() => server.ReceiveClientHello());

        Assert.Equal(expected, e.Description);
        // The alert went out as a plaintext fatal alert record: 21 3 3 0 2 2 description.
        Assert.Equal([21, 3, 3, 0, 2, 2, (byte)expected], stream.Written.ToArray());
    }

    [Theory]
    [InlineData("renegotiation", AlertDescription.HandshakeFailure)]
    [InlineData("no common suite", AlertDescription.HandshakeFailure)]
    [InlineData("no signature_algorithms", AlertDescription.HandshakeFailure)]
    [InlineData("TLS 1.1", AlertDescription.ProtocolVersion)]
    [InlineData("no null compression", AlertDescription.IllegalParameter)]
    [InlineData("Finished first", AlertDescription.UnexpectedMessage)]
    public void Server_refuses_bad_client_hello(string fault, AlertDescription expected)
    {
        HandshakeMessage message = fault == "Finished first"
            ? new Finished { VerifyData = new byte[12] }
            : new ClientHello
            {
                ClientVersion = fault == "TLS 1.1" ? (ushort)0x0302 : (ushort)0x0303,
                Random = new byte[32],
                CipherSuites = fault == "no common suite" ? [0x002f] : [0x009e],
                CompressionMethods = fault == "no null compression" ? [1] : [0],
                Extensions = fault == "no signature_algorithms"
                    ? []
                    : [
                        new SignatureAlgorithmsExtension([SignatureScheme.RsaPkcs1Sha256]),
                        new RenegotiationInfoExtension(fault == "renegotiation" ? [7] : []),
                    ],
            };
        var body = message.ToBytes();
        var stream = new DuplexStream([22, 3, 3, 0, (byte)body.Length, .. body]);
        var server = new TlsServer(stream, OpenSslClientInteropTests.ServerOptions());

        var e = Assert.Throws<TlsAlertException>(() => server.ReceiveClientHello());

        Assert.Equal(expected, e.Description);
        Assert.Equal([21, 3, 3, 0, 2, 2, (byte)expected], stream.Written.ToArray());
    }

    [Fact]
    public void Peer_alert_is_received_as_exception()
    {
        var server = new TlsServer(new DuplexStream([21, 3, 3, 0, 2, 2, 40]),
            OpenSslClientInteropTests.ServerOptions());

        var e = Assert.Throws<TlsAlertException>(() => server.ReceiveClientHello());

        Assert.True(e.Received);
        Assert.Equal(AlertDescription.HandshakeFailure, e.Description);
        Assert.StartsWith("peer sent alert handshake_failure", e.Message);
    }

    [Fact]
    public void Gcm_seal_and_open_round_trip_and_detect_any_change()
    {
        var key = new byte[16];
        var salt = new byte[] { 1, 2, 3, 4 };
        using var writer = new RecordProtection(key, salt);
        var sealedRecord = writer.Seal(ContentType.ApplicationData, 0x0303, "hello"u8);
        var second = writer.Seal(ContentType.ApplicationData, 0x0303, "hello"u8);

        Assert.Equal(8 + 5 + 16, sealedRecord.Length);
        Assert.Equal(0UL, BitConverter.ToUInt64(sealedRecord.AsSpan(0, 8)));
        Assert.NotEqual(sealedRecord[8..], second[8..]);
        using (var reader = new RecordProtection(key, salt))
        {
            Assert.Equal("hello"u8.ToArray(), reader.Open(ContentType.ApplicationData, 0x0303,
                sealedRecord));
        }

        // Changing the type in the additional data, or any ciphertext bit, fails the tag.
        using (var reader = new RecordProtection(key, salt))
        {
            var e = Assert.Throws<TlsAlertException>(
                () => reader.Open(ContentType.Handshake, 0x0303, sealedRecord));
            Assert.Equal(AlertDescription.BadRecordMac, e.Description);
        }

        using (var reader = new RecordProtection(key, salt))
        {
            sealedRecord[10] ^= 0x80;
            Assert.Throws<TlsAlertException>(
                () => reader.Open(ContentType.ApplicationData, 0x0303, sealedRecord));
        }
    }

    [Fact]
    public void Additional_data_is_seq_type_version_length()
    {
        var aad = RecordProtection.AdditionalData(1, ContentType.ApplicationData, 0x0303, 18);

        // Matches the trace's second client record: 0000000000000001 17 0303 0012.
        Assert.Equal("00000000000000011703030012", Convert.ToHexStringLower(aad));
    }

    [Fact]
    public void Silent_peer_ends_in_timeout_not_hang()
    {
        using var loopback = new Loopback<bool>(stream =>
        {
            Thread.Sleep(5000);
            return true;
        });
        using var tcp = TlsTestPki.Connect(loopback.Port);
        var options = TlsTestPki.ClientOptions();
        var client = new TlsClient(tcp.GetStream(), new TlsClientOptions
        {
            CertificateVerifier = options.CertificateVerifier,
            ReadTimeout = TimeSpan.FromMilliseconds(300),
        });
        var clock = System.Diagnostics.Stopwatch.StartNew();

        client.SendClientHello();
        Assert.Throws<TimeoutException>(() => client.ReceiveServerFlight());

        // Well before the silent side gives up (5 s), even on a loaded machine.
        Assert.InRange(clock.ElapsedMilliseconds, 250, 4500);
    }
}
