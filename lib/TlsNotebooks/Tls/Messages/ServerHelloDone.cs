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
