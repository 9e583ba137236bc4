using TlsNotebooks.Tls.Extensions;
using TlsNotebooks.Tls.Wire;

namespace TlsNotebooks.Tls.Messages;

/// <summary>
/// ServerHello (RFC 5246 §7.4.1.3): the server's choice.
/// <code>
/// struct {
///     ProtocolVersion server_version;
///     Random random;
///     SessionID session_id;
///     CipherSuite cipher_suite;
///     CompressionMethod compression_method;
///     Extension extensions&lt;0..2^16-1&gt;;               // optional
/// } ServerHello;
/// </code>
/// </summary>
public sealed class ServerHello : HandshakeMessage
{
    public override HandshakeType Type => HandshakeType.ServerHello;

    public ushort ServerVersion { get; init; } = 0x0303;

    public required byte[] Random { get; init; }

    public byte[] SessionId { get; init; } = [];

    public required ushort CipherSuite { get; init; }

    public byte CompressionMethod { get; init; }

    public IReadOnlyList<TlsExtension> Extensions { get; init; } = [];

    /// <summary>
    /// True to write an extensions block even when it is empty; parsing sets it from the
    /// bytes, so that a hello with an empty block writes back to the same bytes.
    /// </summary>
    public bool HasExtensionsBlock { get; init; }

    public T? Find<T>()
        where T : TlsExtension => Extensions.OfType<T>().FirstOrDefault();

    internal static ServerHello ReadBody(TlsReader reader)
    {
        var version = reader.ReadUInt16("server_version");
        var random = reader.ReadBytes(32, "random");
        var sessionId = reader.ReadVector8("session_id");
        if (sessionId.Length > 32)
        {
            throw new TlsAlertException(
                AlertDescription.DecodeError, "ServerHello: session_id is longer than 32 bytes");
        }

        var suite = reader.ReadUInt16("cipher_suite");
        var compression = reader.ReadUInt8("compression_method");
        var hasExtensions = !reader.IsAtEnd;
        var extensions = TlsExtension.ReadList(reader, "ServerHello");
        return new ServerHello
        {
            ServerVersion = version,
            Random = random,
            SessionId = sessionId,
            CipherSuite = suite,
            CompressionMethod = compression,
            Extensions = extensions,
            HasExtensionsBlock = hasExtensions,
        };
    }

    protected override void WriteBody(TlsWriter writer)
    {
        writer.WriteUInt16(ServerVersion, "server_version");
        writer.WriteBytes(Random, "random");
        writer.WriteVector8(SessionId, "session_id");
        writer.WriteUInt16(CipherSuite, "cipher_suite");
        writer.WriteUInt8(CompressionMethod, "compression_method");
        if (Extensions.Count > 0 || HasExtensionsBlock)
        {
            TlsExtension.WriteList(writer, Extensions);
        }
    }

    public override IEnumerable<(string Name, string Value)> Fields()
    {
        yield return ("server_version", Version(ServerVersion));
        yield return ("random", Hex(Random));
        yield return ("session_id", Hex(SessionId));
        yield return ("cipher_suite", Tls.CipherSuites.Name((CipherSuite)CipherSuite));
        yield return ("compression_method", CompressionMethod.ToString());
        foreach (var extension in Extensions)
        {
            yield return ("extension", extension.ToString()!);
        }
    }
}
