using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using TlsNotebooks.Tls;
using TlsNotebooks.Tls.Extensions;
using TlsNotebooks.Tls.Messages;

namespace TlsNotebooks.Tests.Tls;

/// <summary>
/// A scripted server flight, properly signed with the test server's key but wrong in one
/// way each, fed to our client: every case must end with the alert RFC 5246 prescribes.
/// The client's random is seeded, so the flight can be signed over the right randoms.
/// </summary>
public class EvilServerTests
{
    private const string Seed = "evil server test";
    private static readonly byte[] ServerRandom = Enumerable.Repeat((byte)0x5a, 32).ToArray();
    private static readonly BigInteger P = TlsNotebooks.DiffieHellman.DhGroups.Ffdhe2048.P;

    public static TheoryData<string, AlertDescription> Cases() => new()
    {
        { "Ys = 1", AlertDescription.IllegalParameter },
        { "Ys = p - 1", AlertDescription.IllegalParameter },
        { "g = 1", AlertDescription.IllegalParameter },
        { "p even", AlertDescription.IllegalParameter },
        { "p of 1024 bits", AlertDescription.InsufficientSecurity },
        { "bad signature", AlertDescription.DecryptError },
        { "signed with a scheme not offered", AlertDescription.IllegalParameter },
        { "suite not offered", AlertDescription.IllegalParameter },
        { "TLS 1.1", AlertDescription.ProtocolVersion },
        { "unsolicited extension", AlertDescription.UnsupportedExtension },
        { "ServerHelloDone before ServerKeyExchange", AlertDescription.UnexpectedMessage },
        { "X25519 low-order point", AlertDescription.IllegalParameter },
        { "empty Certificate", AlertDescription.BadCertificate },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Client_refuses_flight_with_right_alert(string fault, AlertDescription expected)
    {
        var clientRandom = TlsRandom.Seeded(Seed).GetBytes(32);
        var stream = new DuplexStream(Flight(fault, clientRandom));
        var client = new TlsClient(stream, TlsTestPki.ClientOptions(
            random: TlsRandom.Seeded(Seed),
            signatureAlgorithms:
                [SignatureScheme.RsaPssRsaeSha256, SignatureScheme.RsaPkcs1Sha256]));

        var e = Assert.Throws<TlsAlertException>(() => client.Connect());

        Assert.Equal(expected, e.Description);
        Assert.False(e.Received);
        if (fault == "X25519 low-order point")
        {
            Assert.Contains("small order", e.Message);
        }

        Assert.Equal(clientRandom, client.ClientRandom);
        var written = stream.Written.ToArray();
        Assert.Equal([21, 3, 3, 0, 2, 2, (byte)expected], written[^7..]);
    }

    private static byte[] Flight(string fault, byte[] clientRandom)
    {
        var ecdhe = fault == "X25519 low-order point";
        var suite = ecdhe
            ? CipherSuite.TlsEcdheRsaWithAes128GcmSha256
            : CipherSuite.TlsDheRsaWithAes128GcmSha256;
        var hello = new ServerHello
        {
            ServerVersion = fault == "TLS 1.1" ? (ushort)0x0302 : (ushort)0x0303,
            Random = ServerRandom,
            CipherSuite = fault == "suite not offered" ? (ushort)0x0033 : (ushort)suite,
            Extensions = fault == "unsolicited extension"
                ? [new UnknownExtension(0x0023, [])]
                : [new RenegotiationInfoExtension([])],
        };
        var certificate = fault == "empty Certificate"
            ? new Certificate { CertificateList = [] }
            : Certificate.From([TlsTestPki.Server.Certificate, TlsTestPki.Intermediate]);

        var p = fault switch
        {
            "p even" => P - 1,
            "p of 1024 bits" => BigInteger.Pow(2, 1023) + 1155,
            _ => P,
        };
        var g = fault == "g = 1" ? BigInteger.One : new BigInteger(2);
        var ys = fault switch
        {
            "Ys = 1" => BigInteger.One,
            "Ys = p - 1" => P - 1,
            _ => BigInteger.ModPow(2, 12345, P),
        };
        var scheme = fault == "signed with a scheme not offered"
            ? SignatureScheme.RsaPkcs1Sha512
            : SignatureScheme.RsaPkcs1Sha256;
        var unsigned = new ServerKeyExchange
        {
            KeyExchange = ecdhe ? KeyExchangeAlgorithm.EcdheRsa : KeyExchangeAlgorithm.DheRsa,
            DhP = Bytes(p),
            DhG = Bytes(g),
            DhYs = Bytes(ys),
            NamedCurve = NamedGroup.X25519,
            Point = new byte[32],
            SignatureAlgorithm = scheme,
            Signature = [],
        };
        using var key = TlsTestPki.Server.Certificate.GetRSAPrivateKey()!;
        var signature = key.SignData(unsigned.SignedData(clientRandom, ServerRandom),
            scheme == SignatureScheme.RsaPkcs1Sha512 ? HashAlgorithmName.SHA512
                : HashAlgorithmName.SHA256,
            RSASignaturePadding.Pkcs1);
        if (fault == "bad signature")
        {
            signature[^1] ^= 1;
        }

        var keyExchange = new ServerKeyExchange
        {
            KeyExchange = unsigned.KeyExchange,
            DhP = unsigned.DhP,
            DhG = unsigned.DhG,
            DhYs = unsigned.DhYs,
            NamedCurve = unsigned.NamedCurve,
            Point = unsigned.Point,
            SignatureAlgorithm = scheme,
            Signature = signature,
        };

        HandshakeMessage[] messages = fault == "ServerHelloDone before ServerKeyExchange"
            ? [hello, certificate, new ServerHelloDone()]
            : [hello, certificate, keyExchange, new ServerHelloDone()];
        return messages.SelectMany(Record).ToArray();
    }

    private static byte[] Record(HandshakeMessage message)
    {
        var body = message.ToBytes();
        return [22, 3, 3, (byte)(body.Length >> 8), (byte)body.Length, .. body];
    }

    private static byte[] Bytes(BigInteger value) =>
        value.ToByteArray(isUnsigned: true, isBigEndian: true);
}
