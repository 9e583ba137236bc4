namespace TlsNotebooks.Relay;

/// <summary>Which way bytes went through the relay.</summary>
public enum RelayDirection
{
    /// <summary>From the side that connected to the relay towards the server.</summary>
    ClientToServer,

    /// <summary>From the server back to the client.</summary>
    ServerToClient,
}

/// <summary>
/// One read from one side of the relay, as it arrived, and what the relay passed on.
/// </summary>
/// <param name="Connection">The relayed connection's number, from 1.</param>
/// <param name="Sequence">The chunk's place among all chunks of the relay, from 0.</param>
/// <param name="At">When the relay read it, from the relay's start.</param>
/// <param name="Direction">Which way it went.</param>
/// <param name="StreamOffset">How many bytes this direction carried before it.</param>
/// <param name="Bytes">What the sender sent: what a passive eavesdropper sees.</param>
/// <param name="Forwarded">What the relay passed on; equal to <paramref name="Bytes"/> unless
/// an editor changed it.</param>
public sealed record RelayChunk(
    int Connection,
    long Sequence,
    TimeSpan At,
    RelayDirection Direction,
    long StreamOffset,
    byte[] Bytes,
    byte[] Forwarded)
{
    /// <summary>True when an in-flight editor changed the bytes.</summary>
    public bool Modified => !ReferenceEquals(Bytes, Forwarded)
        && !Bytes.AsSpan().SequenceEqual(Forwarded);

    public override string ToString() =>
        $"{At.TotalMilliseconds,9:F3} ms  #{Connection} {Arrow(Direction)} {Bytes.Length,6} bytes"
        + (Modified ? $"  (edited: {Forwarded.Length} bytes passed on)" : string.Empty);

    internal static string Arrow(RelayDirection direction) =>
        direction == RelayDirection.ClientToServer ? "client -> server" : "client <- server";
}

/// <summary>What happened to a relayed connection besides bytes.</summary>
public enum RelayEventKind
{
    /// <summary>Both TCP connections are up.</summary>
    Connected,

    /// <summary>The server did not accept the relay's connection.</summary>
    ConnectFailed,

    /// <summary>A side closed its sending half (TCP FIN); passed on as a FIN.</summary>
    HalfClosed,

    /// <summary>A side reset the connection (TCP RST); the other side is reset too.</summary>
    Reset,

    /// <summary>Nothing moved for the idle timeout; both sides were closed.</summary>
    TimedOut,

    /// <summary>The relay was stopped while the connection was open.</summary>
    Stopped,

    /// <summary>Both directions are finished and both sockets closed.</summary>
    Closed,
}

/// <summary>One event of a relayed connection.</summary>
/// <param name="Connection">The relayed connection's number, from 1.</param>
/// <param name="At">When it happened, from the relay's start.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Direction">The direction it concerns; null when it concerns both.</param>
/// <param name="Detail">Who did what, in a sentence.</param>
public sealed record RelayEvent(
    int Connection,
    TimeSpan At,
    RelayEventKind Kind,
    RelayDirection? Direction,
    string Detail)
{
    public override string ToString() =>
        $"{At.TotalMilliseconds,9:F3} ms  #{Connection} {Kind}"
        + (Direction is { } d ? $" ({RelayChunk.Arrow(d)})" : string.Empty)
        + (Detail.Length > 0 ? $": {Detail}" : string.Empty);
}
