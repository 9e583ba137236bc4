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
