using TlsNotebooks.Presentation;
using TlsNotebooks.Tls;

namespace TlsNotebooks.Organisation;

/// <summary>
/// One call from a caller to a service over mutual TLS, seen from both ends: whether the
/// service answered, and if not, the alert, who sent it and the rule that was broken.
/// </summary>
public sealed class CallResult : IFieldTable
{
    internal CallResult(
        string caller,
        string service,
        ClientAuthentication clientAuthentication,
        string? reply,
        TlsAlertException? clientError,
        ServerOutcome server,
        TlsTranscript clientTranscript,
        TimeSpan handshakeTime)
    {
        Caller = caller;
        Service = service;
        ClientAuthentication = clientAuthentication;
        Reply = reply;
        ClientError = clientError;
        Server = server;
        ClientTranscript = clientTranscript;
        HandshakeTime = handshakeTime;
    }

    /// <summary>Who called, as labelled: "billing", "billing (expired)", "no certificate".
    /// </summary>
    public string Caller { get; }

    public string Service { get; }

    public ClientAuthentication ClientAuthentication { get; }

    /// <summary>The service's answer; null when the call was refused.</summary>
    public string? Reply { get; }

    /// <summary>What the calling side saw go wrong, if anything.</summary>
    public TlsAlertException? ClientError { get; }

    /// <summary>What the service saw.</summary>
    public ServerOutcome Server { get; }

    public TlsTranscript ClientTranscript { get; }

    /// <summary>The time the client's handshake steps took, summed.</summary>
    public TimeSpan HandshakeTime { get; }

    public bool Accepted => Reply is not null && Server.Accepted;

    /// <summary>The alert that ended the connection; null when the call succeeded.</summary>
    public AlertDescription? Alert => Server.Alert ?? ClientError?.Description;

    /// <summary>"server" when the service refused, "client" when the caller gave up.</summary>
    public string? AlertSentBy => Alert is null
        ? null
        : Server.Alert is not null && !Server.AlertReceived
            ? "server"
            : "client";

    /// <summary>The broken rule in the words of the side that refused.</summary>
    public string Reason => Accepted
        ? Reply!
        : AlertSentBy == "server"
            ? Server.Reason
            : ClientError?.Reason ?? Server.Reason;

    /// <summary>
    /// The handshake's bytes on the wire, both directions: every handshake and
    /// ChangeCipherSpec record, headers included (alerts and application data left out).
    /// </summary>
    public int HandshakeBytes => ClientTranscript.Records
        .Where(r => r.ContentType is ContentType.Handshake or ContentType.ChangeCipherSpec)
        .Sum(r => r.Bytes.Length);

    /// <summary>
    /// The messages in order, "&gt;" sent by the caller, "&lt;" received from the service.
    /// </summary>
    public IReadOnlyList<string> Messages => ClientTranscript.Messages
        .Select(m => (m.Direction == Direction.Sent ? "> " : "< ") + m.Name)
        .ToList();

    public string TableTitle => $"{Caller} -> {Service}";

    public IReadOnlyList<Field> GetFields() =>
    [
        new("caller", Caller),
        new("service", Service, $"client certificate {ClientAuthentication}"),
        new("outcome", Accepted ? "accepted" : "refused"),
        new("alert", Alert is { } a ? $"{TlsNames.Alert(a)} ({(byte)a})" : "-",
            AlertSentBy is null ? null : $"sent by the {AlertSentBy}"),
        new("reason", Reason),
        new("handshake bytes", HandshakeBytes.ToString(),
            "handshake and ChangeCipherSpec records, both directions"),
    ];

    public override string ToString() => Accepted
        ? $"{Caller} -> {Service}: accepted, reply \"{Reply}\""
        : $"{Caller} -> {Service}: refused by the {AlertSentBy ?? "transport"} with "
          + $"{(Alert is { } a ? TlsNames.Alert(a) : "no alert")}: {Reason}";
}
