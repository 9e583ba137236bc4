using TlsNotebooks.Tls.Extensions;
using TlsNotebooks.Tls.Wire;

namespace TlsNotebooks.Tls.Messages;

/// <summary>
/// ClientHello (RFC 5246 §7.4.1.2): the client's offer.
/// <code>
/// struct {
///     ProtocolVersion client_version;
///     Random random;
///     SessionID session_id;                           // opaque &lt;0..32&gt;
///     CipherSuite cipher_suites&lt;2..2^16-2&gt;;
///     CompressionMethod compression_methods&lt;1..2^8-1&gt;;
///     Extension extensions&lt;0..2^16-1&gt;;               // optional
/// } ClientHello;
/// </code>
/// </summary>
public sealed class ClientHello : HandshakeMessage
{
    public override HandshakeType Type => HandshakeType.ClientHello;

    public ushort ClientVersion { get; init; } = 0x0303;

    /// <summary>32 bytes; RFC 5246 §7.4.1.2 uses them to make every handshake unique.</summary>
    public required byte[] Random { get; init; }

    public byte[] SessionId { get; init; } = [];

    public required IReadOnlyList<ushort> CipherSuites { get; init; }

    public byte[] CompressionMethods { get; init; } = [0];

    public IReadOnlyList<TlsExtension> Extensions { get; init; } = [];

    /// <summary>
    /// True to write an extensions block even when it is empty; parsing sets it from the
    /// bytes, so that a hello with an empty block writes back to the same bytes.
    /// </summary>
    public bool HasExtensionsBlock { get; init; }

    /// <summary>The first extension of the given type, or null.</summary>
    public T? Find<T>()
        where T : TlsExtension => Extensions.OfType<T>().FirstOrDefault();

    internal static ClientHello ReadBody(TlsReader reader)
    {
        var version = reader.ReadUInt16("client_version");
        var random = reader.ReadBytes(32, "random");
        var sessionId = reader.ReadVector8("session_id");
        if (sessionId.Length > 32)
        {
            throw new TlsAlertException(
                AlertDescription.DecodeError, "ClientHello: session_id is longer than 32 bytes");
        }

        var suitesReader = reader.Sub16("cipher_suites");
        if (suitesReader.Remaining < 2 || suitesReader.Remaining % 2 != 0)
        {
            throw new TlsAlertException(
                AlertDescription.DecodeError,
                "ClientHello: cipher_suites<2..2^16-2> must hold whole two-byte values");
        }

        var suites = new List<ushort>();
        while (!suitesReader.IsAtEnd)
        {
            suites.Add(suitesReader.ReadUInt16("CipherSuite"));
        }

        var compression = reader.ReadVector8("compression_methods", 1);
        var hasExtensions = !reader.IsAtEnd;
        var extensions = TlsExtension.ReadList(reader, "ClientHello");
        return new ClientHello
        {
            ClientVersion = version,
            Random = random,
            SessionId = sessionId,
            CipherSuites = suites,
            CompressionMethods = compression,
            Extensions = extensions,
            HasExtensionsBlock = hasExtensions,
        };
    }

    protected override void WriteBody(TlsWriter writer)
    {
        writer.WriteUInt16(ClientVersion, "client_version");
        writer.WriteBytes(Random, "random");
        writer.WriteVector8(SessionId, "session_id");
        using (writer.Block16("cipher_suites"))
        {
            foreach (var suite in CipherSuites)
            {
                writer.WriteUInt16(suite, Tls.CipherSuites.Name((CipherSuite)suite));
            }
        }

        writer.WriteVector8(CompressionMethods, "compression_methods");
        if (Extensions.Count > 0 || HasExtensionsBlock)
        {
            TlsExtension.WriteList(writer, Extensions);
        }
    }

    public override IEnumerable<(string Name, string Value)> Fields()
    {
        yield return ("client_version", Version(ClientVersion));
        yield return ("random", Hex(Random));
        yield return ("session_id", Hex(SessionId));
        yield return ("cipher_suites", string.Join(", ",
            CipherSuites.Select(s => Tls.CipherSuites.Name((CipherSuite)s))));
        yield return ("compression_methods", Hex(CompressionMethods));
        foreach (var extension in Extensions)
        {
            yield return ("extension", extension.ToString()!);
        }
    }
}
