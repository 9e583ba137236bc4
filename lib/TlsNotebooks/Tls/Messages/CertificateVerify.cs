using TlsNotebooks.Tls.Wire;

namespace TlsNotebooks.Tls.Messages;

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
