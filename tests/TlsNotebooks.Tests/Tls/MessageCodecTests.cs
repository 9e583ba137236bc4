using TlsNotebooks.Tls;
using TlsNotebooks.Tls.Extensions;
using TlsNotebooks.Tls.Messages;
using TlsNotebooks.Tls.Wire;

namespace TlsNotebooks.Tests.Tls;

/// <summary>Round trip, prefix and trailing-byte tests for every handshake message type.</summary>
public class MessageCodecTests
{
    public static TheoryData<string> MessageNames() => new(Samples().Keys);

    internal static Dictionary<string, (HandshakeMessage Message, KeyExchangeAlgorithm? Kx)>
        Samples()
    {
        var random = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        return new()
        {
            ["ClientHello"] = (new ClientHello
            {
                Random = random,
                SessionId = [1, 2, 3],
                CipherSuites = [0x009e, 0xc02f, 0x00ff],
                Extensions =
                [
                    new ServerNameExtension("example.com"),
                    new SupportedGroupsExtension([NamedGroup.X25519, NamedGroup.Ffdhe2048]),
                    new SignatureAlgorithmsExtension([SignatureScheme.RsaPssRsaeSha256]),
                    new ExtendedMasterSecretExtension(),
                    new RenegotiationInfoExtension([]),
                    new UnknownExtension(0x1234, [9, 8, 7]),
                ],
            }, null),
            ["ServerHello"] = (new ServerHello
            {
                Random = random,
                CipherSuite = 0x009e,
                Extensions = [new ExtendedMasterSecretExtension(), new ServerNameExtension(null)],
            }, null),
            ["Certificate"] = (Certificate.From([TlsTestPki.Server.Certificate,
                TlsTestPki.Intermediate]), null),
            ["ServerKeyExchange DHE"] = (new ServerKeyExchange
            {
                KeyExchange = KeyExchangeAlgorithm.DheRsa,
                DhP = [0xff, 0xfb],
                DhG = [2],
                DhYs = [0x12, 0x34],
                SignatureAlgorithm = SignatureScheme.RsaPkcs1Sha256,
                Signature = [5, 6, 7],
            }, KeyExchangeAlgorithm.DheRsa),
            ["ServerKeyExchange ECDHE"] = (new ServerKeyExchange
            {
                KeyExchange = KeyExchangeAlgorithm.EcdheRsa,
                NamedCurve = NamedGroup.X25519,
                Point = random,
                SignatureAlgorithm = SignatureScheme.RsaPssRsaeSha256,
                Signature = [5, 6, 7],
            }, KeyExchangeAlgorithm.EcdheRsa),
            ["CertificateRequest"] = (new CertificateRequest
            {
                SupportedSignatureAlgorithms = [SignatureScheme.RsaPkcs1Sha256],
                CertificateAuthorities = [TlsTestPki.Root.SubjectName.RawData],
            }, null),
            ["ServerHelloDone"] = (new ServerHelloDone(), null),
            ["ClientKeyExchange RSA"] = (new ClientKeyExchange
            {
                KeyExchange = KeyExchangeAlgorithm.Rsa,
                ExchangeKeys = [1, 2, 3, 4],
            }, KeyExchangeAlgorithm.Rsa),
            ["ClientKeyExchange DHE"] = (new ClientKeyExchange
            {
                KeyExchange = KeyExchangeAlgorithm.DheRsa,
                ExchangeKeys = [1, 2, 3, 4],
            }, KeyExchangeAlgorithm.DheRsa),
            ["ClientKeyExchange ECDHE"] = (new ClientKeyExchange
            {
                KeyExchange = KeyExchangeAlgorithm.EcdheRsa,
                ExchangeKeys = random,
            }, KeyExchangeAlgorithm.EcdheRsa),
            ["CertificateVerify"] = (new CertificateVerify
            {
                Algorithm = SignatureScheme.RsaPssRsaeSha256,
                Signature = [1, 2],
            }, null),
            ["Finished"] = (new Finished { VerifyData = random[..12] }, null),
        };
    }

    [Theory]
    [MemberData(nameof(MessageNames))]
    public void Message_round_trips_byte_for_byte(string name)
    {
        var (message, kx) = Samples()[name];
        var bytes = message.ToBytes();

        var parsed = HandshakeMessage.Parse(bytes, kx);

        Assert.Equal(message.GetType(), parsed.GetType());
        Assert.Equal(bytes, parsed.ToBytes());
        Assert.Equal(message.ToString(), parsed.ToString());
        Assert.Equal((byte)message.Type, bytes[0]);
        Assert.Equal(bytes.Length - 4, (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]);
    }

    [Theory]
    [MemberData(nameof(MessageNames))]
    public void Every_truncated_body_is_decode_error(string name)
    {
        var (message, kx) = Samples()[name];
        var bytes = message.ToBytes();
        var hasOptionalTail = message is ClientHello or ServerHello;

        for (var length = 0; length < bytes.Length - 4; length++)
        {
            // Keep the header's length honest, so that the body itself is what is short.
            byte[] truncated = [bytes[0], (byte)(length >> 16), (byte)(length >> 8), (byte)length,
                .. bytes[4..(4 + length)]];
            if (hasOptionalTail && IsBeforeExtensions(message, length))
            {
                continue;
            }

            var e = Assert.Throws<TlsAlertException>(() => HandshakeMessage.Parse(truncated, kx));
            Assert.Equal(AlertDescription.DecodeError, e.Description);
        }
    }

    [Theory]
    [MemberData(nameof(MessageNames))]
    public void A_trailing_byte_is_decode_error(string name)
    {
        var (message, kx) = Samples()[name];
        var bytes = message.ToBytes();
        var length = bytes.Length - 4 + 1;
        byte[] longer = [bytes[0], (byte)(length >> 16), (byte)(length >> 8), (byte)length,
            .. bytes[4..], 0];

        var e = Assert.Throws<TlsAlertException>(() => HandshakeMessage.Parse(longer, kx));

        Assert.Equal(AlertDescription.DecodeError, e.Description);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Hello_with_empty_or_absent_extensions_block_round_trips(bool block)
    {
        var hello = new ClientHello
        {
            Random = new byte[32],
            CipherSuites = [0x009e],
            HasExtensionsBlock = block,
        };
        var bytes = hello.ToBytes();

        var parsed = (ClientHello)HandshakeMessage.Parse(bytes, null);

        Assert.Equal(block, parsed.HasExtensionsBlock);
        Assert.Equal(bytes, parsed.ToBytes());
        Assert.Equal(block ? 2 : 0, bytes.Length - (4 + 2 + 32 + 1 + 4 + 2));
    }

    [Fact]
    public void Header_length_beyond_the_bytes_is_decode_error()
    {
        var bytes = new Finished { VerifyData = new byte[12] }.ToBytes();
        bytes[3] = 13;

        var e = Assert.Throws<TlsAlertException>(() => HandshakeMessage.Parse(bytes, null));

        Assert.Equal(AlertDescription.DecodeError, e.Description);
        Assert.Contains("needs 13 byte(s) but only 12 remain", e.Message);
    }

    [Fact]
    public void Unknown_extension_is_carried_and_duplicate_is_refused()
    {
        var hello = (ClientHello)Samples()["ClientHello"].Message;
        var parsed = (ClientHello)HandshakeMessage.Parse(hello.ToBytes(), null);
        var unknown = parsed.Extensions.OfType<UnknownExtension>().Single();
        Assert.Equal(0x1234, (ushort)unknown.Type);
        Assert.Equal([9, 8, 7], unknown.Data);

        var twice = new ClientHello
        {
            Random = hello.Random,
            CipherSuites = hello.CipherSuites,
            Extensions =
                [new ExtendedMasterSecretExtension(), new ExtendedMasterSecretExtension()],
        };
        var e = Assert.Throws<TlsAlertException>(
            () => HandshakeMessage.Parse(twice.ToBytes(), null));
        Assert.Contains("appears twice", e.Message);
    }

    [Fact]
    public void Server_key_exchange_needs_the_negotiated_key_exchange()
    {
        var ske = Samples()["ServerKeyExchange DHE"].Message.ToBytes();

        var early = Assert.Throws<TlsAlertException>(() => HandshakeMessage.Parse(ske, null));
        var rsa = Assert.Throws<TlsAlertException>(
            () => HandshakeMessage.Parse(ske, KeyExchangeAlgorithm.Rsa));

        Assert.Equal(AlertDescription.UnexpectedMessage, early.Description);
        Assert.Equal(AlertDescription.UnexpectedMessage, rsa.Description);
    }

    [Fact]
    public void Writer_names_fields_with_their_byte_ranges()
    {
        var writer = Samples()["ServerKeyExchange DHE"].Message.Write();

        var p = writer.Ranges.Single(r => r.Name == "dh_p");
        var signature = writer.Ranges.Single(r => r.Name == "signature");

        Assert.Equal(new ByteRange("dh_p", 4, 4, 2), p);
        Assert.Equal(writer.Length, signature.Offset + signature.Length);
        Assert.Contains("dh_g [8..11) (3 bytes)", string.Join("\n", writer.Ranges));
    }

    [Fact]
    public void Reader_refuses_reads_past_a_sub_vector()
    {
        var reader = new TlsReader([0, 2, 0xaa, 0xbb, 0xcc], "test");
        var inner = reader.Sub16("inner");

        inner.ReadUInt16("two bytes");
        var e = Assert.Throws<TlsAlertException>(() => inner.ReadUInt8("one more"));

        Assert.Equal(AlertDescription.DecodeError, e.Description);
        Assert.Equal(1, reader.Remaining);
    }

    [Fact]
    public void Alert_and_change_cipher_spec_parse_strictly()
    {
        var alert = new Alert(AlertLevel.Fatal, AlertDescription.BadRecordMac);

        Assert.Equal(alert, Alert.Parse(alert.ToBytes()));
        Assert.Equal([2, 20], alert.ToBytes());
        Assert.Throws<TlsAlertException>(() => Alert.Parse([2]));
        Assert.Throws<TlsAlertException>(() => ChangeCipherSpec.Check([1, 1]));
        Assert.Throws<TlsAlertException>(() => ChangeCipherSpec.Check([2]));
        Assert.Contains("bad_record_mac", alert.ToString());
    }

    /// <summary>A hello may stop right before its extensions (RFC 5246 §7.4.1.2).</summary>
    private static bool IsBeforeExtensions(HandshakeMessage message, int length)
    {
        var extensions = message.Write().Ranges.FirstOrDefault(r => r.Name == "extensions");
        return extensions is not null && length == extensions.Offset - 4;
    }
}
