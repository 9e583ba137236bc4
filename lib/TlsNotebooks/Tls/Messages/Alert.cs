using TlsNotebooks.Tls.Wire;

namespace TlsNotebooks.Tls.Messages;

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
