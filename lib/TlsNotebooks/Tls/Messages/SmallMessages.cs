using TlsNotebooks.Tls.Wire;

namespace TlsNotebooks.Tls.Messages;

/// <summary>ServerHelloDone (RFC 5246 §7.4.5): <c>struct { } ServerHelloDone;</c> - the
/// server's first flight is over and it now waits for the client.</summary>
public sealed class ServerHelloDone : HandshakeMessage
{
    public override HandshakeType Type => HandshakeType.ServerHelloDone;

    // The empty body is checked by the caller's ExpectEnd().
    internal static ServerHelloDone ReadBody(TlsReader reader) => new();

    protected override void WriteBody(TlsWriter writer)
    {
    }

    public override IEnumerable<(string Name, string Value)> Fields() => [];
}

/// <summary>
/// Finished (RFC 5246 §7.4.9): <c>opaque verify_data[verify_data_length];</c>, 12 bytes for
/// every suite here: PRF(master_secret, finished_label, Hash(handshake_messages)).
/// </summary>
public sealed class Finished : HandshakeMessage
{
    public const int VerifyDataLength = 12;

    public override HandshakeType Type => HandshakeType.Finished;

    public required byte[] VerifyData { get; init; }

    internal static Finished ReadBody(TlsReader reader)
    {
        if (reader.Remaining != VerifyDataLength)
        {
            throw new TlsAlertException(
                AlertDescription.DecodeError,
                $"Finished: verify_data must be {VerifyDataLength} bytes, not {reader.Remaining}");
        }

        return new Finished { VerifyData = reader.ReadBytes(VerifyDataLength, "verify_data") };
    }

    protected override void WriteBody(TlsWriter writer) =>
        writer.WriteBytes(VerifyData, "verify_data");

    public override IEnumerable<(string Name, string Value)> Fields()
    {
        yield return ("verify_data", Hex(VerifyData));
    }
}

/// <summary>
/// CertificateVerify (RFC 5246 §7.4.8): the client signs every handshake message so far,
/// proving it holds the private key of the certificate it sent.
/// <code>
/// struct { digitally-signed struct { opaque handshake_messages[handshake_messages_length]; } }
/// // on the wire: SignatureAndHashAlgorithm algorithm; opaque signature&lt;0..2^16-1&gt;;
/// </code>
/// </summary>
public sealed class CertificateVerify : HandshakeMessage
{
    public override HandshakeType Type => HandshakeType.CertificateVerify;

    public required SignatureScheme Algorithm { get; init; }

    public required byte[] Signature { get; init; }

    internal static CertificateVerify ReadBody(TlsReader reader) => new()
    {
        Algorithm = (SignatureScheme)reader.ReadUInt16("algorithm"),
        Signature = reader.ReadVector16("signature"),
    };

    protected override void WriteBody(TlsWriter writer)
    {
        writer.WriteUInt16((ushort)Algorithm, "algorithm");
        writer.WriteVector16(Signature, "signature");
    }

    public override IEnumerable<(string Name, string Value)> Fields()
    {
        yield return ("algorithm", TlsNames.Snake(Algorithm));
        yield return ("signature", Hex(Signature));
    }
}

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
