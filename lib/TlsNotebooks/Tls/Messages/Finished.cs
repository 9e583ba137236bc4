using TlsNotebooks.Tls.Wire;

namespace TlsNotebooks.Tls.Messages;

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
