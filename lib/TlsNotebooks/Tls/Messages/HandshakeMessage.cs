using System.Text;
using TlsNotebooks.Tls.Wire;

namespace TlsNotebooks.Tls.Messages;

/// <summary>
/// A handshake message (RFC 5246 §7.4):
/// <c>struct { HandshakeType msg_type; uint24 length; select (msg_type) { ... } body; }</c>.
/// Each message type writes its body; this class adds the four-byte header and dispatches
/// parsing. <see cref="ToBytes"/> of a parsed message gives back the bytes it was read from.
/// </summary>
public abstract class HandshakeMessage
{
    public abstract HandshakeType Type { get; }

    /// <summary>The whole message, header included, as sent on the wire.</summary>
    public byte[] ToBytes() => Write().ToArray();

    /// <summary>
    /// Writes the message and returns the writer, whose ranges name every field.
    /// </summary>
    public TlsWriter Write()
    {
        var writer = new TlsWriter();
        writer.WriteUInt8((byte)Type, "msg_type");
        using (writer.Block24("body"))
        {
            WriteBody(writer);
        }

        return writer;
    }

    protected abstract void WriteBody(TlsWriter writer);

    /// <summary>
    /// Parses one whole message (header and body). Two messages cannot be read without knowing
    /// the negotiated key exchange, so it is passed in (null before ServerHello).
    /// </summary>
    public static HandshakeMessage Parse(byte[] message, KeyExchangeAlgorithm? keyExchange)
    {
        var header = new TlsReader(message, "handshake message");
        var type = (HandshakeType)header.ReadUInt8("msg_type");
        var body = header.ReadVector24("body");
        header.ExpectEnd();

        var name = TlsNames.Snake(type);
        var reader = new TlsReader(body, name);
        HandshakeMessage parsed = type switch
        {
            HandshakeType.ClientHello => ClientHello.ReadBody(reader),
            HandshakeType.ServerHello => ServerHello.ReadBody(reader),
            HandshakeType.Certificate => Certificate.ReadBody(reader),
            HandshakeType.ServerKeyExchange => ServerKeyExchange.ReadBody(
                reader, RequireKeyExchange(keyExchange, name)),
            HandshakeType.CertificateRequest => CertificateRequest.ReadBody(reader),
            HandshakeType.ServerHelloDone => ServerHelloDone.ReadBody(reader),
            HandshakeType.ClientKeyExchange => ClientKeyExchange.ReadBody(
                reader, RequireKeyExchange(keyExchange, name)),
            HandshakeType.CertificateVerify => CertificateVerify.ReadBody(reader),
            HandshakeType.Finished => Finished.ReadBody(reader),
            _ => throw new TlsAlertException(
                AlertDescription.UnexpectedMessage,
                $"handshake type {(byte)type} is not one this library handles"),
        };
        reader.ExpectEnd();
        return parsed;
    }

    private static KeyExchangeAlgorithm RequireKeyExchange(KeyExchangeAlgorithm? kx, string name)
    {
        return kx ?? throw new TlsAlertException(
            AlertDescription.UnexpectedMessage,
            $"{name} arrived before ServerHello chose a key exchange");
    }

    /// <summary>The fields, one per line, for a notebook cell to show.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder();
        builder.Append(GetType().Name);
        foreach (var (name, value) in Fields())
        {
            builder.Append('\n').Append("  ").Append(name).Append(": ").Append(value);
        }

        return builder.ToString();
    }

    /// <summary>Each field's name and printed value, in wire order.</summary>
    public abstract IEnumerable<(string Name, string Value)> Fields();

    protected static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    protected static string Version(ushort version) => version switch
    {
        0x0301 => "TLS 1.0 (0x0301)",
        0x0302 => "TLS 1.1 (0x0302)",
        0x0303 => "TLS 1.2 (0x0303)",
        _ => TlsNames.Hex16(version),
    };
}
