using TlsNotebooks.Tls;
using TlsNotebooks.Tls.Extensions;
using TlsNotebooks.Tls.Messages;

namespace TlsNotebooks.Tests.Tls;

/// <summary>
/// Which suite our server picks from a ClientHello: its own order of preference, limited by
/// the groups the client supports (RFC 8422 §5.1 for ECDHE, RFC 7919 §4 for DHE).
/// </summary>
public class SuiteSelectionTests
{
    private const CipherSuite Dhe = CipherSuite.TlsDheRsaWithAes128GcmSha256;
    private const CipherSuite Ecdhe = CipherSuite.TlsEcdheRsaWithAes128GcmSha256;
    private const CipherSuite Rsa = CipherSuite.TlsRsaWithAes128GcmSha256;

    [Theory]
    [InlineData(null, Dhe)]
    [InlineData(new[] { NamedGroup.Ffdhe2048 }, Dhe)]
    [InlineData(new[] { NamedGroup.X25519 }, Dhe)]
    [InlineData(new[] { NamedGroup.Ffdhe3072, NamedGroup.X25519 }, Ecdhe)]
    [InlineData(new[] { NamedGroup.Ffdhe3072 }, Rsa)]
    [InlineData(new[] { NamedGroup.Secp256r1, (NamedGroup)300 }, Rsa)]
    public void Server_prefers_dhe_unless_the_clients_groups_rule_it_out(
        NamedGroup[]? groups, CipherSuite expected)
    {
        var server = ServerReading(Hello(groups, Dhe, Ecdhe, Rsa));

        server.ReceiveClientHello();

        Assert.Equal(expected, server.NegotiatedCipherSuite);
    }

    [Theory]
    [InlineData(NamedGroup.Ffdhe3072, Dhe)]
    [InlineData(NamedGroup.Secp256r1, Ecdhe)]
    public void No_suite_with_a_shared_group_is_handshake_failure(NamedGroup group,
        CipherSuite only)
    {
        var stream = new DuplexStream(Hello([group], only));
        var server = new TlsServer(stream, OpenSslClientInteropTests.ServerOptions());

        var e = Assert.Throws<TlsAlertException>(() => server.ReceiveClientHello());

        Assert.Equal(AlertDescription.HandshakeFailure, e.Description);
        Assert.Equal([21, 3, 3, 0, 2, 2, 40], stream.Written.ToArray());
    }

    private static TlsServer ServerReading(byte[] record) =>
        new(new DuplexStream(record), OpenSslClientInteropTests.ServerOptions());

    private static byte[] Hello(NamedGroup[]? groups, params CipherSuite[] suites)
    {
        var extensions = new List<TlsExtension>
        {
            new SignatureAlgorithmsExtension([SignatureScheme.RsaPkcs1Sha256]),
        };
        if (groups is not null)
        {
            extensions.Add(new SupportedGroupsExtension(groups));
        }

        var body = new ClientHello
        {
            Random = new byte[32],
            CipherSuites = suites.Select(s => (ushort)s).ToList(),
            Extensions = extensions,
        }.ToBytes();
        return [22, 3, 3, (byte)(body.Length >> 8), (byte)body.Length, .. body];
    }
}
