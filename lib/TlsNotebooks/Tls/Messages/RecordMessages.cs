using TlsNotebooks.Tls.Wire;

namespace TlsNotebooks.Tls.Messages;

/// <summary>
/// ChangeCipherSpec (RFC 5246 §7.1): <c>struct { enum { change_cipher_spec(1), (255) } type;
/// }</c>.
/// Its own content type, not a handshake message: the records after it are protected.
/// </summary>
public sealed class ChangeCipherSpec
{
    public static byte[] Bytes => [1];

    public static void Check(byte[] fragment)
    {
        if (fragment.Length != 1 || fragment[0] != 1)
        {
            throw new TlsAlertException(
                AlertDescription.DecodeError,
                "ChangeCipherSpec: the record must hold exactly one byte of value 1");
        }
    }

    public static IReadOnlyList<ByteRange> Ranges => [new ByteRange("type", 0, 1, 0)];

    public override string ToString() => "ChangeCipherSpec\n  type: change_cipher_spec (1)";
}

/// <summary>Alert (RFC 5246 §7.2): <c>struct { AlertLevel level; AlertDescription
/// description; } Alert;</c></summary>
public sealed record Alert(AlertLevel Level, AlertDescription Description)
{
    public static Alert Parse(byte[] fragment)
    {
        var reader = new TlsReader(fragment, "Alert");
        var level = (AlertLevel)reader.ReadUInt8("level");
        var description = (AlertDescription)reader.ReadUInt8("description");
        reader.ExpectEnd();
        return new Alert(level, description);
    }

    public TlsWriter Write()
    {
        var writer = new TlsWriter();
        writer.WriteUInt8((byte)Level, "level");
        writer.WriteUInt8((byte)Description, "description");
        return writer;
    }

    public byte[] ToBytes() => Write().ToArray();

    public override string ToString() =>
        $"Alert\n  level: {TlsNames.Snake(Level)}\n  description: {TlsNames.Alert(Description)}";
}
