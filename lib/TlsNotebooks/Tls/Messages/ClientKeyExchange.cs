using TlsNotebooks.Tls.Wire;

namespace TlsNotebooks.Tls.Messages;

/// <summary>
/// ClientKeyExchange (RFC 5246 §7.4.7; RFC 8422 §5.7): what the client contributes to the
/// premaster secret.
/// <code>
/// RSA:   opaque EncryptedPreMasterSecret&lt;0..2^16-1&gt;;  // RSA-encrypted, TLS 1.x prefix
/// DHE:   opaque dh_Yc&lt;1..2^16-1&gt;;                     // g^a mod p
/// ECDHE: opaque point&lt;1..2^8-1&gt;;                      // the client's X25519 public key
/// </code>
/// </summary>
public sealed class ClientKeyExchange : HandshakeMessage
{
    public override HandshakeType Type => HandshakeType.ClientKeyExchange;

    public required KeyExchangeAlgorithm KeyExchange { get; init; }

    /// <summary>The encrypted premaster secret, dh_Yc or the ECDH point.</summary>
    public required byte[] ExchangeKeys { get; init; }

    internal static ClientKeyExchange ReadBody(TlsReader reader, KeyExchangeAlgorithm kx)
    {
        var keys = kx switch
        {
            KeyExchangeAlgorithm.Rsa => reader.ReadVector16("EncryptedPreMasterSecret"),
            KeyExchangeAlgorithm.DheRsa => reader.ReadVector16("dh_Yc", 1),
            _ => reader.ReadVector8("point", 1),
        };
        return new ClientKeyExchange { KeyExchange = kx, ExchangeKeys = keys };
    }

    protected override void WriteBody(TlsWriter writer)
    {
        switch (KeyExchange)
        {
            case KeyExchangeAlgorithm.Rsa:
                writer.WriteVector16(ExchangeKeys, "EncryptedPreMasterSecret");
                break;
            case KeyExchangeAlgorithm.DheRsa:
                writer.WriteVector16(ExchangeKeys, "dh_Yc");
                break;
            default:
                writer.WriteVector8(ExchangeKeys, "point");
                break;
        }
    }

    public override IEnumerable<(string Name, string Value)> Fields()
    {
        var name = KeyExchange switch
        {
            KeyExchangeAlgorithm.Rsa => "EncryptedPreMasterSecret",
            KeyExchangeAlgorithm.DheRsa => "dh_Yc",
            _ => "point",
        };
        yield return (name, Hex(ExchangeKeys));
    }
}
